package dev.vireo.app.prefs;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Vireo remembers between runs: window geometry, column widths and the theme, in
 * {@code settings.properties} in the XDG config dir. Loaded and saved off the FX thread; holds no
 * secrets. Access is synchronized: the FX thread writes, a background thread saves.
 */
public final class Settings {

    private static final Logger LOG = LoggerFactory.getLogger(Settings.class);
    private static final String FILE = "settings.properties";

    private final Path file;
    private final Map<String, String> values = new HashMap<>();

    private Settings(Path file) {
        this.file = file;
    }

    /** Reads the settings file; a missing or damaged file gives defaults (and is logged). */
    public static Settings load(Path configDir) {
        Settings s = new Settings(configDir.resolve(FILE));
        if (Files.isRegularFile(s.file)) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(s.file, StandardCharsets.UTF_8)) {
                p.load(in);
                p.stringPropertyNames().forEach(k -> s.values.put(k, p.getProperty(k)));
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("could not read {}; using defaults", s.file, e);
            }
        }
        return s;
    }

    /** Writes the settings atomically (a temporary file renamed over the old one). */
    public void save() {
        Properties p = new Properties();
        synchronized (this) {
            p.putAll(values);
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            try {
                try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    p.store(out, "Vireo settings");
                }
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            LOG.warn("could not save {}", file, e);
        }
    }

    public synchronized Theme theme() {
        try {
            return Theme.valueOf(values.getOrDefault("theme", "LIGHT").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Theme.LIGHT;
        }
    }

    public synchronized void setTheme(Theme theme) {
        values.put("theme", theme.name());
    }

    public Optional<WindowGeometry> window() {
        OptionalDouble x = number("window.x");
        OptionalDouble y = number("window.y");
        OptionalDouble w = number("window.width");
        OptionalDouble h = number("window.height");
        if (x.isEmpty() || y.isEmpty() || w.isEmpty() || h.isEmpty()) {
            return Optional.empty();
        }
        boolean maximized;
        synchronized (this) {
            maximized = Boolean.parseBoolean(values.get("window.maximized"));
        }
        return Optional.of(new WindowGeometry(x.getAsDouble(), y.getAsDouble(), w.getAsDouble(), h.getAsDouble(), maximized));
    }

    public synchronized void setWindow(WindowGeometry g) {
        values.put("window.x", Double.toString(g.x()));
        values.put("window.y", Double.toString(g.y()));
        values.put("window.width", Double.toString(g.width()));
        values.put("window.height", Double.toString(g.height()));
        values.put("window.maximized", Boolean.toString(g.maximized()));
    }

    public OptionalDouble columnWidth(String columnId) {
        return number("column." + columnId + ".width");
    }

    public synchronized void setColumnWidth(String columnId, double width) {
        values.put("column." + columnId + ".width", Double.toString(width));
    }

    private synchronized OptionalDouble number(String key) {
        String v = values.get(key);
        if (v == null) {
            return OptionalDouble.empty();
        }
        try {
            double d = Double.parseDouble(v);
            return Double.isFinite(d) ? OptionalDouble.of(d) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /** Position and size of the manager window. */
    public record WindowGeometry(double x, double y, double width, double height, boolean maximized) {
    }
}
