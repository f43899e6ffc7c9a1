package dev.vireo.bridge.internal;

import com.sun.jna.Callback;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt's event loop, implemented here on a {@code poll(2)} loop of our own and registered with
 * {@code virEventRegisterImpl}.
 *
 * <p>Why not {@code virEventRegisterDefaultImpl}: since libvirt 6 the default implementation
 * iterates GLib's global default main context, and in a JavaFX process on Linux that context
 * belongs to the JavaFX Application Thread (the GTK backend runs {@code gtk_main} there). Two
 * threads iterating it means libvirt's thread runs JavaFX's queued tasks and the FX thread runs
 * libvirt's callbacks; the first crashes the event loop, the second puts libvirt work on the UI
 * thread. This loop touches no GLib context at all.
 *
 * <p>Semantics follow libvirt's own reference implementation: callbacks run on the loop thread
 * without our lock held (they may add or remove watches); a removed handle or timer is only
 * marked, and its free function runs later from the loop, never from inside the remove call.
 */
public final class PollEventLoop {

    private static final Logger LOG = LoggerFactory.getLogger(PollEventLoop.class);

    // libvirt's virEventHandleType and poll(2)'s flags
    private static final int VIR_READABLE = 1;
    private static final int VIR_WRITABLE = 2;
    private static final int VIR_ERROR = 4;
    private static final int VIR_HANGUP = 8;
    private static final short POLLIN = 0x1;
    private static final short POLLPRI = 0x2;
    private static final short POLLOUT = 0x4;
    private static final short POLLERR = 0x8;
    private static final short POLLHUP = 0x10;
    private static final short POLLNVAL = 0x20;

    /** The functions libvirt calls to manage watches and timers. */
    public interface AddHandle extends Callback {
        int invoke(int fd, int events, Pointer cb, Pointer opaque, Pointer ff);
    }

    public interface UpdateHandle extends Callback {
        void invoke(int watch, int events);
    }

    public interface RemoveHandle extends Callback {
        int invoke(int watch);
    }

    public interface AddTimeout extends Callback {
        int invoke(int frequency, Pointer cb, Pointer opaque, Pointer ff);
    }

    public interface UpdateTimeout extends Callback {
        void invoke(int timer, int frequency);
    }

    public interface RemoveTimeout extends Callback {
        int invoke(int timer);
    }

    private static final class Libvirt {
        static {
            Native.register("virt");
        }

        static native void virEventRegisterImpl(AddHandle addHandle, UpdateHandle updateHandle,
                RemoveHandle removeHandle, AddTimeout addTimeout, UpdateTimeout updateTimeout,
                RemoveTimeout removeTimeout);
    }

    private static final class LibC {
        static {
            Native.register("c");
        }

        static native int poll(Pointer fds, int nfds, int timeout);

        static native int pipe(int[] fds);

        static native int read(int fd, byte[] buf, long count);

        static native int write(int fd, byte[] buf, long count);
    }

    private static final class Watch {
        final int id;
        final int fd;
        int events;
        final Function callback;
        final Pointer opaque;
        final Pointer free;
        boolean deleted;

        Watch(int id, int fd, int events, Pointer callback, Pointer opaque, Pointer free) {
            this.id = id;
            this.fd = fd;
            this.events = events;
            this.callback = Function.getFunction(callback);
            this.opaque = opaque;
            this.free = free;
        }
    }

    private static final class Timer {
        final int id;
        int frequency; // -1 disabled, 0 every iteration, else milliseconds
        long nextFire;
        final Function callback;
        final Pointer opaque;
        final Pointer free;
        boolean deleted;

        Timer(int id, int frequency, Pointer callback, Pointer opaque, Pointer free) {
            this.id = id;
            this.callback = Function.getFunction(callback);
            this.opaque = opaque;
            this.free = free;
            setFrequency(frequency);
        }

        void setFrequency(int f) {
            frequency = f;
            nextFire = f > 0 ? System.nanoTime() / 1_000_000 + f : 0;
        }
    }

    private final Object lock = new Object();
    private final Map<Integer, Watch> watches = new LinkedHashMap<>();
    private final Map<Integer, Timer> timers = new LinkedHashMap<>();
    private int nextWatch = 1;
    private int nextTimer = 1;
    private final int wakeRead;
    private final int wakeWrite;

    // Held in fields for as long as the process lives: libvirt keeps the function pointers.
    private final AddHandle addHandle = this::addHandle;
    private final UpdateHandle updateHandle = this::updateHandle;
    private final RemoveHandle removeHandle = this::removeHandle;
    private final AddTimeout addTimeout = this::addTimeout;
    private final UpdateTimeout updateTimeout = this::updateTimeout;
    private final RemoveTimeout removeTimeout = this::removeTimeout;

    private PollEventLoop() {
        int[] pipe = new int[2];
        if (LibC.pipe(pipe) != 0) {
            throw new IllegalStateException("cannot create the event loop's wake-up pipe (errno " + Native.getLastError() + ")");
        }
        wakeRead = pipe[0];
        wakeWrite = pipe[1];
    }

    /**
     * Registers this loop with libvirt and starts its thread. Call once per process, before the
     * first connection is opened.
     */
    public static PollEventLoop start(String threadName) {
        PollEventLoop loop = new PollEventLoop();
        Libvirt.virEventRegisterImpl(loop.addHandle, loop.updateHandle, loop.removeHandle,
                loop.addTimeout, loop.updateTimeout, loop.removeTimeout);
        Thread t = new Thread(loop::run, threadName);
        t.setDaemon(true);
        t.start();
        return loop;
    }

    // ------------------------------------------------------------------ called by libvirt

    private int addHandle(int fd, int events, Pointer cb, Pointer opaque, Pointer ff) {
        synchronized (lock) {
            int id = nextWatch++;
            watches.put(id, new Watch(id, fd, events, cb, opaque, ff));
            wake();
            return id;
        }
    }

    private void updateHandle(int watch, int events) {
        synchronized (lock) {
            Watch w = watches.get(watch);
            if (w != null && !w.deleted) {
                w.events = events;
                wake();
            }
        }
    }

    private int removeHandle(int watch) {
        synchronized (lock) {
            Watch w = watches.get(watch);
            if (w == null || w.deleted) {
                return -1;
            }
            w.deleted = true;
            wake();
            return 0;
        }
    }

    private int addTimeout(int frequency, Pointer cb, Pointer opaque, Pointer ff) {
        synchronized (lock) {
            int id = nextTimer++;
            timers.put(id, new Timer(id, frequency, cb, opaque, ff));
            wake();
            return id;
        }
    }

    private void updateTimeout(int timer, int frequency) {
        synchronized (lock) {
            Timer t = timers.get(timer);
            if (t != null && !t.deleted) {
                t.setFrequency(frequency);
                wake();
            }
        }
    }

    private int removeTimeout(int timer) {
        synchronized (lock) {
            Timer t = timers.get(timer);
            if (t == null || t.deleted) {
                return -1;
            }
            t.deleted = true;
            wake();
            return 0;
        }
    }

    private void wake() {
        LibC.write(wakeWrite, new byte[] {1}, 1);
    }

    // ------------------------------------------------------------------ the loop

    private void run() {
        while (true) {
            try {
                iterate();
            } catch (RuntimeException | Error e) {
                // One failed iteration must not end event delivery for every connection.
                LOG.warn("libvirt event loop iteration failed; continuing", e);
            }
        }
    }

    private void iterate() {
        List<Watch> polled = new ArrayList<>();
        int timeout;
        Memory fds;
        synchronized (lock) {
            for (Watch w : watches.values()) {
                if (!w.deleted && w.events != 0) {
                    polled.add(w);
                }
            }
            timeout = nextTimeout();
            fds = new Memory(8L * (polled.size() + 1));
            fds.clear();
            fds.setInt(0, wakeRead);
            fds.setShort(4, POLLIN);
            for (int i = 0; i < polled.size(); i++) {
                Watch w = polled.get(i);
                fds.setInt(8L * (i + 1), w.fd);
                fds.setShort(8L * (i + 1) + 4, toPoll(w.events));
            }
        }
        int n = LibC.poll(fds, polled.size() + 1, timeout);
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno != 4 /* EINTR */) {
                LOG.warn("poll failed in libvirt's event loop (errno {})", errno);
            }
            return;
        }
        if ((fds.getShort(6) & POLLIN) != 0) {
            // One read: it returns what is there without blocking; more wakes the next poll at once.
            LibC.read(wakeRead, new byte[256], 256);
        }
        dispatchTimers();
        for (int i = 0; i < polled.size(); i++) {
            short revents = fds.getShort(8L * (i + 1) + 6);
            if (revents == 0) {
                continue;
            }
            Watch w = polled.get(i);
            synchronized (lock) {
                if (w.deleted) {
                    continue;
                }
            }
            w.callback.invokeVoid(new Object[] {w.id, w.fd, fromPoll(revents), w.opaque});
        }
        releaseDeleted();
    }

    /** Milliseconds until the next timer is due: 0 if one is due now, -1 if there are none. */
    private int nextTimeout() {
        long now = System.nanoTime() / 1_000_000;
        long soonest = -1;
        for (Timer t : timers.values()) {
            if (t.deleted || t.frequency < 0) {
                continue;
            }
            long wait = t.frequency == 0 ? 0 : Math.max(0, t.nextFire - now);
            soonest = soonest < 0 ? wait : Math.min(soonest, wait);
        }
        return (int) Math.min(soonest, Integer.MAX_VALUE);
    }

    private void dispatchTimers() {
        long now = System.nanoTime() / 1_000_000;
        List<Timer> due = new ArrayList<>();
        synchronized (lock) {
            for (Timer t : timers.values()) {
                if (!t.deleted && t.frequency >= 0 && (t.frequency == 0 || t.nextFire <= now)) {
                    due.add(t);
                    if (t.frequency > 0) {
                        t.nextFire = now + t.frequency;
                    }
                }
            }
        }
        for (Timer t : due) {
            synchronized (lock) {
                if (t.deleted) {
                    continue;
                }
            }
            t.callback.invokeVoid(new Object[] {t.id, t.opaque});
        }
    }

    /** Forgets removed watches and timers and calls their free functions, outside any libvirt call. */
    private void releaseDeleted() {
        List<Pointer[]> toFree = new ArrayList<>();
        synchronized (lock) {
            watches.values().removeIf(w -> {
                if (w.deleted && w.free != null) {
                    toFree.add(new Pointer[] {w.free, w.opaque});
                }
                return w.deleted;
            });
            timers.values().removeIf(t -> {
                if (t.deleted && t.free != null) {
                    toFree.add(new Pointer[] {t.free, t.opaque});
                }
                return t.deleted;
            });
        }
        for (Pointer[] f : toFree) {
            Function.getFunction(f[0]).invokeVoid(new Object[] {f[1]});
        }
    }

    private static short toPoll(int events) {
        short p = 0;
        if ((events & VIR_READABLE) != 0) {
            p |= POLLIN | POLLPRI;
        }
        if ((events & VIR_WRITABLE) != 0) {
            p |= POLLOUT;
        }
        return p;
    }

    private static int fromPoll(short revents) {
        int e = 0;
        if ((revents & (POLLIN | POLLPRI)) != 0) {
            e |= VIR_READABLE;
        }
        if ((revents & POLLOUT) != 0) {
            e |= VIR_WRITABLE;
        }
        if ((revents & (POLLERR | POLLNVAL)) != 0) {
            e |= VIR_ERROR;
        }
        if ((revents & POLLHUP) != 0) {
            e |= VIR_HANGUP;
        }
        return e;
    }
}
