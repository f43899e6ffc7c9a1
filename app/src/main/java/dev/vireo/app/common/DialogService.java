package dev.vireo.app.common;

/** How views talk to the user in dialogs; views get it by constructor, tests may record it. */
public interface DialogService {

    /** Shows an error: a one-line summary and details the user can expand. */
    void showError(String summary, String details);

    /** Asks a yes/no question; returns true when the user confirmed with {@code confirmLabel}. */
    boolean confirm(String title, String question, String body, String confirmLabel);

    /** Asks for one line of text; returns null when cancelled. */
    String ask(String title, String question, String initial);

    /** A secret the user typed, and whether to remember it in the keyring. */
    record SecretAnswer(char[] secret, boolean remember) {
    }

    /**
     * Asks for a secret (password, passphrase) without showing it; {@code warning} (may be null)
     * says why it is asked again; {@code offerRemember} shows "Remember in the keyring".
     * Returns null when cancelled.
     */
    SecretAnswer askSecret(String title, String question, String prompt, String warning, boolean offerRemember);

    /** Shows an unknown host key's fingerprint; true when the user trusts it. */
    boolean confirmHostKey(String connection, String host, int port, String fingerprint);
}
