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

    /**
     * A guest whose console speaks TLS only, through the SSH session: Vireo reads the host's SPICE
     * CA and server certificate through that session (no second login) and checks the server
     * against them; a client expecting another subject is refused by the TLS check.
     */
    @Test
    void aTlsOnlyConsoleIsCheckedAgainstTheHostsCertificates() throws Exception {
        TestBed bed = TestBed.require();
        LibvirtEventLoop.ensureStarted();
        connection = new HostConnection(new HostUri(bed.sshUri(), "ssh"));
        connection.open().join();
        String name = "vireo-ssh-tls-" + ProcessHandle.current().pid();
        guests.add(name);
        bed.defineGuest(name, null, TestBed::withTlsOnly);
        Eventually.until("the guest listed", () -> find(name).isPresent());
        connection.operations().start(find(name).orElseThrow()).join();
        VirtualMachine vm = Eventually.value(name + " running", Duration.ofSeconds(20), () -> find(name)
                .filter(v -> v.state() == DomainState.RUNNING && v.description().graphics().get(0).tlsPort() > 0));
        assertThat(vm.description().graphics().get(0).port()).as("no plain port").isLessThanOrEqualTo(0);
        Path log = Path.of(bed.sshdConfig()).resolveSibling("sshd.log");
        long loginsBefore = logins(log);

        tunnels = new SshTunnels();
        ConsoleEndpoint local = ConsoleEndpoint.of(vm, bed.sshUri()).through(tunnels, bed.sshUri());
        SpiceTrust trust = SpiceTrust.forHost(bed.sshUri(), true, () -> tunnels).orElseThrow();
        assertThat(trust.subject()).isEqualTo("C=XX,O=Vireo test bed,CN=vireo-testbed.invalid");
        assertThat(trust.caPem()).startsWith("-----BEGIN CERTIFICATE-----");

        ConsoleClient c = ConsoleClient.start((state, text) -> { });
        clients.add(c);
        c.trust(trust.caPem(), trust.subject());
        c.connect(local.host(), 0, local.tlsPort(), null);
        Eventually.value("the guest's bands over TLS", GUEST, () -> c.frame(0) != null
                && ConsoleLiveIT.colours(FramePng.image(c.frame(0))) >= 4 ? Optional.of(true) : Optional.empty());

        java.util.concurrent.CompletableFuture<String> refused = new java.util.concurrent.CompletableFuture<>();
        ConsoleClient wrong = ConsoleClient.start((state, text) -> {
            if (state == ConsoleClient.State.ERROR) {
                refused.complete(text);
            }
        });
        clients.add(wrong);
        wrong.trust(trust.caPem(), "C=XX,O=Someone else,CN=elsewhere.invalid");
        wrong.connect(local.host(), 0, local.tlsPort(), null);
        assertThat(refused.get(30, java.util.concurrent.TimeUnit.SECONDS)).contains("TLS");
        assertThat(wrong.frame(0)).isNull();

        assertThat(logins(log) - loginsBefore).as("SSH logins for the console and its certificates").isEqualTo(1);
    }

    /**
     * A host that takes passwords only ({@code qemu+libssh://vireotest@...?sshauth=password}): the
     * consoles' SSH session logs in with the password the prompter gives (for the app, the one the
     * connection remembered in the keyring), asked for once, through ssh's askpass program.
     */
    @Test
    void aPasswordOnlyHostsConsolesLogInOnceWithItsPassword() throws Exception {
        TestBed bed = TestBed.require();
        LibvirtEventLoop.ensureStarted();
        String uri = bed.libsshUri(bed.sshUser(), "known_hosts=" + bed.knownHosts() + "&sshauth=password");
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        dev.vireo.bridge.auth.Prompter prompter = dev.vireo.bridge.auth.Prompter.secretsOnly(p -> {
            asked.add(p.uri() + " | " + p.text() + " | " + p.attempt());
            return Optional.of(bed.sshPassword());
        });
        connection = new HostConnection(new HostUri(uri, "password host"), prompter);
        connection.open().join();
        int askedByTheConnection = asked.size();
        for (int i = 0; i < 2; i++) {
            String name = "vireo-ssh-pw-console-" + i + "-" + ProcessHandle.current().pid();
            guests.add(name);
            bed.defineGuest(name, null);
        }
        Eventually.until("the guests listed", () -> guests.stream().allMatch(g -> find(g).isPresent()));
        for (String g : guests) {
            connection.operations().start(find(g).orElseThrow()).join();
        }
        Path log = Path.of(bed.sshdConfig()).resolveSibling("sshd.log");
        long passwordLoginsBefore = passwordLogins(log, bed.sshUser());

        tunnels = new SshTunnels(prompter);
        for (String g : guests) {
            VirtualMachine vm = Eventually.value(g + " running", Duration.ofSeconds(20), () -> find(g)
                    .filter(v -> v.state() == DomainState.RUNNING && v.description().graphics().get(0).port() > 0));
            ConsoleEndpoint local = ConsoleEndpoint.of(vm, uri).through(tunnels, uri);
            ConsoleClient c = ConsoleClient.start((state, text) -> { });
            clients.add(c);
            c.connect(local.host(), local.port(), 0, null);
        }
        for (ConsoleClient c : clients) {
            Eventually.value("the guest's bands through the password login", GUEST, () -> c.frame(0) != null
                    && ConsoleLiveIT.colours(FramePng.image(c.frame(0))) >= 4 ? Optional.of(true) : Optional.empty());
        }
        assertThat(asked.subList(askedByTheConnection, asked.size())).as("the consoles' questions")
                .containsExactly(uri + " | Enter " + bed.sshUser() + "'s password for " + bed.sshHost() + " | 1");
        assertThat(asked.get(0)).as("the connection asked the same question").isEqualTo(asked.get(asked.size() - 1));
        assertThat(tunnels.sessions()).isEqualTo(1);
        assertThat(passwordLogins(log, bed.sshUser()) - passwordLoginsBefore).isEqualTo(1);
        try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            // nothing of the password left where it passed: the FIFO is gone once the login is done
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("vireo-ssh-"))
                    .flatMap(d -> { try { return Files.list(d); } catch (java.io.IOException e) { return java.util.stream.Stream.empty(); } })
                    .filter(f -> f.getFileName().toString().startsWith("pw-"))).isEmpty();
        }
    }

    /** A wrong password: asked for again, then a clear refusal, and no ssh left behind. */
    @Test
    void aWrongPasswordForTheConsolesIsRefusedClearly() throws Exception {
        TestBed bed = TestBed.require();
        String uri = bed.libsshUri(bed.sshUser(), "known_hosts=" + bed.knownHosts() + "&sshauth=password");
        List<Integer> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
        tunnels = new SshTunnels(dev.vireo.bridge.auth.Prompter.secretsOnly(p -> {
            attempts.add(p.attempt());
            return Optional.of("not the password".toCharArray());
        }));
        var login = SshTunnels.loginOf(uri).orElseThrow();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tunnels.forward(login, "127.0.0.1", 5900))
                .isInstanceOf(dev.vireo.bridge.VirtException.class)
                .satisfies(e -> assertThat(((dev.vireo.bridge.VirtException) e).userMessage())
                        .isEqualTo("Could not log in to 127.0.0.1 over SSH for its consoles: the server refused the password"));
        assertThat(attempts).startsWith(1, 2).isSorted();
        assertThat(tunnels.sessions()).isZero();
    }

    private static long passwordLogins(Path sshdLog, String user) throws java.io.IOException {
        try (var lines = Files.lines(sshdLog)) {
            return lines.filter(l -> (l.contains("Accepted password for ") || l.contains("Accepted keyboard-interactive/pam for "))
                    && l.contains(" for " + user + " ")).count();
        }
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
