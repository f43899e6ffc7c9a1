package dev.vireo.app.newvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OsDatabaseTest {

    @TempDir
    Path dir;

    private static final long GIB = 1L << 30;

    /** Our own two-OS database: what a derived OS does not say, it takes from its parent. */
    @Test
    void whatAnOsDoesNotSayItInheritsFromTheOsItDerivesFrom() throws Exception {
        Files.createDirectories(dir.resolve("os/example.org"));
        Files.writeString(dir.resolve("os/example.org/base.xml"), """
                <libosinfo version="0.0.1">
                  <os id="http://example.org/base/1">
                    <short-id>base1</short-id>
                    <name>Base 1</name>
                    <name xml:lang="de">Basis 1</name>
                    <vendor>Example</vendor>
                    <family>linux</family>
                    <release-date>2020-01-01</release-date>
                    <firmware arch="x86_64" type="efi"/>
                    <resources arch="all">
                      <minimum><n-cpus>1</n-cpus><ram>536870912</ram></minimum>
                      <recommended><n-cpus>2</n-cpus><ram>2147483648</ram><storage>21474836480</storage></recommended>
                    </resources>
                    <devices><device id="http://pcisig.com/pci/1af4/1000"/></devices>
                    <media arch="x86_64"><iso><volume-id>BASE 1\\.\\d+ amd64</volume-id></iso></media>
                  </os>
                </libosinfo>""");
        Files.writeString(dir.resolve("os/example.org/derived.xml"), """
                <libosinfo version="0.0.1">
                  <os id="http://example.org/derived/2">
                    <short-id>derived2</short-id>
                    <short-id>derivedtwo</short-id>
                    <name>Derived “2” &amp; co</name>
                    <derives-from id="http://example.org/base/1"/>
                    <release-date>2022-01-01</release-date>
                    <resources arch="x86_64"><recommended><ram>4294967296</ram></recommended></resources>
                    <media arch="x86_64"><iso><volume-id>DERIVED 2 amd64</volume-id></iso></media>
                  </os>
                </libosinfo>""");

        OsDatabase db = OsDatabase.load(dir);

        OsDatabase.Os derived = db.find("derivedtwo").orElseThrow();
        assertThat(derived.name()).isEqualTo("Derived “2” & co");
        assertThat(derived.recommended()).isEqualTo(new OsDatabase.Resources(4 * GIB, 2, 20 * GIB));
        assertThat(derived.minimum().ramBytes()).isEqualTo(GIB / 2);
        assertThat(derived.virtio()).isTrue();
        assertThat(derived.efi()).isTrue();
        assertThat(db.find("base1").orElseThrow().name()).isEqualTo("Base 1");
        assertThat(db.detect("BASE 1.4 amd64")).extracting(OsDatabase.Os::shortId).containsExactly("base1");
        assertThat(db.search("deriv co")).extracting(OsDatabase.Os::shortId).containsExactly("derived2");
    }

    /** Debian's osinfo-db package, as the wizard reads it. */
    @Test
    void theSystemDatabaseKnowsDebianAndWindows() throws Exception {
        assertThat(OsDatabase.SYSTEM.resolve("os")).as("osinfo-db is installed by ./vireo test").isDirectory();
        OsDatabase db = OsDatabase.load(OsDatabase.SYSTEM);

        assertThat(db.all()).hasSizeGreaterThan(300);
        OsDatabase.Os debian = db.find("debian11").orElseThrow();
        assertThat(debian.name()).isEqualTo("Debian 11");
        assertThat(debian.family()).isEqualTo("linux");
        assertThat(debian.recommended().ramBytes()).isEqualTo(GIB);
        assertThat(debian.recommended().storageBytes()).isEqualTo(20 * GIB);
        assertThat(debian.virtio()).isTrue();
        assertThat(db.find("debianbullseye")).contains(debian);
        assertThat(db.detect("Debian 11.6.0 amd64 n")).first().isEqualTo(debian);
        assertThat(db.find("win10").orElseThrow().virtio()).as("Windows has no virtio drivers of its own").isFalse();
        assertThat(db.search("windows 11")).isNotEmpty();
    }
}
