package dev.vireo.app.cli;

import dev.vireo.app.Logging;
import dev.vireo.app.XdgDirs;
import dev.vireo.bridge.DemoHost;
import dev.vireo.bridge.VirtException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;

/**
 * {@code vireo}: with no subcommand it opens the manager window; with one it is a command-line
 * tool on the same bridge, for scripts and for testing without a screen.
 */
@Command(name = "vireo", mixinStandardHelpOptions = true, versionProvider = VireoCommand.Version.class,
        description = "Vireo, a desktop virtualization manager for libvirt hosts.%n"
                + "Without a command it opens the manager window.")
public final class VireoCommand implements Callable<Integer> {

    @Mixin
    private ConnectOptions connectOptions = new ConnectOptions();

    private final XdgDirs dirs;
    private final Consumer<GuiLaunch> gui;
    private DemoHost demoHost;

    /** What the GUI needs from the command line. */
    public record GuiLaunch(XdgDirs dirs, List<String> uris, boolean debug, boolean training, Window window) {
        public GuiLaunch(XdgDirs dirs, List<String> uris, boolean debug, boolean training) {
            this(dirs, uris, debug, training, new Window.Manager());
        }
    }

    /** Which window the GUI opens: the manager, one VM's console, or the console a .vv file names. */
    public sealed interface Window {
        record Manager() implements Window {
        }

        record Console(String vm) implements Window {
        }

        record Viewer(java.nio.file.Path vvFile) implements Window {
        }
    }

    /** Opens a GUI window of its own from a subcommand ({@code console NAME}, {@code viewer FILE}). */
    void launchWindow(Window window) {
        gui.accept(new GuiLaunch(dirs, connectOptions.all(), connectOptions.debug(), false, window));
    }

    /**
     * Used by ./vireo after a build: open the window, list, quit. The JVM then writes the class
     * data archive that makes every later start faster (docs/decisions/0003-jvm-flags.md).
     */
    @picocli.CommandLine.Option(names = "--training-run", hidden = true)
    private boolean training;

    private VireoCommand(XdgDirs dirs, Consumer<GuiLaunch> gui) {
        this.dirs = dirs;
        this.gui = gui;
    }

    /** Builds the command line; {@code gui} is called when no subcommand is given. */
    public static CommandLine create(XdgDirs dirs, Consumer<GuiLaunch> gui) {
        VireoCommand command = new VireoCommand(dirs, gui);
        CommandLine cl = new CommandLine(command);
        for (Class<?> sub : List.of(ListCommand.class, CreateCommand.class, ConsoleCommand.class, VvCommand.class,
                ViewerCommand.class, ConnectionsCommand.class, GpuCommand.class)) {
            cl.addSubcommand(sub);
        }
        for (LifecycleCommand.Verb verb : LifecycleCommand.Verb.values()) {
            CommandLine sub = new CommandLine(new LifecycleCommand(verb));
            sub.getCommandSpec().usageMessage().description(verb.description);
            cl.addSubcommand(verb.command, sub);
        }
        cl.setExecutionStrategy(parseResult -> {
            Logging.configure(dirs, command.connectOptions.debug());
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler(VireoCommand::failure);
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("vireo: " + e.getMessage() + " (try 'vireo --help')");
            err.flush();
            return 2;
        });
        return cl;
    }

    /**
     * The manager window's launch, when {@code args} can mean nothing else (only {@code --connect}
     * and {@code --debug}): it then starts without picocli, whose reading of the command
     * annotations costs ~75 ms before the connection and the window can begin. Anything else
     * (a subcommand, {@code --help}, a mistake) is left to the full command line.
     */
    public static Optional<GuiLaunch> windowOnly(XdgDirs dirs, String[] args) {
        List<String> uris = new ArrayList<>();
        boolean debug = false;
        boolean training = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if ((a.equals("-c") || a.equals("--connect")) && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                uris.add(args[++i]);
            } else if (a.startsWith("--connect=") && a.length() > "--connect=".length()) {
                uris.add(a.substring("--connect=".length()));
            } else if (a.equals("--debug")) {
                debug = true;
            } else if (a.equals("--training-run")) {
                training = true;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new GuiLaunch(dirs, List.copyOf(uris), debug, training));
    }

    /** Runs the window {@link #windowOnly} found, failing as the command line would. */
    public static int runWindow(GuiLaunch launch, Consumer<GuiLaunch> gui) {
        Logging.configure(launch.dirs(), launch.debug());
        try {
            gui.accept(launch);
            return 0;
        } catch (RuntimeException e) {
            PrintWriter err = new PrintWriter(System.err, true);
            return report(e, err);
        }
    }

    private static int failure(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
        return report(e, cl.getErr());
    }

    private static int report(Exception e, PrintWriter err) {
        VirtException ve = VirtException.wrap("Vireo failed", e);
        var log = org.slf4j.LoggerFactory.getLogger(VireoCommand.class);
        if (VirtException.unwrap(e) instanceof VirtException) {
            log.info("{} ({})", ve.userMessage(), ve.details()); // explained to the user already
        } else {
            log.error("{} ({})", ve.userMessage(), ve.details(), e);
        }
        err.println("vireo: " + ve.userMessage());
        if (!(VirtException.unwrap(e) instanceof VirtException)) {
            // not an error Vireo explains: say what it was, and where its stack trace is
            Throwable cause = VirtException.unwrap(e);
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            err.println("vireo: " + cause + (Logging.file() == null ? "" : " (details in " + Logging.file() + ")"));
        }
        err.flush();
        return 1;
    }

    XdgDirs dirs() {
        return dirs;
    }

    ConnectOptions connectOptions() {
        return connectOptions;
    }

    DemoHost demoHost() {
        if (demoHost == null) {
            demoHost = new DemoHost(dirs.cache());
        }
        return demoHost;
    }

    @Override
    public Integer call() {
        gui.accept(new GuiLaunch(dirs, connectOptions.all(), connectOptions.debug(), training));
        return 0;
    }

    /** Reads the version Maven wrote into {@code vireo-version.properties}. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = VireoCommand.class.getResourceAsStream("/vireo-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"Vireo " + p.getProperty("version", "unknown")
                    + " (libvirt-java " + p.getProperty("libvirt-java", "?") + ", JavaFX " + p.getProperty("javafx", "?") + ")"};
        }
    }
}
