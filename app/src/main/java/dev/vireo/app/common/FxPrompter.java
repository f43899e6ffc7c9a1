package dev.vireo.app.common;

import dev.vireo.bridge.auth.AuthPrompt;
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

    /** {@code dialogs}: looked up when a question comes (the window may not exist yet at start). */
    public FxPrompter(Supplier<DialogService> dialogs) {
        this.dialogs = dialogs;
    }

    @Override
    public Optional<char[]> secret(AuthPrompt.Secret prompt) {
        String warning = prompt.attempt() > 1
                ? "The host refused it. Attempt " + prompt.attempt() + " of 3." : null;
        return Optional.ofNullable(onFx(() -> dialogs.get().askSecret("Vireo: " + prompt.connection(),
                "Connecting to " + prompt.connection(), prompt.text(), warning)));
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
