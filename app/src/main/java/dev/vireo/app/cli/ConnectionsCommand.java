package dev.vireo.app.cli;

import dev.vireo.app.connections.ConnectionSpec;
import dev.vireo.app.connections.SavedConnections;
import dev.vireo.bridge.VirtException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vireo connections list|add|remove}: the saved connections (the GUI opens the autoconnect ones). */
@Command(name = "connections", mixinStandardHelpOptions = true, description = "Manage the saved connections (the window opens those marked autoconnect).",
        subcommands = {ConnectionsCommand.ListSaved.class, ConnectionsCommand.Add.class, ConnectionsCommand.Remove.class})
final class ConnectionsCommand implements Callable<Integer> {

    @ParentCommand
    VireoCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    SavedConnections load() {
        return SavedConnections.load(parent.dirs().config());
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the saved connections.")
    static final class ListSaved implements Callable<Integer> {
        @ParentCommand
        ConnectionsCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            SavedConnections saved = parent.load();
            PrintWriter out = spec.commandLine().getOut();
            if (saved.all().isEmpty()) {
                out.println("No saved connections. Add one with: vireo connections add URI [--name NAME] [--autoconnect]");
            } else {
                int width = Math.max(4, saved.all().stream().mapToInt(c -> c.name().length()).max().orElse(4));
                out.printf("%-" + width + "s  %-11s  %s%n", "NAME", "AUTOCONNECT", "URI");
                for (SavedConnections.Saved c : saved.all()) {
                    out.printf("%-" + width + "s  %-11s  %s%n", c.name(), c.autoconnect() ? "yes" : "no", c.uri());
                }
            }
            out.println("Demo host: " + (saved.showDemoHost() ? "shown" : "hidden"));
            out.flush();
            return 0;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Save a connection, e.g. qemu+libssh://root@server/system.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        ConnectionsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "URI", description = "The libvirt URI.")
        String uri;

        @Option(names = "--name", description = "The name shown in the window (default: from the URI).")
        String name;

        @Option(names = "--autoconnect", description = "Open it when the window starts.")
        boolean autoconnect;

        @Override
        public Integer call() {
            ConnectionSpec parsed = ConnectionSpec.parse(uri);
            parsed.problem().ifPresent(p -> {
                throw new VirtException("Not saved: " + p, uri);
            });
            SavedConnections saved = parent.load();
            String n = name == null || name.isBlank() ? parsed.suggestedName() : name.strip();
            saved.put(new SavedConnections.Saved(n, parsed.uri(), autoconnect), null);
            saved.save();
            PrintWriter out = spec.commandLine().getOut();
            out.println("Saved “" + n + "” (" + parsed.uri() + ")" + (autoconnect ? ", opened at start-up" : ""));
            out.flush();
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Forget a saved connection (by name or URI).")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        ConnectionsCommand parent;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Its name or URI.")
        String which;

        @Override
        public Integer call() {
            SavedConnections saved = parent.load();
            if (!saved.remove(which)) {
                throw new VirtException("No saved connection named “" + which + "”.", "");
            }
            saved.save();
            spec.commandLine().getOut().println("Removed “" + which + "”");
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
