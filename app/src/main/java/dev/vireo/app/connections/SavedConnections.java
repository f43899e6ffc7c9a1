package dev.vireo.app.connections;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vireo.bridge.VirtException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections the user saved, in {@code connections.json} in the XDG config dir: a name, the
 * URI and whether to open it at start-up, plus whether the demo host is shown. Holds no secrets
 * (passwords are asked, or kept in the desktop keyring). Synchronized: the GUI
 * reads it on the FX thread and changes and saves it on its I/O thread.
 */
public final class SavedConnections {

    private static final Logger LOG = LoggerFactory.getLogger(SavedConnections.class);
    public static final String FILE = "connections.json";

    /** One saved connection. */
    public record Saved(String name, String uri, boolean autoconnect) {
        public Saved {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a saved connection needs a name");
            }
            if (uri == null || uri.isBlank()) {
                throw new IllegalArgumentException("a saved connection needs a URI");
            }
        }
    }

    private final Path file;
    private final List<Saved> saved = new ArrayList<>();
    private boolean showDemoHost = true;

    private SavedConnections(Path file) {
        this.file = file;
    }

    /** Reads the file; a missing file is an empty list, a damaged one is logged and read as empty. */
    public static SavedConnections load(Path configDir) {
        SavedConnections s = new SavedConnections(configDir.resolve(FILE));
        if (!Files.isRegularFile(s.file)) {
            return s;
        }
        try (Reader in = Files.newBufferedReader(s.file, StandardCharsets.UTF_8);
                JsonParser p = new JsonFactory().createParser(in)) {
            s.read(p);
        } catch (IOException | IllegalArgumentException e) {
            LOG.warn("could not read {}; starting with no saved connections", s.file, e);
            s.saved.clear();
            s.showDemoHost = true;
        }
        return s;
    }

    private void read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("not a JSON object");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.getCurrentName();
            p.nextToken();
            switch (field) {
                case "showDemoHost" -> showDemoHost = p.getBooleanValue();
                case "connections" -> {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String name = null;
                        String uri = null;
                        boolean auto = false;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.getCurrentName();
                            p.nextToken();
                            switch (f) {
                                case "name" -> name = p.getText();
                                case "uri" -> uri = p.getText();
                                case "autoconnect" -> auto = p.getBooleanValue();
                                default -> p.skipChildren();
                            }
                        }
                        saved.add(new Saved(name, uri, auto));
                    }
                }
                default -> p.skipChildren(); // written by a newer Vireo: kept out of our model
            }
        }
    }

    /** Writes the file atomically. */
    public synchronized void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            try {
                try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
                        JsonGenerator g = new JsonFactory().createGenerator(out)) {
                    g.useDefaultPrettyPrinter();
                    g.writeStartObject();
                    g.writeBooleanField("showDemoHost", showDemoHost);
                    g.writeArrayFieldStart("connections");
                    for (Saved c : saved) {
                        g.writeStartObject();
                        g.writeStringField("name", c.name());
                        g.writeStringField("uri", c.uri());
                        g.writeBooleanField("autoconnect", c.autoconnect());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new VirtException("Could not save the connections to " + file + ".", e.toString(), e);
        }
    }

    public synchronized List<Saved> all() {
        return List.copyOf(saved);
    }

    public synchronized boolean showDemoHost() {
        return showDemoHost;
    }

    public synchronized void setShowDemoHost(boolean show) {
        showDemoHost = show;
    }

    /** The saved connection with this name, or else with this URI. */
    public synchronized Optional<Saved> find(String nameOrUri) {
        return saved.stream().filter(c -> c.name().equals(nameOrUri)).findFirst()
                .or(() -> saved.stream().filter(c -> c.uri().equals(nameOrUri)).findFirst());
    }

    /** Adds or, when {@code replacing} names an existing one, replaces in place. */
    public synchronized void put(Saved c, String replacing) {
        int at = replacing == null ? -1 : indexOf(replacing);
        for (Saved other : saved) {
            if (at >= 0 && other == saved.get(at)) {
                continue;
            }
            if (other.name().equals(c.name())) {
                throw new VirtException("A connection named “" + c.name() + "” is already saved.", c.uri());
            }
        }
        if (at >= 0) {
            saved.set(at, c);
        } else {
            saved.add(c);
        }
    }

    /** Removes the connection with this name (or URI); false when there was none. */
    public synchronized boolean remove(String nameOrUri) {
        return find(nameOrUri).map(saved::remove).orElse(false);
    }

    private int indexOf(String name) {
        for (int i = 0; i < saved.size(); i++) {
            if (saved.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
