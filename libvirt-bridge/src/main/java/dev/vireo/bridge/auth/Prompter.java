package dev.vireo.bridge.auth;

import java.util.Optional;
import java.util.function.Function;

/**
 * Answers what a host asks while its connection opens. Called on the connection's own thread,
 * which waits for the answer (the open timeout is paused meanwhile); an empty answer cancels.
 * Secrets are returned as {@code char[]} and wiped by the caller once libvirt has them.
 */
public interface Prompter {

    /** A secret (password, passphrase); empty to cancel. */
    Optional<char[]> secret(AuthPrompt.Secret prompt);

    /** An echoed answer (user name, kbd-int question); empty to cancel. */
    Optional<String> answer(AuthPrompt.Question prompt);

    /** Whether to trust an unknown host key (and add it to the known-hosts file). */
    boolean acceptHostKey(AuthPrompt.HostKey prompt);

    /**
     * What may answer while nobody is asked (automatic reconnects): by default nothing; a
     * prompter backed by the keyring answers from it.
     */
    default Prompter unattended() {
        return NONE;
    }

    /** For connections that must never ask: every question is refused. */
    Prompter NONE = secretsOnly(p -> Optional.empty());

    /** Answers secrets with {@code secrets} and refuses every other question (and unknown host keys). */
    static Prompter secretsOnly(Function<AuthPrompt.Secret, Optional<char[]>> secrets) {
        return new Prompter() {
            @Override
            public Optional<char[]> secret(AuthPrompt.Secret prompt) {
                return secrets.apply(prompt);
            }

            @Override
            public Optional<String> answer(AuthPrompt.Question prompt) {
                return Optional.empty();
            }

            @Override
            public boolean acceptHostKey(AuthPrompt.HostKey prompt) {
                return false;
            }
        };
    }
}
