package dev.vireo.app.vmlist;

import javafx.scene.control.ContextMenu;
import javafx.scene.control.TreeTableRow;

/** A table row: styles connection headers and offers the right context menu. */
final class VmTableRow extends TreeTableRow<TableEntry> {

    private final ManagerWindow window;

    VmTableRow(ManagerWindow window) {
        this.window = window;
        setOnContextMenuRequested(e -> {
            if (getItem() != null) {
                setContextMenu(window.contextMenuFor(getItem()));
            }
        });
        setOnMouseClicked(e -> {
            if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && e.getClickCount() == 2
                    && getItem() instanceof VmRow vm) {
                window.openConsole(vm);
            }
        });
    }

    @Override
    protected void updateItem(TableEntry item, boolean empty) {
        super.updateItem(item, empty);
        // The table lays out its rows again whenever a cell's value changes (every statistics
        // round), and sets the first row's index again each time. A style class removed and added
        // back restyles the row and repaints the whole window at the next pulse: only changes count.
        styleClass("connection-row", !empty && item instanceof ConnectionRow);
        styleClass("offline", !empty && item instanceof VmRow vm && vm.connection().offline()); // as last seen
        ContextMenu menu = empty || item == null ? null : window.contextMenuFor(item);
        if (getContextMenu() != menu) {
            setContextMenu(menu);
        }
    }

    private void styleClass(String name, boolean on) {
        if (on != getStyleClass().contains(name)) {
            if (on) {
                getStyleClass().add(name);
            } else {
                getStyleClass().remove(name);
            }
        }
    }
}
