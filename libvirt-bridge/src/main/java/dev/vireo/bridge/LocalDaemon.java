package dev.vireo.bridge;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/** Whether this machine's libvirt daemon answers (for offering "Local system" to the user). */
public final class LocalDaemon {

    private LocalDaemon() {
    }

    /**
     * Completes with true when {@code qemu:///system} can be opened read-only within {@code limit};
     * false otherwise (no daemon, no permission, no answer). Runs on a thread of its own.
     */
    public static CompletableFuture<Boolean> answers(Duration limit) {
        CompletableFuture<Boolean> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                Connect c = new Connect("qemu:///system", true);
                c.close();
                result.complete(true);
            } catch (LibvirtException | RuntimeException e) {
                result.complete(false);
            }
        }, "libvirt local daemon probe");
        t.setDaemon(true);
        t.start();
        return result.completeOnTimeout(false, limit.toMillis(), TimeUnit.MILLISECONDS);
    }
}
