package dev.vireo.app.cli;

import dev.vireo.app.gpu.PassthroughPlan;
import dev.vireo.app.newvm.ConsoleReach;
import dev.vireo.app.newvm.CreationCheck;
import dev.vireo.app.newvm.CreationRequest;
import dev.vireo.app.newvm.DiskChoice;
import dev.vireo.app.newvm.GpuChoice;
import dev.vireo.app.newvm.InstallTree;
import dev.vireo.app.newvm.IsoLabel;
import dev.vireo.app.newvm.NewVm;
import dev.vireo.app.newvm.OsDatabase;
import dev.vireo.app.newvm.Recommendation;
import dev.vireo.app.newvm.SpicePassword;
import dev.vireo.app.newvm.SpiceTls;
import dev.vireo.app.newvm.Verdict;
import dev.vireo.app.newvm.VmCreator;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.GraphicsInfo;
import dev.vireo.bridge.model.HostFacts;
import dev.vireo.bridge.model.HostGpus;
import dev.vireo.bridge.model.HostInventory;
import dev.vireo.bridge.model.VirtualMachine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vireo create}: the new-VM wizard's choices as options, checked the same way and created
 * by the same code ({@link VmCreator}). {@code --dry-run} prints the domain XML and creates nothing.
 */
@Command(name = "create", sortOptions = false, mixinStandardHelpOptions = true,
        description = "Create a virtual machine (SPICE with QXL by default), like the new-VM wizard.",
        footer = {"", "Examples:",
            "  vireo create -c qemu:///system --name web --os debian11 \\",
            "      --cdrom default/debian-12.iso --disk pool=default,size=20",
            "  vireo create -c qemu:///system --name lab-01 --memory 1024 \\",
            "      --kernel /srv/vmlinuz --initrd /srv/initrd.gz --disk none \\",
            "      --graphics spice,listen=0.0.0.0,password=generate --video qxl,heads=2"})
final class CreateCommand implements Callable<Integer> {

    @ParentCommand
    private VireoCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--name", required = true, description = "The VM's name (quotes, spaces and unicode are fine).")
    private String name;

    @Option(names = "--title", description = "A short description shown next to the name.")
    private String title;

    @Option(names = "--memory", paramLabel = "MiB", description = "Memory in MiB (default: what the OS recommends, at most half the host's).")
    private Integer memory;

    @Option(names = "--vcpus", paramLabel = "N", description = "Virtual CPUs (default: what the OS recommends).")
    private Integer vcpus;

    @Option(names = "--os", paramLabel = "ID", description = "The guest OS, as an osinfo short id (debian11, win10, ...) "
            + "or full id; detected from a local ISO when left out.")
    private String os;

    @ArgGroup(exclusive = true, multiplicity = "1", heading = "%nWhat the VM boots (one of):%n")
    private SourceOptions source;

    static final class SourceOptions {
        @Option(names = "--cdrom", paramLabel = "VOL|PATH", description = "An installation ISO: a volume "
                + "(POOL/NAME, a volume name or its path on the host) or a local file (local hosts).")
        String cdrom;

        @Option(names = "--location", paramLabel = "URL[,kernel=P,initrd=P]", description = "A network install tree: its"
                + " installer is downloaded (paths from the tree's .treeinfo or the OS database unless given), booted once,"
                + " then the VM boots its disk. --cmdline adds to the installer's command line.")
        String location;

        @Option(names = "--import-disk", paramLabel = "VOL|PATH", description = "Boot an existing disk image: nothing to install.")
        String importDisk;

        @Option(names = "--pxe", description = "Boot from the network (PXE).")
        boolean pxe;

        @Option(names = "--kernel", paramLabel = "PATH", description = "Boot this kernel directly (a path on the host).")
        String kernel;
    }

    @Option(names = "--initrd", paramLabel = "PATH", description = "The initrd for --kernel.")
    private String initrd;

    @Option(names = "--cmdline", paramLabel = "ARGS", description = "The kernel command line for --kernel or --location.")
    private String cmdline;

    @Option(names = "--disk", paramLabel = "SPEC", description = "pool=POOL,size=GiB[,name=FILE] for a new qcow2 volume "
            + "(default for --cdrom and --pxe: pool=default and the OS's recommended size); path=VOL|PATH for an existing one; none.")
    private String disk;

    @Option(names = "--network", paramLabel = "SPEC", description = "NAME of a virtual network, network=NAME[,model=M], "
            + "bridge=BRIDGE[,model=M], or none (default: the network 'default' if the host has it; model virtio or e1000e).")
    private String network;

    @Option(names = "--graphics", paramLabel = "SPEC", description = "spice[,listen=ADDR][,port=N|auto][,password=PW|generate]"
            + "[,tls=on] or none (default: spice,listen=127.0.0.1,port=auto). listen=0.0.0.0 is every interface.")
    private String graphics;

    @Option(names = "--video", paramLabel = "SPEC", description = "qxl[,heads=N]: QXL with 1 to 4 monitors (default: 1).")
    private String video;

    @Option(names = "--firmware", paramLabel = "bios|uefi", description = "Default: what the OS wants, if the host has it; else bios"
            + " (uefi with --gpu where the host has OVMF).")
    private String firmware;

    @Option(names = "--gpu", paramLabel = "NODEDEV|ADDRESS", description = "Pass a graphics card through (pci_0000_05_00_0 or"
            + " 0000:05:00.0) with its other functions, ROM BAR on, detached by libvirt, the hypervisor hidden for NVIDIA"
            + " cards (vireo gpu attach has the other options).")
    private String gpu;

    @Option(names = "--machine", paramLabel = "q35|pc", description = "Default: q35 where the host has it.")
    private String machine;

    @Option(names = "--no-sound", description = "No sound device.")
    private boolean noSound;

    @Option(names = "--no-start", description = "Define the VM without starting it.")
    private boolean noStart;

    @Option(names = "--dry-run", description = "Check everything and print the domain XML; create nothing.")
    private boolean dryRun;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        try (CliSession session = CliSession.open(parent.connectOptions().single(), parent.demoHost())) {
            HostConnection connection = session.connection();
            HostFacts facts = CliSession.await(connection.hostFacts());
            HostInventory host = CliSession.await(connection.provisioning().inventory());
            String hostName = connection.uri().displayName();
            boolean local = ConsoleReach.hostOf(connection.uri().uri()) == null;

            String cdromPath = source.cdrom == null ? null : resolve(source.cdrom, host, local, "--cdrom");
            String importPath = source.importDisk == null ? null : resolve(source.importDisk, host, local, "--import-disk");
            OsDatabase.Os guest = guestOs(cdromPath, local, err);
            Recommendation rec = Recommendation.of(guest, host, facts);

            NewVm.Source src = source.pxe ? new NewVm.Source.Pxe()
                    : source.location != null ? location(cl)
                    : source.kernel != null ? new NewVm.Source.Kernel(source.kernel, initrd, cmdline)
                    : importPath != null ? new NewVm.Source.ImportDisk()
                    : new NewVm.Source.Cdrom(cdromPath);
            DiskChoice diskChoice = diskChoice(cl, src, importPath, rec, host);
            String generated = null;
            NewVm.Display display = null;
            if (!"none".equals(graphics)) {
                KeyValues g = KeyValues.parse(cl, "--graphics", graphics == null ? "spice" : graphics,
                        Set.of("listen", "port", "password", "tls"));
                if (!g.kind().isEmpty() && !"spice".equals(g.kind())) {
                    throw new CommandLine.ParameterException(cl, "--graphics: only spice or none");
                }
                String port = g.get("port", "auto");
                String password = g.get("password", null);
                if ("generate".equals(password)) {
                    password = generated = SpicePassword.generate();
                }
                KeyValues v = KeyValues.parse(cl, "--video", video == null ? "qxl" : video, Set.of("heads"));
                if (!"qxl".equals(v.kind()) && !v.kind().isEmpty()) {
                    throw new CommandLine.ParameterException(cl, "--video: only qxl (SPICE's video model)");
                }
                display = new NewVm.Display(v.integer(cl, "heads", 1, 1, 4), g.get("listen", "127.0.0.1"),
                        "auto".equals(port) ? 0 : g.integer(cl, "port", 0, 1, 65535), "on".equals(g.get("tls", "off")),
                        password, true, 2);
            }
            if (display != null && display.tls()
                    && SpiceTls.of(connection.uri().uri(), SpiceTls.SYSTEM_CONF).equals(Optional.of(false))) {
                throw new VirtException(hostName + " has no SPICE TLS set up: set spice_tls = 1 and the certificates in "
                        + SpiceTls.SYSTEM_CONF + ", or leave out tls=on.", "spice_tls is off");
            }
            boolean virtio = rec.virtio();
            NewVm vm = new NewVm(name, title, guest == null ? null : guest.id(), facts.domainType(),
                    machine == null ? rec.machine() : machine, firmware(cl, rec, facts), memory == null ? rec.memoryMiB() : memory,
                    vcpus == null ? rec.vcpus() : vcpus, src, null, virtio, network(cl, host, virtio), display, !noSound);
            CreationRequest request = new CreationRequest(vm, diskChoice, !noStart, null,
                    gpu == null ? null : card(connection));

            if (dryRun) {
                Verdict verdict = CreationCheck.check(request, host, facts, hostName);
                if (!verdict.ok()) {
                    throw new VirtException("Would not create “" + name + "”: " + String.join(" ", verdict.refusals()),
                            String.join("\n", verdict.refusals()));
                }
                verdict.warnings().forEach(w -> err.println("vireo: warning: " + w));
                out.print(request.domainXml(diskChoice.expectedPath(host)));
                out.flush();
                return 0;
            }
            VmCreator.Created created = CliSession.await(new VmCreator(connection,
                    new InstallTree(InstallTree.defaultClient()), guest).create(request, (step, steps, what) -> {
                        err.println("[" + step + "/" + steps + "] " + what + " ...");
                        err.flush();
                    }));
            created.warnings().forEach(w -> err.println("vireo: warning: " + w));
            out.println("Created " + created.name() + " (" + created.uuid() + ") on " + hostName
                    + (created.started() ? ", running." : ", not started."));
            if (created.diskPath() != null) {
                out.println("Disk: " + created.diskPath());
            }
            if (display != null) {
                out.println("Console: " + ConsoleReach.describe(display, connection.uri().uri(),
                        livePort(session, created.uuid(), display), ConsoleReach.localAddresses()));
            }
            if (generated != null) {
                out.println("SPICE password: " + generated + " (shown this once; it is kept in the VM's definition)");
            }
            out.flush();
            return 0;
        }
    }

    private OsDatabase.Os guestOs(String cdromPath, boolean local, PrintWriter err) {
        if (os == null && (cdromPath == null || !local)) {
            return null;
        }
        OsDatabase db;
        try {
            db = OsDatabase.load(OsDatabase.SYSTEM);
        } catch (IOException e) {
            if (os == null) {
                return null;
            }
            throw new VirtException("Could not read the OS database in " + OsDatabase.SYSTEM
                    + ": install osinfo-db, or leave out --os.", e.toString(), e);
        }
        if (os != null) {
            return db.find(os).orElseThrow(() -> new VirtException("No operating system “" + os
                    + "” in the osinfo database" + suggestions(db, os) + ".", os));
        }
        try {
            Path iso = Path.of(cdromPath);
            Optional<String> label = Files.isRegularFile(iso) ? IsoLabel.read(iso) : Optional.empty();
            Optional<OsDatabase.Os> found = label.flatMap(l -> db.detect(l).stream().findFirst());
            found.ifPresent(o -> err.println("vireo: detected " + o.name() + " from the ISO's label “" + label.get() + "”"));
            return found.orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private NewVm.Source location(CommandLine cl) {
        int comma = source.location.indexOf(",kernel=") >= 0 ? source.location.indexOf(",kernel=")
                : source.location.indexOf(",initrd=");
        String url = comma < 0 ? source.location : source.location.substring(0, comma);
        KeyValues kv = comma < 0 ? new KeyValues("--location", "", java.util.Map.of())
                : KeyValues.parse(cl, "--location", source.location.substring(comma + 1), Set.of("kernel", "initrd"));
        return new NewVm.Source.NetworkInstall(url, kv.get("kernel", ""), kv.get("initrd", ""), cmdline);
    }

    /** The newest five OSes whose short id starts like {@code wanted} ("debian12" suggests debian11, debian10, ...). */
    private static String suggestions(OsDatabase db, String wanted) {
        String stem = wanted.replaceAll("[^a-zA-Z].*$", "").toLowerCase(java.util.Locale.ROOT);
        List<String> near = stem.isEmpty() ? List.of() : db.all().stream()
                .filter(o -> o.shortId().startsWith(stem))
                .sorted(java.util.Comparator.comparing(OsDatabase.Os::releaseDate).reversed())
                .limit(5).map(OsDatabase.Os::shortId).toList();
        return near.isEmpty() ? " (short ids look like debian11, ubuntu22.04, win10)" : " (newest like it: "
                + String.join(", ", near) + ")";
    }

    /** A volume (POOL/NAME, NAME, or its path) or, on a local host, a file. */
    private static String resolve(String text, HostInventory host, boolean local, String option) {
        int slash = text.indexOf('/');
        if (slash > 0) {
            String pool = text.substring(0, slash);
            String vol = text.substring(slash + 1);
            Optional<String> p = host.pool(pool).flatMap(pl -> pl.volumes().stream()
                    .filter(v -> v.name().equals(vol)).findFirst()).map(HostInventory.Volume::path);
            if (p.isPresent()) {
                return p.get();
            }
        }
        if (host.volume(text).isPresent()) {
            return text;
        }
        List<HostInventory.Volume> named = host.pools().stream().flatMap(p -> p.volumes().stream())
                .filter(v -> v.name().equals(text)).toList();
        if (named.size() == 1) {
            return named.get(0).path();
        }
        if (named.size() > 1) {
            throw new VirtException(option + ": several pools have a volume “" + text + "”: write POOL/" + text + ".", text);
        }
        if (local && text.startsWith("/") && Files.exists(Path.of(text))) {
            return text;
        }
        throw new VirtException(option + ": no volume or file “" + text + "” on this host.", text);
    }

    private DiskChoice diskChoice(CommandLine cl, NewVm.Source src, String importPath, Recommendation rec,
            HostInventory host) {
        if (importPath != null) {
            if (disk != null) {
                throw new CommandLine.ParameterException(cl, "--import-disk is the disk: leave out --disk");
            }
            return new DiskChoice.Existing(importPath);
        }
        String spec = disk;
        if (spec == null) {
            boolean installs = src instanceof NewVm.Source.Cdrom || src instanceof NewVm.Source.Pxe
                    || src instanceof NewVm.Source.NetworkInstall;
            spec = installs ? "pool=default" : "none";
        }
        if ("none".equals(spec)) {
            return new DiskChoice.None();
        }
        KeyValues d = KeyValues.parse(cl, "--disk", spec, Set.of("pool", "size", "name", "path"));
        if (d.values().containsKey("path")) {
            return new DiskChoice.Existing(resolve(d.get("path", ""), host, false, "--disk path"));
        }
        long size = rec.diskBytes();
        if (d.values().containsKey("size")) {
            try {
                size = (long) (Double.parseDouble(d.get("size", "0")) * DiskChoice.GIB);
            } catch (NumberFormatException e) {
                throw new CommandLine.ParameterException(cl, "--disk: size is in GiB, e.g. size=20");
            }
        }
        return new DiskChoice.NewVolume(d.get("pool", "default"), d.get("name", DiskChoice.volumeName(name)), size);
    }

    private NewVm.Network network(CommandLine cl, HostInventory host, boolean virtio) {
        String model = virtio ? "virtio" : "e1000e";
        if ("none".equals(network)) {
            return null;
        }
        if (network == null) {
            return host.networks().stream().anyMatch(n -> n.name().equals("default"))
                    ? new NewVm.Network(NewVm.Network.Kind.NETWORK, "default", model) : null;
        }
        KeyValues n = KeyValues.parse(cl, "--network", network, Set.of("network", "bridge", "model"));
        model = n.get("model", model);
        if (n.values().containsKey("bridge")) {
            return new NewVm.Network(NewVm.Network.Kind.BRIDGE, n.get("bridge", ""), model);
        }
        String netName = n.values().containsKey("network") ? n.get("network", "") : n.kind();
        if (host.networks().stream().noneMatch(x -> x.name().equals(netName))) {
            throw new VirtException("--network: the host has no virtual network “" + netName + "” (it has: "
                    + String.join(", ", host.networks().stream().map(HostInventory.VirtualNetwork::name).toList()) + ").",
                    netName);
        }
        return new NewVm.Network(NewVm.Network.Kind.NETWORK, netName, model);
    }

    private NewVm.Firmware firmware(CommandLine cl, Recommendation rec, HostFacts facts) {
        if (firmware == null) {
            return gpu != null && facts.uefi() ? NewVm.Firmware.UEFI : rec.firmware();
        }
        return switch (firmware) {
            case "bios" -> NewVm.Firmware.BIOS;
            case "uefi" -> NewVm.Firmware.UEFI;
            default -> throw new CommandLine.ParameterException(cl, "--firmware: bios or uefi");
        };
    }

    /** The card {@code --gpu} names, with the options the wizard has by default and the host's readiness. */
    private GpuChoice card(HostConnection connection) {
        GpuReadiness readiness = CliSession.await(connection.gpus().readiness());
        HostGpus.Gpu card = GpuCommand.card(new HostGpus(readiness.cards().stream().map(GpuReadiness.CardChecks::gpu).toList()),
                gpu, connection.uri().displayName());
        return new GpuChoice(card, PassthroughPlan.Options.defaults(), readiness);
    }

    /** The SPICE port of the running VM (from its live XML), or the fixed one. */
    private static int livePort(CliSession session, String uuid, NewVm.Display display) {
        if (display.port() > 0) {
            return display.port();
        }
        String key = session.connection().id() + "/" + uuid;
        for (int i = 0; i < 20; i++) {
            VirtualMachine vm = session.connection().domains().get(key);
            if (vm != null && vm.active()) {
                Optional<GraphicsInfo> g = vm.description().graphics().stream()
                        .filter(x -> "spice".equals(x.type()) && x.port() > 0).findFirst();
                if (g.isPresent()) {
                    return g.get().port();
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return 0;
    }
}
