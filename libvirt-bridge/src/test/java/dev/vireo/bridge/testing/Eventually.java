package dev.vireo.bridge.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for something asynchronous to become true. The limit is a generous liveness bound (the
 * thing must happen at all), not a speed assertion: speed is measured in bench/.
 */
public final class Eventually {

    public static final Duration LIMIT = Duration.ofSeconds(15);

    private Eventually() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, condition, () -> "");
    }

    public static void until(String what, BooleanSupplier condition, Supplier<String> state) {
        until(what, LIMIT, condition, state);
    }

    /** With a limit of its own: for what a real guest does (booting under software emulation). */
    public static void until(String what, Duration limit, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened within " + limit.toSeconds() + " s: " + what + " " + state.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }

    /** Waits until {@code probe} gives a value and returns it; for values read over and over (screenshots). */
    public static <T> T value(String what, Duration limit, Supplier<java.util.Optional<T>> probe) {
        java.util.concurrent.atomic.AtomicReference<T> found = new java.util.concurrent.atomic.AtomicReference<>();
        until(what, limit, () -> {
            probe.get().ifPresent(found::set);
            return found.get() != null;
        }, () -> "");
        return found.get();
    }
}
