package dev.vireo.app.newvm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpiceTlsTest {

    @TempDir
    Path dir;

    @Test
    void onlyAnUncommentedSettingCounts() {
        assertThat(SpiceTls.enabled("#spice_tls = 1\n")).isFalse();
        assertThat(SpiceTls.enabled("spice_tls = 1\n")).isTrue();
        assertThat(SpiceTls.enabled("  spice_tls=1\nspice_tls = 0\n")).isFalse();
        assertThat(SpiceTls.enabled("spice_tls_x509_cert_dir = \"/etc/pki\"\n")).isFalse();
    }

    @Test
    void knownOnlyForTheLocalSystemDaemon() throws Exception {
        Path conf = Files.writeString(dir.resolve("qemu.conf"), "spice_tls = 1\n");
        assertThat(SpiceTls.of("qemu:///system", conf)).contains(true);
        assertThat(SpiceTls.of("qemu+ssh://root@kvm1/system", conf)).isEmpty();
        assertThat(SpiceTls.of("qemu:///system", dir.resolve("missing.conf"))).isEmpty();
        assertThat(SpiceTls.of("qemu:///system", Files.writeString(dir.resolve("off.conf"), "# nothing\n")))
                .isEqualTo(Optional.of(false));
    }
}
