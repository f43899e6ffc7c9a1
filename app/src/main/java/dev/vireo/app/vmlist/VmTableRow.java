package dev.vireo.app.vmlist;

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
    }

    @Override
    protected void updateItem(TableEntry item, boolean empty) {
        super.updateItem(item, empty);
        getStyleClass().remove("connection-row");
        if (!empty && item instanceof ConnectionRow) {
            getStyleClass().add("connection-row");
        }
        setContextMenu(empty || item == null ? null : window.contextMenuFor(item));
    }
}
