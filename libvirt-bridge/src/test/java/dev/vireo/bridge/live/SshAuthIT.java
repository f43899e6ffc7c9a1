package dev.vireo.bridge.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.auth.AuthPrompt;
import dev.vireo.bridge.auth.Prompter;
import dev.vireo.bridge.testing.Environment;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestBed;
import dev.vireo.bridge.testing.TestHosts;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication inside Vireo, against the test bed's real sshd through libvirt's libssh
 * transport: passwords answered through the auth callback, a refused password, and the host key
 * checks (unknown key offered with its fingerprint, declined key, changed key refused unasked).
 */
class SshAuthIT {

    private TestBed bed;
    private final List<HostConnection> opened = new ArrayList<>();
    private final List<AuthPrompt> asked = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void testBed() {
        bed = TestBed.require();
        LibvirtEventLoop.ensureStarted();
    }

    @AfterEach
    void close() {
        opened.forEach(TestHosts::close);
    }

    /** Answers as told and records every question. */
    private Prompter prompter(Function<AuthPrompt.Secret, Optional<char[]>> secrets, boolean acceptKeys) {
        return new Prompter() {
            @Override
            public synchronized Optional<char[]> secret(AuthPrompt.Secret prompt) {
                asked.add(prompt);
                return secrets.apply(prompt);
            }

            @Override
            public synchronized Optional<String> answer(AuthPrompt.Question prompt) {
                asked.add(prompt);
                return Optional.empty();
            }

            @Override
            public synchronized boolean acceptHostKey(AuthPrompt.HostKey prompt) {
                asked.add(prompt);
                return acceptKeys;
            }
        };
    }

    /** Opens {@code uri}; waits at most a minute: a hang is a failure, not a slow pass. */
    private HostConnection open(String uri, Prompter prompter) throws Exception {
        HostConnection c = new HostConnection(new HostUri(uri, "test bed"), prompter);
        opened.add(c);
        try {
            c.open().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new CompletionException(e.getCause());
        }
        return c;
    }

    private String passwordUri() {
        return bed.libsshUri(bed.sshUser(), "known_hosts=" + bed.knownHosts() + "&sshauth=password");
    }

    private String keyUri(Path knownHosts) {
        return bed.libsshUri("root", "keyfile=" + bed.clientKey() + "&known_hosts=" + knownHosts + "&sshauth=privkey");
    }

    @Test
    void aPasswordIsAskedThroughTheCallbackAndLogsIn() throws Exception {
        HostConnection c = open(passwordUri(), prompter(p -> Optional.of(bed.sshPassword()), false));

        assertThat(c.status().get().state()).hasToString("CONNECTED");
        assertThat(asked).hasSize(1);
        AuthPrompt.Secret prompt = (AuthPrompt.Secret) asked.get(0);
        assertThat(prompt.text()).contains(bed.sshUser()).contains(bed.sshHost());
        assertThat(prompt.attempt()).isEqualTo(1);
    }

    @Test
    void keyboardInteractiveQuestionsAreAskedThroughTheCallbackToo() throws Exception {
        String uri = bed.libsshUri(bed.sshUser(), "known_hosts=" + bed.knownHosts() + "&sshauth=keyboard-interactive");

        HostConnection c = open(uri, prompter(p -> Optional.of(bed.sshPassword()), false));

        assertThat(c.status().get().state()).hasToString("CONNECTED");
        assertThat(asked).hasSize(1); // PAM's "Password:" question, not echoed
        assertThat(((AuthPrompt.Secret) asked.get(0)).text()).containsIgnoringCase("password");
    }

    @Test
    void aWrongPasswordFailsWithAClearMessageAfterTheServerRefusesIt() {
        assertThatThrownBy(() -> open(passwordUri(), prompter(p -> Optional.of("not the password".toCharArray()), false)))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(VirtException.class)
                .satisfies(e -> assertThat(((VirtException) e).userMessage())
                        .isEqualTo("Could not connect to test bed: the host refused the password 3 times."));
        // asked again after each refusal (saying which attempt it is), three times as OpenSSH does
        assertThat(asked).extracting(p -> ((AuthPrompt.Secret) p).attempt()).containsExactly(1, 2, 3);
    }

    @Test
    void cancellingThePasswordPromptCancelsTheConnection() {
        assertThatThrownBy(() -> open(passwordUri(), prompter(p -> Optional.empty(), false)))
                .cause().isInstanceOf(VirtException.class)
                .satisfies(e -> assertThat(((VirtException) e).userMessage())
                        .isEqualTo("Connecting to test bed was cancelled."))
                .satisfies(e -> assertThat(((VirtException) e).isCancelled()).isTrue());
    }

    @Test
    void anUnknownHostKeyIsOfferedWithItsFingerprintAndAddedWhenAccepted() throws Exception {
        Path knownHosts = dir.resolve("known_hosts");

        open(keyUri(knownHosts), prompter(p -> Optional.empty(), true));

        assertThat(asked).hasSize(1);
        AuthPrompt.HostKey key = (AuthPrompt.HostKey) asked.get(0);
        assertThat(key.host()).isEqualTo(bed.sshHost());
        assertThat(key.port()).isEqualTo(bed.sshPort());
        assertThat(key.fingerprint()).isEqualTo(fingerprint(bed.hostPublicKey()));
        String blob = bed.hostPublicKey().split(" ")[1];
        assertThat(Files.readString(knownHosts)).contains(blob);

        asked.clear();
        open(keyUri(knownHosts), prompter(p -> Optional.empty(), true));
        assertThat(asked).as("a known key is not asked about again").isEmpty();
    }

    @Test
    void aDeclinedHostKeyIsNotAddedAndTheConnectionFails() throws Exception {
        Path knownHosts = Files.createFile(dir.resolve("known_hosts"));

        assertThatThrownBy(() -> open(keyUri(knownHosts), prompter(p -> Optional.empty(), false)))
                .cause().isInstanceOf(VirtException.class)
                .satisfies(e -> assertThat(((VirtException) e).userMessage())
                        .isEqualTo("Did not connect to test bed: its host key (" + fingerprint(bed.hostPublicKey())
                                + ") was not accepted."));
        assertThat(Files.readString(knownHosts)).isEmpty();
    }

    /**
     * The host's key differs from the one trusted before (as if the server's key had been swapped):
     * refused with a warning, and the user is not even asked.
     */
    @Test
    void aChangedHostKeyIsRefusedWithoutAsking() throws Exception {
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[" + bed.sshHost() + "]:" + bed.sshPort() + " ssh-ed25519 " + randomEd25519Key() + "\n");
        String before = Files.readString(knownHosts);

        assertThatThrownBy(() -> open(keyUri(knownHosts), prompter(p -> Optional.empty(), true)))
                .cause().isInstanceOf(VirtException.class)
                .satisfies(e -> assertThat(((VirtException) e).userMessage())
                        .contains("the host's SSH key is not the one trusted for it before")
                        .contains("Vireo does not connect"));
        assertThat(asked).isEmpty();
        assertThat(Files.readString(knownHosts)).isEqualTo(before);
    }

    /** A key held by an SSH agent logs in with no prompt at all. */
    @Test
    void anSshAgentLogsInWithoutAsking() throws Exception {
        Path socket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString()).redirectErrorStream(true).start();
        try {
            Eventually.until("the agent's socket", () -> Files.exists(socket));
            ProcessBuilder add = new ProcessBuilder("ssh-add", bed.clientKey().toString()).redirectErrorStream(true);
            add.environment().put("SSH_AUTH_SOCK", socket.toString());
            Process adding = add.start();
            assertThat(adding.waitFor()).as(new String(adding.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
            // libssh reads SSH_AUTH_SOCK from the process environment when it authenticates
            Environment.set("SSH_AUTH_SOCK", socket.toString());

            HostConnection c = open(bed.libsshUri("root", "known_hosts=" + bed.knownHosts() + "&sshauth=agent"),
                    prompter(p -> Optional.empty(), false));

            assertThat(c.status().get().state()).hasToString("CONNECTED");
            assertThat(asked).isEmpty();
        } finally {
            Environment.unset("SSH_AUTH_SOCK");
            agent.destroy();
        }
    }


    /** OpenSSH's fingerprint of a public key line: SHA256 of the key blob, base64 without padding. */
    private static String fingerprint(String publicKeyLine) throws GeneralSecurityException {
        byte[] blob = Base64.getDecoder().decode(publicKeyLine.split(" ")[1]);
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(blob);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
    }

    /** A fresh ed25519 public key in SSH wire format, base64: some other host's key. */
    private static String randomEd25519Key() throws GeneralSecurityException, IOException {
        byte[] x509 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic().getEncoded();
        byte[] raw = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            byte[] type = "ssh-ed25519".getBytes(StandardCharsets.US_ASCII);
            out.writeInt(type.length);
            out.write(type);
            out.writeInt(raw.length);
            out.write(raw);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }
}
