package dev.vireo.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.HostInventory;
import dev.vireo.bridge.model.Screenshot;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestHosts;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Volumes, networks and new domains on the test driver, with the project's provisioning.xml host. */
class ProvisioningIT {

    private static final long GIB = 1L << 30;

    private HostConnection connection;
    private Provisioning provisioning;

    @BeforeEach
    void open() {
        connection = TestHosts.open("provisioning.xml");
        provisioning = connection.provisioning();
    }

    @AfterEach
    void close() {
        TestHosts.close(connection);
    }

    @Test
    void readsPoolsVolumesNetworksAndMemory() {
        HostInventory inv = provisioning.inventory().join();

        assertThat(inv.pools()).extracting(HostInventory.Pool::name).containsExactly("default", "small");
        HostInventory.Pool small = inv.pool("small").orElseThrow();
        assertThat(small.availableBytes()).isEqualTo(6 * GIB);
        assertThat(small.path()).isEqualTo("/srv/small");
        assertThat(small.active()).isTrue();
        HostInventory.Pool def = inv.pool("default").orElseThrow();
        assertThat(def.volumes()).extracting(HostInventory.Volume::name).containsExactly("existing.qcow2", "installer.iso");
        HostInventory.Volume iso = inv.volume("/var/lib/libvirt/images/installer.iso").orElseThrow();
        assertThat(iso.isIso()).isTrue();
        assertThat(iso.format()).isEqualTo("iso");
        assertThat(iso.capacityBytes()).isEqualTo(100L << 20);
        assertThat(inv.volume("/var/lib/libvirt/images/existing.qcow2").orElseThrow().format()).isEqualTo("qcow2");

        assertThat(inv.networks()).containsExactly(
                new HostInventory.VirtualNetwork("default", true, "virbr0", "nat"),
                new HostInventory.VirtualNetwork("isolated", true, "virbr1", ""));
        assertThat(inv.memoryBytes()).isEqualTo(8 * GIB);
        assertThat(inv.freeMemoryBytes()).isEqualTo(-1);
        assertThat(inv.cpus()).isEqualTo(4);
        assertThat(inv.domainNames()).containsExactly("taken");
    }

    @Test
    void createsAndDeletesAVolume() {
        HostInventory.Volume vol = provisioning.createVolume("default", "new-disk.qcow2", 5 * GIB, "qcow2").join();
        assertThat(vol.path()).isEqualTo("/var/lib/libvirt/images/new-disk.qcow2");
        assertThat(vol.capacityBytes()).isEqualTo(5 * GIB);
        assertThat(vol.format()).isEqualTo("qcow2");
        assertThat(provisioning.inventory().join().volume(vol.path())).isPresent();

        assertThatThrownBy(() -> provisioning.createVolume("default", "new-disk.qcow2", GIB, "qcow2").join())
                .isInstanceOf(CompletionException.class).cause()
                .extracting(e -> ((VirtException) e).userMessage()).isEqualTo("Could not create the disk “new-disk.qcow2” in pool “default”: "
                        + "the pool already has a volume of that name.");

        provisioning.deleteVolume(vol.path()).join();
        assertThat(provisioning.inventory().join().volume(vol.path())).isEmpty();
    }

    @Test
    void definesStartsAndRemovesADomain() {
        String name = "new \"VM\" & <friends> – ünïcødé";
        String uuid = provisioning.define(name, minimalDomain(name)).join();
        Eventually.until("the new VM is listed", Duration.ofSeconds(5),
                () -> connection.domains().get(connection.id() + "/" + uuid) != null, () -> connection.domains().snapshot().toString());
        VirtualMachine vm = connection.domains().get(connection.id() + "/" + uuid);
        assertThat(vm.name()).isEqualTo(name);
        assertThat(vm.state()).isEqualTo(DomainState.SHUTOFF);

        assertThatThrownBy(() -> provisioning.define(name, minimalDomain(name)).join()).cause()
                .isInstanceOf(VirtException.class)
                .extracting(e -> ((VirtException) e).userMessage()).asString()
                .endsWith("provisioning.xml already has a virtual machine of that name.");

        provisioning.start(name, uuid).join();
        Eventually.until("the new VM runs", Duration.ofSeconds(5),
                () -> connection.domains().get(connection.id() + "/" + uuid).state() == DomainState.RUNNING, () -> "");
        VirtualMachine running = connection.domains().get(connection.id() + "/" + uuid);
        Screenshot shot = connection.operations().screenshot(running, 0).join();
        assertThat(shot.mimeType()).isEqualTo("image/png");
        assertThat(shot.data()).startsWith(0x89, 'P', 'N', 'G');

        provisioning.remove(name, uuid).join();
        Eventually.until("the new VM is gone", Duration.ofSeconds(5),
                () -> connection.domains().get(connection.id() + "/" + uuid) == null, () -> "");
    }

    @Test
    void aRefusedDefinitionSaysWhy() {
        assertThatThrownBy(() -> provisioning.define("bad", "<domain type='test'><name>bad</name></domain>").join())
                .cause().isInstanceOf(VirtException.class).hasMessageStartingWith("Could not define “bad”");
        assertThat(provisioning.inventory().join().domainNames()).containsExactly("taken");
    }

    private static String minimalDomain(String name) {
        var doc = dev.vireo.bridge.model.Xml.parse("<domain type='test'/>");
        var root = doc.getDocumentElement();
        dev.vireo.bridge.model.Xml.append(root, "name", name);
        dev.vireo.bridge.model.Xml.append(root, "memory", "524288");
        dev.vireo.bridge.model.Xml.append(root, "vcpu", "1");
        dev.vireo.bridge.model.Xml.append(dev.vireo.bridge.model.Xml.append(root, "os", null), "type", "hvm");
        return dev.vireo.bridge.model.Xml.serialize(doc);
    }
}
