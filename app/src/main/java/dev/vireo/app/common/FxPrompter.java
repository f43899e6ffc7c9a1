package dev.vireo.app.common;

import dev.vireo.bridge.auth.AuthPrompt;
import dev.vireo.bridge.auth.Keyring;
import dev.vireo.bridge.auth.Prompter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.application.Platform;

/**
 * Answers a host's questions with Vireo's own dialogs. Called on the connection's thread, which
 * waits; the dialog runs on the JavaFX thread like any other (the window stays live meanwhile).
 */
public final class FxPrompter implements Prompter {

    private final Supplier<DialogService> dialogs;
    private final Supplier<Optional<Keyring>> keyring;

    /**
     * {@code dialogs}: looked up when a question comes (the window may not exist yet at start);
     * {@code keyring}: opened on first use, on the connection's thread.
     */
    public FxPrompter(Supplier<DialogService> dialogs, Supplier<Optional<Keyring>> keyring) {
        this.dialogs = dialogs;
        this.keyring = keyring;
    }

    /**
     * A secret remembered in the keyring answers first (the host refusing it asks the user);
     * what the user types is remembered when they tick the box. Runs on the connection's thread:
     * only the dialog itself is on the FX thread.
     */
    @Override
    public Optional<char[]> secret(AuthPrompt.Secret prompt) {
        Optional<Keyring> ring = keyring.get();
        if (prompt.attempt() == 1 && ring.isPresent()) {
            Optional<char[]> remembered = ring.get().lookup(prompt.uri(), prompt.text());
            if (remembered.isPresent()) {
                return remembered;
            }
        }
        String warning = prompt.attempt() > 1
                ? "The host refused it. Attempt " + prompt.attempt() + " of 3." : null;
        DialogService.SecretAnswer answer = onFx(() -> dialogs.get().askSecret("Vireo: " + prompt.connection(),
                "Connecting to " + prompt.connection(), prompt.text(), warning, ring.isPresent()));
        if (answer == null) {
            return Optional.empty();
        }
        if (answer.remember()) {
            ring.get().store(prompt.uri(), prompt.text(), "Vireo: " + prompt.connection(), answer.secret());
        }
        return Optional.of(answer.secret());
    }

    /** Unattended (automatic reconnects): what the keyring remembers, nothing else. */
    @Override
    public Prompter unattended() {
        return Prompter.secretsOnly(prompt -> prompt.attempt() == 1
                ? keyring.get().flatMap(k -> k.lookup(prompt.uri(), prompt.text())) : Optional.empty());
    }

    @Override
    public Optional<String> answer(AuthPrompt.Question prompt) {
        return Optional.ofNullable(onFx(() -> dialogs.get().ask("Vireo: " + prompt.connection(), prompt.text(),
                prompt.suggested() == null ? "" : prompt.suggested())));
    }

    @Override
    public boolean acceptHostKey(AuthPrompt.HostKey prompt) {
        Boolean trusted = onFx(() -> dialogs.get().confirmHostKey(prompt.connection(), prompt.host(), prompt.port(),
                prompt.fingerprint()));
        return Boolean.TRUE.equals(trusted);
    }

    private static <T> T onFx(Supplier<T> ask) {
        if (Platform.isFxApplicationThread()) {
            return ask.get();
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                answer.complete(ask.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer.join();
    }
}
