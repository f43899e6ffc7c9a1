package dev.vireo.app.cli;

import dev.vireo.bridge.DemoHost;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.VirtualMachine;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One connection opened for the length of a CLI command. */
final class CliSession implements AutoCloseable {

    private final HostConnection connection;
    private final dev.vireo.bridge.auth.Prompter prompter;

    private CliSession(HostConnection connection, dev.vireo.bridge.auth.Prompter prompter) {
        this.connection = connection;
        this.prompter = prompter;
    }

    /** What answered the connection's questions (the terminal): the consoles' SSH login asks it too. */
    dev.vireo.bridge.auth.Prompter prompter() {
        return prompter;
    }

    static CliSession open(String uri, DemoHost demoHost) {
        LibvirtEventLoop.ensureStarted();
        HostUri resolved = HostUri.resolve(uri, demoHost);
        ConsolePrompter prompter = new ConsolePrompter();
        HostConnection connection = new HostConnection(resolved, prompter);
        connection.setDetailsLater(false); // a command prints the details, so it reads them first
        CliSession session = new CliSession(connection, prompter);
        try {
            await(connection.open());
        } catch (RuntimeException e) {
            session.close();
            if (prompter.unanswerable()) {
                throw new VirtException("Could not connect to " + resolved.displayName()
                        + ": it asks for a password or to trust its host key, and there is no terminal to ask on"
                        + " (use an SSH key or agent, or run in a terminal).", e.getMessage(), e);
            }
            throw e;
        }
        return session;
    }

    HostConnection connection() {
        return connection;
    }

    List<VirtualMachine> domains() {
        return connection.domains().snapshot();
    }

    /** Finds a domain by exact name, or by UUID. */
    VirtualMachine find(String nameOrUuid) {
        List<VirtualMachine> all = domains();
        return all.stream().filter(vm -> vm.name().equals(nameOrUuid)).findFirst()
                .or(() -> all.stream().filter(vm -> vm.uuid().equalsIgnoreCase(nameOrUuid)).findFirst())
                .orElseThrow(() -> new VirtException("No virtual machine named “" + nameOrUuid + "” on "
                        + connection.uri().displayName(), connection.uri().uri()));
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (RuntimeException e) {
            throw VirtException.wrap("The operation failed", e);
        }
    }

    @Override
    public void close() {
        connection.close();
        try {
            connection.awaitClosed(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
