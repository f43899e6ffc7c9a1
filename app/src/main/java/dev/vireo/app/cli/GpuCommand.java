package dev.vireo.app.cli;

import dev.vireo.app.gpu.PassthroughPlan;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.VirtualMachine;
import java.util.List;
import dev.vireo.bridge.model.HostGpus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vireo gpu ...}: a host's graphics cards, for pass-through and vGPU. */
@Command(name = "gpu", mixinStandardHelpOptions = true, description = "Graphics cards of a host: pass-through and vGPU.",
        subcommands = {GpuCommand.ListGpus.class, GpuCommand.CheckGpus.class, GpuCommand.Attach.class, GpuCommand.Detach.class,
            GpuCommand.Mdev.class})
final class GpuCommand implements Callable<Integer> {

    @ParentCommand
    VireoCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code vireo gpu list}: every display-class PCI device with its group, functions and vGPU types. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the host's graphics cards: IOMMU group, isolation, driver, vGPU types, users.")
    static final class ListGpus implements Callable<Integer> {

        @ParentCommand
        private GpuCommand gpu;

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print a JSON array of objects (name, address, vendorId, productId, vendor, "
                + "product, driver, iommuGroup, groupMembers, isolated, mdevTypes, ...).")
        private boolean json;

        @Override
        public Integer call() {
            HostGpus gpus;
            try (CliSession session = CliSession.open(gpu.parent.connectOptions().single(), gpu.parent.demoHost())) {
                gpus = CliSession.await(session.connection().gpus().inventory());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                GpuOutput.writeJson(gpus, out);
            } else {
                GpuOutput.writeTable(gpus, out);
            }
            out.flush();
            return 0;
        }
    }

    /** {@code vireo gpu check}: whether the host and each card are ready for pass-through, and the fixes. */
    @Command(name = "check", mixinStandardHelpOptions = true, description = "Check the host and each graphics card for pass-through: IOMMU, VFIO, UEFI,"
            + " IOMMU groups, drivers; with the fix for each problem.")
    static final class CheckGpus implements Callable<Integer> {

        @ParentCommand
        private GpuCommand gpu;

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print a JSON object: host checks, hostReady, and per card its checks and"
                + " ready.")
        private boolean json;

        @Override
        public Integer call() {
            GpuReadiness r;
            String host;
            try (CliSession session = CliSession.open(gpu.parent.connectOptions().single(), gpu.parent.demoHost())) {
                host = session.connection().uri().displayName();
                r = CliSession.await(session.connection().gpus().readiness());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                GpuOutput.writeJson(r, out);
            } else {
                GpuOutput.writeText(host, r, out);
            }
            out.flush();
            return 0;
        }
    }

    /** {@code vireo gpu attach VM --device NODEDEV}: passes a card through to a shut-off VM (a patch of its XML). */
    @Command(name = "attach", mixinStandardHelpOptions = true, description = "Pass a graphics card (with its other functions) through to a shut-off VM.")
    static final class Attach implements Callable<Integer> {

        @ParentCommand
        private GpuCommand gpu;

        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.Mixin
        private CardOfVm target;

        @Option(names = "--functions", defaultValue = "all", paramLabel = "all|only",
                description = "all: the card's other functions too, such as its HDMI audio (default); only: the GPU alone.")
        private String functions;

        @Option(names = "--hide-hypervisor", defaultValue = "auto", paramLabel = "auto|on|off",
                description = "Hide KVM from the guest's driver (KVM hidden, a Hyper-V vendor id, the IOAPIC in KVM on q35)."
                        + " auto: for NVIDIA cards, whose older drivers stop on a hypervisor (default).")
        private String hide;

        @Option(names = "--rom-bar", defaultValue = "on", paramLabel = "on|off", description = "Show the card's ROM to the"
                + " guest (default on).")
        private String romBar;

        @Option(names = "--rom-file", paramLabel = "PATH", description = "A ROM image on the host to show instead of the card's.")
        private String romFile;

        @Option(names = "--manual-detach", description = "Do not let libvirt take the card from the host at start"
                + " (managed='no': detach it yourself).")
        private boolean manual;

        @Option(names = "--q35", description = "Make an i440FX machine q35 (PCI Express): PCI addresses are assigned"
                + " again, IDE disks move to SATA.")
        private boolean q35;

        @Option(names = "--uefi", description = "Boot with UEFI (OVMF) instead of BIOS: only before an OS is installed.")
        private boolean uefi;

        @Option(names = "--dry-run", description = "Print the new domain XML (the change on stderr); change nothing.")
        private boolean dryRun;

        @Override
        public Integer call() {
            PassthroughPlan.Options options = new PassthroughPlan.Options(
                    choice(functions, "--functions", PassthroughPlan.Functions.class),
                    choice(hide, "--hide-hypervisor", PassthroughPlan.Hide.class), onOff(romBar, "--rom-bar"), romFile, !manual,
                    q35, uefi);
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (CliSession session = CliSession.open(gpu.parent.connectOptions().single(), gpu.parent.demoHost())) {
                VirtualMachine vm = session.find(target.vmName);
                GpuReadiness readiness = CliSession.await(session.connection().gpus().readiness());
                refuseUnready(readiness, vm.name());
                HostGpus.Gpu card = card(readiness, target.device, session.connection().uri().displayName());
                String xml = CliSession.await(session.connection().operations().inactiveDefinition(vm));
                PassthroughPlan plan = PassthroughPlan.of(xml, vm.name(), vm.active(), card, readiness, options);
                if (plan.refused()) {
                    throw new VirtException("Could not pass " + card.device().address() + " through to “" + vm.name() + "”: "
                            + String.join(" ", plan.refusals()), String.join("\n", plan.refusals()));
                }
                plan.warnings().forEach(w -> err.println("vireo: warning: " + w));
                if (dryRun) {
                    err.print(plan.diff());
                    err.flush();
                    out.print(plan.after());
                    out.flush();
                    return 0;
                }
                CliSession.await(session.connection().provisioning().redefine(vm.name(), vm.uuid(), plan.after()));
                out.print(plan.diff());
                out.println("Passed " + card.device().address() + " (" + card.device().product() + ") through to “" + vm.name()
                        + "”" + (card.functions().isEmpty() || options.functions() == PassthroughPlan.Functions.ONLY ? ""
                        : " with " + card.functions().size() + " more function" + (card.functions().size() > 1 ? "s" : ""))
                        + ".");
                out.flush();
            }
            return 0;
        }
    }

    /** {@code vireo gpu detach VM --device NODEDEV}: takes a card's functions out of a VM's definition. */
    @Command(name = "detach", mixinStandardHelpOptions = true, description = "Take a passed-through graphics card (all its functions),"
            + " or a vGPU (--device UUID), out of a VM's definition.")
    static final class Detach implements Callable<Integer> {

        @ParentCommand
        private GpuCommand gpu;

        @Spec
        private CommandSpec spec;

        @picocli.CommandLine.Mixin
        private CardOfVm target;

        @Option(names = "--remove-mdev", description = "With a vGPU: remove it from the host too (frees an instance of its type).")
        private boolean removeMdev;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (CliSession session = CliSession.open(gpu.parent.connectOptions().single(), gpu.parent.demoHost())) {
                VirtualMachine vm = session.find(target.vmName);
                if (vm.active()) {
                    throw new VirtException("“" + vm.name() + "” is running: shut it down first.", "active");
                }
                HostGpus gpus = CliSession.await(session.connection().gpus().inventory());
                java.util.Optional<HostGpus.Mdev> mdev = gpus.gpus().stream().flatMap(g -> g.mdevs().stream())
                        .filter(m -> m.uuid().equalsIgnoreCase(target.device.strip()) || m.nodeDevice().equals(target.device.strip()))
                        .findFirst();
                if (mdev.isPresent()) {
                    return takeVgpu(session, vm, mdev.get(), out);
                }
                HostGpus.Gpu card = card(gpus, target.device, session.connection().uri().displayName());
                String xml = CliSession.await(session.connection().operations().inactiveDefinition(vm));
                if (!PassthroughPlan.passesThrough(xml, card)) {
                    throw new VirtException(card.device().address() + " is not passed through to “" + vm.name() + "”.", "no hostdev");
                }
                CliSession.await(session.connection().provisioning().redefine(vm.name(), vm.uuid(),
                        PassthroughPlan.withoutCard(xml, card)));
                out.println("Took " + card.device().address() + " (" + card.device().product() + ") out of “" + vm.name() + "”.");
                out.flush();
            }
            return 0;
        }

        private int takeVgpu(CliSession session, VirtualMachine vm, HostGpus.Mdev mdev, PrintWriter out) {
            CliSession.await(dev.vireo.app.gpu.Vgpus.takeFrom(session.connection(), List.of(vm), mdev.uuid()));
            out.println("Took the vGPU " + mdev.uuid() + " out of “" + vm.name() + "”.");
            if (removeMdev) {
                CliSession.await(session.connection().gpus().removeMdevByUuid(mdev.uuid()));
                out.println("Removed the vGPU " + mdev.uuid() + " from the host.");
            } else if (mdev.usedBy().size() <= 1) {
                out.println("It stays on the host for another VM; remove it with: vireo gpu mdev remove " + mdev.uuid());
            }
            out.flush();
            return 0;
        }
    }

    /** {@code vireo gpu mdev ...}: mediated devices (vGPUs). */
    @Command(name = "mdev", mixinStandardHelpOptions = true, description = "Mediated devices (vGPUs) of a card.", subcommands = {Mdev.Create.class, Mdev.Remove.class})
    static final class Mdev implements Callable<Integer> {

        @ParentCommand
        private GpuCommand gpu;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }

        /** {@code vireo gpu mdev create --parent NODEDEV --type ID [--vm VM]}. */
        @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a persistent vGPU of a type with free instances; with --vm, give it"
                + " to that shut-off VM, its picture in the VM's console.")
        static final class Create implements Callable<Integer> {

            @ParentCommand
            private Mdev mdev;

            @Spec
            private CommandSpec spec;

            @Option(names = "--parent", required = true, paramLabel = "NODEDEV", description = "The card (pci_0000_06_00_0).")
            private String parent;

            @Option(names = "--type", required = true, paramLabel = "ID", description = "The vGPU type (nvidia-11); see gpu list.")
            private String type;

            @Option(names = "--vm", paramLabel = "VM", description = "Give the vGPU to this shut-off VM.")
            private String vmName;

            @Option(names = "--no-display", description = "With --vm: no vGPU picture in the VM's console.")
            private boolean noDisplay;

            @Override
            public Integer call() {
                VireoCommand root = mdev.gpu.parent;
                PrintWriter out = spec.commandLine().getOut();
                try (CliSession session = CliSession.open(root.connectOptions().single(), root.demoHost())) {
                    VirtualMachine vm = vmName == null ? null : session.find(vmName);
                    if (vm != null && vm.active()) { // checked before anything is made
                        throw new VirtException("“" + vm.name() + "” is running: shut it down first.", "active");
                    }
                    if (vm == null) {
                        String uuid = CliSession.await(session.connection().gpus().createMdev(parent, type));
                        out.println("Created the vGPU " + uuid + " (" + type + " on " + parent + ").");
                    } else {
                        String uuid = java.util.UUID.randomUUID().toString();
                        String xml = CliSession.await(session.connection().operations().inactiveDefinition(vm));
                        PassthroughPlan plan = PassthroughPlan.ofVgpu(xml, vm.name(), false, uuid, !noDisplay);
                        plan.warnings().forEach(w -> spec.commandLine().getErr().println("vireo: warning: " + w));
                        CliSession.await(dev.vireo.app.gpu.Vgpus.makeAndGive(session.connection(), vm, parent, type, uuid,
                                plan.after()));
                        out.println("Created the vGPU " + uuid + " (" + type + " on " + parent + ") and gave it to “" + vm.name()
                                + "”" + (noDisplay ? "." : ", its picture in the console."));
                    }
                    out.flush();
                }
                return 0;
            }
        }

        /** {@code vireo gpu mdev remove UUID}: an unused vGPU, removed from the host. */
        @Command(name = "remove", mixinStandardHelpOptions = true, description = "Stop and remove a vGPU no VM uses (frees an instance"
                + " of its type); take it from its VM first with gpu detach VM --device UUID.")
        static final class Remove implements Callable<Integer> {

            @ParentCommand
            private Mdev mdev;

            @Spec
            private CommandSpec spec;

            @picocli.CommandLine.Parameters(paramLabel = "UUID", description = "The vGPU's UUID (see gpu list --json).")
            private String uuid;

            @Override
            public Integer call() {
                VireoCommand root = mdev.gpu.parent;
                try (CliSession session = CliSession.open(root.connectOptions().single(), root.demoHost())) {
                    CliSession.await(session.connection().gpus().removeMdevByUuid(uuid.strip()));
                    spec.commandLine().getOut().println("Removed the vGPU " + uuid.strip() + ".");
                    spec.commandLine().getOut().flush();
                }
                return 0;
            }
        }
    }

    /** What attach and detach act on: a VM and one of the host's cards. */
    static final class CardOfVm {

        @picocli.CommandLine.Parameters(paramLabel = "VM", description = "The VM's name or UUID.")
        String vmName;

        @Option(names = "--device", required = true, paramLabel = "NODEDEV",
                description = "The card: its node device (pci_0000_05_00_0) or PCI address (0000:05:00.0).")
        String device;
    }

    /** Refuses at once where the host cannot pass anything through (no IOMMU, no VFIO, no KVM). */
    private static void refuseUnready(GpuReadiness readiness, String vm) {
        if (!readiness.hostReady()) {
            List<String> problems = readiness.host().stream().filter(c -> c.verdict() == GpuReadiness.Verdict.PROBLEM)
                    .map(c -> c.finding() + " " + c.fix()).toList();
            throw new VirtException("Could not pass a card through to “" + vm + "”: " + problems.get(0),
                    String.join("\n", problems));
        }
    }

    private static HostGpus.Gpu card(GpuReadiness readiness, String device, String host) {
        return card(new HostGpus(readiness.cards().stream().map(GpuReadiness.CardChecks::gpu).toList()), device, host);
    }

    /** The card a node-device name or PCI address names ("pci_0000_05_00_0", "0000:05:00.0", "05:00.0"). */
    static HostGpus.Gpu card(HostGpus gpus, String device, String host) {
        String d = device.strip().toLowerCase(java.util.Locale.ROOT);
        for (HostGpus.Gpu g : gpus.gpus()) {
            String a = g.device().address();
            if (g.name().equals(d) || a.equals(d) || a.substring(5).equals(d)) {
                return g;
            }
        }
        throw new VirtException("No graphics card “" + device + "” on " + host + " (vireo gpu list shows them).", device);
    }

    private static <E extends Enum<E>> E choice(String value, String option, Class<E> type) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new VirtException(option + " takes " + String.join("|", java.util.Arrays.stream(type.getEnumConstants())
                    .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList()) + ", not “" + value + "”.", value);
        }
    }

    private static boolean onOff(String value, String option) {
        return switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new VirtException(option + " takes on|off, not “" + value + "”.", value);
        };
    }
}
