package dev.vireo.app.newvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding and downloading a tree's installer from a real HTTP server on loopback. */
class InstallTreeTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private String base;
    private final InstallTree trees = new InstallTree(InstallTree.defaultClient());

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aTreeinfoNamesTheInstallerAndTheRepositoryGoesOnTheCommandLine() throws Exception {
        files.put("/fedora/.treeinfo", """
                [general]
                family = Fedora
                [images-x86_64]
                kernel = images/pxeboot/vmlinuz
                initrd = images/pxeboot/initrd.img
                [images-xen]
                kernel = images/xen/vmlinuz
                """.getBytes(StandardCharsets.UTF_8));
        var found = trees.find(new NewVm.Source.NetworkInstall(base + "/fedora", "", "", ""), null);
        assertThat(found.kernel()).isEqualTo(URI.create(base + "/fedora/images/pxeboot/vmlinuz"));
        assertThat(found.initrd()).isEqualTo(URI.create(base + "/fedora/images/pxeboot/initrd.img"));
        assertThat(found.extraArgs()).isEqualTo("inst.repo=" + base + "/fedora");
    }

    @Test
    void withoutTreeinfoTheOsDatabaseKnowsTheNetbootPaths() throws Exception {
        Files.createDirectories(dir.resolve("os/example.org"));
        Files.writeString(dir.resolve("os/example.org/deb.xml"), """
                <libosinfo version="0.0.1">
                  <os id="http://example.org/deb/1">
                    <short-id>deb1</short-id>
                    <name>Deb 1</name>
                    <tree arch="i686"><url>http://x/</url><kernel>i386/linux</kernel><initrd>i386/initrd.gz</initrd></tree>
                    <tree arch="x86_64"><url>http://x/</url><kernel>amd64/linux</kernel><initrd>amd64/initrd.gz</initrd></tree>
                  </os>
                </libosinfo>""");
        OsDatabase.Os deb = OsDatabase.load(dir).find("deb1").orElseThrow();
        var found = trees.find(new NewVm.Source.NetworkInstall(base + "/debian/", "", "", ""), deb);
        assertThat(found.kernel()).isEqualTo(URI.create(base + "/debian/amd64/linux"));
        assertThat(found.initrd()).isEqualTo(URI.create(base + "/debian/amd64/initrd.gz"));
        assertThat(found.extraArgs()).isEmpty();
    }

    @Test
    void pathsGivenWinAndNothingFoundIsSaid() throws Exception {
        var given = trees.find(new NewVm.Source.NetworkInstall(base + "/t", "boot/k", "boot/i", ""), null);
        assertThat(given.kernel()).isEqualTo(URI.create(base + "/t/boot/k"));
        assertThatThrownBy(() -> trees.find(new NewVm.Source.NetworkInstall(base + "/none", "", "", ""), null))
                .isInstanceOf(IOException.class)
                .hasMessage("found no installer in " + base + "/none: it has no .treeinfo and no OS is chosen;"
                        + " give the kernel and initrd paths");
    }

    @Test
    void downloadsWithProgressAndSaysWhatWentWrong() throws Exception {
        byte[] kernel = new byte[300_000];
        new java.util.Random(1).nextBytes(kernel);
        files.put("/t/k", kernel);
        List<Long> progress = new ArrayList<>();
        long[] total = {0};
        Path f = trees.download(URI.create(base + "/t/k"), dir, t -> total[0] = t, progress::add);
        assertThat(Files.readAllBytes(f)).isEqualTo(kernel);
        assertThat(total[0]).isEqualTo(kernel.length);
        assertThat(progress).isSorted().last().isEqualTo((long) kernel.length);

        assertThatThrownBy(() -> trees.download(URI.create(base + "/t/missing"), dir, t -> { }, b -> { }))
                .hasMessage(base + "/t/missing answered HTTP 404");
        try (var left = Files.list(dir)) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("vireo-installer-"))).hasSize(1);
        }
    }
}
