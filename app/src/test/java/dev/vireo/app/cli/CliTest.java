package dev.vireo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.app.XdgDirs;
import dev.vireo.bridge.testing.TestHosts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line on the project's test hosts: output, exit codes and one-line errors. */
class CliTest {

    @TempDir
    Path home;

    private final List<VireoCommand.GuiLaunch> guiLaunches = new ArrayList<>();

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        XdgDirs dirs = new XdgDirs(home.resolve("config"), home.resolve("state"), home.resolve("cache"));
        CommandLine cl = VireoCommand.create(dirs, guiLaunches::add);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listJsonHasEveryDomainWithTheDocumentedFields() throws Exception {
        Run r = run("list", "--all", "--json", "--connect", TestHosts.uri("states.xml"));
        assertThat(r.code()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode array = new ObjectMapper().readTree(r.out());
        assertThat(array.isArray()).isTrue();
        Map<String, JsonNode> byName = new TreeMap<>();
        array.forEach(n -> byName.put(n.get("name").asText(), n));
        assertThat(byName).containsOnlyKeys("st-running", "st-paused", "st-shutoff", "st-crashed",
                "st-pmsuspended", "st-managedsave", "st-transient");
        assertThat(byName.get("st-running").get("state").asText()).isEqualTo("running");
        assertThat(byName.get("st-paused").get("state").asText()).isEqualTo("paused");
        assertThat(byName.get("st-shutoff").get("state").asText()).isEqualTo("shutoff");
        assertThat(byName.get("st-crashed").get("state").asText()).isEqualTo("crashed");
        assertThat(byName.get("st-pmsuspended").get("state").asText()).isEqualTo("pmsuspended");
        JsonNode running = byName.get("st-running");
        assertThat(running.get("uuid").asText()).isEqualTo("51a7e000-0000-4000-8000-000000000001");
        assertThat(running.get("vcpus").asInt()).isEqualTo(1);
        assertThat(running.get("memoryMiB").asLong()).isEqualTo(1024);
        assertThat(running.get("persistent").asBoolean()).isTrue();
        assertThat(byName.get("st-transient").get("persistent").asBoolean()).isFalse();
        assertThat(byName.get("st-managedsave").get("managedSave").asBoolean()).isTrue();
    }

    @Test
    void listWithoutAllShowsOnlyActiveDomains() throws Exception {
        Run r = run("list", "--json", "--connect", TestHosts.uri("states.xml"));
        List<String> states = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).forEach(n -> states.add(n.get("state").asText()));
        assertThat(states).doesNotContain("shutoff").contains("running", "paused");
    }

    @Test
    void listTableKeepsAwkwardNamesIntact() {
        Run r = run("list", "--all", "--connect", TestHosts.uri("names.xml"));
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("it's \"quoted\"").contains("R&D <lab>").contains("Ünïcødé-虚拟机-\uD83D\uDDA5")
                .contains("vm-" + "x".repeat(197));
    }

    @Test
    void withoutConnectTheCliUsesTheDemoHost() throws Exception {
        Run r = run("list", "--all", "--json");
        assertThat(r.code()).isZero();
        List<String> names = new ArrayList<>();
        new ObjectMapper().readTree(r.out()).forEach(n -> names.add(n.get("name").asText()));
        assertThat(names).hasSizeGreaterThanOrEqualTo(8).contains("win10-cad");
        Run demo = run("list", "--all", "--json", "--connect", "demo");
        assertThat(demo.out()).isEqualTo(r.out());
    }

    @Test
    void lifecycleCommandsReportWhatTheyDid() {
        String uri = TestHosts.uri("states.xml");
        Run start = run("start", "st-shutoff", "--connect", uri);
        assertThat(start.code()).isZero();
        assertThat(start.out().strip()).isEqualTo("Started st-shutoff");
        assertThat(run("suspend", "st-running", "--connect", uri).out()).contains("Paused st-running");
        assertThat(run("resume", "st-paused", "--connect", uri).out()).contains("Resumed st-paused");
        assertThat(run("destroy", "st-crashed", "--connect", uri).out()).contains("Forced off st-crashed");
        assertThat(run("reboot", "st-running", "--connect", uri).code()).isZero();
        assertThat(run("shutdown", "st-running", "--connect", uri).code()).isZero();
        assertThat(run("delete", "st-shutoff", "--connect", uri).out()).contains("Deleted st-shutoff");
        // a UUID works as well as a name
        assertThat(run("start", "51a7e000-0000-4000-8000-000000000006", "--connect", uri).out())
                .contains("Started st-managedsave");
    }

    @Test
    void failuresExitNonZeroWithOneClearLine() {
        String uri = TestHosts.uri("states.xml");
        Run missing = run("start", "no-such-vm", "--connect", uri);
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("vireo: No virtual machine named “no-such-vm” on states.xml"
                .replace("states.xml", "Test host (states.xml)") + System.lineSeparator());

        Run running = run("delete", "st-running", "--connect", uri);
        assertThat(running.code()).isEqualTo(1);
        assertThat(running.err().lines()).containsExactly(
                "vireo: Could not delete “st-running”: it is running. Shut it down or force it off first.");

        Run again = run("start", "st-running", "--connect", uri);
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err().lines()).hasSize(1);
        assertThat(again.err()).startsWith("vireo: Could not start “st-running”: ").contains("already running");

        Run malformed = run("list", "--connect", "qemu+ssh://root@[broken");
        assertThat(malformed.code()).isEqualTo(1);
        assertThat(malformed.err().lines())
                .containsExactly("vireo: “qemu+ssh://root@[broken” is not a valid connection URI");

        Run unreachable = run("list", "--connect", "qemu+tcp://127.0.0.1:1/system");
        assertThat(unreachable.code()).isEqualTo(1);
        assertThat(unreachable.err().lines()).hasSize(1);
        assertThat(unreachable.err()).startsWith("vireo: Could not connect to 127.0.0.1:1 (QEMU/KVM)")
                .contains("could not be reached");

        Run usage = run("frobnicate");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err().lines()).hasSize(1);
        assertThat(usage.err()).contains("frobnicate").contains("vireo --help");
        assertThat(guiLaunches).isEmpty();
    }

    /** A failure Vireo has no sentence for still says what it was and where the stack trace is. */
    @Test
    void anUnexpectedFailureNamesItsCauseAndTheLog() {
        XdgDirs dirs = new XdgDirs(home.resolve("config"), home.resolve("state"), home.resolve("cache"));
        CommandLine cl = VireoCommand.create(dirs, launch -> {
            throw new RuntimeException("Exception in Application start method",
                    new IllegalStateException("no stage"));
        });
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("--connect", "demo")).isEqualTo(1);
        assertThat(err.toString().lines()).containsExactly(
                "vireo: Vireo failed.",
                "vireo: java.lang.IllegalStateException: no stage (details in " + home.resolve("state") + "/vireo.log)");
    }

    /** The man page (packaging/) is made of every command's --help: each must answer it. */
    @Test
    void everyCommandAnswersHelp() {
        XdgDirs dirs = new XdgDirs(home.resolve("config"), home.resolve("state"), home.resolve("cache"));
        List<List<String>> paths = new ArrayList<>();
        collect(VireoCommand.create(dirs, guiLaunches::add), new ArrayList<>(), paths);
        assertThat(paths).hasSizeGreaterThan(20);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            Run r = run(args.toArray(String[]::new));
            assertThat(r.code()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: vireo");
            assertThat(r.out()).as(String.join(" ", args)).contains(String.join(" ", path));
        }
        assertThat(guiLaunches).isEmpty();
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> into) {
        into.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            List<String> p = new ArrayList<>(path);
            p.add(name);
            collect(sub, p, into);
        });
    }

    @Test
    void noSubcommandLaunchesTheGuiWithTheGivenConnections() {
        Run r = run("--connect", "qemu:///system", "--connect", "demo");
        assertThat(r.code()).isZero();
        assertThat(guiLaunches).hasSize(1);
        assertThat(guiLaunches.get(0).uris()).containsExactly("qemu:///system", "demo");
        run();
        assertThat(guiLaunches.get(1).uris()).isEmpty();
    }

    @Test
    void gpuListJsonHasTheDocumentedFieldsPerCard() throws Exception {
        Run r = run("gpu", "list", "--json", "--connect", TestHosts.uri("gpus.xml"));
        assertThat(r.code()).as(r.err()).isZero();
        Map<String, JsonNode> byAddress = new TreeMap<>();
        new ObjectMapper().readTree(r.out()).forEach(n -> byAddress.put(n.get("address").asText(), n));
        assertThat(byAddress).containsOnlyKeys("0000:00:02.0", "0000:01:00.0", "0000:05:00.0", "0000:0a:00.0", "0000:0b:00.0",
                "0000:0c:00.0");
        JsonNode q = byAddress.get("0000:05:00.0");
        assertThat(q.get("name").asText()).isEqualTo("pci_0000_05_00_0");
        assertThat(q.get("vendorId").asText()).isEqualTo("10de");
        assertThat(q.get("productId").asText()).isEqualTo("06d8");
        assertThat(q.get("vendor").asText()).isEqualTo("NVIDIA Corporation");
        assertThat(q.get("product").asText()).isEqualTo("GF100GL [Quadro 6000]");
        assertThat(q.get("driver").asText()).isEqualTo("unknown");
        assertThat(q.get("iommuGroup").asInt()).isEqualTo(13);
        assertThat(q.get("groupMembers")).extracting(JsonNode::asText).containsExactly("0000:05:00.0", "0000:05:00.1");
        assertThat(q.get("isolated").asBoolean()).isTrue();
        assertThat(q.get("mdevTypes")).isEmpty();
        assertThat(q.get("usedBy")).extracting(JsonNode::asText).containsExactly("cad-ws");
        assertThat(byAddress.get("0000:01:00.0").get("isolated").asBoolean()).isFalse();
        JsonNode m60 = byAddress.get("0000:0b:00.0");
        assertThat(m60.get("mdevTypes").get(0).get("id").asText()).isEqualTo("nvidia-11");
        assertThat(m60.get("mdevTypes").get(0).get("name").asText()).isEqualTo("GRID M60-0B");
        assertThat(m60.get("mdevTypes").get(0).get("available").asInt()).isEqualTo(14);

        Run table = run("gpu", "list", "--connect", TestHosts.uri("gpus.xml"));
        assertThat(table.out()).contains("GF100GL [Quadro 6000]").contains("no (0000:03:00.0)").contains("nvidia-11 (GRID M60-0B, 14 free)")
                .contains("vGPU 6a1f2c3e… nvidia-11 (vdi-01); vGPU 6a1f2c3e… nvidia-11 (unused); nvidia-11");
    }

    @Test
    void gpuAttachDryRunPrintsTheNewXmlAndRefusesWhatCannotWork() {
        String host = TestHosts.uri("gpus.xml");
        Run dry = run("gpu", "attach", "plain", "--device", "pci_0000_0a_00_0", "--dry-run", "--connect", host);
        assertThat(dry.code()).as(dry.err()).isZero();
        assertThat(dry.out()).startsWith("<domain").contains("<address bus=\"0x0a\" domain=\"0x0000\" function=\"0x1\" slot=\"0x00\"/>")
                .contains("<hidden state=\"on\"/>");
        assertThat(dry.err()).contains("+    <hostdev managed=\"yes\" mode=\"subsystem\" type=\"pci\">");
        assertThat(dry.out()).doesNotContain("firmware=");
        Run uefi = run("gpu", "attach", "plain", "--device", "pci_0000_0a_00_0", "--q35", "--uefi", "--dry-run", "--connect", host);
        assertThat(uefi.code()).as(uefi.err()).isZero();
        assertThat(uefi.out()).contains("<os firmware=\"efi\">").contains("machine=\"pc-q35-7.2\""); // already q35: kept
        assertThat(uefi.err()).contains("vireo: warning: The VM will boot with UEFI");

        Run shared = run("gpu", "attach", "plain", "--device", "0000:01:00.0", "--connect", host);
        assertThat(shared.code()).isEqualTo(1);
        assertThat(shared.err().lines()).hasSize(1);
        assertThat(shared.err()).startsWith("vireo: Could not pass 0000:01:00.0 through to “plain”: The card's IOMMU group 1 also"
                + " holds 0000:03:00.0");

        Run unknown = run("gpu", "attach", "plain", "--device", "pci_0000_77_00_0", "--connect", host);
        assertThat(unknown.err()).startsWith("vireo: No graphics card “pci_0000_77_00_0”");
        Run badOption = run("gpu", "attach", "plain", "--device", "0a:00.0", "--rom-bar", "maybe", "--connect", host);
        assertThat(badOption.err()).isEqualTo("vireo: --rom-bar takes on|off, not “maybe”.\n");
        Run detach = run("gpu", "detach", "plain", "--device", "0a:00.0", "--connect", host);
        assertThat(detach.err()).isEqualTo("vireo: 0000:0a:00.0 is not passed through to “plain”.\n");
    }

    @Test
    void gpuMdevCreateRefusesAFullTypeAndSaysWhatTheDriverCannotDo() {
        String host = TestHosts.uri("gpus.xml");
        Run full = run("gpu", "mdev", "create", "--parent", "pci_0000_0b_00_0", "--type", "nvidia-18", "--connect", host);
        assertThat(full.code()).isEqualTo(1);
        assertThat(full.err()).isEqualTo("vireo: Could not create a nvidia-18 vGPU on pci_0000_0b_00_0: no GRID M60-4Q instance is"
                + " free on it (other vGPU types in use take the card's memory).\n");
        Run running = run("gpu", "mdev", "create", "--parent", "pci_0000_0c_00_0", "--type", "nvidia-11", "--vm", "vdi-01",
                "--connect", host);
        assertThat(running.err()).isEqualTo("vireo: “vdi-01” is running: shut it down first.\n");
        // libvirt's test driver cannot make mediated devices: one line that says so
        Run unsupported = run("gpu", "mdev", "create", "--parent", "pci_0000_0c_00_0", "--type", "nvidia-11", "--connect", host);
        assertThat(unsupported.code()).isEqualTo(1);
        assertThat(unsupported.err().lines()).hasSize(1);
        assertThat(unsupported.err()).startsWith("vireo: Could not create a nvidia-11 vGPU on pci_0000_0c_00_0");
    }

    /** vGPUs taken from VMs and removed: refused with the reason where that cannot be done. */
    @Test
    void gpuDetachAndMdevRemoveOfVgpus() {
        String host = TestHosts.uri("gpus.xml");
        String used = "6a1f2c3e-5b7d-4e21-9c4a-0d3e8f1a2b60"; // given to vdi-01, which runs
        String unused = "6a1f2c3e-5b7d-4e21-9c4a-0d3e8f1a2b62";
        assertThat(run("gpu", "detach", "vdi-01", "--device", used, "--connect", host).err())
                .isEqualTo("vireo: “vdi-01” is running: shut it down first.\n");
        assertThat(run("gpu", "detach", "plain", "--device", unused, "--connect", host).err())
                .isEqualTo("vireo: The vGPU " + unused + " is not given to “plain”.\n");
        Run inUse = run("gpu", "mdev", "remove", used, "--connect", host);
        assertThat(inUse.code()).isEqualTo(1);
        assertThat(inUse.err()).isEqualTo("vireo: Could not remove the vGPU " + used + ": “vdi-01” uses it; take it from the VM"
                + " first.\n");
        assertThat(run("gpu", "mdev", "remove", "6a1f2c3e-0000-0000-0000-000000000000", "--connect", host).err())
                .isEqualTo("vireo: Could not remove the vGPU 6a1f2c3e-0000-0000-0000-000000000000: the host has no vGPU of that"
                        + " UUID.\n");
        // libvirt's test driver cannot remove mediated devices: one line that says so
        Run unsupported = run("gpu", "mdev", "remove", unused, "--connect", host);
        assertThat(unsupported.code()).isEqualTo(1);
        assertThat(unsupported.err().lines()).hasSize(1);
        assertThat(unsupported.err()).startsWith("vireo: Could not remove the vGPU " + unused);
    }

    /** Main's fast path to the window, without picocli, must read the same launch picocli would. */
    @Test
    void windowOnlyArgumentsGiveTheSameLaunchAsTheCommandLine() {
        XdgDirs dirs = new XdgDirs(home.resolve("config"), home.resolve("state"), home.resolve("cache"));
        String[][] windows = {
            {}, {"--connect", "qemu:///system"}, {"-c", "demo", "--debug", "--connect=test:///tmp/a b.xml"},
            {"--debug"}, {"--training-run", "-c", "qemu+ssh://root@host/system"},
        };
        for (String[] args : windows) {
            guiLaunches.clear();
            assertThat(run(args).code()).isZero();
            assertThat(VireoCommand.windowOnly(dirs, args)).as(String.join(" ", args)).contains(guiLaunches.get(0));
        }
        String[][] others = {
            {"list"}, {"--connect", "demo", "list"}, {"--help"}, {"-V"}, {"--connect"}, {"--connect", "--debug"},
            {"console", "vm"}, {"frobnicate"}, {"--connect="},
        };
        for (String[] args : others) {
            assertThat(VireoCommand.windowOnly(dirs, args)).as(String.join(" ", args)).isEmpty();
        }
    }

    @Test
    void consoleAndViewerOpenWindowsOfTheirOwn() throws Exception {
        assertThat(run("console", "lab-01", "--connect", "qemu:///system").code()).isZero();
        assertThat(guiLaunches).hasSize(1);
        assertThat(guiLaunches.get(0).window()).isEqualTo(new VireoCommand.Window.Console("lab-01"));
        assertThat(guiLaunches.get(0).uris()).containsExactly("qemu:///system");

        Path vv = home.resolve("c.vv");
        java.nio.file.Files.writeString(vv, "[virt-viewer]\ntype=spice\nhost=10.0.0.5\nport=5900\n");
        assertThat(run("viewer", vv.toString()).code()).isZero();
        assertThat(guiLaunches.get(1).window()).isEqualTo(new VireoCommand.Window.Viewer(vv));

        java.nio.file.Files.writeString(vv, "[virt-viewer]\ntype=vnc\nhost=10.0.0.5\n");
        Run bad = run("viewer", vv.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("vireo: Could not open " + vv + ": the file is for a vnc console; Vireo opens"
                + " SPICE consoles.\n");
        assertThat(guiLaunches).hasSize(2);
    }

    @Test
    void versionNamesTheRelease() {
        Run r = run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Vireo 0.").contains("libvirt-java").contains("JavaFX 21");
    }

    @Test
    void connectionsAreAddedListedAndRemovedInTheConfigDir() throws Exception {
        Run empty = run("connections", "list");
        assertThat(empty.code()).isZero();
        assertThat(empty.out()).contains("No saved connections");

        Run added = run("connections", "add", "qemu+libssh://root@server.example:2222/system", "--autoconnect");
        assertThat(added.code()).isZero();
        assertThat(added.out()).contains("Saved “root@server.example:2222”");
        assertThat(run("connections", "add", "qemu:///system", "--name", "Werkstatt “Ä” & <co>").code()).isZero();

        Run list = run("connections", "list");
        assertThat(list.out()).contains("root@server.example:2222", "yes", "qemu+libssh://root@server.example:2222/system")
                .contains("Werkstatt “Ä” & <co>", "qemu:///system");
        JsonNode file = new ObjectMapper().readTree(home.resolve("config/connections.json").toFile());
        assertThat(file.get("connections")).hasSize(2);

        Run duplicate = run("connections", "add", "qemu:///session", "--name", "Werkstatt “Ä” & <co>");
        assertThat(duplicate.code()).isEqualTo(1);
        assertThat(duplicate.err().strip()).isEqualTo("vireo: A connection named “Werkstatt “Ä” & <co>” is already saved.");

        assertThat(run("connections", "remove", "Werkstatt “Ä” & <co>").code()).isZero();
        Run missing = run("connections", "remove", "nope");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err().strip()).isEqualTo("vireo: No saved connection named “nope”.");
        assertThat(run("connections", "list").out()).doesNotContain("Werkstatt");
    }

    @Test
    void aMalformedUriIsNotSaved() {
        Run r = run("connections", "add", "qemu+ssh://root@[broken/system");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("vireo: Not saved: That is not a URI");
        assertThat(home.resolve("config/connections.json")).doesNotExist();
    }
}
