package dev.vireo.app.common;

/** How views talk to the user in dialogs; views get it by constructor, tests may record it. */
public interface DialogService {

    /** Shows an error: a one-line summary and details the user can expand. */
    void showError(String summary, String details);

    /** Asks a yes/no question; returns true when the user confirmed with {@code confirmLabel}. */
    boolean confirm(String title, String question, String body, String confirmLabel);

    /** Asks for one line of text; returns null when cancelled. */
    String ask(String title, String question, String initial);
}
