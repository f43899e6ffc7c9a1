package dev.vireo.app;

import dev.vireo.app.common.FxDialogService;
import dev.vireo.app.console.ConsoleWindow;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.spice.VvFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * {@code vireo console NAME} and {@code vireo viewer FILE.vv}: a console window on its own, without
 * the manager. The application ends when it is closed; what cannot be opened is said in a dialog.
 */
final class StandaloneConsole {

    private StandaloneConsole() {
    }

    static void open(Stage primary, Startup startup, String vmName) {
        theme(startup);
        FxDialogService dialogs = new FxDialogService(primary);
        Startup.Pending pending = startup.connections().get(0);
        if (pending.refused() != null) {
            fail(dialogs, pending.refused());
            return;
        }
        pending.opened().thenApply(ok -> {
            HostConnection c = startup.context().connections().entries().get(0).connection();
            VirtualMachine vm = c.domains().snapshot().stream().filter(v -> v.name().equals(vmName)).findFirst()
                    .or(() -> c.domains().snapshot().stream().filter(v -> v.uuid().equalsIgnoreCase(vmName)).findFirst())
                    .orElseThrow(() -> new VirtException("No virtual machine named “" + vmName + "” on "
                            + c.uri().displayName() + ".", vmName));
            return new Object[] {c, vm};
        }).whenComplete((found, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                fail(dialogs, VirtException.wrap("Could not open the console", failure));
                return;
            }
            VirtualMachine vm = (VirtualMachine) found[1];
            ConsoleWindow w = new ConsoleWindow(vm.name(), new dev.vireo.app.console.ConsolePane((HostConnection) found[0], vm,
                    dialogs, startup.context()::tunnels), StandaloneConsole::style);
            w.show();
        }));
    }

    static void openFile(Stage primary, Startup startup, Path file) {
        theme(startup);
        FxDialogService dialogs = new FxDialogService(primary);
        CompletableFuture.supplyAsync(() -> {
            try {
                VvFile vv = VvFile.parse(Files.readString(file));
                if ("1".equals(vv.values().get("delete-this-file"))) {
                    Files.deleteIfExists(file); // as remote-viewer does: the file may hold a one-time password
                }
                return vv;
            } catch (IOException e) {
                throw new VirtException("Could not read " + file + ": " + e.getMessage(), e.toString(), e);
            } catch (IllegalArgumentException e) {
                throw new VirtException("Could not open " + file + ": " + e.getMessage() + ".", e.getMessage(), e);
            }
        }).whenComplete((vv, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                fail(dialogs, VirtException.wrap("Could not open " + file, failure));
                return;
            }
            ConsoleWindow.forFile(vv, dialogs, StandaloneConsole::style).show();
        }));
    }

    private static void theme(Startup startup) {
        javafx.application.Application.setUserAgentStylesheet(startup.context().settings().theme().userAgentStylesheet());
    }

    private static void style(Scene scene) {
        scene.getStylesheets().add(StandaloneConsole.class.getResource("/dev/vireo/app/vireo.css").toExternalForm());
    }

    private static void fail(FxDialogService dialogs, VirtException e) {
        dialogs.showError(e.userMessage(), e.details());
        // the dialog is the only window: closing it ends the application
    }
}
