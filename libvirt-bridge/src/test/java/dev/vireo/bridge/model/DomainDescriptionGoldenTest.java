package dev.vireo.bridge.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files for {@link DomainDescription#parse(String)}: every {@code golden/domain/NAME.xml}
 * is parsed and rendered (every record field but {@code xml}, one {@code field: value} per line)
 * and compared with {@code NAME.expected}.
 *
 * <p>The {@code demo-*} and {@code names-*} inputs are {@code virsh -c test:///ABS/PATH.xml dumpxml NAME}
 * output for the demo host and {@code hosts/names.xml}; the {@code edge-*} inputs are hand-written.
 *
 * <p>After a deliberate change to the parser or to a new input, rewrite the expected files and
 * review the diff with git:
 * <pre>
 * ./mvnw -q -o test -pl libvirt-bridge -Dtest=DomainDescriptionGoldenTest -Dvireo.updateGolden=true
 * </pre>
 */
class DomainDescriptionGoldenTest {

    private static final String FOLDER = "golden/domain";
    private static final boolean UPDATE = Boolean.getBoolean("vireo.updateGolden");

    static Stream<String> inputs() throws IOException {
        try (Stream<Path> files = Files.list(resourceFolder())) {
            List<String> names = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".xml"))
                    .map(n -> n.substring(0, n.length() - ".xml".length()))
                    .sorted()
                    .toList();
            assertThat(names).as("golden inputs in %s", FOLDER).hasSizeGreaterThanOrEqualTo(10);
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void parsesAsExpected(String name) throws IOException {
        String xml = Files.readString(resourceFolder().resolve(name + ".xml"), StandardCharsets.UTF_8);

        DomainDescription parsed = DomainDescription.parse(xml);
        String actual = render(parsed);

        assertThat(parsed.xml()).as("the record keeps the XML it came from").isEqualTo(xml);
        if (UPDATE) {
            Path target = sourceFolder().resolve(name + ".expected");
            Files.writeString(target, actual, StandardCharsets.UTF_8);
            return;
        }
        Path expectedFile = resourceFolder().resolve(name + ".expected");
        assertThat(expectedFile)
                .as("%s.expected is missing; run with -Dvireo.updateGolden=true and review it", name)
                .exists();
        String expected = Files.readString(expectedFile, StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertThat(actual).as("rendering of %s.xml", name).isEqualTo(expected);
    }

    // The golden files pin everything; these pin what the edge cases are for, so that a golden
    // file regenerated without care cannot silently accept a wrong value.

    @Test
    void keepsNamesWithMarkupCharactersAndUnicodeExactly() throws IOException {
        assertThat(parseResource("names-r-and-d-lab").name()).isEqualTo("R&D <lab>");
        assertThat(parseResource("names-unicode").name())
                .isEqualTo("\u00DCn\u00EFc\u00F8d\u00E9-\u865A\u62DF\u673A-\uD83D\uDDA5");
    }

    @Test
    void convertsMemoryUnitsToKiB() throws IOException {
        DomainDescription gib = parseResource("edge-memory-gib");
        assertThat(gib.memoryKiB()).isEqualTo(4L * 1024 * 1024);
        assertThat(gib.currentMemoryKiB()).isEqualTo(3072L * 1024);

        DomainDescription decimal = parseResource("edge-memory-decimal-mb");
        assertThat(decimal.memoryKiB()).isEqualTo(4096L * 1000 * 1000 / 1024);
        assertThat(decimal.currentMemoryKiB()).isEqualTo(2L * 1000 * 1000 * 1000 / 1024);

        DomainDescription bytes = parseResource("edge-memory-bytes");
        assertThat(bytes.memoryKiB()).isEqualTo(4L * 1024 * 1024);
        assertThat(bytes.currentMemoryKiB()).isEqualTo(1_048_576_000L / 1024);
    }

    @Test
    void currentMemoryDefaultsToMemory() throws IOException {
        DomainDescription d = parseResource("edge-no-current-memory");

        assertThat(d.currentMemoryKiB()).isEqualTo(d.memoryKiB()).isEqualTo(1_048_576L);
    }

    @Test
    void countsOnlineVcpusWhenCurrentIsGiven() throws IOException {
        assertThat(parseResource("edge-vcpu-current").vcpus()).isEqualTo(2);
    }

    @Test
    void readsTheListenAddressFromTheListenChild() throws IOException {
        DomainDescription d = parseResource("edge-spice-listen-element");

        assertThat(d.graphics()).containsExactly(
                new GraphicsInfo("spice", 5901, 5902, "0.0.0.0", false),
                new GraphicsInfo("vnc", 5910, -1, "", false));
        assertThat(d.hasSpice()).isTrue();
    }

    @Test
    void ignoresElementsCalledNameInsideMetadata() throws IOException {
        DomainDescription d = parseResource("edge-metadata-foreign-name");

        assertThat(d.name()).isEqualTo("edge-real-name");
        assertThat(d.title()).isEmpty();
    }

    @Test
    void stripsTheTitle() throws IOException {
        assertThat(parseResource("edge-title-whitespace").title()).isEqualTo("Padded\ttitle");
    }

    @Test
    void countsPassthroughDevicesOfTheDemoHost() throws IOException {
        DomainDescription cad = parseResource("demo-win10-cad");
        assertThat(cad.pciHostdevs()).isEqualTo(2);
        assertThat(cad.mdevHostdevs()).isZero();

        DomainDescription vgpu = parseResource("demo-win11-gpu");
        assertThat(vgpu.pciHostdevs()).isZero();
        assertThat(vgpu.mdevHostdevs()).isEqualTo(1);

        assertThat(parseResource("demo-debian12-build").graphics()).isEmpty();
        assertThat(parseResource("demo-debian12-build").hasHostdevs()).isFalse();
    }

    @Test
    void refusesMalformedXml() {
        assertThatThrownBy(() -> DomainDescription.parse("<domain><name>broken</domain>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed XML");
        assertThatThrownBy(() -> DomainDescription.parse(""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("malformed XML");
    }

    @Test
    void refusesExternalEntitiesInsteadOfExpandingThem() {
        String xxe = """
                <?xml version="1.0"?>
                <!DOCTYPE domain [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
                <domain type='kvm'>
                  <name>&xxe;</name>
                  <uuid>e09e0000-0000-4000-8000-0000000000ff</uuid>
                </domain>
                """;

        assertThatThrownBy(() -> DomainDescription.parse(xxe))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DOCTYPE")
                .hasMessageNotContaining("root:");
    }

    @Test
    void refusesInternalEntityExpansion() {
        String laughs = """
                <!DOCTYPE domain [
                  <!ENTITY a "aaaaaaaaaa">
                  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
                ]>
                <domain type='kvm'><name>&b;</name><uuid>u</uuid></domain>
                """;

        assertThatThrownBy(() -> DomainDescription.parse(laughs)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesDocumentsThatAreNotDomains() {
        assertThatThrownBy(() -> DomainDescription.parse("<network><name>default</name><uuid>u</uuid></network>"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("<network>");
        assertThatThrownBy(() -> DomainDescription.parse(
                "<x:domain xmlns:x='http://example.com/x'><x:name>n</x:name><x:uuid>u</x:uuid></x:domain>"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Every record component but {@code xml}, in declaration order, one per line. */
    static String render(DomainDescription d) {
        StringBuilder out = new StringBuilder();
        for (RecordComponent c : DomainDescription.class.getRecordComponents()) {
            if (c.getName().equals("xml")) {
                continue;
            }
            out.append(c.getName()).append(": ").append(value(componentValue(c, d))).append('\n');
        }
        return out.toString();
    }

    private static Object componentValue(RecordComponent c, DomainDescription d) {
        try {
            return c.getAccessor().invoke(d);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + c.getName(), e);
        }
    }

    private static String value(Object v) {
        if (v instanceof String s) {
            return quote(s);
        }
        if (v instanceof List<?> list) {
            return list.stream().map(DomainDescriptionGoldenTest::value).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof GraphicsInfo g) {
            return quote(g.type()) + " " + g.port() + " " + g.tlsPort() + " " + quote(g.listen())
                    + " autoport=" + g.autoport();
        }
        return String.valueOf(v);
    }

    /** Quotes a string so that empty values, blanks and control characters stay visible. */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (Character.isISOControl(ch)) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static DomainDescription parseResource(String name) throws IOException {
        return DomainDescription.parse(Files.readString(resourceFolder().resolve(name + ".xml"), StandardCharsets.UTF_8));
    }

    /** The golden folder as the test class path has it (target/test-classes). */
    private static Path resourceFolder() {
        URL url = DomainDescriptionGoldenTest.class.getResource("/" + FOLDER);
        if (url == null) {
            throw new IllegalStateException("no " + FOLDER + " on the test class path");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The golden folder in the sources; Surefire runs the tests in the module directory. */
    private static Path sourceFolder() {
        Path folder = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("src/test/resources/" + FOLDER);
        if (!Files.isDirectory(folder)) {
            throw new UncheckedIOException(new IOException("cannot find the golden sources at " + folder));
        }
        return folder;
    }
}
