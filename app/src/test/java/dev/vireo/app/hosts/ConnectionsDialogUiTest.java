package dev.vireo.app.hosts;

import static dev.vireo.app.testing.FxTesting.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.AppContext;
import dev.vireo.app.XdgDirs;
import dev.vireo.app.testing.FxWatchdog;
import dev.vireo.app.vmlist.ManagerWindow;
import dev.vireo.bridge.ConnectionState;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestBed;
import dev.vireo.bridge.testing.TestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import javafx.scene.control.Button;
import javafx.scene.control.Dialog;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The connections dialog against the live test bed: a remote host over SSH is added by typing
 * its fields, its unknown host key is shown with the right fingerprint and trusted, and its VMs
 * appear in the manager, with the FX-thread watchdog armed throughout.
 */
@ExtendWith(ApplicationExtension.class)
class ConnectionsDialogUiTest {

    @TempDir
    static Path home;

    private AppContext context;
    private ManagerWindow window;
    private Stage stage;
    private Path config;
    private FxWatchdog watchdog;
    private String guest;

    @Start
    void start(Stage primary) throws Exception {
        stage = new Stage();
        Path dir = Files.createTempDirectory(home, "xdg");
        config = dir.resolve("config");
        context = new AppContext(new XdgDirs(config, dir.resolve("state"), dir.resolve("cache")));
        window = new ManagerWindow(stage, context);
        window.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (watchdog != null) {
            watchdog.close();
        }
        onFx(() -> {
            List.copyOf(javafx.stage.Window.getWindows()).forEach(w -> {
                if (w instanceof Stage s && s != stage) {
                    s.close();
                }
            });
            stage.hide();
            return null;
        });
        context.close();
        if (guest != null) {
            TestBed.removeGuest(guest);
        }
    }

    @Test
    void aRemoteHostIsAddedItsHostKeyTrustedAndItsVmsShown(FxRobot robot) throws Exception {
        TestBed bed = TestBed.require();
        guest = "vireo-it-dialog-" + ProcessHandle.current().pid();
        bed.defineGuest(guest, null);
        Path knownHosts = home.resolve("known_hosts-" + System.nanoTime());
        warmUp(robot);
        watchdog = new FxWatchdog(100);

        onFx(() -> {
            window.connectionsDialog().showAdding();
            return null;
        });
        // the test bed's libvirtd answers on this machine, and no saved connection names it: offered
        Eventually.until("Add Local System offered", () -> onFx(() -> robot.lookup("#add-local-system").queryAs(Button.class)
                .getParent().isVisible()));
        robot.clickOn("#conn-host").write(bed.sshHost());
        TextField port = robot.lookup("#conn-port").queryAs(TextField.class);
        onFx(() -> {
            port.clear();
            return null;
        });
        robot.clickOn("#conn-port").write(String.valueOf(bed.sshPort()));
        robot.clickOn("#conn-key").write(bed.clientKey().toString());
        robot.clickOn("#conn-known-hosts").write(knownHosts.toString());
        robot.clickOn("#conn-autoconnect");
        String expected = "qemu+libssh://root@" + bed.sshHost() + ":" + bed.sshPort() + "/system?keyfile="
                + bed.clientKey() + "&known_hosts=" + knownHosts;
        assertThat(onFx(() -> robot.lookup("#conn-uri-preview").queryAs(TextField.class).getText())).isEqualTo(expected);

        robot.clickOn("#conn-save-connect");

        Eventually.until("the host key question", Duration.ofSeconds(30),
                () -> !robot.lookup("#hostkey-dialog").queryAll().isEmpty(), () -> "");
        String shown = onFx(() -> robot.lookup("#hostkey-fingerprint").queryAs(TextField.class).getText());
        assertThat(shown).isEqualTo(fingerprint(bed.hostPublicKey()));
        robot.clickOn("Trust and Connect");

        String name = "root@" + bed.sshHost() + ":" + bed.sshPort();
        Eventually.until(guest + " listed under " + name, Duration.ofSeconds(30), () -> onFx(() -> window.connectionNames()
                .contains(name) && window.vmNames(name).contains(guest)), () -> onFx(() -> window.connectionNames().toString()));
        assertThat(onFx(() -> window.connectionState(name))).isEqualTo(ConnectionState.CONNECTED);
        assertThat(Files.readString(knownHosts)).contains(bed.hostPublicKey().split(" ")[1]);
        String saved = Files.readString(config.resolve("connections.json"));
        assertThat(saved).contains("\"name\" : \"" + name + "\"").contains("\"autoconnect\" : true");

        // the saved connection, opened again in the dialog, can be disconnected from there
        onFx(() -> {
            window.connectionsDialog().show();
            return null;
        });
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<dev.vireo.app.connections.SavedConnections.Saved> savedList =
                robot.lookup("#saved-list").queryAs(javafx.scene.control.ListView.class);
        onFx(() -> {
            savedList.getSelectionModel().select(savedList.getItems().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow());
            return null;
        });
        Eventually.until("Disconnect offered", () -> onFx(() -> robot.lookup("#conn-disconnect").queryAs(Button.class).isVisible()),
                () -> onFx(() -> context.connections().entries().stream().map(e -> e.connection().id()).toList() + " vs "
                        + robot.lookup("#conn-uri-preview").queryAs(TextField.class).getText() + " selected "
                        + savedList.getSelectionModel().getSelectedItem()));
        robot.clickOn("#conn-disconnect");
        Eventually.until(name + " gone from the table", () -> onFx(() -> !window.connectionNames().contains(name)));
        assertThat(watchdog.stalls()).as("FX thread stalls over 100 ms").isEmpty();
    }

    /**
     * The first dialog of each kind in a JVM, and the table's first rows, cost JavaFX its one-time
     * skin and CSS set-up: done before the watchdog is armed (a test host fills the table once).
     */
    private void warmUp(FxRobot robot) {
        onFx(() -> {
            window.connect(TestHosts.uri("states.xml"));
            return null;
        });
        Eventually.until("the test host listed", () -> onFx(() -> window.connectionNames().size() == 1
                && window.vmNames(window.connectionNames().get(0)).size() == 7));
        robot.sleep(300);
        onFx(() -> {
            window.connectionsDialog().show();
            window.connectionsDialog().stage().close();
            for (Dialog<?> d : List.<Dialog<?>>of(new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.WARNING),
                    new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.ERROR))) {
                d.initOwner(stage);
                d.show();
                d.close();
            }
            return null;
        });
        robot.sleep(300);
    }

    private static String fingerprint(String publicKeyLine) throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(publicKeyLine.split(" ")[1]));
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
    }
}
