package dev.vireo.app;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where Vireo keeps its files, after the XDG base directory specification: settings in the config
 * dir, logs in the state dir, the extracted demo host in the cache dir.
 */
public record XdgDirs(Path config, Path state, Path cache) {

    public static XdgDirs fromEnvironment() {
        return from(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static XdgDirs from(Map<String, String> env, Path home) {
        return new XdgDirs(
                base(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve("vireo"),
                base(env, "XDG_STATE_HOME", home.resolve(".local/state")).resolve("vireo"),
                base(env, "XDG_CACHE_HOME", home.resolve(".cache")).resolve("vireo"));
    }

    private static Path base(Map<String, String> env, String variable, Path fallback) {
        String value = env.get(variable);
        // The specification says relative paths are invalid and must be ignored.
        return value != null && value.startsWith("/") ? Path.of(value) : fallback;
    }
}
