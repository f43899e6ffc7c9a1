package dev.vireo.app.testing;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Platform;

/** Reads state on the FX thread from a test thread. */
public final class FxTesting {

    private FxTesting() {
    }

    public static <T> T onFx(Supplier<T> supplier) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(supplier.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX thread did not answer", e);
        }
    }

    public static void runFx(Runnable r) {
        onFx(() -> {
            r.run();
            return null;
        });
    }
}
