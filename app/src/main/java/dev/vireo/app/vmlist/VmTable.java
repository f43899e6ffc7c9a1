package dev.vireo.app.vmlist;

import dev.vireo.app.prefs.Settings;
import dev.vireo.bridge.model.VirtualMachine;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import javafx.beans.value.ObservableValue;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.scene.control.skin.VirtualFlow;

/**
 * The VM table: groups per connection, columns name, state, CPU, memory and vCPUs, multi-select,
 * sortable. Rows are virtualized by the TreeTableView; {@link #visibleRows()} tells the samplers
 * which VMs are on screen.
 */
public final class VmTable {


    private final TreeTableView<TableEntry> table = new GroupedTreeTable();
    private boolean selectionSetAside;
    private final List<TreeTableColumn<TableEntry, ?>> columns = new ArrayList<>();
    private VirtualFlow<?> flow; // found once the skin exists

    public VmTable(VmListModel model) {
        table.setId("vm-table");
        table.setRoot(model.root());
        table.setShowRoot(false);
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TreeTableView.UNCONSTRAINED_RESIZE_POLICY);
        table.setPlaceholder(new javafx.scene.control.Label("No connections"));

        TreeTableColumn<TableEntry, Object> name = column("name", "Name", 340, VmTable::nameValue,
                Comparator.comparing(VmTable::sortName, String.CASE_INSENSITIVE_ORDER));
        name.setCellFactory(c -> new VmCells.NameCell());
        TreeTableColumn<TableEntry, Object> state = column("state", "State", 150, VmTable::nameValue,
                Comparator.comparing(VmTable::stateOrder));
        state.setCellFactory(c -> new VmCells.StateCell());
        TreeTableColumn<TableEntry, Object> cpu = column("cpu", "CPU", 150,
                e -> e instanceof VmRow r ? r.cpuProperty() : null,
                Comparator.comparingDouble(v -> v instanceof CpuHistory h ? h.latest() : -2));
        cpu.setCellFactory(c -> new VmCells.CpuCell());
        TreeTableColumn<TableEntry, Object> memory = column("memory", "Memory", 110,
                e -> e instanceof VmRow r ? r.memoryKiBProperty() : null,
                Comparator.comparingLong(v -> v instanceof Number n ? n.longValue() : -1));
        memory.setCellFactory(c -> new VmCells.MemoryCell());
        TreeTableColumn<TableEntry, Object> vcpus = column("vcpus", "vCPUs", 90, VmTable::nameValue,
                Comparator.comparingInt(v -> v instanceof VirtualMachine vm ? vm.description().vcpus() : -1));
        vcpus.setCellFactory(c -> new VmCells.VcpuCell());
        table.getSortOrder().add(name);
        // Every sort (a header clicked, rows changed) runs with the selection set aside:
        // TreeTableView.sort() itself would compare each selected position before and after with
        // List.contains, n² with a large selection (docs/performance.md).
        table.setOnSort(e -> {
            e.consume();
            if (selectionSetAside) {
                sortPolicy();
            } else {
                settingSelectionAside(this::sortPolicy);
            }
        });
        model.setAfterChange(this::resortAfterUpdate);
        model.setStructuralChange(this::keepingSelection);
    }

    private Runnable visibleRowsMayChange = () -> { };

    /** Calls {@code listener} when the rows on screen may have changed; it should look after layout. */
    public void onVisibleRowsMayChange(Runnable listener) {
        visibleRowsMayChange = listener;
        table.heightProperty().addListener(o -> listener.run());
        table.expandedItemCountProperty().addListener(o -> listener.run());
        table.getSortOrder().addListener((javafx.beans.InvalidationListener) o -> listener.run());
        columns.forEach(c -> c.sortTypeProperty().addListener(o -> listener.run()));
        table.skinProperty().addListener(o -> {
            if (table.lookup(".virtual-flow") instanceof VirtualFlow<?> f) {
                flow = f;
                f.positionProperty().addListener(p -> listener.run());
                listener.run();
            }
        });
    }

    public TreeTableView<TableEntry> control() {
        return table;
    }

    /**
     * Selects every row in one range: TreeTableView's own selectAll looks each row up one by one
     * (a quarter of a second on the FX thread with 5,000 VMs).
     */
    public void selectAll() {
        int rows = table.getExpandedItemCount();
        if (rows > 0) {
            table.getSelectionModel().selectRange(0, rows);
        }
    }

    /** Restores saved column widths. */
    public void restoreWidths(Settings settings) {
        for (TreeTableColumn<TableEntry, ?> c : columns) {
            settings.columnWidth(c.getId()).ifPresent(w -> c.setPrefWidth(Math.max(40, w)));
        }
    }

    public void saveWidths(Settings settings) {
        for (TreeTableColumn<TableEntry, ?> c : columns) {
            settings.setColumnWidth(c.getId(), c.getWidth());
        }
    }

    /** The VM rows currently on screen (FX thread). */
    public List<VmRow> visibleRows() {
        List<VmRow> rows = new ArrayList<>();
        if (flow == null && table.lookup(".virtual-flow") instanceof VirtualFlow<?> f) {
            flow = f;
        }
        if (flow == null) {
            return rows;
        }
        IndexedCell<?> first = flow.getFirstVisibleCell();
        IndexedCell<?> last = flow.getLastVisibleCell();
        if (first == null || last == null) {
            return rows;
        }
        for (int i = Math.max(0, first.getIndex()); i <= last.getIndex(); i++) {
            TreeItem<TableEntry> item = table.getTreeItem(i);
            if (item != null && item.getValue() instanceof VmRow r) {
                rows.add(r);
            }
        }
        return rows;
    }

    /**
     * Applies a change that adds or removes rows with the selection set aside, then sorts and
     * selects again what is still shown. TreeTableView's selection model fails inside sort() when
     * rows were removed under a selection (IndexOutOfBounds in SelectedItemsReadOnlyObservableList).
     */
    private void keepingSelection(Runnable change) {
        settingSelectionAside(() -> {
            change.run();
            if (!table.getSortOrder().isEmpty()) {
                table.sort(); // sets the comparator; the sort itself comes back through onSort
            }
        });
    }

    /** Runs {@code action} with nothing selected, then selects again what is still shown. */
    private void settingSelectionAside(Runnable action) {
        var selection = table.getSelectionModel();
        List<TreeItem<TableEntry>> selected = new ArrayList<>(selection.getSelectedItems()); // may hold nulls
        TreeItem<TableEntry> focused = table.getFocusModel().getFocusedItem();
        // Selected cells too: a row removed earlier can leave a cell position behind with no
        // selected item, and sort() then fails announcing its removal (JavaFX 21,
        // IndexOutOfBounds in SelectedItemsReadOnlyObservableList, reported by JavaFX to the
        // thread's uncaught-exception handler).
        if (!selected.isEmpty() || !selection.getSelectedCells().isEmpty()) {
            selection.clearSelection();
        }
        selectionSetAside = true;
        try {
            action.run();
        } finally {
            selectionSetAside = false;
        }
        // One call for the whole selection: selecting row by row costs O(n²) in events.
        // GroupedTreeTable finds each row in a step or two, and -1 for what is no longer shown.
        int[] rows = selected.stream().mapToInt(table::getRow).filter(r -> r >= 0).toArray();
        if (rows.length > 0) {
            selection.selectIndices(rows[0], java.util.Arrays.copyOfRange(rows, 1, rows.length));
        }
        int focusedRow = table.getRow(focused);
        if (focusedRow >= 0) {
            table.getFocusModel().focus(focusedRow);
        }
        visibleRowsMayChange.run(); // rows changed, states changed (a row may start running) or moved
    }

    @SuppressWarnings("unchecked")
    private void sortPolicy() {
        TreeTableView.DEFAULT_SORT_POLICY.call(table);
    }

    /**
     * After VMs changed in place: sorting again matters only if the table is sorted by something
     * that changes (state, CPU, memory). A sort by name is left alone: each sort sets the
     * selection aside and selects it again.
     */
    private void resortAfterUpdate() {
        boolean byChangingValue = table.getSortOrder().stream().anyMatch(c -> !"name".equals(c.getId())
                && !"vcpus".equals(c.getId()));
        if (byChangingValue) {
            resort();
        } else {
            visibleRowsMayChange.run();
        }
    }

    private void resort() {
        if (!table.getSortOrder().isEmpty()) {
            table.sort(); // through onSort, which also looks after the visible rows
        } else {
            visibleRowsMayChange.run();
        }
    }

    private TreeTableColumn<TableEntry, Object> column(String id, String title, double width,
            Function<TableEntry, ObservableValue<?>> value, Comparator<Object> comparator) {
        TreeTableColumn<TableEntry, Object> c = new TreeTableColumn<>(title);
        c.setId(id);
        // never TableColumn's default of 80: a column left at it is measured against rows made for
        // the purpose when first shown (TableColumnHeader's auto-size, ~10 ms at start-up)
        c.setPrefWidth(width);
        c.setCellValueFactory(f -> {
            TreeItem<TableEntry> item = f.getValue();
            @SuppressWarnings("unchecked")
            ObservableValue<Object> v = item == null || item.getValue() == null
                    ? null : (ObservableValue<Object>) value.apply(item.getValue());
            return v;
        });
        c.setComparator(comparator);
        columns.add(c);
        table.getColumns().add(c);
        return c;
    }

    private static ObservableValue<?> nameValue(TableEntry e) {
        return e instanceof VmRow r ? r.vmProperty() : ((ConnectionRow) e).headerProperty();
    }

    private static String sortName(Object v) {
        if (v instanceof VirtualMachine vm) {
            return vm.name();
        }
        return v instanceof ConnectionRow.Header h ? h.displayName() : "";
    }

    private static int stateOrder(Object v) {
        return v instanceof VirtualMachine vm ? vm.state().ordinal() : -1;
    }
}
