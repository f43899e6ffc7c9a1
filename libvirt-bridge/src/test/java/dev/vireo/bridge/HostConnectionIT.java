package dev.vireo.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.testing.TestHosts;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opens real test-driver connections on the project's own host files and checks what the bridge reads. */
class HostConnectionIT {

    private HostConnection connection;

    @AfterEach
    void close() {
        if (connection != null) {
            TestHosts.close(connection);
        }
    }

    @Test
    void readsEveryDomainStateWithItsDetails() {
        connection = TestHosts.open("states.xml");
        assertThat(connection.status().get().state()).isEqualTo(ConnectionState.CONNECTED);

        Map<String, VirtualMachine> byName = connection.domains().snapshot().stream()
                .collect(Collectors.toMap(VirtualMachine::name, vm -> vm));
        assertThat(byName).containsOnlyKeys("st-running", "st-paused", "st-shutoff", "st-crashed",
                "st-pmsuspended", "st-managedsave", "st-transient");

        assertThat(byName.get("st-running").state()).isEqualTo(DomainState.RUNNING);
        assertThat(byName.get("st-paused").state()).isEqualTo(DomainState.PAUSED);
        assertThat(byName.get("st-shutoff").state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(byName.get("st-crashed").state()).isEqualTo(DomainState.CRASHED);
        assertThat(byName.get("st-pmsuspended").state()).isEqualTo(DomainState.PMSUSPENDED);
        assertThat(byName.get("st-managedsave").state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(byName.get("st-transient").state()).isEqualTo(DomainState.RUNNING);

        assertThat(byName.get("st-managedsave").managedSave()).isTrue();
        assertThat(byName.get("st-shutoff").managedSave()).isFalse();
        assertThat(byName.get("st-transient").persistent()).isFalse();
        assertThat(byName.get("st-running").persistent()).isTrue();
        assertThat(byName.get("st-shutoff").active()).isFalse();
        assertThat(byName.get("st-paused").active()).isTrue();

        VirtualMachine running = byName.get("st-running");
        assertThat(running.uuid()).isEqualTo("51a7e000-0000-4000-8000-000000000001");
        assertThat(running.description().vcpus()).isEqualTo(1);
        assertThat(running.description().memoryKiB()).isEqualTo(1048576);
        assertThat(running.description().currentMemoryKiB()).isEqualTo(786432);
        assertThat(running.description().hasSpice()).isTrue();
        assertThat(running.description().videoModels()).containsExactly("qxl");
        assertThat(running.description().xml()).contains("<name>st-running</name>");
        for (int i = 1; i <= 7; i++) {
            int vcpus = i;
            assertThat(byName.values()).anySatisfy(vm -> assertThat(vm.description().vcpus()).isEqualTo(vcpus));
        }
    }

    @Test
    void namesWithQuotesAmpersandsUnicodeAndTwoHundredCharactersSurvive() {
        connection = TestHosts.open("names.xml");
        List<String> names = connection.domains().snapshot().stream().map(VirtualMachine::name).toList();
        String longName = "vm-" + "x".repeat(197);
        assertThat(longName).hasSize(200);
        assertThat(names).containsExactlyInAnyOrder("plain-vm", "it's \"quoted\"", "R&D <lab>",
                "Ünïcødé-虚拟机-\uD83D\uDDA5", longName);
    }

    @Test
    void operationsWorkOnAwkwardNames() {
        connection = TestHosts.open("names.xml");
        VirtualMachine rd = TestHosts.byName(connection, "R&D <lab>");
        connection.operations().start(rd).join();
        dev.vireo.bridge.testing.Eventually.until("R&D <lab> running",
                () -> connection.domains().get(rd.key()).state() == DomainState.RUNNING);
        VirtualMachine unicode = TestHosts.byName(connection, "Ünïcødé-虚拟机-\uD83D\uDDA5");
        connection.operations().pause(unicode).join();
        dev.vireo.bridge.testing.Eventually.until("unicode VM paused",
                () -> connection.domains().get(unicode.key()).state() == DomainState.PAUSED);
    }

    @Test
    void anEmptyHostHasNoDomains() {
        connection = TestHosts.open("empty.xml");
        assertThat(connection.domains().snapshot()).isEmpty();
        assertThat(connection.status().get().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void aMissingHostFileFailsWithASentenceAndTheConnectionShowsTheError() {
        LibvirtEventLoop.ensureStarted();
        connection = new HostConnection(new HostUri("test:///nonexistent/vireo-host.xml", "missing"));
        assertThatThrownBy(() -> connection.open().join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(VirtException.class)
                .satisfies(e -> {
                    VirtException ve = (VirtException) e;
                    assertThat(ve.userMessage()).startsWith("Could not connect to missing");
                    assertThat(ve.details()).contains("vireo-host.xml");
                });
        assertThat(connection.status().get().state()).isEqualTo(ConnectionState.ERROR);
        assertThat(connection.status().get().message()).startsWith("Could not connect to missing");
    }

    @Test
    void aRefusedRemoteHostFailsWithinTheOpenTimeout() {
        LibvirtEventLoop.ensureStarted();
        // Nothing listens on port 1 of the loopback address: libvirt's TCP transport is refused.
        connection = new HostConnection(HostUri.resolve("qemu+tcp://127.0.0.1:1/system", null));
        assertThatThrownBy(() -> connection.open().join())
                .cause().isInstanceOf(VirtException.class)
                .satisfies(e -> assertThat(((VirtException) e).userMessage())
                        .contains("127.0.0.1").contains("could not be reached"));
        assertThat(connection.status().get().state()).isEqualTo(ConnectionState.ERROR);
    }

    @Test
    void closingAConnectionThatIsStillOpeningCancelsItAtOnce() throws Exception {
        LibvirtEventLoop.ensureStarted();
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            connection = new HostConnection(HostUri.resolve("qemu+tcp://127.0.0.1:" + silent.getLocalPort() + "/system", null));
            var opening = connection.open();
            Thread.sleep(300); // libvirt is now waiting for the silent host's handshake
            connection.close();
            assertThatThrownBy(() -> opening.get(2, java.util.concurrent.TimeUnit.SECONDS))
                    .cause().isInstanceOf(VirtException.class)
                    .satisfies(e -> assertThat(((VirtException) e).isCancelled()).isTrue())
                    .satisfies(e -> assertThat(((VirtException) e).userMessage()).endsWith("was cancelled."));
        }
    }

    @Test
    void aHostThatAcceptsButNeverAnswersIsGivenUpAfterTheOpenTimeout() throws Exception {
        LibvirtEventLoop.ensureStarted();
        // A TCP listener on loopback that accepts the connection and then says nothing: libvirt
        // would wait for its handshake indefinitely.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try {
                    java.net.Socket s = silent.accept();
                    Thread.sleep(60_000);
                    s.close();
                } catch (Exception e) {
                    // the test is over
                }
            }, "silent-host");
            acceptor.setDaemon(true);
            acceptor.start();
            connection = new HostConnection(HostUri.resolve("qemu+tcp://127.0.0.1:" + silent.getLocalPort() + "/system", null));
            assertThatThrownBy(() -> connection.open().join())
                    .cause().isInstanceOf(VirtException.class)
                    .satisfies(e -> assertThat(((VirtException) e).userMessage())
                            .isEqualTo("Could not connect to 127.0.0.1:" + silent.getLocalPort()
                                    + " (QEMU/KVM): the host did not answer within 10 seconds"));
            assertThat(connection.status().get().state()).isEqualTo(ConnectionState.ERROR);
        }
    }

    @Test
    void callsAfterCloseFailWithASentence() {
        connection = TestHosts.open("states.xml");
        VirtualMachine vm = TestHosts.byName(connection, "st-shutoff");
        TestHosts.close(connection);
        assertThat(connection.status().get().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(connection.domains().snapshot()).isEmpty();
        assertThatThrownBy(() -> connection.operations().start(vm).join())
                .cause().isInstanceOf(VirtException.class)
                .hasMessageContaining("the connection is closed");
    }
}
