package dev.vireo.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.bridge.internal.NativeConnect;
import dev.vireo.bridge.testing.TestHosts;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Creating vGPUs and detaching, re-attaching and resetting PCI devices, on the gpus.xml test host.
 * libvirt's test driver cannot run these calls and this machine has no IOMMU: what Vireo asks of
 * libvirt is checked against a recording stand-in for the calls themselves ({@link NodeDeviceCalls},
 * a mock for want of a real part), and the test driver's own refusal against libvirt.
 */
class GpuActionsTest {

    private HostConnection connection;
    private final List<String> recorded = new CopyOnWriteArrayList<>();

    /** Records what would be asked of libvirt; a mock, since nothing here can run it. */
    private final NodeDeviceCalls recorder = new NodeDeviceCalls() {
        @Override
        public String defineAndStart(NativeConnect c, String xml, String what) {
            recorded.add("define+start " + xml);
            return "mdev_new";
        }

        @Override
        public void detach(NativeConnect c, String nodeDevice, String what) {
            recorded.add("detach " + nodeDevice);
        }

        @Override
        public void reattach(NativeConnect c, String nodeDevice, String what) {
            recorded.add("reattach " + nodeDevice);
        }

        @Override
        public void reset(NativeConnect c, String nodeDevice, String what) {
            recorded.add("reset " + nodeDevice);
        }

        @Override
        public void remove(NativeConnect c, String nodeDevice, String what) {
            recorded.add("remove " + nodeDevice);
        }
    };

    @BeforeEach
    void open() {
        connection = TestHosts.open("gpus.xml");
    }

    @AfterEach
    void close() {
        TestHosts.close(connection);
    }

    @Test
    void aVgpuOfAFreeTypeIsDefinedStartedAndKept() {
        Gpus gpus = new Gpus(connection, recorder);
        String uuid = gpus.createMdev("pci_0000_0c_00_0", "nvidia-18").join();
        assertThat(recorded).containsExactly("define+start <device><parent>pci_0000_0c_00_0</parent><capability type=\"mdev\">"
                + "<type id=\"nvidia-18\"/><uuid>" + uuid + "</uuid></capability></device>");
    }

    /** The UUID chosen beforehand (the dialog shows it in the planned definition) is the one made. */
    @Test
    void aVgpuWithItsUuidChosenBeforehand() {
        Gpus gpus = new Gpus(connection, recorder);
        String uuid = "0d5c9a4e-7f21-4c1b-9e3a-5b8d2f6a1c70";
        assertThat(gpus.createMdev("pci_0000_0c_00_0", "nvidia-11", uuid).join()).isEqualTo(uuid);
        assertThat(recorded).singleElement().asString().contains("<uuid>" + uuid + "</uuid>");
    }

    /** An unused vGPU is found by its UUID and removed by its node device; one a VM names is refused. */
    @Test
    void aVgpuRemovedByUuidOnlyWhenNoVmUsesIt() {
        Gpus gpus = new Gpus(connection, recorder);
        gpus.removeMdevByUuid("6A1F2C3E-5B7D-4E21-9C4A-0D3E8F1A2B62").join();
        assertThat(recorded).containsExactly("remove mdev_6a1f2c3e_5b7d_4e21_9c4a_0d3e8f1a2b62_0000_0b_00_0");
        assertThatThrownBy(() -> gpus.removeMdevByUuid("6a1f2c3e-5b7d-4e21-9c4a-0d3e8f1a2b60").join()).cause()
                .satisfies(e -> assertThat(((VirtException) e).userMessage()).isEqualTo("Could not remove the vGPU"
                        + " 6a1f2c3e-5b7d-4e21-9c4a-0d3e8f1a2b60: “vdi-01” uses it; take it from the VM first."));
        assertThat(recorded).hasSize(1);
    }

    @Test
    void aTypeWithoutFreeInstancesOrUnknownIsRefusedWithAReason() {
        Gpus gpus = new Gpus(connection, recorder);
        assertThatThrownBy(() -> gpus.createMdev("pci_0000_0b_00_0", "nvidia-18").join())
                .isInstanceOf(CompletionException.class).cause()
                .satisfies(e -> assertThat(((VirtException) e).userMessage()).isEqualTo("Could not create a nvidia-18 vGPU on"
                        + " pci_0000_0b_00_0: no GRID M60-4Q instance is free on it (other vGPU types in use take the card's memory)."));
        assertThatThrownBy(() -> gpus.createMdev("pci_0000_05_00_0", "nvidia-11").join()).cause()
                .satisfies(e -> assertThat(((VirtException) e).userMessage()).endsWith("the card offers no vGPU types."));
        assertThat(recorded).isEmpty();
    }

    @Test
    void detachReattachAndResetAskLibvirtForTheDevice() {
        Gpus gpus = new Gpus(connection, recorder);
        gpus.detachFromHost("pci_0000_0a_00_0").join();
        gpus.reset("pci_0000_0a_00_0").join();
        gpus.reattachToHost("pci_0000_0a_00_0").join();
        assertThat(recorded).containsExactly("detach pci_0000_0a_00_0", "reset pci_0000_0a_00_0", "reattach pci_0000_0a_00_0");
    }

    /** The real calls on libvirt's test driver: refused, and said so in a sentence. */
    @Test
    void theTestDriverRefusesTheseCallsClearly() {
        Gpus gpus = connection.gpus();
        assertThatThrownBy(() -> gpus.detachFromHost("pci_0000_0a_00_0").join()).cause()
                .satisfies(e -> {
                    VirtException v = (VirtException) e;
                    assertThat(v.userMessage()).startsWith("Could not take pci_0000_0a_00_0 from the host");
                    assertThat(v.isUnsupported()).as(v.details()).isTrue();
                });
        assertThatThrownBy(() -> gpus.createMdev("pci_0000_0c_00_0", "nvidia-11").join()).cause()
                .satisfies(e -> assertThat(((VirtException) e).userMessage()).startsWith("Could not create a nvidia-11 vGPU"));
    }
}
