package dev.vireo.app;

import dev.vireo.app.cli.VireoCommand.GuiLaunch;
import dev.vireo.app.vmlist.ManagerWindow;
import java.util.List;
import javafx.application.Application;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JavaFX application: builds the context off the FX thread, then shows the manager window. */
public final class VireoApplication extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(VireoApplication.class);

    private AppContext context;
    private final List<Pending> pending = new java.util.ArrayList<>();
    private ManagerWindow window;

    /** A connection started before the window existed, or the error that stopped it at once. */
    private record Pending(java.util.concurrent.CompletableFuture<Void> opened, dev.vireo.bridge.VirtException refused) {
    }

    @Override
    public void init() {
        // Runs on the JavaFX launcher thread: the place for file reads before the window exists.
        GuiLaunch launch = GuiLauncher.take();
        context = new AppContext(launch.dirs());
        List<String> uris = launch.uris().isEmpty() ? List.of("demo") : launch.uris();
        LOG.info("Vireo starting; connections: {}", uris);
        // Connect while JavaFX starts: reading a large host overlaps with building the window.
        for (String uri : uris) {
            try {
                pending.add(new Pending(context.connections().open(uri), null));
            } catch (dev.vireo.bridge.VirtException e) {
                pending.add(new Pending(null, e));
            }
        }
    }

    @Override
    public void start(Stage stage) {
        window = new ManagerWindow(stage, context);
        window.show();
        for (Pending p : pending) {
            if (p.refused() != null) {
                window.reportConnectFailure(p.refused());
            } else {
                window.reportFailures(p.opened());
            }
        }
    }

    @Override
    public void stop() {
        context.close();
        LOG.info("Vireo stopped");
    }
}
