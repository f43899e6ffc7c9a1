package dev.vireo.app.connections;

import dev.vireo.bridge.DemoHost;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.auth.AuthPrompt;
import dev.vireo.bridge.auth.Prompter;
import dev.vireo.bridge.observe.Subscription;
import dev.vireo.bridge.stats.StatsSampler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The connections the manager has open, each with its statistics sampler. No JavaFX in here:
 * listeners run on the caller's or the connection's thread, views hop with {@code FxBridge}.
 */
public final class ConnectionManager implements AutoCloseable {

    /** How often visible running VMs are sampled (virt-manager's default too). */
    public static final Duration STATS_PERIOD = Duration.ofSeconds(3);

    /** An open connection and its sampler. */
    public record Entry(HostConnection connection, StatsSampler stats) {
    }

    private final DemoHost demoHost;
    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private final List<Consumer<Entry>> addedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Entry>> removedListeners = new CopyOnWriteArrayList<>();

    public ConnectionManager(DemoHost demoHost) {
        this.demoHost = demoHost;
    }

    /**
     * Who answers hosts' questions (passwords, host keys). Connections open before the window
     * exists; a question that comes first waits until the window has installed its prompter.
     */
    private final CompletableFuture<Prompter> prompter = new CompletableFuture<>();

    public void setPrompter(Prompter p) {
        prompter.complete(p);
    }

    private final Prompter deferredPrompter = new Prompter() {
        @Override
        public Optional<char[]> secret(AuthPrompt.Secret p) {
            return prompter.join().secret(p);
        }

        @Override
        public Optional<String> answer(AuthPrompt.Question p) {
            return prompter.join().answer(p);
        }

        @Override
        public boolean acceptHostKey(AuthPrompt.HostKey p) {
            return prompter.join().acceptHostKey(p);
        }

        @Override
        public Prompter unattended() {
            return prompter.isDone() ? prompter.join().unattended() : Prompter.NONE;
        }
    };

    /** Who answers hosts' questions: the window's prompter once installed (questions wait for it). */
    public Prompter prompter() {
        return deferredPrompter;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Adds a connection for what the user typed and starts opening it. Returns the future of the
     * open; the connection stays listed (with its error) when opening fails.
     *
     * @throws VirtException at once for text that is not a URI, or a URI already open
     */
    public CompletableFuture<Void> open(String text) {
        return open(HostUri.resolve(text, demoHost));
    }

    /** Adds and opens a connection to an already resolved URI. */
    public CompletableFuture<Void> open(HostUri uri) {
        Optional<Entry> existing = entries.stream().filter(e -> e.connection().id().equals(uri.uri())).findFirst();
        if (existing.isPresent()) {
            throw new VirtException(uri.displayName() + " is already open", uri.uri());
        }
        HostConnection connection = new HostConnection(uri, deferredPrompter);
        Entry entry = new Entry(connection, new StatsSampler(connection, STATS_PERIOD));
        entries.add(entry);
        addedListeners.forEach(l -> l.accept(entry));
        return connection.open();
    }

    /** Closes a connection and forgets it. */
    public void remove(Entry entry) {
        if (entries.remove(entry)) {
            entry.stats().close();
            entry.connection().close();
            removedListeners.forEach(l -> l.accept(entry));
        }
    }

    /** Closes and re-opens a connection (after an error or a lost host). */
    public CompletableFuture<Void> reconnect(Entry entry) {
        HostUri uri = entry.connection().uri();
        remove(entry);
        return open(uri);
    }

    public Subscription onAdded(Consumer<Entry> listener) {
        addedListeners.add(listener);
        return () -> addedListeners.remove(listener);
    }

    public Subscription onRemoved(Consumer<Entry> listener) {
        removedListeners.add(listener);
        return () -> removedListeners.remove(listener);
    }

    @Override
    public void close() {
        for (Entry e : entries) {
            remove(e);
        }
    }
}
