package dev.vireo.bridge.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The host checks for GPU pass-through, from capabilities and domain capabilities as libvirt 9.0 writes them. */
class GpuReadinessTest {

    private static String caps(String iommu, String... domainTypes) {
        StringBuilder types = new StringBuilder();
        for (String t : domainTypes) {
            types.append("<domain type='").append(t).append("'/>");
        }
        return "<capabilities><host><cpu><arch>x86_64</arch></cpu>" + iommu + "</host>"
                + "<guest><os_type>hvm</os_type><arch name='x86_64'><machine>pc-q35-7.2</machine>" + types + "</arch></guest>"
                + "</capabilities>";
    }

    private static String domcaps(String backends, boolean ovmf) {
        return "<domainCapabilities><domain>kvm</domain><arch>x86_64</arch>"
                + "<os supported='yes'><enum name='firmware'>" + (ovmf ? "<value>efi</value>" : "") + "</enum>"
                + "<loader supported='yes'>" + (ovmf ? "<value>/usr/share/OVMF/OVMF_CODE_4M.fd</value>" : "") + "</loader></os>"
                + "<devices><hostdev supported='yes'><enum name='pciBackend'>" + backends + "</enum></hostdev></devices>"
                + "</domainCapabilities>";
    }

    private static GpuReadiness of(String caps, String domcaps) {
        HostFacts facts = HostFacts.parse(caps, "x86_64", domcaps);
        return GpuReadiness.of(caps, domcaps, facts, HostGpus.parse(List.of(), List.of(), Map.of()));
    }

    private static GpuReadiness.Verdict verdict(GpuReadiness r, String id) {
        return r.host().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow().verdict();
    }

    @Test
    void aKvmHostWithIommuVfioAndOvmfIsReady() {
        GpuReadiness r = of(caps("<iommu support='yes'/>", "qemu", "kvm"), domcaps("<value>default</value><value>vfio</value>", true));
        assertThat(r.host()).extracting(GpuReadiness.Check::verdict).containsOnly(GpuReadiness.Verdict.OK);
        assertThat(r.hostReady()).isTrue();
    }

    /** This development machine's own libvirtd: KVM and OVMF, but no IOMMU and so no VFIO. */
    @Test
    void noIommuAndNoVfioAreProblemsWithTheirFixes() {
        GpuReadiness r = of(caps("<iommu support='no'/>", "qemu", "kvm"), domcaps("", true));
        assertThat(r.hostReady()).isFalse();
        assertThat(verdict(r, "iommu")).isEqualTo(GpuReadiness.Verdict.PROBLEM);
        assertThat(verdict(r, "vfio")).isEqualTo(GpuReadiness.Verdict.PROBLEM);
        assertThat(r.host().get(1).fix()).contains("intel_iommu=on");
        assertThat(r.host().get(2).fix()).contains("modprobe vfio-pci");
    }

    @Test
    void emulationOnlyAndNoOvmf() {
        GpuReadiness r = of(caps("<iommu support='yes'/>", "qemu"), domcaps("<value>vfio</value>", false));
        assertThat(verdict(r, "virtualization")).isEqualTo(GpuReadiness.Verdict.PROBLEM);
        assertThat(verdict(r, "uefi")).isEqualTo(GpuReadiness.Verdict.WARNING);
        assertThat(r.host().get(3).fix()).contains("apt install ovmf");
    }

    @Test
    void withoutDomainCapabilitiesTheHostIsAskedNotGuessed() {
        GpuReadiness r = of(caps("<iommu support='yes'/>", "kvm"), null);
        assertThat(verdict(r, "vfio")).isEqualTo(GpuReadiness.Verdict.ASK_HOST);
        assertThat(verdict(r, "uefi")).isEqualTo(GpuReadiness.Verdict.ASK_HOST);
        assertThat(r.hostReady()).isTrue();
    }
}
