package dev.vireo.app.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command takes: where to connect and how much to log. */
public final class ConnectOptions {

    @Option(names = {"-c", "--connect"}, paramLabel = "URI", scope = ScopeType.INHERIT,
            description = "libvirt URI to connect to (qemu:///system, qemu+ssh://root@host/system, "
                    + "test:///path/host.xml) or 'demo' for the bundled demo host (the default). "
                    + "The GUI accepts it several times.")
    List<String> uris = new ArrayList<>();

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Log debug detail, also on stderr.")
    boolean debug;

    /** The one URI a CLI command works on; null means the demo host. */
    public String single() {
        return uris.isEmpty() ? null : uris.get(uris.size() - 1);
    }

    public List<String> all() {
        return List.copyOf(uris);
    }

    public boolean debug() {
        return debug;
    }
}
