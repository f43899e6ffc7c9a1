package dev.vireo.bridge;

import dev.vireo.bridge.internal.Capabilities;
import dev.vireo.bridge.internal.NativeConnect;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.HostFacts;
import dev.vireo.bridge.model.HostGpus;
import dev.vireo.bridge.model.VirtualMachine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.libvirt.Device;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * A host's graphics cards ({@link HostGpus}) read through libvirt: its PCI and mediated node
 * devices and the definitions of the VMs that may use them. On the connection's thread.
 */
public final class Gpus {

    private final HostConnection connection;

    Gpus(HostConnection connection) {
        this.connection = connection;
    }

    /** The VMs are taken on the connection's thread: after whatever redefinition was queued before. */
    public CompletableFuture<HostGpus> inventory() {
        return connection.call("Could not read the graphics cards of " + connection.uri().displayName(),
                c -> read(c, connection.domains().snapshot()));
    }

    /** The host's readiness for pass-through: its capabilities, domain capabilities and cards, judged. */
    public CompletableFuture<GpuReadiness> readiness() {
        return connection.call("Could not check " + connection.uri().displayName() + " for GPU pass-through", c -> {
            String caps = c.getCapabilities();
            String arch = HostFacts.hostArch(caps);
            HostFacts basic = HostFacts.parse(caps, arch, null);
            String domain = Capabilities.domain(c.pointer(), arch, basic.hasMachine("q35") ? "q35" : null, basic.domainType());
            HostFacts facts = domain == null ? basic : HostFacts.parse(caps, arch, domain);
            return GpuReadiness.of(caps, domain, facts, read(c, connection.domains().snapshot()));
        });
    }

    private static HostGpus read(NativeConnect c, List<VirtualMachine> vms) throws LibvirtException {
        Map<String, String> domains = new LinkedHashMap<>();
        for (VirtualMachine vm : vms) {
            String xml = vm.description().xml();
            if (xml == null) { // listed as a summary: its definition is read now
                Domain d = c.domainLookupByUUIDString(vm.uuid());
                try {
                    xml = d.getXMLDesc(0);
                } finally {
                    d.free();
                }
            }
            domains.put(vm.name(), xml);
        }
        return HostGpus.parse(devices(c, "pci"), devices(c, "mdev"), domains);
    }

    /** The XML of every node device with capability {@code cap} (libvirt's plain listing: the test driver has no newer flags). */
    private static List<String> devices(NativeConnect c, String cap) throws LibvirtException {
        List<String> xml = new ArrayList<>();
        for (String name : c.listDevices(cap)) {
            Device d = c.deviceLookupByName(name);
            try {
                xml.add(d.getXMLDescription());
            } finally {
                d.free();
            }
        }
        return xml;
    }
}
