package dev.vireo.app.cli;

import dev.vireo.bridge.auth.AuthPrompt;
import dev.vireo.bridge.auth.Prompter;
import java.io.Console;
import java.util.Optional;

/**
 * Asks the terminal what a host asks while connecting: passwords and passphrases without echo,
 * unknown host keys with their fingerprint. Without a terminal (scripts, cron) nothing can be
 * asked: the question is refused and {@link #unanswerable()} says so.
 */
final class ConsolePrompter implements Prompter {

    private final Console console = System.console();
    private volatile boolean unanswerable;

    /** True when the host asked something and there was no terminal to ask on. */
    boolean unanswerable() {
        return unanswerable;
    }

    @Override
    public Optional<char[]> secret(AuthPrompt.Secret prompt) {
        if (console == null) {
            unanswerable = true;
            return Optional.empty();
        }
        if (prompt.attempt() > 1) {
            console.printf("The host refused it; try again.%n");
        }
        return Optional.ofNullable(console.readPassword("%s: ", prompt.text()));
    }

    @Override
    public Optional<String> answer(AuthPrompt.Question prompt) {
        if (console == null) {
            unanswerable = true;
            return Optional.empty();
        }
        String suggested = prompt.suggested() == null || prompt.suggested().isEmpty() ? "" : " [" + prompt.suggested() + "]";
        String line = console.readLine("%s%s: ", prompt.text(), suggested);
        if (line == null) {
            return Optional.empty();
        }
        return Optional.of(line.isEmpty() && !suggested.isEmpty() ? prompt.suggested() : line);
    }

    @Override
    public boolean acceptHostKey(AuthPrompt.HostKey prompt) {
        if (console == null) {
            unanswerable = true;
            return false;
        }
        console.printf("The authenticity of host '%s:%d' can't be established.%n", prompt.host(), prompt.port());
        console.printf("Its key fingerprint is %s.%n", prompt.fingerprint());
        String answer = console.readLine("Trust it and add it to the known hosts (yes/no)? ");
        return answer != null && answer.strip().equalsIgnoreCase("yes");
    }
}
