package dev.vireo.app.vmlist;

import dev.vireo.app.common.Icons;
import dev.vireo.bridge.ConnectionState;
import dev.vireo.bridge.model.VirtualMachine;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeTableCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Polyline;
import javafx.scene.text.Text;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/** The cells of the VM table. Each renders either a VM or a connection header. */
final class VmCells {

    private VmCells() {
    }

    /** Formats KiB as "512 MiB", "4 GiB", "1.5 GiB". */
    static String memory(long kib) {
        if (kib < 0) {
            return "";
        }
        double mib = kib / 1024.0;
        if (mib < 1024) {
            return String.format("%.0f MiB", mib);
        }
        double gib = mib / 1024;
        return gib == Math.rint(gib) ? String.format("%.0f GiB", gib) : String.format("%.1f GiB", gib);
    }

    static final class NameCell extends TreeTableCell<TableEntry, Object> {
        private final Label name = new Label();
        private final Label detail = new Label();
        private final HBox box = new HBox(8, name, detail);
        // Made for the first connection header this cell shows: most cells only ever show VMs,
        // and a Tooltip is a popup window with a scene of its own.
        private FontIcon hostIcon;
        private Tooltip uriTooltip;

        NameCell() {
            box.setAlignment(Pos.CENTER_LEFT);
            detail.getStyleClass().add("vm-detail");
            name.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE); // the title gives way, never the name
        }

        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().remove("connection-header");
            setTooltip(null);
            if (empty || item == null) {
                setGraphic(null);
                setText(null);
                return;
            }
            setText(null);
            if (item instanceof VirtualMachine vm) {
                name.setText(vm.name());
                name.setGraphic(null);
                detail.setText(vm.description().title().isEmpty() ? "" : vm.description().title());
                if (!vm.persistent()) {
                    detail.setText((detail.getText().isEmpty() ? "" : detail.getText() + " · ") + "transient");
                }
                if (getGraphic() != box) {
                    setGraphic(box); // re-attaching the same node re-runs CSS on it
                }
            } else if (item instanceof ConnectionRow.Header h) {
                getStyleClass().add("connection-header");
                name.setText(h.displayName());
                if (hostIcon == null) {
                    hostIcon = new FontIcon(Material2AL.DNS);
                    uriTooltip = new Tooltip();
                }
                name.setGraphic(hostIcon);
                detail.setText(h.vmCount() == 1 ? "1 VM" : h.vmCount() + " VMs");
                uriTooltip.setText(h.uri());
                setTooltip(uriTooltip);
                if (getGraphic() != box) {
                    setGraphic(box);
                }
            }
        }
    }

    /** State icon and word; the icon node is reused, only its glyph and style class change. */
    static final class StateCell extends TreeTableCell<TableEntry, Object> {
        // One node per glyph, made once: changing a FontIcon's glyph restyles it (a CSS pass per
        // cell), and a table full of new rows would pay that on every scroll.
        private final java.util.Map<org.kordamp.ikonli.Ikon, FontIcon> icons = new java.util.HashMap<>();
        private Tooltip statusTooltip; // made for the first connection header with a message
        private ProgressIndicator spinner;

        private FontIcon icon(org.kordamp.ikonli.Ikon glyph) {
            return icons.computeIfAbsent(glyph, FontIcon::new);
        }
        private String styleClass;

        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            String nextClass = null;
            if (empty || item == null) {
                setText(null);
                setGraphic(null);
                setTooltip(null);
            } else if (item instanceof VirtualMachine vm) {
                setText(vm.state().label() + (vm.managedSave() ? " (saved)" : ""));
                FontIcon stateIcon = icon(Icons.forState(vm.state()));
                if (getGraphic() != stateIcon) {
                    setGraphic(stateIcon);
                }
                setTooltip(null);
                nextClass = Icons.styleClass(vm.state());
            } else if (item instanceof ConnectionRow.Header h) {
                ConnectionState s = h.status().state();
                setText(s.label() + (s == ConnectionState.CONNECTING ? "…" : h.status().retrying() ? ", reconnecting…" : ""));
                if (s == ConnectionState.CONNECTING) {
                    if (spinner == null) {
                        spinner = new ProgressIndicator();
                        spinner.setPrefSize(14, 14);
                    }
                    setGraphic(spinner);
                } else {
                    setGraphic(icon(s == ConnectionState.CONNECTED ? Material2AL.LINK
                            : s == ConnectionState.ERROR ? Material2AL.ERROR : Material2AL.LINK_OFF));
                }
                nextClass = "connection-" + s.name().toLowerCase(java.util.Locale.ROOT);
                if (h.status().message().isEmpty()) {
                    setTooltip(null);
                } else {
                    if (statusTooltip == null) {
                        statusTooltip = new Tooltip();
                    }
                    statusTooltip.setText(h.status().message());
                    setTooltip(statusTooltip);
                }
            }
            if (!java.util.Objects.equals(nextClass, styleClass)) {
                if (styleClass != null) {
                    getStyleClass().remove(styleClass);
                }
                if (nextClass != null) {
                    getStyleClass().add(nextClass);
                }
                styleClass = nextClass;
            }
        }
    }

    /**
     * Sparkline and percentage. The drawing sits in an unmanaged box of fixed size: a new sample
     * then repaints these few pixels without asking the whole table for a layout pass, which is
     * what made an idle window with a few running VMs cost a percent of a core.
     */
    static final class CpuCell extends TreeTableCell<TableEntry, Object> {
        private static final double WIDTH = 64;
        private static final double HEIGHT = 14;
        private static final double PERCENT_WIDTH = 44;
        private final Polyline line = new Polyline();
        private final Pane spark = new Pane(line);
        private final Text percent = new Text(); // not a Label: no skin, no CSS pass for new text
        private final HBox box = new HBox(6, spark, percent);
        private final Pane holder = new Pane(box);

        CpuCell() {
            spark.setPrefSize(WIDTH, HEIGHT);
            spark.setMinSize(WIDTH, HEIGHT);
            spark.setMaxSize(WIDTH, HEIGHT);
            spark.getStyleClass().add("sparkline");
            line.getStyleClass().add("sparkline-line");
            line.setManaged(false);
            percent.getStyleClass().add("cpu-percent");
            box.setAlignment(Pos.CENTER_LEFT);
            box.setManaged(false);
            double w = WIDTH + 6 + PERCENT_WIDTH;
            double h = 18;
            box.resizeRelocate(0, 0, w, h);
            holder.setMinSize(w, h);
            holder.setPrefSize(w, h);
            holder.setMaxSize(w, h);
        }

        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            setText(null);
            if (empty || !(item instanceof CpuHistory h) || h.samples().length == 0) {
                setGraphic(null);
                return;
            }
            double[] s = h.samples();
            Double[] points = new Double[s.length * 2];
            double step = WIDTH / (CpuHistory.LENGTH - 1);
            double x0 = WIDTH - (s.length - 1) * step;
            for (int i = 0; i < s.length; i++) {
                points[2 * i] = x0 + i * step;
                points[2 * i + 1] = HEIGHT - 1 - Math.max(0, Math.min(100, s[i])) / 100 * (HEIGHT - 2);
            }
            // Same points, no repaint: a steady load must not redraw the row every round.
            if (!java.util.Arrays.equals(points, line.getPoints().toArray(new Double[0]))) {
                line.getPoints().setAll(points);
            }
            String text = Math.round(h.latest()) + " %";
            if (!text.equals(percent.getText())) {
                percent.setText(text);
            }
            if (getGraphic() != holder) {
                setGraphic(holder);
            }
        }
    }

    static final class MemoryCell extends TreeTableCell<TableEntry, Object> {
        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            setText(item instanceof Number kib && !empty ? memory(kib.longValue()) : null);
            setAlignment(Pos.CENTER_RIGHT);
        }
    }

    static final class VcpuCell extends TreeTableCell<TableEntry, Object> {
        @Override
        protected void updateItem(Object item, boolean empty) {
            super.updateItem(item, empty);
            setText(item instanceof VirtualMachine vm && !empty ? Integer.toString(vm.description().vcpus()) : null);
            setAlignment(Pos.CENTER_RIGHT);
        }
    }
}
