package dev.vireo.app.gpu;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.observe.Subscription;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Says when a host's graphics cards are worth reading again: after a node device is created,
 * deleted, defined, undefined or changed, and after a VM is defined or undefined (its definition
 * decides which VM uses a card). A burst of events makes one call, {@code delay} after its first
 * event; an event arriving after that call starts the next burst. No JavaFX: the caller says where
 * the call runs, and the call only starts the read (which runs on the connection's thread).
 */
public final class GpuChangeWatch implements AutoCloseable {

    /** Long enough to take in a burst (a VM defined with its devices), short enough to feel at once. */
    public static final Duration DELAY = Duration.ofMillis(300);

    private final Duration delay;
    private final Executor target;
    private final Consumer<String> reread;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final List<Subscription> subscriptions;
    private volatile boolean closed;

    /**
     * Starts watching {@code connection}. {@code reread} is called on {@code target} with why
     * ("after a device change", "after a VM definition change") until {@link #close()}.
     */
    public GpuChangeWatch(HostConnection connection, Duration delay, Executor target, Consumer<String> reread) {
        this.delay = delay;
        this.target = target;
        this.reread = reread;
        this.subscriptions = List.of(
                connection.onNodeDeviceEvent(e -> changed("after a device change")),
                connection.onLifecycleEvent(e -> {
                    if (e.type().equals("DEFINED") || e.type().equals("UNDEFINED")) {
                        changed("after a VM definition change");
                    }
                }));
    }

    /** From any thread (libvirt's event loop, the connection's thread): queues one call per burst. */
    private void changed(String why) {
        if (closed || !queued.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS, target).execute(() -> {
            queued.set(false);
            if (!closed) {
                reread.accept(why);
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        subscriptions.forEach(Subscription::close);
    }
}
