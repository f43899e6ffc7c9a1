package dev.vireo.spice;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A remote-viewer connection file ({@code .vv}): the INI group {@code [virt-viewer]} with
 * {@code type=spice}, the host, ports and, when wanted, the password. Read by {@code vireo viewer}
 * and written by {@code vireo vv}; what Vireo does not use is kept when read and written again.
 */
public record VvFile(Map<String, String> values) {

    public VvFile {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static VvFile spice(String host, int port, int tlsPort, String password, String title) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("type", "spice");
        v.put("host", host);
        if (port > 0) {
            v.put("port", Integer.toString(port));
        }
        if (tlsPort > 0) {
            v.put("tls-port", Integer.toString(tlsPort));
        }
        if (password != null) {
            v.put("password", password);
        }
        if (title != null) {
            v.put("title", title);
        }
        v.put("release-cursor", "shift+f12");
        v.put("toggle-fullscreen", "shift+f11");
        return new VvFile(v);
    }

    /** Reads the {@code [virt-viewer]} group; refuses other connection types than SPICE. */
    public static VvFile parse(String text) {
        Map<String, String> v = new LinkedHashMap<>();
        boolean in = false;
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                in = line.equals("[virt-viewer]");
            } else if (in && line.contains("=")) {
                int eq = line.indexOf('=');
                v.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        if (!"spice".equals(v.get("type"))) {
            throw new IllegalArgumentException(v.containsKey("type") ? "the file is for a " + v.get("type")
                    + " console; Vireo opens SPICE consoles" : "the file has no [virt-viewer] group with type=spice");
        }
        if (!v.containsKey("host")) {
            throw new IllegalArgumentException("the file names no host");
        }
        return new VvFile(v);
    }

    public String format() {
        StringBuilder b = new StringBuilder("[virt-viewer]\n");
        values.forEach((k, val) -> b.append(k).append('=').append(val.replace("\n", "\\n")).append('\n'));
        return b.toString();
    }

    public String host() {
        return values.get("host");
    }

    public int port() {
        return number("port");
    }

    public int tlsPort() {
        return number("tls-port");
    }

    /**
     * The same with what a viewer needs to check the TLS port: the CA's certificate (PEM, written
     * with its newlines as {@code \n}, as remote-viewer reads it) and the server's subject (may be null).
     */
    public VvFile withTrust(String caPem, String hostSubject) {
        Map<String, String> v = new LinkedHashMap<>(values);
        v.put("ca", caPem.strip());
        if (hostSubject != null) {
            v.put("host-subject", hostSubject);
        }
        return new VvFile(v);
    }

    /** The CA's certificate (PEM), or null. */
    public String ca() {
        String ca = values.get("ca");
        return ca == null ? null : ca.replace("\\n", "\n") + "\n";
    }

    /** The subject the server's certificate must have, or null (then its host name is checked). */
    public String hostSubject() {
        return values.get("host-subject");
    }

    /** The password, or null. */
    public String password() {
        return values.get("password");
    }

    public String title() {
        return values.getOrDefault("title", host());
    }

    private int number(String key) {
        try {
            return Integer.parseInt(values.getOrDefault(key, "0").strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the file's " + key + " is not a number: " + values.get(key));
        }
    }
}
