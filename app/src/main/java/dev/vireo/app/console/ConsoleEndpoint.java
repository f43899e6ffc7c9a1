package dev.vireo.app.console;

import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.GraphicsInfo;
import dev.vireo.bridge.model.VirtualMachine;
import java.net.URI;
import java.util.Locale;

/**
 * Where a VM's SPICE console is reached from this machine: the listen address of its live
 * definition, a wildcard meaning the host itself (localhost for a local host, the URI's host for
 * a remote one), with the port and TLS port libvirt assigned.
 */
public record ConsoleEndpoint(String host, int port, int tlsPort) {

    public static ConsoleEndpoint of(VirtualMachine vm, String hostUri) {
        if (!vm.active()) {
            throw new VirtException("“" + vm.name() + "” is " + vm.state().label().toLowerCase(Locale.ROOT)
                    + ": start it to see its console.", "state " + vm.state().id());
        }
        GraphicsInfo g = vm.description().graphics().stream().filter(x -> "spice".equals(x.type())).findFirst()
                .orElseThrow(() -> new VirtException("“" + vm.name() + "” has no SPICE console"
                        + (vm.description().graphics().isEmpty() ? "." : " (it has " + vm.description().graphics().get(0).type()
                        + ")."), "no spice graphics"));
        if (g.port() <= 0 && g.tlsPort() <= 0) {
            throw new VirtException("“" + vm.name() + "”'s console has no port yet.", "port " + g.port());
        }
        String remote = remoteHost(hostUri);
        String listen = g.listen() == null ? "" : g.listen();
        boolean wildcard = listen.isEmpty() || listen.equals("0.0.0.0") || listen.equals("::");
        boolean loopback = listen.startsWith("127.") || listen.equals("::1") || listen.equals("localhost");
        String host;
        if (remote == null) {
            host = wildcard ? "127.0.0.1" : listen;
        } else if (wildcard) {
            host = remote;
        } else if (loopback) {
            throw new VirtException("“" + vm.name() + "”'s console listens on " + remote + "'s localhost only:"
                    + " Vireo cannot reach it from here yet (SSH tunnels come with the console's next part).",
                    "listen " + listen + " on " + remote);
        } else {
            host = listen;
        }
        return new ConsoleEndpoint(host, Math.max(0, g.port()), Math.max(0, g.tlsPort()));
    }

    /** The host of a remote libvirt URI, or null for a local one. */
    static String remoteHost(String uri) {
        try {
            String h = new URI(uri).getHost();
            return h == null || h.isEmpty() || h.equals("localhost") || h.startsWith("127.") ? null : h;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
