package dev.vireo.app.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.tunnel.SshTunnels;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestBed;
import dev.vireo.bridge.testing.TestHosts;
import dev.vireo.spice.ConsoleClient;
import dev.vireo.spice.FramePng;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Consoles of a host reached over SSH ({@code qemu+ssh://root@127.0.0.1:10022/system}, the test
 * bed's own sshd): two guests that listen on the host's localhost only, each console with all its
 * SPICE channels, through one SSH login, counted in the server's log.
 */
class SshConsoleIT {

    private static final Duration GUEST = Duration.ofSeconds(90);

    private final List<String> guests = new ArrayList<>();
    private final List<ConsoleClient> clients = new ArrayList<>();
    private HostConnection connection;
    private SshTunnels tunnels;

    @AfterEach
    void close() {
        clients.forEach(ConsoleClient::close);
        if (tunnels != null) {
            tunnels.close();
        }
        guests.forEach(TestBed::removeGuest);
        if (connection != null) {
            TestHosts.close(connection);
        }
    }

    @Test
    void twoConsolesOfAnSshHostShareOneLogin() throws Exception {
        TestBed bed = TestBed.require();
        LibvirtEventLoop.ensureStarted();
        connection = new HostConnection(new HostUri(bed.sshUri(), "ssh"));
        connection.open().join();
        for (int i = 0; i < 2; i++) {
            String name = "vireo-ssh-console-" + i + "-" + ProcessHandle.current().pid();
            guests.add(name);
            bed.defineGuest(name, null);
        }
        Eventually.until("the guests listed", () -> guests.stream().allMatch(g -> find(g).isPresent()));
        for (String g : guests) {
            connection.operations().start(find(g).orElseThrow()).join();
        }
        Path log = Path.of(bed.sshdConfig()).resolveSibling("sshd.log");
        long loginsBefore = logins(log);

        tunnels = new SshTunnels();
        for (String g : guests) {
            VirtualMachine vm = Eventually.value(g + " running", Duration.ofSeconds(20), () -> find(g)
                    .filter(v -> v.state() == DomainState.RUNNING && v.description().graphics().get(0).port() > 0));
            ConsoleEndpoint remote = ConsoleEndpoint.of(vm, bed.sshUri());
            assertThat(remote.viaSsh()).isTrue();
            assertThat(remote.host()).isEqualTo("127.0.0.1"); // the host's own localhost
            ConsoleEndpoint local = remote.through(tunnels, bed.sshUri());
            ConsoleClient c = ConsoleClient.start((state, text) -> { });
            clients.add(c);
            c.connect(local.host(), local.port(), 0, null);
        }
        for (ConsoleClient c : clients) {
            Eventually.value("the guest's bands through the tunnel", GUEST, () -> c.frame(0) != null
                    && ConsoleLiveIT.colours(FramePng.image(c.frame(0))) >= 4 ? Optional.of(true) : Optional.empty());
        }
        assertThat(tunnels.sessions()).isEqualTo(1);
        assertThat(logins(log) - loginsBefore).as("SSH logins for two consoles and all their channels").isEqualTo(1);
    }

    private Optional<VirtualMachine> find(String name) {
        return connection.domains().snapshot().stream().filter(v -> v.name().equals(name)).findFirst();
    }

    private static long logins(Path sshdLog) throws java.io.IOException {
        try (var lines = Files.lines(sshdLog)) {
            return lines.filter(l -> l.contains("Accepted publickey") || l.contains("Accepted password")).count();
        }
    }
}
