package dev.vireo.bridge.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import dev.vireo.bridge.auth.AuthPrompt;
import dev.vireo.bridge.auth.Prompter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.libvirt.ConnectAuth;
import org.libvirt.jna.virConnectCredential;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's auth callback ({@code virConnectAuthCallbackPtr}), answered through a {@link Prompter}.
 *
 * <p>libvirt-java's own handling writes the answer as a JNA-owned Java string, but libvirt takes
 * ownership of {@code result} and frees it (after wiping it): that is a double free, and the
 * length it reports is in UTF-16 units, not bytes. So the whole callback is overridden here: each
 * answer is copied as UTF-8 into memory from {@code malloc}, which libvirt frees, and the Java-side
 * copies are wiped at once.
 */
public final class AuthCallback extends ConnectAuth {

    private static final Logger LOG = LoggerFactory.getLogger(AuthCallback.class);

    private static final int USERNAME = 1;
    private static final int AUTHNAME = 2;
    private static final int PASSPHRASE = 5;
    private static final int ECHOPROMPT = 6;
    private static final int NOECHOPROMPT = 7;

    /** libvirt's question about an unknown host key: its SHA-256 in hex and 'host:port'. */
    private static final Pattern HOST_KEY =
            Pattern.compile("'((?:[0-9a-fA-F]{2}:){31}[0-9a-fA-F]{2})'[^']*'(.+):(\\d+)'");

    /** Told when a prompt waits for the user and when it is answered (the open timeout pauses). */
    public interface Waiting {
        void waitingForUser(boolean waiting);
    }

    private final String connection;
    private final String uri;
    private final Prompter prompter;
    private final Waiting waiting;
    private final Map<String, Integer> attempts = new HashMap<>();
    /**
     * Secrets asked for at most this many times per question, as OpenSSH's NumberOfPasswordPrompts
     * (sshd allows 6 tries, and libvirt's libssh transport stalls when sshd ends the session).
     */
    public static final int MAX_ATTEMPTS = 3;

    private volatile boolean cancelled;
    private volatile boolean refusedTooOften;
    private volatile AuthPrompt.HostKey rejectedHostKey;

    public AuthCallback(String connection, String uri, Prompter prompter, Waiting waiting) {
        this.connection = connection;
        this.uri = uri;
        this.prompter = prompter;
        this.waiting = waiting;
        this.credType = new CredentialType[] {
            CredentialType.VIR_CRED_USERNAME, CredentialType.VIR_CRED_AUTHNAME, CredentialType.VIR_CRED_PASSPHRASE,
            CredentialType.VIR_CRED_ECHOPROMPT, CredentialType.VIR_CRED_NOECHOPROMPT,
        };
    }

    /** How many secrets (passwords, passphrases) were given to libvirt. */
    public int secretsGiven() {
        return attempts.values().stream().mapToInt(n -> Math.min(n, MAX_ATTEMPTS)).sum();
    }

    /** Whether a secret was refused {@link #MAX_ATTEMPTS} times (and Vireo stopped asking). */
    public boolean refusedTooOften() {
        return refusedTooOften;
    }

    /** Whether the user cancelled a prompt (the open then fails because of it). */
    public boolean cancelled() {
        return cancelled;
    }

    /** The unknown host key the user declined, if any. */
    public Optional<AuthPrompt.HostKey> rejectedHostKey() {
        return Optional.ofNullable(rejectedHostKey);
    }

    /** libvirt-java's hook, never reached: {@link #authCallback} replaces its handling. Refuses. */
    @Override
    public int callback(Credential[] cred) {
        return -1;
    }

    @Override
    public int authCallback(virConnectCredential cred, int ncred, Pointer cbdata) {
        // JNA would write libvirt-java's view of the first credential back after we return,
        // replacing our result with NULL.
        cred.setAutoWrite(false);
        try {
            Pointer base = cred.getPointer();
            int size = new Layout().size();
            for (int i = 0; i < ncred; i++) {
                Layout c = new Layout(base.share((long) i * size));
                c.read();
                byte[] answer = answer(c.type, string(c.prompt), string(c.defresult));
                if (answer == null) {
                    cancelled = true;
                    return -1;
                }
                Pointer memory = new Pointer(Native.malloc(answer.length + 1L));
                memory.write(0, answer, 0, answer.length);
                memory.setByte(answer.length, (byte) 0);
                c.result = memory;
                c.resultlen = answer.length;
                Arrays.fill(answer, (byte) 0);
                c.writeField("result");
                c.writeField("resultlen");
            }
            return 0;
        } catch (RuntimeException e) {
            LOG.warn("answering {}'s authentication request failed", connection, e);
            return -1;
        }
    }

    /** The answer as UTF-8 bytes, or null to cancel. */
    private byte[] answer(int type, String prompt, String suggested) {
        waiting.waitingForUser(true);
        try {
            switch (type) {
                case PASSPHRASE, NOECHOPROMPT -> {
                    int attempt = attempts.merge(prompt, 1, Integer::sum);
                    if (attempt > MAX_ATTEMPTS) {
                        refusedTooOften = true;
                        return null;
                    }
                    return prompter.secret(new AuthPrompt.Secret(connection, uri, prompt, attempt))
                            .map(AuthCallback::utf8AndWipe).orElse(null);
                }
                case ECHOPROMPT -> {
                    Matcher m = HOST_KEY.matcher(prompt);
                    if (m.find()) {
                        var key = new AuthPrompt.HostKey(connection, m.group(2), Integer.parseInt(m.group(3)), m.group(1));
                        boolean accepted = prompter.acceptHostKey(key);
                        if (!accepted) {
                            rejectedHostKey = key;
                        }
                        return (accepted ? "y" : "n").getBytes(StandardCharsets.UTF_8);
                    }
                    return prompter.answer(new AuthPrompt.Question(connection, prompt, suggested))
                            .map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
                }
                case USERNAME, AUTHNAME -> {
                    return prompter.answer(new AuthPrompt.Question(connection, prompt, suggested))
                            .map(s -> s.getBytes(StandardCharsets.UTF_8)).orElse(null);
                }
                default -> {
                    LOG.debug("{} asked for a credential of type {} ({}): not supported", connection, type, prompt);
                    return suggested == null ? new byte[0] : suggested.getBytes(StandardCharsets.UTF_8);
                }
            }
        } finally {
            waiting.waitingForUser(false);
        }
    }

    private static byte[] utf8AndWipe(char[] secret) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(secret, '\0');
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    private static String string(Pointer p) {
        return p == null ? "" : p.getString(0, StandardCharsets.UTF_8.name());
    }

    /** {@code virConnectCredential}, with the answer as a raw pointer. */
    @Structure.FieldOrder({"type", "prompt", "challenge", "defresult", "result", "resultlen"})
    public static final class Layout extends Structure {
        public int type;
        public Pointer prompt;
        public Pointer challenge;
        public Pointer defresult;
        public Pointer result;
        public int resultlen;

        public Layout() {
            super();
        }

        Layout(Pointer p) {
            super(p);
        }
    }
}
