package dev.vireo.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.model.HostGpus;
import dev.vireo.bridge.testing.TestHosts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The graphics cards of the project's gpus.xml test host (libvirt's test driver): the seed's
 * Quadro 6000 with its HDMI audio, a card sharing its IOMMU group with a bridge and a USB
 * controller, an isolated modern card, two vGPU parents (one with an instance in use), an iGPU.
 */
class GpusIT {

    private HostConnection connection;
    private HostGpus gpus;

    @BeforeEach
    void open() {
        connection = TestHosts.open("gpus.xml");
        gpus = connection.gpus().inventory().join();
    }

    @AfterEach
    void close() {
        TestHosts.close(connection);
    }

    private HostGpus.Gpu gpu(String address) {
        return gpus.gpus().stream().filter(g -> g.device().address().equals(address)).findFirst().orElseThrow();
    }

    @Test
    void everyDisplayClassDeviceAndNothingElse() {
        assertThat(gpus.gpus()).extracting(g -> g.device().address())
                .containsExactly("0000:00:02.0", "0000:01:00.0", "0000:05:00.0", "0000:0a:00.0", "0000:0b:00.0", "0000:0c:00.0");
    }

    @Test
    void theQuadroWithItsAudioFunctionIsIsolatedAndUsedByItsVm() {
        HostGpus.Gpu q = gpu("0000:05:00.0");
        assertThat(q.name()).isEqualTo("pci_0000_05_00_0");
        assertThat(q.device().vendorId()).isEqualTo("10de");
        assertThat(q.device().productId()).isEqualTo("06d8");
        assertThat(q.device().vendor()).isEqualTo("NVIDIA Corporation");
        assertThat(q.device().product()).isEqualTo("GF100GL [Quadro 6000]");
        assertThat(q.functions()).extracting(HostGpus.PciFunction::address).containsExactly("0000:05:00.1");
        assertThat(q.iommuGroup()).isEqualTo(13);
        assertThat(q.groupMembers()).containsExactly("0000:05:00.0", "0000:05:00.1");
        assertThat(q.isolated()).isTrue();
        assertThat(q.strangers()).isEmpty();
        assertThat(q.usedBy()).containsExactly("cad-ws");
        assertThat(q.driver()).as("the test driver drops <driver>").isEqualTo("unknown");
        assertThat(q.mdevTypes()).isEmpty();
    }

    @Test
    void aGroupWithABridgeAndAnotherDeviceIsNotIsolated() {
        HostGpus.Gpu g = gpu("0000:01:00.0");
        assertThat(g.isolated()).isFalse();
        assertThat(g.groupMembers()).containsExactly("0000:00:01.0", "0000:01:00.0", "0000:01:00.1", "0000:03:00.0");
        assertThat(g.strangers()).as("the bridge does not count, the USB controller does").containsExactly("0000:03:00.0");
        assertThat(g.functions()).extracting(HostGpus.PciFunction::address).containsExactly("0000:01:00.1");
        assertThat(g.usedBy()).isEmpty();
    }

    @Test
    void anIsolatedFreeModernCard() {
        HostGpus.Gpu a = gpu("0000:0a:00.0");
        assertThat(a.isolated()).isTrue();
        assertThat(a.usedBy()).isEmpty();
        assertThat(a.device().product()).isEqualTo("GA104GL [RTX A4000]");
    }

    @Test
    void vGpuParentsWithTheirTypesAndTheInstanceInUse() {
        HostGpus.Gpu first = gpu("0000:0b:00.0");
        assertThat(first.device().classCode()).isEqualTo(0x030200);
        assertThat(first.mdevTypes()).extracting(HostGpus.MdevType::id, HostGpus.MdevType::name, HostGpus.MdevType::available)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("nvidia-11", "GRID M60-0B", 14),
                        org.assertj.core.groups.Tuple.tuple("nvidia-18", "GRID M60-4Q", 0));
        assertThat(first.mdevs()).hasSize(2);
        assertThat(first.mdevs().get(0)).satisfies(m -> {
            assertThat(m.uuid()).isEqualTo("6a1f2c3e-5b7d-4e21-9c4a-0d3e8f1a2b60");
            assertThat(m.typeId()).isEqualTo("nvidia-11");
            assertThat(m.usedBy()).containsExactly("vdi-01");
        });
        assertThat(first.mdevs().get(1)).satisfies(m -> { // made, given to no VM
            assertThat(m.uuid()).isEqualTo("6a1f2c3e-5b7d-4e21-9c4a-0d3e8f1a2b62");
            assertThat(m.usedBy()).isEmpty();
        });
        HostGpus.Gpu second = gpu("0000:0c:00.0");
        assertThat(second.mdevs()).isEmpty();
        assertThat(second.mdevTypes()).extracting(HostGpus.MdevType::available).containsExactly(16, 2);
    }

    @Test
    void readinessJudgesEachCard() {
        dev.vireo.bridge.model.GpuReadiness r = connection.gpus().readiness().join();
        assertThat(r.hostReady()).as("the simulated host has groups: IOMMU on").isTrue();
        var byAddress = new java.util.HashMap<String, dev.vireo.bridge.model.GpuReadiness.CardChecks>();
        r.cards().forEach(c -> byAddress.put(c.gpu().device().address(), c));
        var shared = byAddress.get("0000:01:00.0");
        assertThat(r.ready(shared)).isFalse();
        assertThat(shared.checks().get(0).finding()).isEqualTo("Group 1 also holds 0000:03:00.0: they would have to be given to the"
                + " same VM.");
        var quadro = byAddress.get("0000:05:00.0");
        assertThat(r.ready(quadro)).isTrue();
        assertThat(quadro.checks()).extracting(dev.vireo.bridge.model.GpuReadiness.Check::id)
                .containsExactly("group", "driver", "display", "in-use");
        assertThat(quadro.checks().get(2).verdict()).as("the host's display: only a shell can tell")
                .isEqualTo(dev.vireo.bridge.model.GpuReadiness.Verdict.ASK_HOST);
        assertThat(r.ready(byAddress.get("0000:0a:00.0"))).isTrue();
    }

    @Test
    void theIntegratedGpu() {
        HostGpus.Gpu igpu = gpu("0000:00:02.0");
        assertThat(igpu.device().vendorId()).isEqualTo("8086");
        assertThat(igpu.isolated()).isTrue();
        assertThat(igpu.functions()).isEmpty();
    }
}
