package dev.vireo.bridge.stats;

import com.sun.jna.Pointer;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.internal.LibvirtNative;
import dev.vireo.bridge.internal.NativeConnect;
import dev.vireo.bridge.internal.NativeErrors;
import dev.vireo.bridge.internal.StatsRecords;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.observe.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples CPU and memory of the running domains someone is looking at, and only those: the UI
 * tells it which rows are visible. One bulk call per interval ({@code virDomainListGetStats}),
 * falling back to one {@code virDomainGetInfo} per domain where the driver's records lack CPU
 * time. All libvirt work runs on the connection's thread; with nothing watched it does nothing.
 */
public final class StatsSampler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatsSampler.class);

    /**
     * When rows come into view, how long after a first prompt round a second one follows: a CPU
     * share needs two samples, and new rows show theirs this long after, not one or two periods
     * later (the window's first rows after ~6 s with a 3 s period).
     */
    static final Duration FIRST_SHARE = Duration.ofSeconds(1);

    private final HostConnection connection;
    private final List<Consumer<Map<String, DomainStats>>> listeners = new CopyOnWriteArrayList<>();
    private volatile Set<String> watched = Set.of();
    private long lastPrompt = System.nanoTime() - FIRST_SHARE.toNanos(); // watch()'s caller only

    // Connection thread only.
    private final Map<String, Pointer> handles = new HashMap<>();
    private final Map<String, CpuCounter> counters = new HashMap<>();
    private boolean bulkSupported = true;
    private NativeConnect handlesOwner;
    private final Subscription schedule;

    public StatsSampler(HostConnection connection, Duration period) {
        this.connection = connection;
        this.schedule = connection.every(period, this::sampleSafely);
    }

    /**
     * Sets which domains (by UUID) to sample; the rest are forgotten. Called from one thread (the
     * window's). Domains that were not watched before get two prompt rounds (now and
     * {@link #FIRST_SHARE} later), so that their CPU share shows within about a second; at most
     * one pair a second, however fast rows scroll by (rows that come meanwhile wait for the
     * regular rounds).
     */
    public void watch(Set<String> uuids) {
        boolean added = !watched.containsAll(uuids);
        watched = Set.copyOf(uuids);
        long now = System.nanoTime();
        if (added && now - lastPrompt >= FIRST_SHARE.toNanos()) {
            lastPrompt = now;
            connection.after(Duration.ZERO, this::sampleSafely);
            connection.after(FIRST_SHARE, this::sampleSafely);
        }
    }

    /** Receives each round of samples, keyed by UUID, on the connection thread. */
    public Subscription subscribe(Consumer<Map<String, DomainStats>> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void sampleSafely(NativeConnect c) {
        try {
            sample(c);
        } catch (RuntimeException e) {
            // Polling errors are logged, never shown: the connection status reports a lost host.
            LOG.debug("statistics round failed on {}: {}", connection.id(), e.getMessage());
            releaseHandles();
        }
    }

    private void sample(NativeConnect c) {
        if (c != handlesOwner) {
            releaseHandles();
            handlesOwner = c;
        }
        Set<String> wanted = new java.util.HashSet<>();
        Map<String, Integer> vcpus = new HashMap<>();
        for (String uuid : watched) {
            VirtualMachine vm = connection.domains().get(connection.id() + "/" + uuid);
            if (vm != null && vm.active()) {
                wanted.add(uuid);
                vcpus.put(uuid, vm.description().vcpus());
            }
        }
        syncHandles(c, wanted);
        if (handles.isEmpty()) {
            return;
        }
        long now = System.nanoTime();
        Map<String, DomainStats> result = new HashMap<>();
        Map<String, StatsRecords.Record> records = bulk();
        for (Map.Entry<String, Pointer> h : handles.entrySet()) {
            String uuid = h.getKey();
            StatsRecords.Record r = records.get(uuid);
            long cpuNs;
            long memKiB;
            if (r != null && r.values().containsKey("cpu.time")) {
                cpuNs = r.values().get("cpu.time").longValue();
                Number balloon = r.values().get("balloon.current");
                memKiB = balloon == null ? 0 : balloon.longValue();
            } else {
                long[] info = NativeStats.info(h.getValue());
                memKiB = info[0];
                cpuNs = info[2];
            }
            double cpu = counters.computeIfAbsent(uuid, u -> new CpuCounter()).sample(cpuNs, now, vcpus.get(uuid));
            result.put(uuid, new DomainStats(uuid, cpu, memKiB));
        }
        listeners.forEach(l -> l.accept(Map.copyOf(result)));
    }

    private Map<String, StatsRecords.Record> bulk() {
        Map<String, StatsRecords.Record> byUuid = new HashMap<>();
        if (!bulkSupported) {
            return byUuid;
        }
        try {
            for (StatsRecords.Record r : NativeStats.list(new ArrayList<>(handles.values()))) {
                byUuid.put(r.uuid(), r);
            }
        } catch (VirtException e) {
            if (e.isUnsupported()) {
                LOG.info("{} has no bulk statistics; reading each domain instead", connection.id());
                bulkSupported = false;
            } else {
                throw e;
            }
        }
        return byUuid;
    }

    private void syncHandles(NativeConnect c, Set<String> wanted) {
        for (Iterator<Map.Entry<String, Pointer>> it = handles.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Pointer> e = it.next();
            if (!wanted.contains(e.getKey())) {
                LibvirtNative.virDomainFree(e.getValue());
                counters.remove(e.getKey());
                it.remove();
            }
        }
        for (String uuid : wanted) {
            if (!handles.containsKey(uuid)) {
                Pointer dom = LibvirtNative.virDomainLookupByUUIDString(c.pointer(), uuid);
                if (dom == null) {
                    LOG.debug("no handle for {}: {}", uuid, NativeErrors.lastError("lookup").details());
                } else {
                    handles.put(uuid, dom);
                }
            }
        }
    }

    private void releaseHandles() {
        handles.values().forEach(LibvirtNative::virDomainFree);
        handles.clear();
        counters.clear();
    }

    @Override
    public void close() {
        schedule.close();
        listeners.clear();
        connection.call("release statistics handles", c -> {
            releaseHandles();
            return null;
        });
    }
}
