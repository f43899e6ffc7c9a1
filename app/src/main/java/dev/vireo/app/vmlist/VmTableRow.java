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
        getStyleClass().removeAll("connection-row", "offline");
        if (!empty && item instanceof ConnectionRow) {
            getStyleClass().add("connection-row");
        }
        if (!empty && item instanceof VmRow vm && vm.connection().offline()) {
            getStyleClass().add("offline"); // as last seen: the host is not connected
        }
        setContextMenu(empty || item == null ? null : window.contextMenuFor(item));
    }
}
