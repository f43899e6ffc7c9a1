package dev.vireo.app.newvm.wizard;

import dev.vireo.app.AppContext;
import dev.vireo.app.common.DialogService;
import dev.vireo.app.connections.ConnectionManager;
import dev.vireo.app.newvm.ConsoleReach;
import dev.vireo.app.newvm.IsoLabel;
import dev.vireo.app.newvm.OsDatabase;
import dev.vireo.app.newvm.Verdict;
import dev.vireo.app.newvm.VmCreator;
import dev.vireo.app.newvm.wizard.WizardModel.Page;
import dev.vireo.bridge.ConnectionState;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.VirtException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The new-VM wizard window: six pages (source, OS and resources, storage, network and display,
 * graphics card, summary) over one {@link WizardModel}. Each page says why "Next" is disabled; the host is read
 * and the VM created off the FX thread ({@link VmCreator}), with the steps shown as progress. A
 * failure keeps every choice, so the user can fix one thing and try again.
 */
public final class NewVmWizard {

    private static final Logger LOG = LoggerFactory.getLogger(NewVmWizard.class);

    private final AppContext context;
    private final DialogService dialogs;
    private final BiConsumer<String, String> created;
    private final Stage stage = new Stage();
    private final WizardModel m = new WizardModel();
    private final ObservableList<SourcePage.HostChoice> hosts = FXCollections.observableArrayList();
    private final SourcePage sourcePage;
    private final OsPage osPage = new OsPage(m);
    private final StoragePage storagePage = new StoragePage(m);
    private final NetworkPage networkPage = new NetworkPage(m);
    private final GpuPage gpuPage = new GpuPage(m);
    private final SummaryPage summaryPage = new SummaryPage(m);
    private final Map<Page, Node> views = new EnumMap<>(Page.class);
    private final Map<Page, Label> steps = new EnumMap<>(Page.class);
    private final BorderPane root = new BorderPane();
    private final Label problem = new Label();
    private final Button back = new Button("_Back");
    private final Button next = new Button("_Next");
    private final Button create = new Button("_Create");
    private final Button cancel = new Button("Cancel");
    private Page page = Page.SOURCE;
    private OsDatabase db;
    private HostConnection host;
    private boolean creating;
    private boolean revalidating;
    private String suggestedName = "";
    private long hostGeneration;
    /** The host generation whose graphics cards are read or being read; -1: not yet. */
    private long gpusGeneration = -1;

    /**
     * @param created told (connection id, UUID) when a VM was created
     * @param style applies the manager's stylesheet and theme to the wizard's scene
     */
    public NewVmWizard(Window owner, AppContext context, DialogService dialogs, String preferredConnection,
            Consumer<Scene> style, BiConsumer<String, String> created) {
        this.context = context;
        this.dialogs = dialogs;
        this.created = created;
        this.sourcePage = new SourcePage(m, hosts, this::hostChosen, this::detect);
        stage.initOwner(owner);
        stage.setTitle("New Virtual Machine");
        root.setId("new-vm-wizard");
        root.getProperties().put(NewVmWizard.class, this); // for tests that find the wizard by its window
        root.setTop(stepHeader());
        root.setBottom(footer());
        Scene scene = new Scene(root, 860, 760);
        style.accept(scene);
        stage.setScene(scene);
        stage.setOnCloseRequest(e -> {
            if (creating) {
                e.consume(); // the steps run to the end (or are taken back); closing would hide the outcome
            }
        });
        for (var o : m.all()) {
            o.addListener(x -> revalidateLater());
        }
        m.os.addListener((o, a, b) -> {
            if (m.name.get().isBlank() || m.name.get().equals(suggestedName)) {
                suggestedName = m.suggestName();
                m.name.set(suggestedName);
            }
        });
        m.isoPath.addListener((o, a, b) -> {
            if (b != null && !b.isBlank() && isLocalHost()) {
                detect(Path.of(b));
            } else {
                m.detected.set("");
            }
        });
        fillHosts(context.connections(), preferredConnection);
        context.io(() -> {
            try {
                return OsDatabase.load(OsDatabase.SYSTEM);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).whenComplete((database, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                LOG.warn("no OS database: {}", failure.getMessage());
                m.detected.set("The OS database (osinfo-db) could not be read: general defaults are used.");
            } else {
                db = database;
                osPage.setDatabase(database);
            }
        }));
        context.io(ConsoleReach::localAddresses).thenAccept(a -> Platform.runLater(() -> m.localAddresses.set(a)));
    }

    /**
     * Shows the window, then its first page in the next pulse: styling a whole page costs the FX
     * thread about as much as the window itself, so the two are split across frames.
     */
    public void show() {
        stage.show();
        stage.toFront();
        if (root.getCenter() == null) {
            Platform.runLater(() -> show(Page.SOURCE));
        }
    }

    public Stage stage() {
        return stage;
    }

    private Node stepHeader() {
        HBox header = new HBox(6);
        header.getStyleClass().add("wizard-steps");
        for (Page p : Page.values()) {
            Label l = new Label((p.ordinal() + 1) + "  " + p.title);
            l.getStyleClass().add("wizard-step");
            l.setMinWidth(Region.USE_PREF_SIZE); // never "Sour…": the six steps fit at 13 px (vireo.css)
            steps.put(p, l);
            if (p.ordinal() > 0) {
                FontIcon chevron = new FontIcon(Material2AL.CHEVRON_RIGHT);
                chevron.setIconSize(14);
                header.getChildren().add(chevron);
            }
            header.getChildren().add(l);
        }
        header.setAlignment(Pos.CENTER_LEFT);
        header.setPadding(new Insets(12, 24, 12, 24));
        return header;
    }

    private Node footer() {
        problem.setId("wizard-problem");
        problem.getStyleClass().add("wizard-problem");
        problem.setWrapText(true);
        problem.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(problem, Priority.ALWAYS);
        back.setId("wizard-back");
        next.setId("wizard-next");
        create.setId("wizard-create");
        cancel.setId("wizard-cancel");
        create.getStyleClass().add("accent");
        cancel.setCancelButton(true);
        back.setOnAction(e -> show(Page.values()[page.ordinal() - 1]));
        next.setOnAction(e -> {
            if (!next.isDisabled()) {
                show(Page.values()[page.ordinal() + 1]);
            }
        });
        create.setOnAction(e -> create());
        cancel.setOnAction(e -> {
            if (!creating) {
                stage.close();
            }
        });
        for (Button b : new Button[] {back, next, create, cancel}) {
            b.setMnemonicParsing(true);
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox bar = new HBox(8, problem, back, next, create, cancel);
        bar.setAlignment(Pos.CENTER_RIGHT);
        bar.setPadding(new Insets(10, 24, 14, 24));
        bar.getStyleClass().add("wizard-footer");
        return bar;
    }

    private void show(Page p) {
        page = p;
        boolean first = !views.containsKey(p);
        Node view = views.computeIfAbsent(p, this::build);
        if (first && view instanceof javafx.scene.layout.Pane pane) {
            PageReveal.start(pane);
        }
        ScrollPane scroll = new ScrollPane(view);
        scroll.setFitToWidth(true);
        scroll.setFitToHeight(p == Page.SUMMARY);
        root.setCenter(scroll);
        if (p == Page.GPU && gpusGeneration != hostGeneration) {
            readGpus();
        }
        steps.forEach((q, l) -> {
            l.getStyleClass().removeAll("current", "done");
            if (q == p) {
                l.getStyleClass().add("current");
            } else if (q.ordinal() < p.ordinal()) {
                l.getStyleClass().add("done");
            }
        });
        back.setDisable(p == Page.SOURCE);
        boolean last = p == Page.SUMMARY;
        next.setVisible(!last);
        next.setManaged(!last);
        next.setDefaultButton(!last);
        create.setVisible(last);
        create.setManaged(last);
        create.setDefaultButton(last);
        revalidate();
    }

    /** Whether the page shown now has all its sections (tests wait for it). */
    public boolean pageComplete() {
        Node view = views.get(page);
        return view instanceof javafx.scene.layout.Pane pane && PageReveal.complete(pane) && view.getScene() != null;
    }

    private Node build(Page p) {
        return switch (p) {
            case SOURCE -> sourcePage.view(stage);
            case OS -> osPage.view();
            case STORAGE -> storagePage.view();
            case NETWORK -> networkPage.view();
            case GPU -> gpuPage.view();
            case SUMMARY -> summaryPage.view();
        };
    }

    private void revalidateLater() {
        if (!revalidating) {
            revalidating = true;
            Platform.runLater(this::revalidate);
        }
    }

    private void revalidate() {
        revalidating = false;
        Verdict verdict = m.verdict();
        String why = verdict == null && m.hostProblem.get().isEmpty() ? "Reading the host…" : verdict == null
                ? m.hostProblem.get() : m.problem(page, verdict);
        if (page == Page.SUMMARY && why == null) {
            Page blocked = m.firstBlocked(Page.SUMMARY, verdict);
            why = blocked == null ? null : m.problem(blocked, verdict);
        }
        problem.setText(why == null ? "" : why);
        problem.setGraphic(why == null ? null : new FontIcon(Material2AL.INFO));
        next.setDisable(why != null || creating);
        create.setDisable(why != null || creating);
        back.setDisable(page == Page.SOURCE || creating);
        if (page == Page.SUMMARY) {
            summaryPage.refresh(verdict);
        }
    }

    // ------------------------------------------------------------------ the host

    private void fillHosts(ConnectionManager connections, String preferred) {
        for (ConnectionManager.Entry e : connections.entries()) {
            if (e.connection().status().get().state() == ConnectionState.CONNECTED) {
                hosts.add(new SourcePage.HostChoice(e.connection().id(), e.connection().uri().displayName()));
            }
        }
        if (hosts.isEmpty()) {
            m.hostProblem.set("No host is connected: connect to one first (File → Add Connection).");
            return;
        }
        sourcePage.select(hosts.stream().filter(h -> h.id().equals(preferred)).findFirst().orElse(hosts.get(0)));
    }

    private void hostChosen(SourcePage.HostChoice choice) {
        Optional<ConnectionManager.Entry> entry = context.connections().entries().stream()
                .filter(e -> e.connection().id().equals(choice.id())).findFirst();
        if (entry.isEmpty()) {
            m.hostProblem.set(choice.name() + " is no longer connected.");
            return;
        }
        boolean again = host == entry.get().connection(); // read again (after a refusal): the card chosen stays
        host = entry.get().connection();
        long generation = ++hostGeneration;
        if (!again) {
            m.forgetGpus();
        } else if (m.gpus.get() != null) {
            readGpus();
        }
        m.facts.set(null);
        m.inventory.set(null);
        m.hostName.set(choice.name());
        m.hostUri.set(host.uri().uri());
        m.hostProblem.set("Reading " + choice.name() + "…");
        m.spiceTls.set(null);
        sourcePage.setLocal(isLocalHost());
        String uri = host.uri().uri();
        context.io(() -> dev.vireo.app.newvm.SpiceTls.of(uri, dev.vireo.app.newvm.SpiceTls.SYSTEM_CONF))
                .thenAccept(known -> Platform.runLater(() -> {
                    if (generation == hostGeneration) {
                        m.spiceTls.set(known.orElse(null));
                    }
                }));
        host.hostFacts().thenCombine(host.provisioning().inventory(), (facts, inventory) -> {
            Platform.runLater(() -> {
                if (generation != hostGeneration) {
                    return; // another host was chosen meanwhile
                }
                m.facts.set(facts);
                m.inventory.set(inventory);
                m.hostProblem.set("");
                m.applyRecommendation();
                if (m.name.get().isBlank() || m.name.get().equals(suggestedName)) {
                    suggestedName = m.suggestName();
                    m.name.set(suggestedName);
                }
            });
            return null;
        }).exceptionally(failure -> {
            VirtException e = VirtException.wrap("Could not read " + choice.name(), failure);
            LOG.info("{} ({})", e.userMessage(), e.details());
            Platform.runLater(() -> {
                if (generation == hostGeneration) {
                    m.hostProblem.set(e.userMessage());
                }
            });
            return null;
        });
    }

    /** Reads the host's graphics cards and its readiness to pass them through, off the FX thread. */
    private void readGpus() {
        long generation = hostGeneration;
        gpusGeneration = generation;
        HostConnection target = host;
        if (target == null) {
            return;
        }
        m.gpusProblem.set("Reading the graphics cards of " + m.hostName.get() + "…");
        target.gpus().readiness().whenComplete((readiness, failure) -> Platform.runLater(() -> {
            if (generation != hostGeneration) {
                return; // another host was chosen meanwhile
            }
            if (failure != null) {
                VirtException e = VirtException.wrap("Could not read the graphics cards of " + m.hostName.get(), failure);
                LOG.info("{} ({})", e.userMessage(), e.details());
                m.gpusProblem.set(e.userMessage());
                gpusGeneration = -1; // tried again when the page is shown again
                return;
            }
            m.gpusProblem.set("");
            m.setGpus(readiness);
        }));
    }

    private boolean isLocalHost() {
        return host != null && ConsoleReach.hostOf(host.uri().uri()) == null;
    }

    /** Reads a local ISO's label off the FX thread and picks the OS it names. */
    private void detect(Path iso) {
        m.detected.set("Reading the image's label…");
        context.io(() -> {
            try {
                return Files.isRegularFile(iso) ? IsoLabel.read(iso) : null;
            } catch (IOException e) {
                return null;
            }
        }).thenAccept(label -> Platform.runLater(() -> {
            if (!iso.toString().equals(m.isoPath.get())) {
                return; // another image was chosen meanwhile
            }
            if (label == null) {
                m.detected.set("The image cannot be read from here to detect its OS: choose the OS on page 2.");
                return;
            }
            Optional<OsDatabase.Os> os = db == null ? Optional.empty() : label.flatMap(l -> db.detect(l).stream().findFirst());
            if (os.isPresent()) {
                m.os.set(os.get());
                m.applyRecommendation();
                m.detected.set("Detected " + os.get().name() + " from the image's label “" + label.get() + "”.");
            } else {
                m.detected.set(label.map(l -> "The image's label “" + l + "” names no OS Vireo knows: choose it on page 2.")
                        .orElse("The image has no ISO 9660 label: choose the OS on page 2."));
            }
        }));
    }

    // ------------------------------------------------------------------ creating

    private void create() {
        if (creating || host == null) {
            return;
        }
        creating = true;
        revalidate();
        summaryPage.step.setText("Starting…");
        String name = m.name.get().strip();
        HostConnection target = host;
        int[] at = {0, 1};
        VmCreator.Progress shown = new VmCreator.Progress() {
            @Override
            public void step(int step, int total, String what) {
                Platform.runLater(() -> {
                    at[0] = step;
                    at[1] = total;
                    summaryPage.progress.setProgress((step - 1) / (double) total);
                    summaryPage.step.setText(what + "…");
                });
            }

            @Override
            public void fraction(double done) {
                Platform.runLater(() -> summaryPage.progress.setProgress((at[0] - 1 + done) / at[1]));
            }
        };
        var request = m.request();
        var os = m.os.get();
        // the JVM's first HTTP client loads its TLS providers for a few hundred ms: made off the FX thread
        context.io(() -> new VmCreator(target, new dev.vireo.app.newvm.InstallTree(dev.vireo.app.newvm.InstallTree.defaultClient()),
                os)).thenCompose(creator -> creator.create(request, shown)).whenComplete((done, failure) -> Platform.runLater(() -> {
            creating = false;
            if (failure == null) {
                summaryPage.progress.setProgress(1);
                LOG.info("created {} on {}", name, target.uri().uri());
                stage.close();
                created.accept(target.id(), done.uuid());
                return;
            }
            summaryPage.step.setText("");
            summaryPage.progress.setProgress(0);
            VirtException e = VirtException.wrap("Could not create “" + name + "”", failure);
            if (e instanceof VmCreator.Refused r) {
                problem.setText(r.verdict().refusals().get(0)); // the host changed since the page was checked
                m.inventory.set(null); // read it again
                hostChosen(new SourcePage.HostChoice(target.id(), m.hostName.get()));
            } else {
                LOG.info("{} ({})", e.userMessage(), e.details());
                dialogs.showError(e.userMessage(), e.details());
            }
            revalidate();
        }));
    }
}
