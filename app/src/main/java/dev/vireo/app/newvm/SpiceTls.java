package dev.vireo.app.newvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a host has SPICE TLS set up ({@code spice_tls = 1} in libvirt's qemu.conf), known only
 * for the local system daemon, whose configuration this machine can read. libvirt refuses to start
 * a VM with a TLS port otherwise, so the wizard offers TLS only where it can work.
 */
public final class SpiceTls {

    public static final Path SYSTEM_CONF = Path.of("/etc/libvirt/qemu.conf");
    private static final Pattern SETTING = Pattern.compile("(?m)^\\s*spice_tls\\s*=\\s*(\\d+)");

    private SpiceTls() {
    }

    /** For {@code uri}: true or false where it can be told (the local system daemon), empty otherwise. File I/O. */
    public static Optional<Boolean> of(String uri, Path systemConf) {
        if (!"qemu:///system".equals(uri)) {
            return Optional.empty();
        }
        try {
            return Optional.of(enabled(Files.readString(systemConf)));
        } catch (IOException e) {
            return Optional.empty(); // not readable by this user: cannot tell
        }
    }

    static boolean enabled(String conf) {
        Matcher m = SETTING.matcher(conf);
        boolean on = false;
        while (m.find()) {
            on = !"0".equals(m.group(1)); // the last setting wins
        }
        return on;
    }
}
