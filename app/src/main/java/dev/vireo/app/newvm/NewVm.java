package dev.vireo.app.newvm;

import java.util.Objects;

/**
 * Everything the new-VM wizard (and {@code vireo create}) decided, from which the domain XML is
 * built ({@link DomainXmlBuilder}). Immutable; the wizard makes a new one per change.
 */
public record NewVm(
        String name,
        String title,
        String osId,
        String domainType,
        String machine,
        Firmware firmware,
        int memoryMiB,
        int vcpus,
        Source source,
        String diskPath,
        boolean virtio,
        Network network,
        Display display,
        boolean sound) {

    public enum Firmware { BIOS, UEFI }

    /** Where the guest boots from. */
    public sealed interface Source {
        /** An installation ISO (a volume path or a local file) as a CD-ROM; the disk, if any, after it. */
        record Cdrom(String path) implements Source {
        }

        /** An existing disk image: nothing to install. */
        record ImportDisk() implements Source {
        }

        /** PXE from the network. */
        record Pxe() implements Source {
        }

        /**
         * A network install tree: the installer's kernel and initrd are downloaded from
         * {@code url} (paths relative to it, or found through its .treeinfo or the OS database
         * when blank), copied to the host, and booted once with {@code cmdline}; the VM then boots
         * from its disk.
         */
        record NetworkInstall(String url, String kernel, String initrd, String cmdline) implements Source {
        }

        /** A kernel and an initrd given to QEMU directly. */
        record Kernel(String kernel, String initrd, String cmdline) implements Source {
        }
    }

    /** A virtual network or a host bridge, with the NIC model; or none. */
    public record Network(Kind kind, String name, String model) {
        public enum Kind { NETWORK, BRIDGE }
    }

    /**
     * SPICE with QXL: {@code listen} is an address ("127.0.0.1" for this machine only, "0.0.0.0"
     * for every interface); {@code port} 0 for automatic; {@code password} null for none.
     */
    public record Display(int heads, String listen, int port, boolean tls, String password, boolean agent,
            int usbRedirections) {
        public Display {
            if (heads < 1 || heads > 4) {
                throw new IllegalArgumentException("QXL has 1 to 4 heads");
            }
        }
    }

    public NewVm {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        title = title == null ? "" : title;
        firmware = firmware == null ? Firmware.BIOS : firmware;
    }
}
