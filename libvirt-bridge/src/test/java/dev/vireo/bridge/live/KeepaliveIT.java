package dev.vireo.bridge.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.bridge.ConnectionState;
import dev.vireo.bridge.ConnectionStatus;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.auth.Prompter;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TcpProxy;
import dev.vireo.bridge.testing.TestBed;
import dev.vireo.bridge.testing.TestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network to a host goes silent (nothing closes, nothing arrives: the test bed's sshd is
 * reached through a forwarder that stops passing bytes). libvirt's keepalive gives the host up,
 * an operation waiting for its answer fails with a sentence instead of hanging, the connection
 * shows it stopped answering, and once the network is back Vireo reconnects by itself.
 */
class KeepaliveIT {

    @TempDir
    Path dir;

    private HostConnection connection;

    @Test
    void aSilentNetworkIsNoticedAnOperationInFlightFailsAndTheHostComesBack() throws Exception {
        TestBed bed = TestBed.require();
        LibvirtEventLoop.ensureStarted();
        try (TcpProxy proxy = new TcpProxy(bed.sshHost(), bed.sshPort())) {
            Path knownHosts = knownHostsFor(bed, proxy);
            String uri = "qemu+libssh://root@127.0.0.1:" + proxy.port() + "/system?keyfile=" + bed.clientKey()
                    + "&known_hosts=" + knownHosts + "&sshauth=privkey";
            connection = new HostConnection(new HostUri(uri, "behind a flaky link"), Prompter.NONE);
            connection.open().get(60, TimeUnit.SECONDS);
            List<ConnectionStatus> seen = new CopyOnWriteArrayList<>();
            connection.status().subscribe(seen::add);

            proxy.setSilent(true);
            var inFlight = connection.call("Could not count the virtual machines", c -> c.numOfDefinedDomains());

            assertThatThrownBy(() -> inFlight.get(40, TimeUnit.SECONDS))
                    .as("the call fails once keepalive gives the host up; it does not hang")
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(VirtException.class)
                    .satisfies(e -> assertThat(((VirtException) e).userMessage()).startsWith("Could not count the virtual machines: "));
            Eventually.until("the connection marked as not answering", Duration.ofSeconds(20),
                    () -> seen.stream().anyMatch(s -> s.state() == ConnectionState.DISCONNECTED), seen::toString);
            assertThat(seen.stream().filter(s -> s.state() == ConnectionState.DISCONNECTED).findFirst().orElseThrow().message())
                    .matches("The (host stopped answering|connection failed|host closed the connection)\\. Reconnecting in 1 s\\.");

            proxy.setSilent(false);
            Eventually.until("reconnected", Duration.ofSeconds(60),
                    () -> connection.status().get().state() == ConnectionState.CONNECTED, () -> connection.status().get().toString());
            assertThat(connection.call("count again", c -> c.numOfDefinedDomains()).get(20, TimeUnit.SECONDS)).isNotNegative();
            // libvirt reports the old connection's end again later: it must not drop the new one
            Thread.sleep(2000);
            assertThat(connection.status().get().state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(seen.stream().filter(s -> s.state() == ConnectionState.DISCONNECTED)).hasSize(1);
        }
    }

    /** Reconnecting by itself, Vireo never asks for a password: it waits for the user's Reconnect. */
    @Test
    void aConnectionThatNeedsAPasswordIsNotReconnectedBehindTheUsersBack() throws Exception {
        TestBed bed = TestBed.require();
        LibvirtEventLoop.ensureStarted();
        try (TcpProxy proxy = new TcpProxy(bed.sshHost(), bed.sshPort())) {
            Path knownHosts = knownHostsFor(bed, proxy);
            String uri = "qemu+libssh://" + bed.sshUser() + "@127.0.0.1:" + proxy.port() + "/system?known_hosts="
                    + knownHosts + "&sshauth=password";
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            Prompter user = Prompter.secretsOnly(p -> {
                asked.incrementAndGet();
                return java.util.Optional.of(bed.sshPassword());
            });
            connection = new HostConnection(new HostUri(uri, "password host"), user);
            connection.open().get(60, TimeUnit.SECONDS);
            assertThat(asked).hasValue(1);

            proxy.setSilent(true);
            Eventually.until("the connection lost", Duration.ofSeconds(20),
                    () -> connection.status().get().state() == ConnectionState.DISCONNECTED, () -> connection.status().get().toString());
            proxy.setSilent(false);
            Eventually.until("the attempt to reconnect given up", Duration.ofSeconds(30),
                    () -> connection.status().get().message().endsWith("choose Reconnect."), () -> connection.status().get().toString());
            assertThat(connection.status().get().retrying()).isFalse();
            assertThat(asked).as("not asked again behind the user's back").hasValue(1);
        }
    }

    /** A known-hosts file that trusts the test bed's key at the forwarder's port. */
    private Path knownHostsFor(TestBed bed, TcpProxy proxy) throws java.io.IOException {
        String[] key = bed.hostPublicKey().split(" ");
        return Files.writeString(dir.resolve("known_hosts"), "[127.0.0.1]:" + proxy.port() + " " + key[0] + " " + key[1] + "\n");
    }

    @AfterEach
    void close() {
        if (connection != null) {
            TestHosts.close(connection);
        }
    }
}
