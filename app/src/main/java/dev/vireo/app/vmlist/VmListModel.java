package dev.vireo.app.vmlist;

import dev.vireo.app.common.FxBridge;
import dev.vireo.app.connections.ConnectionManager;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.observe.Subscription;
import dev.vireo.bridge.stats.DomainStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.TreeItem;

/**
 * The content of the VM table: one group per connection, its VMs below, filtered. Applies the
 * bridge's deltas on the FX thread, so a state change updates one row without a reload.
 */
public final class VmListModel implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(VmListModel.class);

    private final TreeItem<TableEntry> root = new TreeItem<>();
    private final Map<ConnectionManager.Entry, Group> groups = new LinkedHashMap<>();
    private final ObjectProperty<VmFilter> filter = new SimpleObjectProperty<>(VmFilter.NONE);
    private final ObjectProperty<Counts> counts = new SimpleObjectProperty<>(Counts.EMPTY);
    private final List<Subscription> subscriptions = new ArrayList<>();
    private Runnable afterChange = () -> { };
    private Runnable connectionStatusChanged = () -> { };
    private java.util.function.Consumer<Runnable> structuralChange = Runnable::run;

    public VmListModel(ConnectionManager connections) {
        subscriptions.add(connections.onAdded(e -> FxBridge.run(() -> add(e))));
        subscriptions.add(connections.onRemoved(e -> FxBridge.run(() -> remove(e))));
        connections.entries().forEach(e -> FxBridge.run(() -> add(e)));
        filter.addListener((obs, old, f) -> groups.values().forEach(Group::refilter));
        root.setExpanded(true);
    }

    public TreeItem<TableEntry> root() {
        return root;
    }

    public ObjectProperty<VmFilter> filterProperty() {
        return filter;
    }

    private final javafx.beans.property.IntegerProperty settled = new javafx.beans.property.SimpleIntegerProperty();

    /** How many connections have finished their first listing (or failed). */
    public javafx.beans.property.ReadOnlyIntegerProperty settledConnectionsProperty() {
        return settled;
    }

    public int connectionCount() {
        return groups.size();
    }

    /** VM counts over all connections (not filtered). */
    public ReadOnlyObjectProperty<Counts> countsProperty() {
        return counts;
    }

    /** Called after a connection's status changed (its rows are shown online or greyed). */
    public void setOnConnectionStatus(Runnable r) {
        connectionStatusChanged = r;
    }

    /** Called after each batch of changes that moved no row in or out (the view re-sorts there). */
    public void setAfterChange(Runnable r) {
        afterChange = r;
    }

    /**
     * Wraps every change that adds or removes rows; the view uses it to set the selection aside
     * and re-sort (see {@link VmTable}).
     */
    public void setStructuralChange(java.util.function.Consumer<Runnable> wrapper) {
        structuralChange = wrapper;
    }

    private Map<ConnectionManager.Entry, Set<String>> lastVisible = Map.of();

    /** Tells each connection's sampler which running VMs are on screen (only when that changed). */
    public void setVisible(Collection<VmRow> rows) {
        Map<ConnectionManager.Entry, Set<String>> byConnection = new HashMap<>();
        groups.keySet().forEach(e -> byConnection.put(e, new HashSet<>()));
        for (VmRow r : rows) {
            Set<String> set = byConnection.get(r.connection().entry());
            if (set != null && VmRow.sampled(r.vm())) {
                set.add(r.vm().uuid());
            }
        }
        if (!byConnection.equals(lastVisible)) {
            byConnection.forEach((e, uuids) -> e.stats().watch(uuids));
            lastVisible = byConnection;
        }
    }


    private void add(ConnectionManager.Entry entry) {
        if (groups.containsKey(entry)) {
            return;
        }
        Group g = new Group(entry);
        groups.put(entry, g);
        root.getChildren().add(g.item);
    }

    private void remove(ConnectionManager.Entry entry) {
        Group g = groups.remove(entry);
        if (g != null) {
            g.close();
            root.getChildren().remove(g.item);
            recount();
        }
    }

    private void recount() {
        Map<DomainState, Integer> byState = new EnumMap<>(DomainState.class);
        int total = 0;
        for (Group g : groups.values()) {
            for (TreeItem<TableEntry> i : g.rows.values()) {
                byState.merge(((VmRow) i.getValue()).vm().state(), 1, Integer::sum);
                total++;
            }
        }
        counts.set(new Counts(total, byState));
    }

    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
        groups.values().forEach(Group::close);
    }

    /** How many VMs there are, by state. */
    public record Counts(int total, Map<DomainState, Integer> byState) {
        static final Counts EMPTY = new Counts(0, Map.of());

        public int of(DomainState s) {
            return byState.getOrDefault(s, 0);
        }
    }

    /** One connection's header item and VM items. */
    private final class Group {
        final ConnectionRow header;
        final TreeItem<TableEntry> item;
        final Map<String, TreeItem<TableEntry>> rows = new HashMap<>();
        final List<Subscription> subs = new ArrayList<>();

        Group(ConnectionManager.Entry entry) {
            header = new ConnectionRow(entry);
            item = new TreeItem<>(header);
            item.setExpanded(true);
            // One inbox for everything from this connection, drained in arrival order: a status
            // must never overtake the domain changes that came before it.
            FxBridge.Coalescer<Object> inbox = new FxBridge.Coalescer<>(this::drain);
            subs.add(entry.connection().domains().subscribe((up, removed) -> inbox.add(new Delta(up, removed))));
            subs.add(entry.stats().subscribe(inbox::add));
            subs.add(entry.connection().status().subscribe(inbox::add));
        }

        @SuppressWarnings("unchecked")
        private void drain(List<Object> items) {
            List<Delta> deltas = new ArrayList<>();
            for (Object item : items) {
                if (item instanceof Delta d) {
                    deltas.add(d);
                    continue;
                }
                if (!deltas.isEmpty()) {
                    apply(deltas);
                    deltas = new ArrayList<>();
                }
                if (item instanceof dev.vireo.bridge.ConnectionStatus status) {
                    statusChanged(status);
                } else if (item instanceof Map<?, ?> stats) {
                    applyStats(List.of((Map<String, DomainStats>) stats));
                }
            }
            if (!deltas.isEmpty()) {
                apply(deltas);
            }
        }

        private boolean shownOnce;

        private void apply(List<Delta> batch) {
            Set<TreeItem<TableEntry>> added = new java.util.LinkedHashSet<>();
            Set<TreeItem<TableEntry>> hidden = new HashSet<>();
            VmFilter f = filter.get();
            for (Delta d : batch) {
                for (VirtualMachine vm : d.upserted()) {
                    TreeItem<TableEntry> i = rows.get(vm.key());
                    if (i == null) {
                        i = new TreeItem<>(new VmRow(header, vm));
                        rows.put(vm.key(), i);
                        if (f.test(vm)) {
                            added.add(i);
                            hidden.remove(i);
                        }
                    } else {
                        ((VmRow) i.getValue()).update(vm);
                        boolean shown = i.getParent() != null || added.contains(i);
                        if (f.test(vm) && !shown) {
                            added.add(i);
                            hidden.remove(i);
                        } else if (!f.test(vm) && shown) {
                            added.remove(i);
                            hidden.add(i);
                        }
                    }
                }
                for (String key : d.removed()) {
                    TreeItem<TableEntry> i = rows.remove(key);
                    if (i != null) {
                        added.remove(i);
                        hidden.add(i);
                    }
                }
            }
            if (!hidden.isEmpty() || !added.isEmpty()) {
                structuralChange.accept(() -> {
                    item.getChildren().removeAll(hidden);
                    item.getChildren().addAll(added);
                });
            } else {
                afterChange.run();
            }
            header.setVmCount(rows.size());
            recount();

        }

        private void statusChanged(dev.vireo.bridge.ConnectionStatus status) {
            header.setStatus(status);
            boolean offline = shownOnce && status.state() != dev.vireo.bridge.ConnectionState.CONNECTED;
            if (offline != header.offline()) {
                header.setOffline(offline);
                connectionStatusChanged.run();
            }
            // The list arrives before the status says connected (same thread, same order on the FX
            // thread), so at this point the table holds the complete first list.
            if (!shownOnce && status.state() != dev.vireo.bridge.ConnectionState.CONNECTING
                    && status.state() != dev.vireo.bridge.ConnectionState.DISCONNECTED) {
                shownOnce = true;
                settled.set(settled.get() + 1);
                if (status.state() == dev.vireo.bridge.ConnectionState.CONNECTED) {
                    LOG.info("{}: {} VMs listed", header.displayName(), rows.size()); // bench/manager-scale.sh waits for it
                }
            }
        }

        private void applyStats(List<Map<String, DomainStats>> rounds) {
            for (Map<String, DomainStats> round : rounds) {
                round.forEach((uuid, s) -> {
                    TreeItem<TableEntry> i = rows.get(header.entry().connection().id() + "/" + uuid);
                    if (i != null) {
                        ((VmRow) i.getValue()).addSample(s);
                    }
                });
            }
        }

        void refilter() {
            VmFilter f = filter.get();
            List<TreeItem<TableEntry>> shown = new ArrayList<>();
            for (TreeItem<TableEntry> i : rows.values()) {
                if (f.test(((VmRow) i.getValue()).vm())) {
                    shown.add(i);
                }
            }
            structuralChange.accept(() -> item.getChildren().setAll(shown));
        }

        void close() {
            subs.forEach(Subscription::close);
        }
    }

    private record Delta(Collection<VirtualMachine> upserted, Set<String> removed) {
    }
}
