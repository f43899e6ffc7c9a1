package dev.vireo.bridge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Vireo's bundled demo host: a libvirt test-driver host file shipped as a resource. libvirt's test
 * driver reads a file path, so the resource is copied once into the cache directory under a name
 * that carries its content hash.
 */
public final class DemoHost {

    static final String RESOURCE = "/dev/vireo/bridge/demo/demo-host.xml";

    private final Path cacheDir;
    private volatile String uri;

    public DemoHost(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    /** The {@code test:///...} URI of the demo host, extracting the file on first use. */
    public String uri() {
        String u = uri;
        if (u == null) {
            synchronized (this) {
                if (uri == null) {
                    uri = testDriverUri(extract());
                }
                u = uri;
            }
        }
        return u;
    }

    /** {@code test:///path}, with the path percent-encoded (a space in a home directory is legal). */
    public static String testDriverUri(Path file) {
        try {
            return "test://" + new java.net.URI(null, null, file.toAbsolutePath().toString(), null).getRawPath();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("cannot make a URI of " + file, e);
        }
    }

    private Path extract() {
        byte[] content;
        try (InputStream in = DemoHost.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("demo host resource missing: " + RESOURCE);
            }
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo host", e);
        }
        Path target = cacheDir.resolve("demo-host-" + shortHash(content) + ".xml");
        try {
            if (!Files.exists(target)) {
                Files.createDirectories(cacheDir);
                Path tmp = Files.createTempFile(cacheDir, "demo-host", ".tmp");
                try {
                    Files.write(tmp, content);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo host to " + target, e);
        }
        return target;
    }

    private static String shortHash(byte[] content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content);
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
