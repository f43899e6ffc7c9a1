package dev.vireo.app.vmlist;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;

/**
 * The VM table's control: a two-level tree (connections, then their VMs, which never have
 * children) whose row lookups cost one step per connection instead of one step per row above.
 *
 * <p>TreeTableView finds row <i>r</i> by walking the parent's children from the first, and an
 * item's row by walking back and calling {@code indexOf}. Its selection model does one lookup per
 * selected row, so selecting all rows or sorting under a large selection costs <i>n</i>² steps:
 * a quarter of a second to a second on the FX thread with 5,000 VMs (docs/performance.md). Both
 * lookups here read the live tree, so they cannot go stale: a row is the connection's offset
 * plus the VM's index, and the index comes from a per-connection map that is checked against
 * the children list on every use and rebuilt when the check fails.
 */
final class GroupedTreeTable extends TreeTableView<TableEntry> {

    /** Per connection: each VM item's index among its children, as last seen. */
    private final Map<TreeItem<TableEntry>, Map<TreeItem<TableEntry>, Integer>> indexes = new WeakHashMap<>();

    @Override
    public TreeItem<TableEntry> getTreeItem(int row) {
        getExpandedItemCount(); // lets TreeTableView bring its own bookkeeping up to date first
        TreeItem<TableEntry> root = getRoot();
        if (row < 0 || root == null) {
            return null;
        }
        int r = row;
        if (isShowRoot()) {
            if (r == 0) {
                return root;
            }
            r--;
        }
        if (!root.isExpanded()) {
            return null;
        }
        for (TreeItem<TableEntry> group : root.getChildren()) {
            if (r == 0) {
                return group;
            }
            r--;
            if (group.isExpanded()) {
                List<TreeItem<TableEntry>> vms = group.getChildren();
                if (r < vms.size()) {
                    return vms.get(r);
                }
                r -= vms.size();
            }
        }
        return null;
    }

    @Override
    public int getRow(TreeItem<TableEntry> item) {
        getExpandedItemCount();
        TreeItem<TableEntry> root = getRoot();
        if (item == null || root == null) {
            return -1;
        }
        if (item == root) {
            return isShowRoot() ? 0 : -1;
        }
        TreeItem<TableEntry> group = item.getParent() == root ? item : item.getParent();
        if (group == null || group.getParent() != root || !root.isExpanded()) {
            return -1; // not in this tree (any more)
        }
        int row = isShowRoot() ? 1 : 0;
        for (TreeItem<TableEntry> g : root.getChildren()) {
            if (g == group) {
                if (item == group) {
                    return row;
                }
                int index = group.isExpanded() ? indexIn(group, item) : -1;
                return index < 0 ? -1 : row + 1 + index;
            }
            row += 1 + (g.isExpanded() ? g.getChildren().size() : 0);
        }
        return -1;
    }

    private int indexIn(TreeItem<TableEntry> group, TreeItem<TableEntry> item) {
        List<TreeItem<TableEntry>> vms = group.getChildren();
        Map<TreeItem<TableEntry>, Integer> index = indexes.get(group);
        Integer i = index == null ? null : index.get(item);
        if (i != null && i < vms.size() && vms.get(i) == item) {
            return i;
        }
        index = new IdentityHashMap<>(vms.size() * 2);
        for (int k = 0; k < vms.size(); k++) {
            index.put(vms.get(k), k);
        }
        indexes.put(group, index);
        i = index.get(item);
        return i == null ? -1 : i;
    }
}
