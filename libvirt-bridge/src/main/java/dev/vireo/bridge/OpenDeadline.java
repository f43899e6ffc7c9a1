package dev.vireo.bridge;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The limit on opening a connection: it stands still while the user is being asked something,
 * and each answer gives the host the whole limit again (it has proved to be alive, and checking
 * a password may take the server seconds).
 */
final class OpenDeadline {

    /** Watches the deadlines of every connection: one daemon thread, woken every 200 ms while opening. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vireo-open-deadlines");
        t.setDaemon(true);
        return t;
    });

    private Duration limit;
    private long deadline;
    private long pausedAt = -1;

    synchronized void start(Duration limit) {
        this.limit = limit;
        deadline = System.nanoTime() + limit.toNanos();
        pausedAt = -1;
    }

    synchronized void waitingForUser(boolean waiting) {
        if (waiting && pausedAt < 0) {
            pausedAt = System.nanoTime();
        } else if (!waiting && pausedAt >= 0) {
            deadline = System.nanoTime() + limit.toNanos();
            pausedAt = -1;
        }
    }

    synchronized boolean expired() {
        return pausedAt < 0 && System.nanoTime() > deadline;
    }

    /** Fails {@code opening} with a {@link TimeoutException} once expired, checking every 200 ms. */
    void failWhenExpired(CompletableFuture<?> opening) {
        var check = TIMER.scheduleWithFixedDelay(() -> {
            if (expired()) {
                opening.completeExceptionally(new TimeoutException());
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        opening.whenComplete((ok, failure) -> check.cancel(false));
    }
}
