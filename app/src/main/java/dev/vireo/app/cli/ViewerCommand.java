package dev.vireo.app.cli;

import dev.vireo.bridge.VirtException;
import dev.vireo.spice.VvFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code vireo viewer FILE.vv}: the console a remote-viewer file names, in a window. */
@Command(name = "viewer", mixinStandardHelpOptions = true,
        description = "Open the SPICE console a remote-viewer .vv file names, in a window.")
final class ViewerCommand implements Callable<Integer> {

    @ParentCommand
    private VireoCommand parent;

    @Parameters(paramLabel = "FILE.vv", description = "The connection file.")
    private Path file;

    @Override
    public Integer call() {
        try {
            VvFile.parse(Files.readString(file)); // refuse a bad file here, in one line, before any window
        } catch (IOException e) {
            throw new VirtException("Could not read " + file + ": " + e.getMessage(), e.toString(), e);
        } catch (IllegalArgumentException e) {
            throw new VirtException("Could not open " + file + ": " + e.getMessage() + ".", e.getMessage(), e);
        }
        parent.launchWindow(new VireoCommand.Window.Viewer(file));
        return 0;
    }
}
