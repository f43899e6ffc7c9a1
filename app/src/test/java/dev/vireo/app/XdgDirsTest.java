package dev.vireo.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class XdgDirsTest {

    private static final Path HOME = Path.of("/home/ada");

    @Test
    void defaultsLiveUnderHome() {
        XdgDirs dirs = XdgDirs.from(Map.of(), HOME);

        assertThat(dirs.config()).isEqualTo(Path.of("/home/ada/.config/vireo"));
        assertThat(dirs.state()).isEqualTo(Path.of("/home/ada/.local/state/vireo"));
        assertThat(dirs.cache()).isEqualTo(Path.of("/home/ada/.cache/vireo"));
    }

    @Test
    void absoluteVariablesAreUsed() {
        XdgDirs dirs = XdgDirs.from(Map.of(
                "XDG_CONFIG_HOME", "/srv/cfg",
                "XDG_STATE_HOME", "/var/tmp/state",
                "XDG_CACHE_HOME", "/tmp/cache"), HOME);

        assertThat(dirs.config()).isEqualTo(Path.of("/srv/cfg/vireo"));
        assertThat(dirs.state()).isEqualTo(Path.of("/var/tmp/state/vireo"));
        assertThat(dirs.cache()).isEqualTo(Path.of("/tmp/cache/vireo"));
    }

    @Test
    void eachVariableOnlyChangesItsOwnDirectory() {
        XdgDirs dirs = XdgDirs.from(Map.of("XDG_CACHE_HOME", "/tmp/cache"), HOME);

        assertThat(dirs.config()).isEqualTo(Path.of("/home/ada/.config/vireo"));
        assertThat(dirs.state()).isEqualTo(Path.of("/home/ada/.local/state/vireo"));
        assertThat(dirs.cache()).isEqualTo(Path.of("/tmp/cache/vireo"));
    }

    @Test
    void relativeOrEmptyVariablesAreIgnored() {
        // XDG base directory specification: "If an implementation encounters a relative path in
        // any of these variables it should consider the path invalid and ignore it."
        XdgDirs dirs = XdgDirs.from(Map.of(
                "XDG_CONFIG_HOME", "relative/cfg",
                "XDG_STATE_HOME", "",
                "XDG_CACHE_HOME", "./cache"), HOME);

        assertThat(dirs).isEqualTo(XdgDirs.from(Map.of(), HOME));
    }

    @Test
    void otherVariablesDoNotMatter() {
        XdgDirs dirs = XdgDirs.from(Map.of("XDG_DATA_HOME", "/data", "HOME", "/elsewhere"), HOME);

        assertThat(dirs).isEqualTo(XdgDirs.from(Map.of(), HOME));
    }
}
