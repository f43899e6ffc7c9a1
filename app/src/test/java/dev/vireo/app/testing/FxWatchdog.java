package dev.vireo.app.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;

/**
 * Watches the JavaFX Application Thread: every few milliseconds it posts a no-op and measures how
 * long the thread takes to run it. A stall longer than the limit is recorded with the FX thread's
 * stack at that moment, so a failure names the code that blocked.
 */
public final class FxWatchdog implements AutoCloseable {

    private final long limitNanos;
    private final Thread thread;
    private final AtomicLong postedAt = new AtomicLong();
    private final List<String> stalls = new ArrayList<>();
    private volatile boolean running = true;
    private volatile long maxNanos;
    private volatile Thread fxThread;

    public FxWatchdog(long limitMillis) {
        this.limitNanos = limitMillis * 1_000_000;
        Platform.runLater(() -> fxThread = Thread.currentThread());
        thread = new Thread(this::watch, "fx-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    private void watch() {
        while (running) {
            long posted = System.nanoTime();
            postedAt.set(posted);
            Platform.runLater(() -> {
                long delay = System.nanoTime() - postedAt.get();
                if (delay > maxNanos) {
                    maxNanos = delay;
                }
                postedAt.set(0);
            });
            String stackWhenStalled = null;
            while (running && postedAt.get() != 0) {
                long waited = System.nanoTime() - posted;
                if (waited > limitNanos / 2 && stackWhenStalled == null && fxThread != null) {
                    stackWhenStalled = stackOf(fxThread); // sampled mid-stall: what the thread is busy with
                }
                sleep(2);
            }
            if (stackWhenStalled != null && System.nanoTime() - posted > limitNanos) {
                long total = (System.nanoTime() - posted) / 1_000_000;
                synchronized (stalls) {
                    stalls.add("FX thread blocked " + total + " ms at:\n" + stackWhenStalled);
                }
            }
            sleep(10);
        }
    }

    private static String stackOf(Thread t) {
        StringBuilder s = new StringBuilder();
        for (StackTraceElement e : t.getStackTrace()) {
            s.append("    at ").append(e).append('\n');
        }
        return s.toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The stalls longer than the limit seen so far, each with the FX thread's stack. */
    public List<String> stalls() {
        synchronized (stalls) {
            return List.copyOf(stalls);
        }
    }

    public long maxMillis() {
        return maxNanos / 1_000_000;
    }

    @Override
    public void close() {
        running = false;
    }
}
