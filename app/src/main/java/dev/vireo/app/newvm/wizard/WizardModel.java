package dev.vireo.app.newvm.wizard;

import dev.vireo.app.gpu.PassthroughPlan;
import dev.vireo.app.newvm.ConsoleReach;
import dev.vireo.app.newvm.CreationCheck;
import dev.vireo.app.newvm.CreationRequest;
import dev.vireo.app.newvm.DiskChoice;
import dev.vireo.app.newvm.GpuChoice;
import dev.vireo.app.newvm.NewVm;
import dev.vireo.app.newvm.OsDatabase;
import dev.vireo.app.newvm.Recommendation;
import dev.vireo.app.newvm.SpicePassword;
import dev.vireo.app.newvm.Verdict;
import dev.vireo.app.newvm.Verdict.Topic;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.HostFacts;
import dev.vireo.bridge.model.HostInventory;
import dev.vireo.bridge.model.Xml;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The new-VM wizard's view-model: every choice as a property, the host it is for, and what
 * follows from them: the {@link CreationRequest}, the {@link Verdict} and, per page, the sentence
 * that says why "Next" is disabled. No controls: tests drive it without a screen. FX thread only.
 */
public final class WizardModel {

    /** The wizard's pages, in order, with the refusal topics each one owns. */
    public enum Page {
        SOURCE("Source", Topic.SOURCE),
        OS("OS and resources", Topic.RESOURCES, Topic.FIRMWARE),
        STORAGE("Storage", Topic.STORAGE),
        NETWORK("Network and display", Topic.NETWORK, Topic.DISPLAY),
        GPU("Graphics card", Topic.GPU),
        SUMMARY("Summary", Topic.NAME);

        final String title;
        final Topic[] topics;

        Page(String title, Topic... topics) {
            this.title = title;
            this.topics = topics;
        }
    }

    public enum SourceKind {
        ISO("Installation image (ISO)"), NETWORK("Network install tree (URL)"), IMPORT("Existing disk image (import)"),
        PXE("Network boot (PXE)"), KERNEL("Kernel and initrd (direct boot)");

        final String label;

        SourceKind(String label) {
            this.label = label;
        }
    }

    public enum DiskKind { NEW, EXISTING, NONE }

    public enum ListenKind { LOCALHOST, ALL, ADDRESS }

    public enum PasswordKind { GENERATE, TYPE, NONE }

    /** A network choice: a virtual network, a host bridge (named or typed), or none. */
    public record NetChoice(NewVm.Network.Kind kind, String name, String label) {
        static final NetChoice NONE = new NetChoice(null, "", "No network");
        static final NetChoice OTHER_BRIDGE = new NetChoice(NewVm.Network.Kind.BRIDGE, "", "Host bridge (type its name)");

        @Override
        public String toString() {
            return label;
        }
    }

    // the host
    final ObjectProperty<HostFacts> facts = new SimpleObjectProperty<>();
    final ObjectProperty<HostInventory> inventory = new SimpleObjectProperty<>();
    final StringProperty hostName = new SimpleStringProperty("");
    final StringProperty hostUri = new SimpleStringProperty("");
    /** "Reading …" while the host is read, or why it could not be; empty when ready. */
    final StringProperty hostProblem = new SimpleStringProperty("Choose a host.");

    // source
    final ObjectProperty<SourceKind> source = new SimpleObjectProperty<>(SourceKind.ISO);
    final StringProperty isoPath = new SimpleStringProperty("");
    final StringProperty importPath = new SimpleStringProperty("");
    final StringProperty kernel = new SimpleStringProperty("");
    final StringProperty initrd = new SimpleStringProperty("");
    final StringProperty cmdline = new SimpleStringProperty("");
    final StringProperty treeUrl = new SimpleStringProperty("");
    final StringProperty treeKernel = new SimpleStringProperty("");
    final StringProperty treeInitrd = new SimpleStringProperty("");

    // OS and resources
    final ObjectProperty<OsDatabase.Os> os = new SimpleObjectProperty<>();
    final StringProperty detected = new SimpleStringProperty("");
    final IntegerProperty memoryMiB = new SimpleIntegerProperty(2048);
    final IntegerProperty vcpus = new SimpleIntegerProperty(2);
    final ObjectProperty<NewVm.Firmware> firmware = new SimpleObjectProperty<>(NewVm.Firmware.BIOS);
    final StringProperty machine = new SimpleStringProperty("q35");
    final BooleanProperty virtio = new SimpleBooleanProperty(true);

    // storage
    final ObjectProperty<DiskKind> disk = new SimpleObjectProperty<>(DiskKind.NEW);
    final StringProperty pool = new SimpleStringProperty("");
    final IntegerProperty diskGiB = new SimpleIntegerProperty(20);
    final StringProperty existingDisk = new SimpleStringProperty("");

    // network and display
    final ObjectProperty<NetChoice> network = new SimpleObjectProperty<>(NetChoice.NONE);
    final StringProperty bridgeName = new SimpleStringProperty("");
    final StringProperty nicModel = new SimpleStringProperty("virtio");
    final BooleanProperty spice = new SimpleBooleanProperty(true);
    final IntegerProperty heads = new SimpleIntegerProperty(1);
    final ObjectProperty<ListenKind> listen = new SimpleObjectProperty<>(ListenKind.LOCALHOST);
    final StringProperty listenAddress = new SimpleStringProperty("");
    final BooleanProperty autoPort = new SimpleBooleanProperty(true);
    final IntegerProperty port = new SimpleIntegerProperty(5900);
    final ObjectProperty<PasswordKind> passwordKind = new SimpleObjectProperty<>(PasswordKind.GENERATE);
    final StringProperty generatedPassword = new SimpleStringProperty(SpicePassword.generate());
    final StringProperty typedPassword = new SimpleStringProperty("");
    final BooleanProperty tls = new SimpleBooleanProperty(false);
    /** Whether the host has SPICE TLS set up: true, false, or null where it cannot be told (remote hosts). */
    final ObjectProperty<Boolean> spiceTls = new SimpleObjectProperty<>();
    final BooleanProperty agent = new SimpleBooleanProperty(true);
    final BooleanProperty usbRedirection = new SimpleBooleanProperty(true);
    final BooleanProperty sound = new SimpleBooleanProperty(true);

    // graphics card
    /** The host's cards with its checks; null until read (when the page is first shown). */
    final ObjectProperty<GpuReadiness> gpus = new SimpleObjectProperty<>();
    /** "Reading …" while the cards are read, or why they could not be; empty otherwise. */
    final StringProperty gpusProblem = new SimpleStringProperty("");
    /** Whether a card is passed through (false: "No graphics card", the console only). */
    final BooleanProperty passCard = new SimpleBooleanProperty(false);
    final ObjectProperty<GpuReadiness.CardChecks> card = new SimpleObjectProperty<>();
    final BooleanProperty cardFunctions = new SimpleBooleanProperty(true);
    final BooleanProperty romBar = new SimpleBooleanProperty(true);
    final StringProperty romFile = new SimpleStringProperty("");
    final BooleanProperty managedDetach = new SimpleBooleanProperty(true);
    /** On for NVIDIA cards until the user sets it. */
    final BooleanProperty hideHypervisor = new SimpleBooleanProperty(false);
    /** "Use q35 and UEFI": while a card is passed through, the machine is q35 and the firmware UEFI. */
    final BooleanProperty cardMachine = new SimpleBooleanProperty(true);

    // summary
    final StringProperty name = new SimpleStringProperty("");
    final StringProperty title = new SimpleStringProperty("");
    final BooleanProperty start = new SimpleBooleanProperty(true);
    final BooleanProperty customize = new SimpleBooleanProperty(false);
    final StringProperty customXml = new SimpleStringProperty("");
    /** This machine's addresses, for "people on the network connect to …" on a local host. */
    final ObjectProperty<List<String>> localAddresses = new SimpleObjectProperty<>(List.of());

    /** Every property a view or the verdict depends on, to listen to them all at once. */
    Observable[] all() {
        return new Observable[] {facts, inventory, hostName, hostProblem, source, isoPath, importPath, kernel, initrd,
            cmdline, treeUrl, treeKernel, treeInitrd, os, memoryMiB, vcpus, firmware, machine, virtio, disk, pool, diskGiB, existingDisk, network,
            bridgeName, nicModel, spice, heads, listen, listenAddress, autoPort, port, passwordKind, generatedPassword,
            typedPassword, tls, spiceTls, agent, usbRedirection, sound, gpus, gpusProblem, passCard, card, cardFunctions, romBar,
            romFile, managedDetach, hideHypervisor, cardMachine, name, title, start, customize, customXml, localAddresses};
    }

    /** Whether the user set "hide the hypervisor" (then it stays as set), or it follows the card. */
    private boolean hideTouched;
    private boolean hideByCard;
    /** The machine and firmware before a card made them q35 and UEFI; null while it has not. */
    private String machineBefore;
    private NewVm.Firmware firmwareBefore;
    private boolean settingMachine;

    WizardModel() {
        card.addListener((o, was, now) -> {
            if (now != null && !hideTouched) {
                hideByCard = true;
                hideHypervisor.set(nvidia(now));
                hideByCard = false;
            }
            followCard();
        });
        hideHypervisor.addListener((o, was, now) -> hideTouched |= !hideByCard);
        passCard.addListener((o, was, now) -> followCard());
        cardMachine.addListener((o, was, now) -> followCard());
        InvalidationListener changedElsewhere = o -> {
            if (machineBefore != null && !settingMachine && !usesCardMachine()) {
                machineBefore = null; // chosen on page 2 since: the check box says so
                firmwareBefore = null;
                cardMachine.set(false);
            }
        };
        machine.addListener(changedElsewhere);
        firmware.addListener(changedElsewhere);
    }

    private static boolean nvidia(GpuReadiness.CardChecks card) {
        return "10de".equals(card.gpu().device().vendorId());
    }

    private boolean usesCardMachine() {
        return "q35".equals(machine.get()) && firmware.get() == NewVm.Firmware.UEFI;
    }

    /** Makes the machine q35 and the firmware UEFI while a card wants them, and puts back what was there when not. */
    private void followCard() {
        boolean want = gpuChoice() != null && cardMachine.get();
        settingMachine = true;
        try {
            if (want && machineBefore == null) {
                machineBefore = machine.get();
                firmwareBefore = firmware.get();
                machine.set("q35");
                firmware.set(NewVm.Firmware.UEFI);
            } else if (!want && machineBefore != null) {
                machine.set(machineBefore);
                firmware.set(firmwareBefore);
                machineBefore = null;
                firmwareBefore = null;
            }
        } finally {
            settingMachine = false;
        }
    }

    /** The host's cards, read (again): the card chosen stays chosen if the host still has it. */
    void setGpus(GpuReadiness readiness) {
        GpuReadiness.CardChecks chosen = card.get();
        gpus.set(readiness);
        card.set(chosen == null || readiness == null ? null : readiness.cards().stream()
                .filter(c -> c.gpu().device().address().equals(chosen.gpu().device().address())).findFirst().orElse(null));
        if (readiness != null && !readiness.hostReady()) {
            passCard.set(false);
        }
    }

    /** Another host: its cards are not known yet, and no card is chosen. */
    void forgetGpus() {
        passCard.set(false);
        card.set(null);
        gpus.set(null);
        gpusProblem.set("");
    }

    /** The card chosen and how, or null for none. */
    GpuChoice gpuChoice() {
        if (!passCard.get() || card.get() == null) {
            return null;
        }
        String rom = romFile.get().strip();
        return new GpuChoice(card.get().gpu(), new PassthroughPlan.Options(
                cardFunctions.get() ? PassthroughPlan.Functions.ALL : PassthroughPlan.Functions.ONLY,
                hideHypervisor.get() ? PassthroughPlan.Hide.ON : PassthroughPlan.Hide.OFF, romBar.get(),
                rom.isEmpty() ? null : rom, managedDetach.get()), gpus.get());
    }

    /** Sets what the OS (or none) recommends, within the host's means. */
    void applyRecommendation() {
        Recommendation r = Recommendation.of(os.get(), inventory.get(), facts.get());
        memoryMiB.set(r.memoryMiB());
        vcpus.set(r.vcpus());
        diskGiB.set((int) Math.max(1, r.diskBytes() / DiskChoice.GIB));
        if (machineBefore != null) { // a card keeps q35 and UEFI: the recommendation is what unticking brings back
            machineBefore = r.machine();
            firmwareBefore = r.firmware();
        } else {
            firmware.set(r.firmware());
            machine.set(r.machine());
        }
        virtio.set(r.virtio());
        nicModel.set(r.virtio() ? "virtio" : "e1000e");
    }

    /** A free name from the OS's short id ("debian11", "debian11-2", ...), or "vm". */
    String suggestName() {
        String base = os.get() == null ? "vm" : os.get().shortId();
        var taken = inventory.get() == null ? java.util.Set.<String>of() : inventory.get().domainNames();
        String candidate = base;
        for (int i = 2; taken.contains(candidate); i++) {
            candidate = base + "-" + i;
        }
        return candidate;
    }

    String password() {
        return switch (passwordKind.get()) {
            case GENERATE -> generatedPassword.get();
            case TYPE -> typedPassword.get();
            case NONE -> null;
        };
    }

    String listenAddress() {
        return switch (listen.get()) {
            case LOCALHOST -> "127.0.0.1";
            case ALL -> "0.0.0.0";
            case ADDRESS -> listenAddress.get().strip();
        };
    }

    NewVm.Display display() {
        if (!spice.get()) {
            return null;
        }
        return new NewVm.Display(Math.max(1, Math.min(4, heads.get())), listenAddress(), autoPort.get() ? 0 : port.get(),
                tls.get(), password(), agent.get(), usbRedirection.get() ? 2 : 0);
    }

    NewVm vm() {
        NewVm.Source src = switch (source.get()) {
            case ISO -> new NewVm.Source.Cdrom(isoPath.get());
            case IMPORT -> new NewVm.Source.ImportDisk();
            case PXE -> new NewVm.Source.Pxe();
            case NETWORK -> new NewVm.Source.NetworkInstall(treeUrl.get().strip(), treeKernel.get().strip(),
                    treeInitrd.get().strip(), cmdline.get().strip());
            case KERNEL -> new NewVm.Source.Kernel(kernel.get().strip(), initrd.get().strip(), cmdline.get().strip());
        };
        NetChoice n = network.get();
        NewVm.Network net = n == null || n.kind() == null ? null
                : new NewVm.Network(n.kind(), n == NetChoice.OTHER_BRIDGE ? bridgeName.get().strip() : n.name(), nicModel.get());
        String type = facts.get() == null ? "kvm" : facts.get().domainType();
        return new NewVm(name.get().strip(), title.get().strip(), os.get() == null ? null : os.get().id(), type,
                machine.get(), firmware.get(), memoryMiB.get(), vcpus.get(), src, null, virtio.get(), net, display(),
                sound.get());
    }

    DiskChoice diskChoice() {
        if (source.get() == SourceKind.IMPORT) {
            return new DiskChoice.Existing(importPath.get());
        }
        return switch (disk.get()) {
            case NEW -> new DiskChoice.NewVolume(pool.get(), DiskChoice.volumeName(name.get().isBlank()
                    ? suggestName() : name.get()), diskGiB.get() * DiskChoice.GIB);
            case EXISTING -> new DiskChoice.Existing(existingDisk.get());
            case NONE -> new DiskChoice.None();
        };
    }

    CreationRequest request() {
        return new CreationRequest(vm(), diskChoice(), start.get(), customize.get() ? customXml.get() : null, gpuChoice());
    }

    /** The domain XML the choices make, with the disk where it will be and the card passed through. */
    String generatedXml() {
        DiskChoice d = diskChoice();
        return new CreationRequest(vm(), d, start.get(), null, gpuChoice()).domainXml(d.expectedPath(inventory.get()));
    }

    /** The host's verdict on the choices; null until the host has been read. */
    Verdict verdict() {
        if (facts.get() == null || inventory.get() == null) {
            return null;
        }
        return CreationCheck.check(request(), inventory.get(), facts.get(), hostName.get());
    }

    /** Why {@code page} cannot be left forward, in one sentence; null when it can. */
    String problem(Page page, Verdict verdict) {
        if (!hostProblem.get().isEmpty()) {
            return hostProblem.get();
        }
        List<String> local = new ArrayList<>();
        switch (page) {
            case SOURCE -> {
                if (source.get() == SourceKind.IMPORT && importPath.get().isBlank()) {
                    local.add("Choose the disk image to import.");
                }
            }
            case NETWORK -> {
                if (network.get() == NetChoice.OTHER_BRIDGE && bridgeName.get().isBlank()) {
                    local.add("Type the name of the host bridge (e.g. br0).");
                }
                if (spice.get() && listen.get() == ListenKind.ADDRESS && !looksLikeAddress(listenAddress.get())) {
                    local.add("Type the address to listen on (e.g. 192.168.1.10).");
                }
                if (spice.get() && tls.get() && Boolean.FALSE.equals(spiceTls.get())) {
                    local.add(hostName.get() + " has no SPICE TLS set up (spice_tls = 1 and certificates in"
                            + " /etc/libvirt/qemu.conf): untick TLS.");
                }
                if (spice.get() && passwordKind.get() == PasswordKind.TYPE && typedPassword.get().isEmpty()) {
                    local.add("Type the console password, or choose another option.");
                }
                if (source.get() == SourceKind.PXE && (network.get() == null || network.get().kind() == null)) {
                    local.add("Network boot needs a network: choose one.");
                }
            }
            case GPU -> {
                if (passCard.get() && card.get() == null) {
                    local.add("Pick the card to pass through, or choose “No graphics card”.");
                }
            }
            case SUMMARY -> {
                if (customize.get()) {
                    String bad = xmlProblem(customXml.get());
                    if (bad != null) {
                        local.add(bad);
                    }
                }
            }
            default -> { }
        }
        if (!local.isEmpty()) {
            return local.get(0);
        }
        List<String> mine = new ArrayList<>(page == Page.SUMMARY ? verdict.refusals() : verdict.refusals(page.topics));
        if (page == Page.GPU && machineBefore != null) {
            mine.addAll(verdict.refusals(Topic.FIRMWARE)); // q35 and UEFI are set on this page: it says what stops them
        }
        return mine.isEmpty() ? null : mine.get(0);
    }

    /** The first page (up to {@code page}) that is not ready, or null. */
    Page firstBlocked(Page upTo, Verdict verdict) {
        for (Page p : Page.values()) {
            if (p.ordinal() > upTo.ordinal()) {
                break;
            }
            if (problem(p, verdict) != null) {
                return p;
            }
        }
        return null;
    }

    /** Who can reach the console, for the summary; null without SPICE. */
    String reach() {
        NewVm.Display d = display();
        return d == null ? null : ConsoleReach.describe(d, hostUri.get(), d.port(), localAddresses.get());
    }

    static String xmlProblem(String xml) {
        try {
            var root = Xml.parse(xml).getDocumentElement();
            if (!root.getTagName().equals("domain")) {
                return "The XML must be a <domain> element.";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "The XML is not well-formed: " + e.getMessage().replaceFirst("^malformed XML: ", "");
        }
    }

    private static boolean looksLikeAddress(String s) {
        String a = s.strip();
        return !a.isEmpty() && a.matches("[0-9A-Fa-f:.]+") && (a.contains(".") || a.contains(":"));
    }
}
