package dev.vireo.bridge.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HostFactsTest {

    private static String resource(String name) {
        try (InputStream in = HostFactsTest.class.getResourceAsStream("/capabilities/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aKvmHostWithOvmf() {
        String caps = resource("kvm-host.xml");
        HostFacts f = HostFacts.parse(caps, HostFacts.hostArch(caps), resource("q35-domcaps.xml"));

        assertThat(f.arch()).isEqualTo("x86_64");
        assertThat(f.kvm()).isTrue();
        assertThat(f.emulation()).isTrue();
        assertThat(f.domainType()).isEqualTo("kvm");
        assertThat(f.machines()).contains("q35", "pc", "pc-q35-7.2", "pc-i440fx-7.2").doesNotContain("virt");
        assertThat(f.domainCapabilities()).isTrue();
        assertThat(f.uefi()).isTrue();
        assertThat(f.firmware()).containsExactly("/usr/share/OVMF/OVMF_CODE_4M.fd", "/usr/share/OVMF/OVMF_CODE_4M.secboot.fd");
        assertThat(f.videoModels()).contains("qxl", "virtio", "ramfb");
        assertThat(f.graphicsTypes()).contains("spice", "vnc");
        assertThat(f.maxVcpus()).isEqualTo(288);
    }

    @Test
    void emulationOnlyAndNoFirmware() {
        HostFacts f = HostFacts.parse(resource("tcg-host.xml"), "x86_64", resource("no-firmware-domcaps.xml"));

        assertThat(f.kvm()).isFalse();
        assertThat(f.emulation()).isTrue();
        assertThat(f.domainType()).isEqualTo("qemu");
        assertThat(f.uefi()).isFalse();
        assertThat(f.firmware()).isEmpty();
        assertThat(f.videoModels()).containsExactly("vga", "qxl");
        assertThat(f.maxVcpus()).isEqualTo(255);
    }

    @Test
    void withoutDomainCapabilitiesOnlyTheCapabilitiesPartIsKnown() {
        HostFacts f = HostFacts.parse(resource("kvm-host.xml"), "aarch64", null);

        assertThat(f.machines()).containsExactly("virt");
        assertThat(f.kvm()).isFalse();
        assertThat(f.domainCapabilities()).isFalse();
        assertThat(f.videoModels()).isEmpty();
        assertThat(f.maxVcpus()).isZero();
    }
}
