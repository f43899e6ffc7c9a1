package dev.vireo.app.console;

import dev.vireo.app.tunnel.SshTunnels;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.GraphicsInfo;
import dev.vireo.bridge.model.VirtualMachine;
import java.net.URI;
import java.util.Locale;

/**
 * Where a VM's SPICE console is reached: the listen address of its live definition (a wildcard
 * meaning the host itself), with the port and TLS port libvirt assigned. For a host reached over
 * SSH, the address is as the host sees it and {@code viaSsh} is set: {@link #through} turns it into
 * a local port of the host's one SSH session, as virt-viewer does, so consoles work through
 * firewalls and for VMs that listen on the host's localhost only.
 */
public record ConsoleEndpoint(String host, int port, int tlsPort, boolean viaSsh) {

    public ConsoleEndpoint(String host, int port, int tlsPort) {
        this(host, port, tlsPort, false);
    }

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
        int port = Math.max(0, g.port());
        int tls = Math.max(0, g.tlsPort());
        if (remote == null) {
            return new ConsoleEndpoint(wildcard ? "127.0.0.1" : listen, port, tls, false);
        }
        if (SshTunnels.loginOf(hostUri).isPresent()) {
            return new ConsoleEndpoint(wildcard || loopback ? "127.0.0.1" : listen, port, tls, true);
        }
        if (loopback) {
            throw new VirtException("“" + vm.name() + "”'s console listens on " + remote + "'s localhost only: connect"
                    + " to the host over SSH to reach it.", "listen " + listen + " on " + remote);
        }
        return new ConsoleEndpoint(wildcard ? remote : listen, port, tls, false);
    }

    /** This endpoint as this machine reaches it: through the host's SSH session where needed. */
    public ConsoleEndpoint through(SshTunnels tunnels, String hostUri) {
        if (!viaSsh) {
            return this;
        }
        SshTunnels.Login login = SshTunnels.loginOf(hostUri).orElseThrow();
        int p = port > 0 ? tunnels.forward(login, host, port) : 0;
        int t = tlsPort > 0 ? tunnels.forward(login, host, tlsPort) : 0;
        return new ConsoleEndpoint("127.0.0.1", p, t, false);
    }

    /** The host of a remote libvirt URI, or null for a local one. */
    static String remoteHost(String uri) {
        try {
            String h = new URI(uri).getHost();
            return h == null || h.isEmpty() || h.equals("localhost") ? null : h;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
