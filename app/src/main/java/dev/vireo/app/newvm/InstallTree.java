package dev.vireo.app.newvm;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Finds and downloads the installer of a network install tree, as virt-install does: the kernel
 * and initrd paths given by the user, else the ones in the tree's {@code .treeinfo} (Fedora, RHEL
 * and relatives; the tree's URL then goes on the command line as {@code inst.repo=}), else the
 * ones the osinfo database knows for the OS (Debian and Ubuntu netboot).
 */
public final class InstallTree {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Where the installer is, and what its command line needs. */
    public record Installer(URI kernel, URI initrd, String extraArgs) {
    }

    private final HttpClient http;

    public InstallTree(HttpClient http) {
        this.http = http;
    }

    public static HttpClient defaultClient() {
        return HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** Is {@code url} something we can download a tree from (http or https)? */
    public static boolean usable(String url) {
        try {
            URI u = new URI(url.strip());
            return ("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    public Installer find(NewVm.Source.NetworkInstall source, OsDatabase.Os os) throws IOException, InterruptedException {
        URI base = URI.create(source.url().strip().endsWith("/") ? source.url().strip() : source.url().strip() + "/");
        if (!blank(source.kernel()) && !blank(source.initrd())) {
            return new Installer(base.resolve(source.kernel().strip()), base.resolve(source.initrd().strip()), "");
        }
        HttpResponse<String> info = http.send(HttpRequest.newBuilder(base.resolve(".treeinfo")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (info.statusCode() == 200) {
            Map<String, String> images = section(info.body(), "images-x86_64");
            if (images.containsKey("kernel") && images.containsKey("initrd")) {
                return new Installer(base.resolve(images.get("kernel")), base.resolve(images.get("initrd")),
                        "inst.repo=" + source.url().strip());
            }
        }
        if (os != null && os.tree() != null) {
            return new Installer(base.resolve(os.tree().kernel()), base.resolve(os.tree().initrd()), "");
        }
        throw new IOException("found no installer in " + source.url().strip() + ": it has no .treeinfo"
                + (os == null ? " and no OS is chosen" : " and the OS database knows no installer path for " + os.name())
                + "; give the kernel and initrd paths");
    }

    /** Downloads {@code uri} into a new file in {@code dir}; {@code progress} gets (bytes so far) as they come. */
    public Path download(URI uri, Path dir, LongConsumer total, LongConsumer progress) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException(uri + " answered HTTP " + response.statusCode());
        }
        total.accept(response.headers().firstValueAsLong("Content-Length").orElse(-1));
        Path file = Files.createTempFile(dir, "vireo-installer-", ".tmp");
        try (InputStream in = response.body(); OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long done = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                out.write(buffer, 0, n);
                done += n;
                progress.accept(done);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return file;
    }

    /** The keys of one {@code [section]} of an INI file such as .treeinfo. */
    static Map<String, String> section(String ini, String name) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean in = false;
        for (String raw : ini.split("\\R")) {
            String line = raw.strip();
            if (line.startsWith("[") && line.endsWith("]")) {
                in = line.substring(1, line.length() - 1).strip().equals(name);
            } else if (in && line.contains("=") && !line.startsWith("#") && !line.startsWith(";")) {
                int eq = line.indexOf('=');
                out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
