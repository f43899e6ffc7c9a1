package dev.vireo.app.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * The one place where bridge observables hop onto the JavaFX Application Thread. Items are
 * coalesced: however many arrive between two pulses, the FX thread handles them in one go, in
 * the order they came.
 */
public final class FxBridge {

    private FxBridge() {
    }

    /** Runs {@code action} on the FX thread: now if already there, otherwise soon. */
    public static void run(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    /**
     * Collects items from any thread and hands them to the FX thread in batches, with at most one
     * {@code Platform.runLater} pending at a time.
     */
    public static final class Coalescer<T> {
        private final Consumer<List<T>> onFx;
        private final AtomicBoolean scheduled = new AtomicBoolean();
        private List<T> pending = new ArrayList<>();

        public Coalescer(Consumer<List<T>> onFx) {
            this.onFx = onFx;
        }

        public void add(T item) {
            synchronized (this) {
                pending.add(item);
            }
            if (scheduled.compareAndSet(false, true)) {
                Platform.runLater(this::drain);
            }
        }

        private void drain() {
            scheduled.set(false);
            List<T> batch;
            synchronized (this) {
                batch = pending;
                pending = new ArrayList<>();
            }
            if (!batch.isEmpty()) {
                onFx.accept(batch);
            }
        }
    }
}
