package dev.vireo.app.vmlist;

import static dev.vireo.app.testing.FxTesting.onFx;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;

/**
 * GroupedTreeTable's row lookups against TreeTableView's own, on the same trees: connections
 * expanded, collapsed and empty, the root shown or not, and after the kinds of change the VM list
 * makes (sorting, VMs added and removed, a connection removed), which its index cache must notice.
 */
@ExtendWith(ApplicationExtension.class)
class GroupedTreeTableTest {

    @Test
    void rowsAndItemsMatchTreeTableViewsOwn() {
        onFx(() -> {
            Random random = new Random(7);
            for (int round = 0; round < 40; round++) {
                TreeItem<TableEntry> root = new TreeItem<>();
                root.setExpanded(true);
                int groups = 1 + random.nextInt(4);
                for (int g = 0; g < groups; g++) {
                    TreeItem<TableEntry> group = new TreeItem<>();
                    group.setExpanded(random.nextInt(4) != 0);
                    int vms = random.nextInt(4) == 0 ? 0 : random.nextInt(60);
                    for (int v = 0; v < vms; v++) {
                        group.getChildren().add(new TreeItem<>());
                    }
                    root.getChildren().add(group);
                }
                boolean showRoot = random.nextBoolean();
                TreeTableView<TableEntry> plain = new TreeTableView<>(root);
                plain.setShowRoot(showRoot);
                GroupedTreeTable grouped = new GroupedTreeTable();
                grouped.setRoot(root);
                grouped.setShowRoot(showRoot);
                assertSame(plain, grouped, root);

                // the changes the VM list makes, each checked
                TreeItem<TableEntry> first = root.getChildren().get(0);
                Collections.shuffle(first.getChildren(), random); // a sort: a permutation
                assertSame(plain, grouped, root);
                first.getChildren().add(0, new TreeItem<>());
                assertSame(plain, grouped, root);
                if (first.getChildren().size() > 3) {
                    first.getChildren().remove(2);
                }
                assertSame(plain, grouped, root);
                first.setExpanded(!first.isExpanded());
                assertSame(plain, grouped, root);
                root.getChildren().remove(root.getChildren().size() - 1);
                assertSame(plain, grouped, root);
            }
            return null;
        });
    }

    private static void assertSame(TreeTableView<TableEntry> plain, GroupedTreeTable grouped, TreeItem<TableEntry> root) {
        int rows = plain.getExpandedItemCount();
        assertThat(grouped.getExpandedItemCount()).isEqualTo(rows);
        for (int row = -1; row <= rows + 1; row++) {
            assertThat(grouped.getTreeItem(row)).as("row %d", row).isSameAs(plain.getTreeItem(row));
        }
        List<TreeItem<TableEntry>> items = new ArrayList<>();
        items.add(root);
        for (TreeItem<TableEntry> group : root.getChildren()) {
            items.add(group);
            items.addAll(group.getChildren());
        }
        items.add(new TreeItem<>()); // in no tree
        items.add(null);
        for (TreeItem<TableEntry> item : items) {
            assertThat(grouped.getRow(item)).isEqualTo(plain.getRow(item));
        }
    }
}
