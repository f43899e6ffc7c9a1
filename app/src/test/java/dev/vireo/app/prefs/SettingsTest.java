package dev.vireo.app.prefs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.prefs.Settings.WindowGeometry;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileGivesDefaults() {
        Settings s = Settings.load(dir.resolve("does/not/exist"));

        assertDefaults(s);
    }

    @Test
    void roundTripsThemeWindowAndColumnWidths() {
        Settings s = Settings.load(dir);
        s.setTheme(Theme.DARK);
        s.setWindow(new WindowGeometry(120.5, -40, 1280, 720.25, true));
        s.setColumnWidth("name", 240.5);
        s.setColumnWidth("cpu", 90);
        s.save();

        Settings loaded = Settings.load(dir);

        assertThat(loaded.theme()).isEqualTo(Theme.DARK);
        assertThat(loaded.window()).contains(new WindowGeometry(120.5, -40, 1280, 720.25, true));
        assertThat(loaded.columnWidth("name")).hasValue(240.5);
        assertThat(loaded.columnWidth("cpu")).hasValue(90);
        assertThat(loaded.columnWidth("memory")).isEmpty();
    }

    @Test
    void savingAgainReplacesTheOldValues() {
        Settings s = Settings.load(dir);
        s.setTheme(Theme.DARK);
        s.setWindow(new WindowGeometry(1, 2, 3, 4, true));
        s.save();
        s.setTheme(Theme.LIGHT);
        s.setWindow(new WindowGeometry(5, 6, 7, 8, false));
        s.save();

        Settings loaded = Settings.load(dir);

        assertThat(loaded.theme()).isEqualTo(Theme.LIGHT);
        assertThat(loaded.window()).contains(new WindowGeometry(5, 6, 7, 8, false));
    }

    @Test
    void saveCreatesAMissingDirectory() {
        Path configDir = dir.resolve("xdg/config/vireo");
        Settings s = Settings.load(configDir);
        s.setTheme(Theme.DARK);

        s.save();

        assertThat(configDir.resolve("settings.properties")).isRegularFile();
        assertThat(Settings.load(configDir).theme()).isEqualTo(Theme.DARK);
    }

    @Test
    void theFileHoldsOnlyTheKnownKeys() throws IOException {
        Settings s = Settings.load(dir);
        s.setTheme(Theme.DARK);
        s.setWindow(new WindowGeometry(10, 20, 800, 600, false));
        s.setColumnWidth("name", 200);
        s.setColumnWidth("state", 100);
        s.save();

        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(dir.resolve("settings.properties"), StandardCharsets.UTF_8)) {
            p.load(in);
        }

        assertThat(p.stringPropertyNames()).containsExactlyInAnyOrder(
                "theme",
                "window.x", "window.y", "window.width", "window.height", "window.maximized",
                "column.name.width", "column.state.width");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(dir.resolve("settings.properties"));
        }
    }

    @Test
    void nonNumericValuesGiveDefaults() throws IOException {
        write("""
                theme=purple
                window.x=10
                window.y=twenty
                window.width=800
                window.height=600
                column.name.width=wide
                column.cpu.width=NaN
                column.state.width=Infinity
                column.memory.width=120
                """);

        Settings s = Settings.load(dir);

        assertThat(s.theme()).isEqualTo(Theme.LIGHT);
        assertThat(s.window()).isEmpty();
        assertThat(s.columnWidth("name")).isEmpty();
        assertThat(s.columnWidth("cpu")).isEmpty();
        assertThat(s.columnWidth("state")).isEmpty();
        assertThat(s.columnWidth("memory")).hasValue(120);
    }

    @Test
    void themeNamesIgnoreCase() throws IOException {
        write("theme=dark\n");

        assertThat(Settings.load(dir).theme()).isEqualTo(Theme.DARK);
    }

    @Test
    void garbageBytesGiveDefaults() throws IOException {
        byte[] garbage = new byte[256];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (255 - i);
        }
        Files.write(dir.resolve("settings.properties"), garbage);

        assertDefaults(Settings.load(dir));
    }

    @Test
    void aBrokenEscapeGivesDefaults() throws IOException {
        write("theme=DARK\nwindow.x=\\uZZZZ\n");

        assertDefaults(Settings.load(dir));
    }

    @Test
    void aDirectoryInPlaceOfTheFileGivesDefaults() throws IOException {
        Files.createDirectory(dir.resolve("settings.properties"));

        Settings s = Settings.load(dir);
        s.setTheme(Theme.DARK);
        s.save();

        assertDefaults(Settings.load(dir));
    }

    private void write(String content) throws IOException {
        Files.writeString(dir.resolve("settings.properties"), content, StandardCharsets.UTF_8);
    }

    private static void assertDefaults(Settings s) {
        assertThat(s.theme()).isEqualTo(Theme.LIGHT);
        assertThat(s.window()).isEmpty();
        assertThat(s.columnWidth("name")).isEmpty();
    }
}
