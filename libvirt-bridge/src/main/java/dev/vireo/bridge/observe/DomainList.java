package dev.vireo.bridge.observe;

import dev.vireo.bridge.model.VirtualMachine;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The domains of one connection, keyed by {@link VirtualMachine#key()}. Written only from the
 * connection's own thread; read from anywhere. Listeners receive deltas, never the whole list,
 * so a state change of one VM among 5,000 costs one row.
 */
public final class DomainList {

    private final Map<String, VirtualMachine> byKey = new LinkedHashMap<>();
    private final List<DomainListListener> listeners = new CopyOnWriteArrayList<>();

    public synchronized List<VirtualMachine> snapshot() {
        return List.copyOf(byKey.values());
    }

    public synchronized VirtualMachine get(String key) {
        return byKey.get(key);
    }

    public synchronized int size() {
        return byKey.size();
    }

    /** Replaces the whole content (after a (re)connect) and reports the difference. */
    public void replaceAll(Collection<VirtualMachine> vms) {
        List<VirtualMachine> upserted = new ArrayList<>();
        Set<String> removed;
        synchronized (this) {
            Map<String, VirtualMachine> next = new LinkedHashMap<>();
            for (VirtualMachine vm : vms) {
                next.put(vm.key(), vm);
                if (!vm.equals(byKey.get(vm.key()))) {
                    upserted.add(vm);
                }
            }
            removed = new java.util.HashSet<>(byKey.keySet());
            removed.removeAll(next.keySet());
            byKey.clear();
            byKey.putAll(next);
        }
        fire(upserted, removed);
    }

    public void put(VirtualMachine vm) {
        synchronized (this) {
            if (vm.equals(byKey.put(vm.key(), vm))) {
                return;
            }
        }
        fire(List.of(vm), Set.of());
    }

    public void remove(String key) {
        synchronized (this) {
            if (byKey.remove(key) == null) {
                return;
            }
        }
        fire(List.of(), Set.of(key));
    }

    /** Clears the list (connection closed or lost). */
    public void clear() {
        Set<String> removed;
        synchronized (this) {
            removed = Set.copyOf(byKey.keySet());
            byKey.clear();
        }
        fire(List.of(), removed);
    }

    /** Registers {@code listener}; it first receives the current content as one batch of upserts. */
    public Subscription subscribe(DomainListListener listener) {
        // Under the lock, so that no later change can reach the listener before this first batch.
        // The single writer fires each change right after making it, so a change fired after
        // this batch is either already in it (harmless to apply again) or newer.
        synchronized (this) {
            listeners.add(listener);
            if (!byKey.isEmpty()) {
                listener.changed(List.copyOf(byKey.values()), Set.of());
            }
        }
        return () -> listeners.remove(listener);
    }

    private void fire(Collection<VirtualMachine> upserted, Set<String> removed) {
        if (upserted.isEmpty() && removed.isEmpty()) {
            return;
        }
        for (DomainListListener l : listeners) {
            l.changed(upserted, removed);
        }
    }
}
