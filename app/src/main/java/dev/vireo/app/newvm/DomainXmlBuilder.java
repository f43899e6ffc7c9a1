package dev.vireo.app.newvm;

import dev.vireo.bridge.model.Xml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Builds a new VM's domain XML with the DOM (never strings): names with quotes, {@code &},
 * {@code <} and unicode are escaped by the XML writer. QXL + SPICE by default, with the agent
 * channel, USB redirection and sound the way virt-manager's users know them.
 */
public final class DomainXmlBuilder {

    private static final String LIBOSINFO_NS = "http://libosinfo.org/xmlns/libvirt/domain/1.0";

    private DomainXmlBuilder() {
    }

    public static String build(NewVm vm) {
        Document doc = Xml.parse("<domain/>");
        Element domain = doc.getDocumentElement();
        domain.setAttribute("type", vm.domainType());
        Xml.append(domain, "name", vm.name());
        if (!vm.title().isBlank()) {
            Xml.append(domain, "title", vm.title());
        }
        if (vm.osId() != null && !vm.osId().isBlank()) {
            Element metadata = Xml.append(domain, "metadata", null);
            Element info = doc.createElementNS(LIBOSINFO_NS, "libosinfo:libosinfo");
            metadata.appendChild(info);
            Element os = doc.createElementNS(LIBOSINFO_NS, "libosinfo:os");
            os.setAttribute("id", vm.osId());
            info.appendChild(os);
        }
        Xml.append(domain, "memory", String.valueOf(vm.memoryMiB())).setAttribute("unit", "MiB");
        Xml.append(domain, "currentMemory", String.valueOf(vm.memoryMiB())).setAttribute("unit", "MiB");
        Xml.append(domain, "vcpu", String.valueOf(vm.vcpus()));

        Element os = Xml.append(domain, "os", null);
        if (vm.firmware() == NewVm.Firmware.UEFI) {
            os.setAttribute("firmware", "efi");
        }
        Element type = Xml.append(os, "type", "hvm");
        type.setAttribute("arch", "x86_64");
        type.setAttribute("machine", vm.machine());
        if (vm.source() instanceof NewVm.Source.Kernel k) {
            Xml.append(os, "kernel", k.kernel());
            if (k.initrd() != null && !k.initrd().isBlank()) {
                Xml.append(os, "initrd", k.initrd());
            }
            if (k.cmdline() != null && !k.cmdline().isBlank()) {
                Xml.append(os, "cmdline", k.cmdline());
            }
        } else {
            for (String dev : bootOrder(vm)) {
                Xml.append(os, "boot", null).setAttribute("dev", dev);
            }
        }
        Element features = Xml.append(domain, "features", null);
        Xml.append(features, "acpi", null);
        Xml.append(features, "apic", null);
        if ("kvm".equals(vm.domainType())) {
            Xml.append(domain, "cpu", null).setAttribute("mode", "host-passthrough");
        }
        Element clock = Xml.append(domain, "clock", null);
        clock.setAttribute("offset", "utc");
        Xml.append(domain, "on_poweroff", "destroy");
        Xml.append(domain, "on_reboot", "restart");
        Xml.append(domain, "on_crash", "destroy");

        Element devices = Xml.append(domain, "devices", null);
        boolean q35 = vm.machine().contains("q35");
        if (vm.diskPath() != null && !vm.diskPath().isBlank()) {
            Element disk = Xml.append(devices, "disk", null);
            disk.setAttribute("type", "file");
            disk.setAttribute("device", "disk");
            Element driver = Xml.append(disk, "driver", null);
            driver.setAttribute("name", "qemu");
            driver.setAttribute("type", vm.diskPath().endsWith(".qcow2") ? "qcow2" : "raw");
            Xml.append(disk, "source", null).setAttribute("file", vm.diskPath());
            Element target = Xml.append(disk, "target", null);
            target.setAttribute("dev", vm.virtio() ? "vda" : "sda");
            target.setAttribute("bus", vm.virtio() ? "virtio" : "sata");
        }
        if (vm.source() instanceof NewVm.Source.Cdrom c) {
            Element cd = Xml.append(devices, "disk", null);
            cd.setAttribute("type", "file");
            cd.setAttribute("device", "cdrom");
            Element driver = Xml.append(cd, "driver", null);
            driver.setAttribute("name", "qemu");
            driver.setAttribute("type", "raw");
            Xml.append(cd, "source", null).setAttribute("file", c.path());
            Element target = Xml.append(cd, "target", null);
            target.setAttribute("dev", "sdb");
            target.setAttribute("bus", q35 ? "sata" : "ide");
            Xml.append(cd, "readonly", null);
        }
        if (vm.network() != null) {
            Element nic = Xml.append(devices, "interface", null);
            boolean bridge = vm.network().kind() == NewVm.Network.Kind.BRIDGE;
            nic.setAttribute("type", bridge ? "bridge" : "network");
            Xml.append(nic, "source", null).setAttribute(bridge ? "bridge" : "network", vm.network().name());
            Xml.append(nic, "model", null).setAttribute("type", vm.network().model());
        }
        Element console = Xml.append(devices, "console", null);
        console.setAttribute("type", "pty");
        Element tablet = Xml.append(devices, "input", null); // absolute pointer: no grab needed in the console
        tablet.setAttribute("type", "tablet");
        tablet.setAttribute("bus", "usb");

        NewVm.Display d = vm.display();
        if (d != null) {
            if (d.agent()) {
                Element channel = Xml.append(devices, "channel", null);
                channel.setAttribute("type", "spicevmc");
                Element target = Xml.append(channel, "target", null);
                target.setAttribute("type", "virtio");
                target.setAttribute("name", "com.redhat.spice.0");
            }
            Element graphics = Xml.append(devices, "graphics", null);
            graphics.setAttribute("type", "spice");
            if (d.port() > 0) {
                graphics.setAttribute("port", String.valueOf(d.port()));
                graphics.setAttribute("autoport", "no");
            } else {
                graphics.setAttribute("autoport", "yes");
            }
            if (d.tls()) {
                graphics.setAttribute("tlsPort", d.port() > 0 ? String.valueOf(d.port() + 1) : "-1");
                graphics.setAttribute("defaultMode", "any");
            }
            if (d.password() != null && !d.password().isEmpty()) {
                graphics.setAttribute("passwd", d.password());
            }
            Element listen = Xml.append(graphics, "listen", null);
            listen.setAttribute("type", "address");
            listen.setAttribute("address", d.listen());
            Element video = Xml.append(devices, "video", null);
            Element model = Xml.append(video, "model", null);
            model.setAttribute("type", "qxl");
            model.setAttribute("heads", String.valueOf(d.heads()));
            model.setAttribute("ram", "65536");
            model.setAttribute("vram", "65536");
            model.setAttribute("vgamem", String.valueOf(16384 * d.heads())); // 16 MiB of frame buffer per monitor
            model.setAttribute("primary", "yes");
            for (int i = 0; i < d.usbRedirections(); i++) {
                Element redir = Xml.append(devices, "redirdev", null);
                redir.setAttribute("bus", "usb");
                redir.setAttribute("type", "spicevmc");
            }
        }
        if (vm.sound()) {
            Xml.append(devices, "sound", null).setAttribute("model", q35 ? "ich9" : "ich6");
        }
        if (q35 || (d != null && d.usbRedirections() > 0)) {
            Element usb = Xml.append(devices, "controller", null);
            usb.setAttribute("type", "usb");
            usb.setAttribute("model", "qemu-xhci");
            usb.setAttribute("ports", "15");
        }
        Xml.append(devices, "memballoon", null).setAttribute("model", vm.virtio() ? "virtio" : "none");
        return Xml.serialize(doc, true);
    }

    private static java.util.List<String> bootOrder(NewVm vm) {
        if (vm.source() instanceof NewVm.Source.Cdrom) {
            return java.util.List.of("cdrom", "hd");
        }
        if (vm.source() instanceof NewVm.Source.Pxe) {
            return java.util.List.of("network", "hd");
        }
        return java.util.List.of("hd");
    }
}
