package dev.vireo.bridge.observe;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A thread-safe observable value with no JavaFX in it. Listeners run on the thread that sets the
 * value; the UI hops onto its own thread (see the app's {@code FxBridge}).
 */
public final class Watchable<T> {

    private final List<Consumer<? super T>> listeners = new CopyOnWriteArrayList<>();
    private volatile T value;

    public Watchable(T initial) {
        this.value = Objects.requireNonNull(initial);
    }

    public T get() {
        return value;
    }

    public void set(T newValue) {
        Objects.requireNonNull(newValue);
        synchronized (this) {
            if (newValue.equals(value)) {
                return;
            }
            value = newValue;
        }
        for (Consumer<? super T> l : listeners) {
            l.accept(newValue);
        }
    }

    /** Calls {@code listener} now with the current value and then on every change. */
    public Subscription subscribe(Consumer<? super T> listener) {
        // Under the lock, so that the first value cannot arrive after a newer one; a set() racing
        // with this may deliver its (newest) value twice, which is harmless.
        synchronized (this) {
            listeners.add(listener);
            listener.accept(value);
        }
        return () -> listeners.remove(listener);
    }
}
