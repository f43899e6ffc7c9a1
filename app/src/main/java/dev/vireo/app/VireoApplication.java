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
    private List<String> uris;
    private ManagerWindow window;

    @Override
    public void init() {
        // Runs on the JavaFX launcher thread: the place for file reads before the window exists.
        GuiLaunch launch = GuiLauncher.take();
        context = new AppContext(launch.dirs());
        uris = launch.uris().isEmpty() ? List.of("demo") : launch.uris();
        LOG.info("Vireo starting; connections: {}", uris);
    }

    @Override
    public void start(Stage stage) {
        window = new ManagerWindow(stage, context);
        window.show();
        uris.forEach(window::connect);
    }

    @Override
    public void stop() {
        context.close();
        LOG.info("Vireo stopped");
    }
}
