package dev.vireo.app.newvm;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Who can reach a new VM's SPICE console and how, in a sentence for the summary and for
 * {@code vireo create}: localhost only, or an address and port people on the network use, with
 * the reminder that the host's firewall must let them in.
 */
public final class ConsoleReach {

    private ConsoleReach() {
    }

    /**
     * @param hostUri the libvirt URI of the host (its host part names a remote host)
     * @param port the port, or 0 while it is still automatic (chosen when the VM starts)
     * @param localAddresses this machine's own addresses, for a local host listening everywhere
     */
    public static String describe(NewVm.Display display, String hostUri, int port, List<String> localAddresses) {

        if (CreationCheck.isLoopback(display.listen())) {
            return "The console listens on the host's localhost only: Vireo reaches it (over SSH for a remote host);"
                    + " nobody else on the network can.";
        }
        String host = hostOf(hostUri);
        String where;
        if (!isWildcard(display.listen())) {
            where = display.listen();
        } else if (host != null) {
            where = host;
        } else {
            where = localAddresses.isEmpty() ? "this machine's address" : String.join(" or ", localAddresses);
        }
        String url = port > 0 && !where.contains(" ") ? " (spice://" + where + ":" + port + ")" : "";
        String on = port > 0 ? " on port " + port : " on the port libvirt picks when the VM starts (5900 or the next free one)";
        return "People on the network connect to " + where + on + url
                + (display.password() == null || display.password().isEmpty() ? ", without a password" : ", with the password")
                + ". The host's firewall must allow TCP " + (port > 0 ? "port " + port : "ports 5900 and up") + ".";
    }

    static boolean isWildcard(String listen) {
        return "0.0.0.0".equals(listen) || "::".equals(listen);
    }

    /** The host part of a remote libvirt URI; null for a local one. */
    public static String hostOf(String uri) {
        try {
            String h = new URI(uri).getHost();
            return h == null || h.isEmpty() || "localhost".equals(h) || h.startsWith("127.") ? null : h;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    /** This machine's IPv4 addresses that are up and not loopback; may be slow: not on the FX thread. */
    public static List<String> localAddresses() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.getName().startsWith("virbr")) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address) {
                        out.add(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            // no list: the sentence says "this machine's address"
        }
        return out;
    }
}
