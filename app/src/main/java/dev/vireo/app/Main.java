package dev.vireo.app;

import dev.vireo.app.cli.VireoCommand;
import picocli.CommandLine;

/**
 * Vireo's entry point. Parses the command line; without a subcommand it opens the manager window.
 * JavaFX classes are only touched on the GUI path, so CLI commands start fast.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        XdgDirs dirs = XdgDirs.fromEnvironment();
        var window = VireoCommand.windowOnly(dirs, args);
        if (window.isPresent()) {
            System.exit(VireoCommand.runWindow(window.get(), GuiLauncher::launch));
        }
        CommandLine cl = VireoCommand.create(dirs, GuiLauncher::launch);
        // Also after the GUI closed: libvirt and JavaFX leave threads that should not hold the JVM.
        System.exit(cl.execute(args));
    }
}
