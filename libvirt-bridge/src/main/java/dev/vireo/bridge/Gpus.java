package dev.vireo.bridge;

import dev.vireo.bridge.internal.NativeConnect;
import dev.vireo.bridge.model.GpuReadiness;
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
    private final NodeDeviceCalls calls;

    Gpus(HostConnection connection) {
        this(connection, NodeDeviceCalls.LIBVIRT);
    }

    /** With other node-device calls: for tests of what cannot run on the test driver. */
    Gpus(HostConnection connection, NodeDeviceCalls calls) {
        this.connection = connection;
        this.calls = calls;
    }

    /**
     * Creates a persistent mediated device (a vGPU) of {@code typeId} on the card
     * {@code parentNodeDevice}, started now and with the host; its UUID. Refused when the card
     * does not offer the type or has no instance of it free.
     */
    public CompletableFuture<String> createMdev(String parentNodeDevice, String typeId) {
        return createMdev(parentNodeDevice, typeId, java.util.UUID.randomUUID().toString());
    }

    /** The same with the UUID chosen beforehand (so a VM's planned definition can name it before it exists). */
    public CompletableFuture<String> createMdev(String parentNodeDevice, String typeId, String uuid) {
        String what = "Could not create a " + typeId + " vGPU on " + parentNodeDevice;
        return connection.call(what, c -> {
            HostGpus gpus = read(c, connection.domains().snapshot());
            HostGpus.Gpu parent = gpus.gpus().stream().filter(g -> g.name().equals(parentNodeDevice)).findFirst()
                    .orElseThrow(() -> new VirtException(what + ": the host has no graphics card of that name.", parentNodeDevice));
            HostGpus.MdevType type = parent.mdevTypes().stream().filter(t -> t.id().equals(typeId)).findFirst()
                    .orElseThrow(() -> new VirtException(what + ": the card offers " + (parent.mdevTypes().isEmpty() ? "no vGPU types"
                            : "only " + String.join(", ", parent.mdevTypes().stream().map(HostGpus.MdevType::id).toList())) + ".",
                            typeId));
            if (type.available() <= 0) {
                throw new VirtException(what + ": no " + type.name() + " instance is free on it (other vGPU types in use take"
                        + " the card's memory).", "availableInstances 0");
            }
            calls.defineAndStart(c, mdevXml(parentNodeDevice, typeId, uuid), what);
            return uuid;
        });
    }

    /** The node-device XML of a mediated device. */
    static String mdevXml(String parent, String typeId, String uuid) {
        org.w3c.dom.Document doc = dev.vireo.bridge.model.Xml.parse("<device/>");
        org.w3c.dom.Element root = doc.getDocumentElement();
        dev.vireo.bridge.model.Xml.append(root, "parent", parent);
        org.w3c.dom.Element cap = dev.vireo.bridge.model.Xml.append(root, "capability", null);
        cap.setAttribute("type", "mdev");
        dev.vireo.bridge.model.Xml.append(cap, "type", null).setAttribute("id", typeId);
        dev.vireo.bridge.model.Xml.append(cap, "uuid", uuid);
        return dev.vireo.bridge.model.Xml.serialize(doc);
    }

    /** Stops and undefines a mediated device (by its node-device name). */
    public CompletableFuture<Void> removeMdev(String nodeDevice) {
        String what = "Could not remove the vGPU " + nodeDevice;
        return connection.call(what, c -> {
            calls.remove(c, nodeDevice, what);
            return null;
        });
    }

    /**
     * Stops and undefines the mediated device {@code uuid}, found among the host's; refused when
     * there is none or a VM's definition still names it.
     */
    public CompletableFuture<Void> removeMdevByUuid(String uuid) {
        String what = "Could not remove the vGPU " + uuid;
        return connection.call(what, c -> {
            HostGpus.Mdev mdev = read(c, connection.domains().snapshot()).gpus().stream().flatMap(g -> g.mdevs().stream())
                    .filter(m -> m.uuid().equalsIgnoreCase(uuid)).findFirst()
                    .orElseThrow(() -> new VirtException(what + ": the host has no vGPU of that UUID.", uuid));
            if (!mdev.usedBy().isEmpty()) {
                throw new VirtException(what + ": “" + String.join("”, “", mdev.usedBy()) + "” uses it; take it from the VM first.",
                        "used by " + mdev.usedBy());
            }
            calls.remove(c, mdev.nodeDevice(), what);
            return null;
        });
    }

    /** Takes a PCI device from its host driver and binds vfio-pci (manual detach). */
    public CompletableFuture<Void> detachFromHost(String nodeDevice) {
        String what = "Could not take " + nodeDevice + " from the host";
        return connection.call(what, c -> {
            calls.detach(c, nodeDevice, what);
            return null;
        });
    }

    /** Gives a PCI device back to its host driver. */
    public CompletableFuture<Void> reattachToHost(String nodeDevice) {
        String what = "Could not give " + nodeDevice + " back to the host";
        return connection.call(what, c -> {
            calls.reattach(c, nodeDevice, what);
            return null;
        });
    }

    /** Resets a PCI device (FLR, power management or bus reset, whichever it has). */
    public CompletableFuture<Void> reset(String nodeDevice) {
        String what = "Could not reset " + nodeDevice;
        return connection.call(what, c -> {
            calls.reset(c, nodeDevice, what);
            return null;
        });
    }

    /** The VMs are taken on the connection's thread: after whatever redefinition was queued before. */
    public CompletableFuture<HostGpus> inventory() {
        return connection.call("Could not read the graphics cards of " + connection.uri().displayName(),
                c -> read(c, connection.domains().snapshot()));
    }

    /** The host's readiness for pass-through: its capabilities, domain capabilities and cards, judged. */
    public CompletableFuture<GpuReadiness> readiness() {
        return connection.call("Could not check " + connection.uri().displayName() + " for GPU pass-through", c -> {
            HostConnection.HostCapabilities caps = HostConnection.capabilities(c);
            return GpuReadiness.of(caps.capabilities(), caps.domainCapabilities(), caps.facts(),
                    read(c, connection.domains().snapshot()));
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
