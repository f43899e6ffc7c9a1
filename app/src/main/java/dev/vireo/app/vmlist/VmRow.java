package dev.vireo.app.vmlist;

import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.stats.DomainStats;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;

/** One VM in the table: the latest record from the bridge and its recent statistics. FX thread only. */
public final class VmRow implements TableEntry {

    private final ConnectionRow connection;
    private final ObjectProperty<VirtualMachine> vm;
    private final ObjectProperty<CpuHistory> cpu = new SimpleObjectProperty<>(CpuHistory.EMPTY);
    private final LongProperty memoryKiB = new SimpleLongProperty();

    VmRow(ConnectionRow connection, VirtualMachine vm) {
        this.connection = connection;
        this.vm = new SimpleObjectProperty<>(vm);
        memoryKiB.set(vm.description().currentMemoryKiB());
    }

    public ConnectionRow connection() {
        return connection;
    }

    public VirtualMachine vm() {
        return vm.get();
    }

    public ReadOnlyObjectProperty<VirtualMachine> vmProperty() {
        return vm;
    }

    public ReadOnlyObjectProperty<CpuHistory> cpuProperty() {
        return cpu;
    }

    /**
     * The guest's memory: the balloon size from the last sample while it runs and is on screen,
     * otherwise the current memory its XML gives.
     */
    public ReadOnlyLongProperty memoryKiBProperty() {
        return memoryKiB;
    }

    /** Whether statistics mean anything for this VM: it runs guest code (not paused, suspended or off). */
    public static boolean sampled(VirtualMachine vm) {
        return switch (vm.state()) {
            case RUNNING, BLOCKED, SHUTDOWN -> true;
            default -> false;
        };
    }

    void update(VirtualMachine next) {
        vm.set(next);
        if (!sampled(next)) {
            cpu.set(CpuHistory.EMPTY);
            memoryKiB.set(next.description().currentMemoryKiB());
        }
    }

    void addSample(DomainStats stats) {
        if (!sampled(vm.get())) {
            return;
        }
        if (stats.hasCpu()) {
            cpu.set(cpu.get().append(stats.cpuPercent()));
        }
        if (stats.memoryKiB() > 0) {
            memoryKiB.set(stats.memoryKiB());
        }
    }
}
