package dev.vireo.app.newvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.HostInventory;
import dev.vireo.bridge.model.Screenshot;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.model.Xml;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestBed;
import dev.vireo.bridge.testing.TestHosts;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The new-VM code path on the live test bed's real libvirtd: the test guest created the way the
 * wizard and {@code vireo create} create VMs (direct kernel boot, QXL with 2 heads, SPICE on
 * 127.0.0.1 with a password, a new qcow2 disk in the test bed's pool), started, and checked with
 * libvirt: it runs, its live XML has what was asked, and its screen shows the guest's bands.
 */
class CreateLiveIT {

    private static final Duration GUEST = Duration.ofSeconds(90);

    private TestBed bed;
    private HostConnection connection;
    private final String name = "vireo-create-it-" + ProcessHandle.current().pid();

    @BeforeEach
    void open() {
        bed = TestBed.require();
        LibvirtEventLoop.ensureStarted();
        connection = new HostConnection(new HostUri("qemu:///system", "live"));
        connection.open().join();
    }

    @AfterEach
    void close() {
        TestBed.removeGuest(name);
        if (connection != null) {
            HostInventory inv = connection.provisioning().inventory().join();
            inv.pool(bed.pool()).ifPresent(p -> p.volumes().stream().filter(v -> v.name().startsWith(name))
                    .forEach(v -> connection.provisioning().deleteVolume(v.path()).join()));
            TestHosts.close(connection);
        }
    }

    @Test
    void createsTheTestGuestWithTwoHeadsAndAPasswordAndItRuns() throws Exception {
        NewVm vm = testGuest(bed.guestKernel());
        var created = new VmCreator(connection).create(new CreationRequest(vm,
                new DiskChoice.NewVolume(bed.pool(), name + ".qcow2", DiskChoice.GIB), true, null), VmCreator.Progress.NONE)
                .join();
        assertThat(created.started()).isTrue();

        VirtualMachine running = Eventually.value(name + " running", Duration.ofSeconds(10), () -> connection.domains()
                .snapshot().stream().filter(v -> v.name().equals(name) && v.state() == DomainState.RUNNING).findFirst());
        Element live = Xml.parse(connection.operations().definition(running, true).join()).getDocumentElement();
        Element video = (Element) live.getElementsByTagName("video").item(0);
        Element model = Xml.child(video, "model");
        assertThat(model.getAttribute("type")).isEqualTo("qxl");
        assertThat(model.getAttribute("heads")).isEqualTo("2");
        Element graphics = (Element) live.getElementsByTagName("graphics").item(0);
        assertThat(graphics.getAttribute("type")).isEqualTo("spice");
        assertThat(graphics.getAttribute("listen")).isEqualTo("127.0.0.1");
        assertThat(graphics.getAttribute("passwd")).isEqualTo("t0p \"secret\" & <ü>");
        assertThat(Integer.parseInt(graphics.getAttribute("port"))).isGreaterThanOrEqualTo(5900);
        assertThat(live.getElementsByTagName("source").item(0).getAttributes().getNamedItem("file").getNodeValue())
                .isEqualTo(created.diskPath());
        // without the secure flag, the password stays inside libvirt
        assertThat(connection.operations().definition(running, false).join()).doesNotContain("t0p");

        Set<Integer> colours = Eventually.value("the guest drawing its colour bands", GUEST, () -> {
            Screenshot shot = connection.operations().screenshot(running, 0).join();
            Set<Integer> c = colours(shot);
            return c.size() >= 4 ? Optional.of(c) : Optional.empty();
        });
        assertThat(colours).hasSizeGreaterThanOrEqualTo(4);
    }

    @Test
    void aGuestThatCannotStartIsRemovedWithItsNewDisk() {
        NewVm vm = testGuest("/var/lib/libvirt/images/vireo-testbed/no-such-kernel");

        assertThatThrownBy(() -> new VmCreator(connection).create(new CreationRequest(vm,
                new DiskChoice.NewVolume(bed.pool(), name + ".qcow2", DiskChoice.GIB), true, null), VmCreator.Progress.NONE)
                .join()).cause().isInstanceOf(VirtException.class)
                .extracting(e -> ((VirtException) e).userMessage()).asString()
                .startsWith("Could not start “" + name + "”").endsWith("Nothing was left behind.");

        HostInventory after = connection.provisioning().inventory().join();
        assertThat(after.pool(bed.pool()).orElseThrow().volumes()).extracting(HostInventory.Volume::name)
                .doesNotContain(name + ".qcow2");
        assertThat(after.domainNames()).doesNotContain(name);
    }

    /**
     * A network install: the test guest's kernel and initrd served as an install tree with a
     * .treeinfo by an HTTP server on loopback, downloaded by Vireo, copied into the test bed's
     * pool, booted once; the persistent definition then boots the disk and the copies are gone.
     */
    @Test
    void aNetworkInstallBootsTheTreesInstallerOnceThenTheDisk() throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.Map<String, byte[]> tree = java.util.Map.of(
                "/tree/.treeinfo", "[images-x86_64]\nkernel = images/pxeboot/vmlinuz\ninitrd = images/pxeboot/initrd.img\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "/tree/images/pxeboot/vmlinuz", java.nio.file.Files.readAllBytes(java.nio.file.Path.of(bed.guestKernel())),
                "/tree/images/pxeboot/initrd.img", java.nio.file.Files.readAllBytes(java.nio.file.Path.of(bed.guestInitrd())));
        server.createContext("/", exchange -> {
            byte[] body = tree.get(exchange.getRequestURI().getPath());
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/tree";
            NewVm base = testGuest(bed.guestKernel());
            NewVm vm = new NewVm(base.name(), base.title(), null, "qemu", "pc", NewVm.Firmware.BIOS, 192, 1,
                    new NewVm.Source.NetworkInstall(url, "", "", bed.guestCmdline()), null, true, null, base.display(), false);
            java.util.List<String> steps = new java.util.concurrent.CopyOnWriteArrayList<>();
            var created = new VmCreator(connection).create(new CreationRequest(vm,
                    new DiskChoice.NewVolume(bed.pool(), name + ".qcow2", DiskChoice.GIB), true, null),
                    (step, total, what) -> steps.add(step + "/" + total + " " + what)).join();

            assertThat(steps).containsExactly("1/9 Checking live", "2/9 Finding the installer in " + url,
                    "3/9 Downloading the kernel from " + url + "/images/pxeboot/vmlinuz",
                    "4/9 Downloading the initrd from " + url + "/images/pxeboot/initrd.img",
                    "5/9 Copying the installer into pool “" + bed.pool() + "”",
                    "6/9 Creating the 1 GiB disk “" + name + ".qcow2” in pool “" + bed.pool() + "”",
                    "7/9 Defining “" + name + "”", "8/9 Starting “" + name + "”",
                    "9/9 Setting “" + name + "” to boot its disk once the installer is done");

            VirtualMachine running = Eventually.value(name + " running", Duration.ofSeconds(10), () -> connection.domains()
                    .snapshot().stream().filter(v -> v.name().equals(name) && v.state() == DomainState.RUNNING).findFirst());
            Element live = Xml.parse(connection.operations().definition(running, false).join()).getDocumentElement();
            Element liveOs = Xml.child(live, "os");
            assertThat(Xml.text(liveOs, "kernel")).contains(name + "-install-kernel");
            assertThat(Xml.text(liveOs, "cmdline")).isEqualTo("inst.repo=" + url + " " + bed.guestCmdline());
            assertThat(Xml.text(live, "on_reboot")).isEqualTo("destroy");
            Element next = Xml.parse(connection.operations().inactiveDefinition(running).join()).getDocumentElement();
            Element nextOs = Xml.child(next, "os");
            assertThat(Xml.child(nextOs, "kernel")).isNull();
            assertThat(Xml.child(nextOs, "boot").getAttribute("dev")).isEqualTo("hd");
            assertThat(Xml.text(next, "on_reboot")).isEqualTo("restart");
            assertThat(created.diskPath()).endsWith(name + ".qcow2");
            HostInventory inv = connection.provisioning().inventory().join();
            assertThat(inv.pool(bed.pool()).orElseThrow().volumes()).extracting(HostInventory.Volume::name)
                    .contains(name + ".qcow2").noneMatch(v -> v.contains("-install-"));
            // the downloaded installer really booted: it draws its colour bands
            Eventually.value("the installer drawing its colour bands", GUEST, () -> {
                Set<Integer> c = colours(connection.operations().screenshot(running, 0).join());
                return c.size() >= 4 ? Optional.of(c) : Optional.empty();
            });
        } finally {
            server.stop(0);
        }
    }

    private NewVm testGuest(String kernel) {
        return new NewVm(name, "created by CreateLiveIT", null, "qemu", "pc", NewVm.Firmware.BIOS, 192, 1,
                new NewVm.Source.Kernel(kernel, bed.guestInitrd(), bed.guestCmdline()), null, true, null,
                new NewVm.Display(2, "127.0.0.1", 0, false, "t0p \"secret\" & <ü>", true, 0), false);
    }

    /** Distinct colours on a grid of the frame (QEMU sends PNG here): a blank frame has one. */
    private static Set<Integer> colours(Screenshot shot) {
        assertThat(shot.mimeType()).isEqualTo("image/png");
        try {
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(shot.data()));
            Set<Integer> seen = new HashSet<>();
            for (int y = 0; y < image.getHeight(); y += 16) {
                for (int x = 0; x < image.getWidth(); x += 16) {
                    seen.add(image.getRGB(x, y) & 0xffffff);
                }
            }
            return seen;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
