package dev.vireo.bridge.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.LifecycleEvent;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestBed;
import dev.vireo.bridge.testing.TestHosts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole life of a real QEMU guest, on the live test bed's libvirtd, reached three ways: the
 * local socket, SSH through the ssh binary, and libvirt's libssh transport. The guest is the test
 * bed's kernel + busybox guest under TCG; "shut down" is a real ACPI power-button press it obeys.
 */
class LiveHostIT {

    /** Booting and powering off a guest under software emulation on a busy 2-core machine. */
    private static final Duration GUEST = Duration.ofSeconds(90);

    private HostConnection connection;
    private String guestName;
    private Path serialLog;

    private HostConnection open(String uri) {
        LibvirtEventLoop.ensureStarted();
        HostConnection c = new HostConnection(new HostUri(uri, "live"));
        c.open().join();
        return c;
    }

    private static String uri(TestBed bed, String how) {
        return switch (how) {
            case "local" -> "qemu:///system";
            case "ssh" -> bed.sshUri();
            case "libssh" -> bed.libsshUri();
            default -> throw new IllegalArgumentException(how);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"local", "ssh", "libssh"})
    void defineStartShutDownAndDeleteAGuest(String how) throws Exception {
        TestBed bed = TestBed.require();
        connection = open(uri(bed, how));
        List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
        connection.onLifecycleEvent(events::add);

        guestName = "vireo-it-" + how + "-" + ProcessHandle.current().pid();
        serialLog = TestBed.serialLog(guestName);
        String xml = bed.guestXml(guestName, serialLog);
        connection.call("define the test guest", c -> c.domainDefineXML(xml)).join();
        Eventually.until(guestName + " listed", () -> find(guestName).isPresent(), this::names);
        VirtualMachine vm = find(guestName).orElseThrow();
        assertThat(vm.state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(vm.persistent()).isTrue();

        connection.operations().start(vm).join();
        awaitEvent(events, vm.uuid(), "STARTED");
        Eventually.until(guestName + " running", () -> stateOf(guestName) == DomainState.RUNNING, this::names);
        Eventually.until("the guest's ready line on its serial console", GUEST,
                () -> serial().contains("vireo-testguest: ready"), this::serial);

        connection.operations().shutdown(find(guestName).orElseThrow()).join();
        Eventually.until("the guest obeying the power button", GUEST,
                () -> stateOf(guestName) == DomainState.SHUTOFF, this::serial);
        awaitEvent(events, vm.uuid(), "STOPPED");
        assertThat(serial()).contains("power button, powering off");

        connection.operations().delete(find(guestName).orElseThrow()).join();
        awaitEvent(events, vm.uuid(), "UNDEFINED");
        Eventually.until(guestName + " gone from the list", () -> find(guestName).isEmpty(), this::names);
    }

    private void awaitEvent(List<LifecycleEvent> events, String uuid, String type) {
        Eventually.until("a " + type + " event", GUEST,
                () -> events.stream().anyMatch(e -> e.uuid().equals(uuid) && e.type().equals(type)), events::toString);
    }

    private Optional<VirtualMachine> find(String name) {
        return connection.domains().snapshot().stream().filter(v -> v.name().equals(name)).findFirst();
    }

    private DomainState stateOf(String name) {
        return find(name).map(VirtualMachine::state).orElse(null);
    }

    private String names() {
        return connection.domains().snapshot().stream().map(v -> v.name() + "=" + v.state()).toList().toString();
    }

    private String serial() {
        try {
            return Files.exists(serialLog) ? Files.readString(serialLog) : "(no serial log yet)";
        } catch (IOException e) {
            return "(serial log unreadable: " + e + ")";
        }
    }

    /** Whatever the test left behind goes, whether it passed or not. */
    @AfterEach
    void cleanUp() throws IOException {
        if (connection != null) {
            TestHosts.close(connection);
        }
        if (guestName == null) {
            return;
        }
        TestBed.removeGuest(guestName);
    }
}
