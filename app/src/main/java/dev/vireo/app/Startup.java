package dev.vireo.app;

import dev.vireo.app.cli.VireoCommand;
import dev.vireo.app.cli.VireoCommand.GuiLaunch;
import dev.vireo.app.connections.SavedConnections;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.VirtException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the GUI starts with: the application context, and the connections already being opened.
 * Built on the main thread before JavaFX starts, so that reading a large host overlaps with the
 * toolkit's start-up and the window's creation.
 */
record Startup(AppContext context, List<Pending> connections, boolean training, VireoCommand.Window window) {

    private static final Logger LOG = LoggerFactory.getLogger(Startup.class);

    /** A connection being opened, or the error that refused it at once (a malformed URI). */
    record Pending(CompletableFuture<Void> opened, VirtException refused) {
    }

    static Startup begin(GuiLaunch launch) {
        AppContext context = new AppContext(launch.dirs());
        // --connect URIs when given; else the saved autoconnect ones and the demo host (unless hidden)
        List<Supplier<HostUri>> uris = new ArrayList<>();
        if (launch.window() instanceof VireoCommand.Window.Viewer) {
            // a .vv file: no libvirt connection at all
        } else if (launch.window() instanceof VireoCommand.Window.Console) {
            String uri = launch.uris().isEmpty() ? HostUri.DEMO : launch.uris().get(launch.uris().size() - 1);
            uris.add(() -> HostUri.resolve(uri, context.demoHost()));
        } else if (!launch.uris().isEmpty()) {
            launch.uris().forEach(u -> uris.add(() -> HostUri.resolve(u, context.demoHost())));
        } else {
            if (context.saved().showDemoHost() || context.saved().all().stream().noneMatch(SavedConnections.Saved::autoconnect)) {
                uris.add(() -> HostUri.resolve(HostUri.DEMO, context.demoHost()));
            }
            for (SavedConnections.Saved s : context.saved().all()) {
                if (s.autoconnect()) {
                    uris.add(() -> new HostUri(HostUri.resolve(s.uri(), context.demoHost()).uri(), s.name()));
                }
            }
        }
        LOG.info("Vireo starting; connections: {}", launch.uris().isEmpty() ? "saved" : launch.uris());
        LOG.debug("process started {} ms ago", ProcessHandle.current().info().startInstant()
                .map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis()).orElse(-1L));
        List<Pending> pending = new ArrayList<>();
        for (Supplier<HostUri> uri : uris) {
            try {
                pending.add(new Pending(context.connections().open(uri.get()), null));
            } catch (VirtException e) {
                pending.add(new Pending(null, e));
            }
        }
        return new Startup(context, List.copyOf(pending), launch.training(), launch.window());
    }
}
