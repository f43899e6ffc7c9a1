package dev.vireo.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostUriTest {

    @TempDir
    Path cacheDir;

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "demo", " DEMO ", "Demo", "\tdemo\n"})
    void nothingOrTheWordDemoMeansTheDemoHost(String text) {
        DemoHost demo = new DemoHost(cacheDir);

        HostUri resolved = HostUri.resolve(text, demo);

        assertThat(resolved.uri()).isEqualTo(demo.uri());
        assertThat(resolved.displayName()).isEqualTo("Demo host");
    }

    @Test
    void demoHostIsACopyOfTheBundledResource() throws IOException {
        String uri = new DemoHost(cacheDir).uri();

        assertThat(uri).startsWith("test:///");
        Path file = Path.of(uri.substring("test://".length()));
        assertThat(file).isRegularFile().startsWith(cacheDir);
        assertThat(Files.readAllBytes(file)).isEqualTo(bundledDemoHost());
    }

    @Test
    void demoHostIsExtractedOnceAndReused() throws IOException {
        DemoHost first = new DemoHost(cacheDir);
        String uri = first.uri();

        assertThat(first.uri()).isEqualTo(uri);
        assertThat(new DemoHost(cacheDir).uri()).isEqualTo(uri);
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertThat(files).as("no second copy and no temporary file left behind").hasSize(1);
        }
    }

    @Test
    void demoHostCreatesAMissingCacheDirectory() {
        Path nested = cacheDir.resolve("a/b/vireo");

        String uri = new DemoHost(nested).uri();

        assertThat(Path.of(uri.substring("test://".length()))).isRegularFile().startsWith(nested);
    }

    @Test
    void demoHostUriIsAValidUriWhenTheCacheDirHasASpace() throws Exception {
        String uri = new DemoHost(cacheDir.resolve("with space")).uri();

        assertThat(new java.net.URI(uri).getPath()).startsWith(cacheDir.toString());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            qemu:///system                                | QEMU/KVM (local)
            qemu:///session                               | QEMU/KVM user session
            '  qemu:///system  '                          | QEMU/KVM (local)
            qemu+ssh://root@host.example/system           | root@host.example (QEMU/KVM)
            qemu+ssh://root@host.example:2222/system      | root@host.example:2222 (QEMU/KVM)
            qemu+ssh://alice@host.example/session         | alice@host.example (QEMU/KVM user session)
            qemu+tcp://10.0.0.5/system                    | 10.0.0.5 (QEMU/KVM)
            qemu+ssh://root@[fd00::1]/system              | root@[fd00::1] (QEMU/KVM)
            test:///default                               | Test host
            test:///tmp/x/lab.xml                         | Test host (lab.xml)
            lxc:///system                                 | LXC (local)
            """)
    void describesConnectionUris(String text, String displayName) {
        HostUri resolved = HostUri.resolve(text, new DemoHost(cacheDir));

        assertThat(resolved.uri()).isEqualTo(text.strip());
        assertThat(resolved.displayName()).isEqualTo(displayName);
    }

    @Test
    void resolvingARealUriDoesNotExtractTheDemoHost() throws IOException {
        HostUri.resolve("qemu:///system", new DemoHost(cacheDir));

        try (Stream<Path> files = Files.list(cacheDir)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void describesRemoteHostsWithUnderscores() {
        HostUri resolved = HostUri.resolve("qemu+ssh://root@lab_host/system", new DemoHost(cacheDir));

        assertThat(resolved.displayName()).isEqualTo("root@lab_host (QEMU/KVM)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"qemu+ssh://nobody@[bad", "not a uri", "::::", "/just/a/path", "QEMU:///system", "system"})
    void refusesTextThatIsNotAConnectionUri(String text) {
        assertThatThrownBy(() -> HostUri.resolve(text, new DemoHost(cacheDir)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.userMessage()).contains(text).contains("is not a valid connection URI");
                    assertThat(e.details()).isNotBlank();
                });
    }

    private static byte[] bundledDemoHost() throws IOException {
        try (InputStream in = HostUriTest.class.getResourceAsStream("/dev/vireo/bridge/demo/demo-host.xml")) {
            assertThat(in).as("bundled demo host").isNotNull();
            return in.readAllBytes();
        }
    }
}
