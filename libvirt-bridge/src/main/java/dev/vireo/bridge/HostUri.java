package dev.vireo.bridge;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The connection URIs Vireo accepts: libvirt URIs ({@code qemu:///system}, {@code qemu+ssh://root@host/system},
 * {@code test:///path/host.xml}) and the word {@code demo} for the bundled demo host.
 *
 * @param uri         what is handed to libvirt
 * @param displayName what the user sees in the connection's header
 */
public record HostUri(String uri, String displayName) {

    /** The word that names the bundled demo host on the command line. */
    public static final String DEMO = "demo";

    /**
     * Resolves what the user typed. {@code null}, blank or {@code demo} mean the demo host.
     *
     * @throws VirtException with a sentence saying what is wrong, for text that is not a URI
     */
    public static HostUri resolve(String text, DemoHost demoHost) {
        if (text == null || text.isBlank() || DEMO.equalsIgnoreCase(text.strip())) {
            return new HostUri(demoHost.uri(), "Demo host");
        }
        String s = text.strip();
        URI parsed;
        try {
            parsed = new URI(s);
        } catch (URISyntaxException e) {
            throw new VirtException("“" + s + "” is not a valid connection URI",
                    e.getMessage() + ". Examples: qemu:///system, qemu+ssh://root@host/system, test:///path/host.xml");
        }
        if (parsed.getScheme() == null || !parsed.getScheme().matches("[a-z][a-z0-9+]*")) {
            throw new VirtException("“" + s + "” is not a valid connection URI",
                    "a libvirt URI starts with a driver name such as qemu://, qemu+ssh:// or test://");
        }
        return new HostUri(s, describe(parsed));
    }

    private static String describe(URI u) {
        String scheme = u.getScheme();
        String driver = scheme.contains("+") ? scheme.substring(0, scheme.indexOf('+')) : scheme;
        String path = u.getPath() == null ? "" : u.getPath();
        String kind = switch (driver) {
            case "qemu" -> "QEMU/KVM" + (path.endsWith("/session") ? " user session" : "");
            case "test" -> "Test host";
            case "lxc" -> "LXC";
            case "xen" -> "Xen";
            case "ch" -> "Cloud Hypervisor";
            default -> driver;
        };
        String host = u.getHost();
        String user = u.getUserInfo() == null ? "" : u.getUserInfo() + "@";
        String port = u.getPort() > 0 ? ":" + u.getPort() : "";
        if ((host == null || host.isEmpty()) && u.getRawAuthority() != null) {
            // java.net.URI finds no host in names it considers invalid (e.g. ssh aliases with '_')
            host = u.getRawAuthority();
            user = "";
            port = "";
        }
        if (host == null || host.isEmpty()) {
            if ("test".equals(driver) && path.length() > 1 && !"/default".equals(path)) {
                return kind + " (" + path.substring(path.lastIndexOf('/') + 1) + ")";
            }
            return kind + (path.endsWith("/session") || "test".equals(driver) ? "" : " (local)");
        }
        return user + host + port + " (" + kind + ")";
    }
}
