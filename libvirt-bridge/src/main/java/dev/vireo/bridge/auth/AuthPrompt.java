package dev.vireo.bridge.auth;

import java.util.Base64;
import java.util.HexFormat;

/**
 * What libvirt asks while a connection opens: through the auth callback of
 * {@code virConnectOpenAuth} (the libssh transport asks for passwords, key passphrases,
 * keyboard-interactive answers and whether to trust an unknown host key this way).
 */
public sealed interface AuthPrompt {

    /** The connection being opened, as the user knows it. */
    String connection();

    /**
     * A secret: a password, a key passphrase or a keyboard-interactive answer that is not echoed.
     * {@code uri} is the connection's URI (what a remembered secret is kept under); {@code attempt}
     * counts from 1; above 1 the previous answer to the same question was refused.
     */
    record Secret(String connection, String uri, String text, int attempt) implements AuthPrompt {
    }

    /** A question whose answer may be shown while typed (a user name, an echoed kbd-int prompt). */
    record Question(String connection, String text, String suggested) implements AuthPrompt {
    }

    /**
     * The host presented a key that is not in the known-hosts file. Accepting it adds it there.
     * {@code sha256Hex} is libvirt's form of the fingerprint ("ab:cd:..."); {@link #fingerprint()}
     * is OpenSSH's ("SHA256:base64"), the one {@code ssh-keygen -lf} prints on the host.
     */
    record HostKey(String connection, String host, int port, String sha256Hex) implements AuthPrompt {

        public String fingerprint() {
            byte[] hash = HexFormat.of().parseHex(sha256Hex.replace(":", ""));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(hash);
        }
    }
}
