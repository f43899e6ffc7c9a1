package dev.vireo.bridge.testing;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.model.VirtualMachine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The project's own test-driver hosts ({@code src/test/resources/hosts}), copied to files because
 * libvirt's test driver reads a path. Each connection re-reads its file, so tests never see each
 * other's changes.
 */
public final class TestHosts {

    private static final Map<String, Path> FILES = new ConcurrentHashMap<>();

    private TestHosts() {
    }

    /** The {@code test:///...} URI of a host file from {@code hosts/}, e.g. {@code states.xml}. */
    public static String uri(String name) {
        return dev.vireo.bridge.DemoHost.testDriverUri(file(name));
    }

    public static Path file(String name) {
        return FILES.computeIfAbsent(name, n -> {
            try (InputStream in = TestHosts.class.getResourceAsStream("/hosts/" + n)) {
                if (in == null) {
                    throw new IllegalArgumentException("no test host " + n);
                }
                Path dir = Files.createTempDirectory("vireo-hosts");
                Path f = dir.resolve(n);
                Files.write(f, in.readAllBytes());
                f.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return f;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Opens a connection to a test host and waits until its domains are listed. */
    public static HostConnection open(String name) {
        LibvirtEventLoop.ensureStarted();
        HostConnection c = new HostConnection(new HostUri(uri(name), name));
        c.open().join();
        return c;
    }

    /** Closes {@code c} and waits for its thread to end. */
    public static void close(HostConnection c) {
        c.close();
        try {
            c.awaitClosed(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static VirtualMachine byName(HostConnection c, String name) {
        return c.domains().snapshot().stream().filter(vm -> vm.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no domain " + name + " in " + c.domains().snapshot()));
    }
}
