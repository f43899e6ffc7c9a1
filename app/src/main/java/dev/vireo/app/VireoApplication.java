package dev.vireo.app;

import dev.vireo.app.cli.VireoCommand;
import dev.vireo.app.vmlist.ManagerWindow;
import javafx.application.Application;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JavaFX application: shows the manager window on what {@link Startup} began. */
public final class VireoApplication extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(VireoApplication.class);

    private Startup startup;

    @Override
    public void init() {
        LOG.debug("toolkit started");
        startup = GuiLauncher.take();
    }

    @Override
    public void start(Stage stage) {
        if (startup.window() instanceof VireoCommand.Window.Console c) {
            StandaloneConsole.open(stage, startup, c.vm());
            return;
        }
        if (startup.window() instanceof VireoCommand.Window.Viewer v) {
            StandaloneConsole.openFile(stage, startup, v.vvFile());
            return;
        }
        long t0 = System.nanoTime();
        LOG.debug("JavaFX started");
        ManagerWindow window = new ManagerWindow(stage, startup.context());
        long t1 = System.nanoTime();
        window.show();
        LOG.debug("window built in {} ms, shown in {} ms", (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000);
        if (startup.training()) {
            window.whenAllListed(() -> {
                var pause = new javafx.animation.PauseTransition(javafx.util.Duration.seconds(1)); // let it render
                pause.setOnFinished(e -> stage.close());
                pause.play();
            });
        }
        for (Startup.Pending p : startup.connections()) {
            if (p.refused() != null) {
                window.reportConnectFailure(p.refused());
            } else {
                window.reportFailures(p.opened());
            }
        }
    }

    @Override
    public void stop() {
        startup.context().close();
        LOG.info("Vireo stopped");
    }
}
