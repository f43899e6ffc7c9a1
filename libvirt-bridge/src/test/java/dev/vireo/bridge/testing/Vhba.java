package dev.vireo.bridge.testing;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.model.Xml;
import org.libvirt.Device;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A virtual HBA on the Fibre Channel HBA {@code scsi_host1} of the gpus.xml test host: the one node
 * device libvirt's test driver can create ({@code virNodeDeviceCreateXML}) and destroy, each with
 * its node-device lifecycle event. The test driver names every new vHBA {@code scsi_host12}.
 */
public final class Vhba {

    private Vhba() {
    }

    /** Creates a vHBA on {@code c}'s thread and returns its node-device name. Waits; never on the FX thread. */
    public static String create(HostConnection c) {
        return c.call("Create a vHBA", connect -> {
            Device d = connect.deviceCreateXML(xml());
            try {
                return d.getName();
            } finally {
                d.free();
            }
        }).join();
    }

    /** Destroys the vHBA {@code name} on {@code c}'s thread. Waits; never on the FX thread. */
    public static void destroy(HostConnection c, String name) {
        c.call("Destroy " + name, connect -> {
            Device d = connect.deviceLookupByName(name);
            try {
                return d.destroy();
            } finally {
                d.free();
            }
        }).join();
    }

    static String xml() {
        Document doc = Xml.parse("<device/>");
        Element root = doc.getDocumentElement();
        Xml.append(root, "parent", "scsi_host1");
        Element scsi = Xml.append(root, "capability", null);
        scsi.setAttribute("type", "scsi_host");
        Element fc = Xml.append(scsi, "capability", null);
        fc.setAttribute("type", "fc_host");
        Xml.append(fc, "wwnn", "2001001b32a9da5e");
        Xml.append(fc, "wwpn", "2101001b32a9da5e");
        return Xml.serialize(doc);
    }
}
