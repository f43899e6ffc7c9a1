package dev.vireo.app.connections;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the connections dialog edits, and the libvirt URI it stands for: the local system or
 * session daemon, a remote host over SSH (the ssh binary or libvirt's libssh transport), or a
 * URI typed as is. URIs are built with {@link URI}, which quotes what needs quoting.
 */
public record ConnectionSpec(Kind kind, Transport transport, String user, String host, int port, String keyFile,
        String knownHosts, String customUri) {

    public enum Kind { LOCAL_SYSTEM, LOCAL_SESSION, SSH, CUSTOM }

    public enum Transport {
        /** libvirt's libssh client: passwords and host keys are asked in Vireo's own dialogs. */
        LIBSSH("qemu+libssh"),
        /** The ssh program: keys and the agent only (it would ask passwords through askpass). */
        SSH("qemu+ssh");

        final String scheme;

        Transport(String scheme) {
            this.scheme = scheme;
        }
    }

    public static final int SSH_PORT = 22;

    public static ConnectionSpec localSystem() {
        return new ConnectionSpec(Kind.LOCAL_SYSTEM, Transport.LIBSSH, "", "", SSH_PORT, "", "", "");
    }

    public static ConnectionSpec localSession() {
        return new ConnectionSpec(Kind.LOCAL_SESSION, Transport.LIBSSH, "", "", SSH_PORT, "", "", "");
    }

    public static ConnectionSpec ssh(Transport transport, String user, String host, int port, String keyFile) {
        return ssh(transport, user, host, port, keyFile, "");
    }

    /** {@code knownHosts}: a known-hosts file other than ~/.ssh/known_hosts (libssh only). */
    public static ConnectionSpec ssh(Transport transport, String user, String host, int port, String keyFile,
            String knownHosts) {
        return new ConnectionSpec(Kind.SSH, transport, user, host, port, keyFile, knownHosts, "");
    }

    public static ConnectionSpec custom(String uri) {
        return new ConnectionSpec(Kind.CUSTOM, Transport.LIBSSH, "", "", SSH_PORT, "", "", uri);
    }

    /** What is wrong with the fields, in a sentence; empty when the URI can be built. */
    public Optional<String> problem() {
        return switch (kind) {
            case LOCAL_SYSTEM, LOCAL_SESSION -> Optional.empty();
            case SSH -> {
                if (host.isBlank()) {
                    yield Optional.of("Enter the host's name or address.");
                }
                if (host.strip().contains(" ") || host.contains("/") || host.contains("@")) {
                    yield Optional.of("The host name cannot contain spaces, “/” or “@”.");
                }
                if (user.contains("@") || user.contains(":") || user.contains("/")) {
                    yield Optional.of("The user name cannot contain “@”, “:” or “/”.");
                }
                if (port < 1 || port > 65535) {
                    yield Optional.of("The port must be between 1 and 65535.");
                }
                try {
                    sshUri();
                } catch (URISyntaxException e) {
                    yield Optional.of("“" + host.strip() + "” is not a host name or address.");
                }
                yield Optional.empty();
            }
            case CUSTOM -> {
                if (customUri.isBlank()) {
                    yield Optional.of("Enter a libvirt URI, e.g. qemu+tls://host/system.");
                }
                try {
                    URI u = new URI(customUri.strip());
                    yield u.getScheme() == null ? Optional.of("A libvirt URI starts with a driver, e.g. qemu:// or test://.")
                            : Optional.empty();
                } catch (URISyntaxException e) {
                    yield Optional.of("That is not a URI: " + e.getReason() + ".");
                }
            }
        };
    }

    /** The libvirt URI; call only when {@link #problem()} is empty. */
    public String uri() {
        return switch (kind) {
            case LOCAL_SYSTEM -> "qemu:///system";
            case LOCAL_SESSION -> "qemu:///session";
            case CUSTOM -> customUri.strip();
            case SSH -> {
                try {
                    yield sshUri();
                } catch (URISyntaxException e) {
                    throw new IllegalStateException("not a valid host: " + host, e);
                }
            }
        };
    }

    private String sshUri() throws URISyntaxException {
        List<String> params = new ArrayList<>();
        if (!keyFile.isBlank()) {
            params.add("keyfile=" + keyFile.strip());
        }
        if (!knownHosts.isBlank() && transport == Transport.LIBSSH) {
            params.add("known_hosts=" + knownHosts.strip());
        }
        String query = params.isEmpty() ? null : String.join("&", params);
        return new URI(transport.scheme, user.isBlank() ? null : user.strip(), host.strip(),
                port == SSH_PORT ? -1 : port, "/system", query, null).toASCIIString();
    }

    /** A name for the list when the user gives none: "root@server (SSH)", "Local system". */
    public String suggestedName() {
        return switch (kind) {
            case LOCAL_SYSTEM -> "Local system";
            case LOCAL_SESSION -> "Local session";
            case CUSTOM -> customUri.strip();
            case SSH -> (user.isBlank() ? "" : user.strip() + "@") + host.strip() + (port == SSH_PORT ? "" : ":" + port);
        };
    }

    /** The fields a saved URI came from; anything the dialog cannot show as fields is CUSTOM. */
    public static ConnectionSpec parse(String text) {
        try {
            URI u = new URI(text.strip());
            String scheme = u.getScheme();
            String path = u.getPath();
            if ("qemu".equals(scheme) && u.getHost() == null && u.getRawQuery() == null) {
                if ("/system".equals(path)) {
                    return localSystem();
                }
                if ("/session".equals(path)) {
                    return localSession();
                }
            }
            for (Transport t : Transport.values()) {
                if (t.scheme.equals(scheme) && u.getHost() != null && "/system".equals(path) && u.getFragment() == null) {
                    String key = "";
                    String known = "";
                    if (u.getQuery() != null) {
                        for (String param : u.getQuery().split("&")) {
                            if (param.startsWith("keyfile=") && key.isEmpty()) {
                                key = param.substring("keyfile=".length());
                            } else if (param.startsWith("known_hosts=") && known.isEmpty() && t == Transport.LIBSSH) {
                                known = param.substring("known_hosts=".length());
                            } else {
                                return custom(text); // more than the fields can show
                            }
                        }
                    }
                    return ssh(t, u.getUserInfo() == null ? "" : u.getUserInfo(), u.getHost(),
                            u.getPort() < 0 ? SSH_PORT : u.getPort(), key, known);
                }
            }
        } catch (URISyntaxException e) {
            // shown as typed
        }
        return custom(text);
    }
}
