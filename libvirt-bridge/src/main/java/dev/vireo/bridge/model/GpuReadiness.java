package dev.vireo.bridge.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.w3c.dom.Element;

/**
 * Whether a host can pass its graphics cards through to VMs, check by check, each with a verdict
 * and the fix. What libvirt shows (capabilities, domain capabilities, node devices) is judged;
 * what only a shell on the host can tell is named as such ({@link Verdict#ASK_HOST}), never
 * guessed.
 */
public record GpuReadiness(List<Check> host, List<CardChecks> cards) {

    /** Best first: a card is ready when none of its checks (nor the host's) is a problem. */
    public enum Verdict {
        OK("ok"), ASK_HOST("check on the host"), WARNING("warning"), PROBLEM("problem");

        public final String word;

        Verdict(String word) {
            this.word = word;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One check: what was found, and what to do about it (empty when nothing). */
    public record Check(String id, String title, Verdict verdict, String finding, String fix) {
    }

    /** One card's checks. */
    public record CardChecks(HostGpus.Gpu gpu, List<Check> checks) {

        public Verdict worst() {
            return checks.stream().map(Check::verdict).max(Comparator.naturalOrder()).orElse(Verdict.OK);
        }
    }

    /** Whether nothing in the host's checks stops pass-through. */
    public boolean hostReady() {
        return host.stream().noneMatch(c -> c.verdict() == Verdict.PROBLEM);
    }

    /** Whether {@code card} can be passed through as far as libvirt can tell. */
    public boolean ready(CardChecks card) {
        return hostReady() && card.worst() != Verdict.PROBLEM;
    }

    private static final Set<String> HOST_GPU_DRIVERS = Set.of("nvidia", "nouveau", "amdgpu", "radeon", "i915", "xe");

    /**
     * @param capabilities the host's capabilities XML
     * @param domainCapabilities its domain capabilities XML, null where the driver has none
     * @param facts what {@link HostFacts} made of both
     */
    public static GpuReadiness of(String capabilities, String domainCapabilities, HostFacts facts, HostGpus gpus) {
        boolean simulated = facts.domainTypes().contains("test");
        List<Check> host = new ArrayList<>();

        if (facts.kvm()) {
            host.add(new Check("virtualization", "Hardware virtualization", Verdict.OK, "KVM is available.", ""));
        } else if (simulated) {
            host.add(new Check("virtualization", "Hardware virtualization", Verdict.OK,
                    "Simulated host (libvirt's test driver).", ""));
        } else {
            host.add(new Check("virtualization", "Hardware virtualization", Verdict.PROBLEM,
                    "No KVM: VMs run emulated, and a passed-through card needs KVM.",
                    "Enable VT-x (Intel) or AMD-V/SVM (AMD) in the firmware setup and load kvm_intel or kvm_amd."));
        }

        Boolean iommu = iommu(capabilities);
        boolean groups = gpus.gpus().stream().anyMatch(g -> g.iommuGroup() >= 0);
        if (simulated ? groups : Boolean.TRUE.equals(iommu) || iommu == null && groups) {
            host.add(new Check("iommu", "IOMMU", Verdict.OK, "On: devices are in IOMMU groups.", ""));
        } else {
            host.add(new Check("iommu", "IOMMU", Verdict.PROBLEM, "No IOMMU: no device can be passed through.",
                    "Enable VT-d (Intel) or AMD-Vi/IOMMU (AMD) in the firmware setup, and on Intel boot the host with"
                    + " intel_iommu=on (and iommu=pt)."));
        }

        if (simulated) {
            host.add(new Check("vfio", "VFIO", Verdict.OK, "Simulated host (libvirt's test driver).", ""));
        } else if (domainCapabilities == null) {
            host.add(new Check("vfio", "VFIO", Verdict.ASK_HOST, "libvirt does not describe what this host's VMs can use.",
                    "On the host: lsmod | grep vfio_pci."));
        } else if (pciBackends(domainCapabilities).contains("vfio")) {
            host.add(new Check("vfio", "VFIO", Verdict.OK, "libvirt can hand PCI devices to VMs through VFIO.", ""));
        } else {
            host.add(new Check("vfio", "VFIO", Verdict.PROBLEM, "libvirt cannot hand PCI devices to VMs: no VFIO.",
                    "It needs the IOMMU; then load the module on the host: modprobe vfio-pci."));
        }

        if (facts.uefi()) {
            host.add(new Check("uefi", "UEFI firmware", Verdict.OK, "OVMF is installed.", ""));
        } else if (domainCapabilities == null) {
            host.add(new Check("uefi", "UEFI firmware", Verdict.ASK_HOST, "libvirt does not list this host's firmware.",
                    "On the host: ls /usr/share/OVMF."));
        } else {
            host.add(new Check("uefi", "UEFI firmware", Verdict.WARNING,
                    "No UEFI firmware (OVMF): cards of the last decade want a VM that boots with UEFI.",
                    "Install it on the host: apt install ovmf (Debian, Ubuntu) or dnf install edk2-ovmf."));
        }

        List<CardChecks> cards = new ArrayList<>();
        for (HostGpus.Gpu g : gpus.gpus()) {
            cards.add(new CardChecks(g, cardChecks(g)));
        }
        return new GpuReadiness(List.copyOf(host), List.copyOf(cards));
    }

    private static List<Check> cardChecks(HostGpus.Gpu g) {
        List<Check> checks = new ArrayList<>();
        String addr = g.device().address();
        if (g.iommuGroup() < 0) {
            checks.add(new Check("group", "IOMMU group", Verdict.PROBLEM, "In no IOMMU group.",
                    "Turn the IOMMU on (see the host's checks)."));
        } else if (g.isolated()) {
            checks.add(new Check("group", "IOMMU group", Verdict.OK, "Group " + g.iommuGroup() + " holds only this card"
                    + (g.functions().isEmpty() ? "." : " and its other functions (" + String.join(", ",
                    g.functions().stream().map(HostGpus.PciFunction::address).toList()) + ")."), ""));
        } else {
            checks.add(new Check("group", "IOMMU group", Verdict.PROBLEM, "Group " + g.iommuGroup() + " also holds "
                    + String.join(", ", g.strangers()) + ": they would have to be given to the same VM.",
                    "Move the card to a slot wired to the CPU, or pass those devices through as well."));
        }
        String driver = g.driver();
        if (driver.equals("vfio-pci")) {
            checks.add(new Check("driver", "Host driver", Verdict.OK, "Bound to vfio-pci: ready for a VM.", ""));
        } else if (driver.equals("unknown")) {
            checks.add(new Check("driver", "Host driver", Verdict.ASK_HOST, "libvirt does not say which driver the host binds.",
                    "On the host: lspci -k -s " + addr + "."));
        } else if (HOST_GPU_DRIVERS.contains(driver)) {
            checks.add(new Check("driver", "Host driver", Verdict.OK, "Bound to " + driver
                    + ": libvirt hands it to vfio-pci when the VM starts (managed) and back when it stops.", ""));
        } else {
            checks.add(new Check("driver", "Host driver", Verdict.WARNING, "Bound to " + driver + ".",
                    "Make sure nothing on the host needs it while a VM has it."));
        }
        checks.add(new Check("display", "Host display", Verdict.ASK_HOST,
                "Whether the host's own screen runs on this card cannot be seen through libvirt.",
                "On the host: cat /sys/bus/pci/devices/" + addr + "/boot_vga (1: the firmware's console is on it), and no"
                + " desktop session may use it."));
        if (!g.usedBy().isEmpty()) {
            checks.add(new Check("in-use", "In use", Verdict.WARNING, "Passed through to " + String.join(", ", g.usedBy())
                    + ": one running VM at a time can have it.", ""));
        }
        return List.copyOf(checks);
    }

    /** {@code <iommu support='yes|no'/>} in the host's capabilities; null when libvirt does not say. */
    static Boolean iommu(String capabilities) {
        Element host = Xml.child(Xml.parse(capabilities).getDocumentElement(), "host");
        Element iommu = host == null ? null : Xml.child(host, "iommu");
        return iommu == null ? null : "yes".equals(iommu.getAttribute("support"));
    }

    /** The values of {@code devices/hostdev/enum[name=pciBackend]} in domain capabilities. */
    static List<String> pciBackends(String domainCapabilities) {
        Element devices = Xml.child(Xml.parse(domainCapabilities).getDocumentElement(), "devices");
        Element hostdev = devices == null ? null : Xml.child(devices, "hostdev");
        List<String> values = new ArrayList<>();
        if (hostdev == null || !"yes".equals(hostdev.getAttribute("supported"))) {
            return values;
        }
        for (Element e : Xml.children(hostdev)) {
            if (e.getTagName().equals("enum") && "pciBackend".equals(e.getAttribute("name"))) {
                for (Element v : Xml.children(e)) {
                    values.add(v.getTextContent().strip());
                }
            }
        }
        return values;
    }
}
