package dev.vireo.bridge;

import com.sun.jna.Pointer;
import dev.vireo.bridge.internal.LibvirtNative;
import dev.vireo.bridge.internal.NativeConnect;
import dev.vireo.bridge.internal.NativeErrors;
import dev.vireo.bridge.internal.StreamUpload;
import dev.vireo.bridge.model.HostInventory;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.model.Xml;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Network;
import org.libvirt.StoragePool;
import org.libvirt.StoragePoolInfo;
import org.libvirt.StorageVol;
import org.libvirt.StorageVolInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * What creating a VM needs from a host: its inventory (pools, volumes, networks, bridges, memory,
 * the names taken), new and removed volumes, and defining, starting and undefining a domain by
 * its XML. Everything runs on the connection's thread and fails with a {@link VirtException}
 * whose sentence names what could not be done.
 */
public final class Provisioning {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioning.class);

    private final HostConnection connection;

    Provisioning(HostConnection connection) {
        this.connection = connection;
    }

    /** Reads the host's pools (refreshing the active ones), networks, bridges and memory. */
    public CompletableFuture<HostInventory> inventory() {
        return connection.call("Could not read the storage and networks of " + connection.uri().displayName(),
                c -> {
                    List<HostInventory.Pool> pools = new ArrayList<>();
                    for (String name : names(c.listStoragePools(), c.listDefinedStoragePools())) {
                        HostInventory.Pool pool = readPool(c, name);
                        if (pool != null) {
                            pools.add(pool);
                        }
                    }
                    List<HostInventory.VirtualNetwork> networks = new ArrayList<>();
                    for (String name : names(c.listNetworks(), c.listDefinedNetworks())) {
                        HostInventory.VirtualNetwork net = readNetwork(c, name);
                        if (net != null) {
                            networks.add(net);
                        }
                    }
                    org.libvirt.NodeInfo node = c.nodeInfo();
                    long free;
                    try {
                        free = c.getFreeMemory();
                    } catch (LibvirtException e) {
                        free = -1; // the test driver has no free-memory figure
                    }
                    Set<String> taken = connection.domains().snapshot().stream().map(VirtualMachine::name)
                            .collect(Collectors.toSet());
                    return new HostInventory(pools, networks, bridges(c), node.memory * 1024, free, node.cpus, taken);
                });
    }

    /**
     * Creates a volume of {@code capacityBytes} in {@code pool}, sparse where the format allows;
     * refuses a name the pool already has.
     */
    public CompletableFuture<HostInventory.Volume> createVolume(String pool, String name, long capacityBytes,
            String format) {
        String what = "Could not create the disk “" + name + "” in pool “" + pool + "”";
        return connection.call(what, c -> createVolumeNow(c, pool, name, capacityBytes, format, what));
    }

    private HostInventory.Volume createVolumeNow(NativeConnect c, String pool, String name, long capacityBytes,
            String format, String what) throws LibvirtException {
        StoragePool p = c.storagePoolLookupByName(pool);
        try {
            if (exists(p, name)) {
                throw new VirtException(what + ": the pool already has a volume of that name.",
                        "volume " + name + " exists in " + pool);
            }
            Document doc = Xml.parse("<volume/>");
            Element volume = doc.getDocumentElement();
            Xml.append(volume, "name", name);
            Xml.append(volume, "capacity", Long.toString(capacityBytes)).setAttribute("unit", "bytes");
            Xml.append(volume, "allocation", "0").setAttribute("unit", "bytes");
            Xml.append(Xml.append(volume, "target", null), "format", null).setAttribute("type", format);
            StorageVol vol = p.storageVolCreateXML(Xml.serialize(doc), 0);
            try {
                LOG.info("created volume {} in pool {} on {}", name, pool, connection.uri().uri());
                return readVolume(pool, vol, name);
            } finally {
                vol.free();
            }
        } finally {
            p.free();
        }
    }

    private void deleteNow(NativeConnect c, String path) {
        try {
            StorageVol vol = c.storageVolLookupByPath(path);
            try {
                vol.delete(0);
            } finally {
                vol.free();
            }
        } catch (LibvirtException e) {
            LOG.warn("could not delete {} after a failed upload: {}", path, e.getMessage());
        }
    }

    /**
     * Creates a raw volume named {@code name} in {@code pool} holding the bytes of {@code file}
     * (a kernel or initrd downloaded for a network install), sent through a libvirt stream so it
     * works on remote hosts. {@code progress} is told the bytes sent so far. A volume whose upload
     * fails is deleted again.
     */
    public CompletableFuture<HostInventory.Volume> upload(String pool, String name, java.nio.file.Path file,
            java.util.function.LongConsumer progress) {
        String what = "Could not copy " + file.getFileName() + " into pool “" + pool + "”";
        return connection.call(what, c -> {
            long size;
            try {
                size = java.nio.file.Files.size(file);
            } catch (java.io.IOException e) {
                throw new VirtException(what + ": " + e.getMessage(), e.toString(), e);
            }
            HostInventory.Volume vol = createVolumeNow(c, pool, name, size, "raw", what);
            try {
                StreamUpload.send(c.pointer(), vol.path(), file, size, progress, what);
            } catch (RuntimeException e) {
                deleteNow(c, vol.path());
                throw e;
            }
            LOG.info("uploaded {} ({} bytes) to {} on {}", file.getFileName(), size, vol.path(), connection.uri().uri());
            return vol;
        });
    }

    /** Deletes the volume at {@code path}; used to take back what a failed creation made. */
    public CompletableFuture<Void> deleteVolume(String path) {
        return connection.call("Could not delete the volume " + path, c -> {
            StorageVol vol = c.storageVolLookupByPath(path);
            try {
                vol.delete(0);
                LOG.info("deleted volume {} on {}", path, connection.uri().uri());
            } finally {
                vol.free();
            }
            return null;
        });
    }

    /**
     * Defines a domain from {@code xml} and returns its UUID. A name that is taken is refused
     * here too, in case another client defined it after the inventory was read. With
     * {@code validate}, libvirt checks the XML against its schema first (for XML a person edited).
     */
    public CompletableFuture<String> define(String name, String xml, boolean validate) {
        String what = "Could not define “" + name + "”";
        return connection.call(what, c -> {
            if (domainExists(c, name)) {
                throw new VirtException(what + ": " + connection.uri().displayName()
                        + " already has a virtual machine of that name.", "domain " + name + " exists");
            }
            String uuid = defineNow(c, xml, validate ? LibvirtNative.VIR_DOMAIN_DEFINE_VALIDATE : 0, what);
            LOG.info("defined domain {} ({}) on {}", name, uuid, connection.uri().uri());
            connection.refresh(uuid);
            return uuid;
        });
    }

    /**
     * Replaces the persistent definition of the domain {@code uuid} with {@code xml} (its UUID is
     * set in the XML first); a running domain keeps its live configuration until it stops. For
     * the switch from a network installer's boot to the disk.
     */
    public CompletableFuture<Void> redefine(String name, String uuid, String xml) {
        String what = "Could not update the definition of “" + name + "”";
        return connection.call(what, c -> {
            Document doc = Xml.parse(xml);
            Element root = doc.getDocumentElement();
            Element id = Xml.child(root, "uuid");
            if (id == null) {
                id = doc.createElement("uuid");
                Element name2 = Xml.child(root, "name");
                root.insertBefore(id, name2 == null ? root.getFirstChild() : name2.getNextSibling());
            }
            id.setTextContent(uuid);
            defineNow(c, Xml.serialize(doc), 0, what);
            LOG.info("redefined domain {} ({}) on {}", name, uuid, connection.uri().uri());
            connection.refresh(uuid);
            return null;
        });
    }

    /** virDomainDefineXMLFlags with the XML as UTF-8 bytes; the defined domain's UUID. */
    private static String defineNow(NativeConnect c, String xml, int flags, String what) {
        Pointer d = LibvirtNative.virDomainDefineXMLFlags(c.pointer(), (xml + "\0").getBytes(StandardCharsets.UTF_8), flags);
        if (d == null) {
            throw NativeErrors.lastError(what);
        }
        try {
            byte[] buf = new byte[37];
            if (LibvirtNative.virDomainGetUUIDString(d, buf) < 0) {
                throw NativeErrors.lastError(what);
            }
            return new String(buf, 0, 36, StandardCharsets.US_ASCII);
        } finally {
            LibvirtNative.virDomainFree(d);
        }
    }

    /** {@link #define(String, String, boolean)} without schema validation (for XML Vireo built). */
    public CompletableFuture<String> define(String name, String xml) {
        return define(name, xml, false);
    }

    /** Starts the domain with {@code uuid} (after {@link #define}). */
    public CompletableFuture<Void> start(String name, String uuid) {
        return connection.<Void>call("Could not start “" + name + "”", c -> {
            Domain d = c.domainLookupByUUIDString(uuid);
            try {
                d.create();
            } finally {
                d.free();
            }
            return null;
        }).whenComplete((ok, failure) -> connection.refresh(uuid));
    }

    /** Stops (if running) and undefines the domain with {@code uuid}; for taking back a failed creation. */
    public CompletableFuture<Void> remove(String name, String uuid) {
        return connection.<Void>call("Could not remove “" + name + "”", c -> {
            Domain d = c.domainLookupByUUIDString(uuid);
            try {
                if (d.isActive() == 1) {
                    d.destroy();
                }
                DomainOperations.undefine(d);
                LOG.info("removed domain {} ({}) on {}", name, uuid, connection.uri().uri());
            } finally {
                d.free();
            }
            return null;
        }).whenComplete((ok, failure) -> connection.refresh(uuid));
    }

    private static List<String> names(String[] active, String[] inactive) {
        List<String> all = new ArrayList<>(List.of(active));
        all.addAll(List.of(inactive));
        all.sort(Comparator.naturalOrder());
        return all;
    }

    private static boolean exists(StoragePool pool, String volume) {
        try {
            pool.storageVolLookupByName(volume).free();
            return true;
        } catch (LibvirtException e) {
            return false;
        }
    }

    private static boolean domainExists(NativeConnect c, String name) {
        try {
            c.domainLookupByName(name).free();
            return true;
        } catch (LibvirtException e) {
            return false;
        }
    }

    /** A pool with its volumes; null if it vanished while being read. */
    private HostInventory.Pool readPool(NativeConnect c, String name) {
        try {
            StoragePool p = c.storagePoolLookupByName(name);
            try {
                StoragePoolInfo info = p.getInfo();
                boolean active = info.state == StoragePoolInfo.StoragePoolState.VIR_STORAGE_POOL_RUNNING;
                Element root = Xml.parse(p.getXMLDesc(0)).getDocumentElement();
                Element target = Xml.child(root, "target");
                String path = target == null ? "" : Xml.text(target, "path");
                List<HostInventory.Volume> volumes = new ArrayList<>();
                if (active) {
                    try {
                        p.refresh(0); // files copied into the pool's directory since libvirt last looked
                    } catch (LibvirtException e) {
                        LOG.debug("pool {} not refreshed: {}", name, e.getMessage());
                    }
                    for (String v : p.listVolumes()) {
                        try {
                            StorageVol vol = p.storageVolLookupByName(v);
                            try {
                                volumes.add(readVolume(name, vol, v));
                            } finally {
                                vol.free();
                            }
                        } catch (LibvirtException e) {
                            LOG.debug("volume {} of pool {} vanished: {}", v, name, e.getMessage());
                        }
                    }
                    volumes.sort(Comparator.comparing(HostInventory.Volume::name));
                    info = p.getInfo(); // after the refresh
                }
                return new HostInventory.Pool(name, root.getAttribute("type"), active, info.capacity, info.allocation,
                        info.available, path, volumes);
            } finally {
                p.free();
            }
        } catch (LibvirtException e) {
            LOG.debug("pool {} vanished: {}", name, e.getMessage());
            return null;
        }
    }

    private static HostInventory.Volume readVolume(String pool, StorageVol vol, String name) throws LibvirtException {
        StorageVolInfo info = vol.getInfo();
        Element target = Xml.child(Xml.parse(vol.getXMLDesc(0)).getDocumentElement(), "target");
        Element format = target == null ? null : Xml.child(target, "format");
        return new HostInventory.Volume(pool, name, vol.getPath(), info.capacity, info.allocation,
                format == null ? "" : format.getAttribute("type"));
    }

    private static HostInventory.VirtualNetwork readNetwork(NativeConnect c, String name) {
        try {
            Network n = c.networkLookupByName(name);
            try {
                Element root = Xml.parse(n.getXMLDesc(0)).getDocumentElement();
                Element forward = Xml.child(root, "forward");
                Element bridge = Xml.child(root, "bridge");
                return new HostInventory.VirtualNetwork(name, n.isActive() == 1,
                        bridge == null ? "" : bridge.getAttribute("name"),
                        forward == null ? "" : forward.getAttribute("mode").isEmpty() ? "nat" : forward.getAttribute("mode"));
            } finally {
                n.free();
            }
        } catch (LibvirtException e) {
            LOG.debug("network {} vanished: {}", name, e.getMessage());
            return null;
        }
    }

    /** The host's bridges, where libvirt has an interface driver; none otherwise. */
    private static List<String> bridges(NativeConnect c) {
        List<String> bridges = new ArrayList<>();
        try {
            for (String name : names(c.listInterfaces(), c.listDefinedInterfaces())) {
                org.libvirt.Interface i = c.interfaceLookupByName(name);
                try {
                    if ("bridge".equals(Xml.parse(i.getXMLDescription(0)).getDocumentElement().getAttribute("type"))) {
                        bridges.add(name);
                    }
                } finally {
                    i.free();
                }
            }
        } catch (LibvirtException e) {
            LOG.debug("no interface list: {}", e.getMessage());
        }
        return bridges.stream().distinct().toList();
    }
}
