package dev.vireo.bridge.testing;

import dev.vireo.bridge.model.Xml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The live test bed started by {@code .ci/testbed/testbed.sh up}: a real libvirtd with QEMU, an
 * sshd on 127.0.0.1 with throw-away keys and a throw-away password user, and a tiny test guest.
 * {@code ./vireo test} starts it and sets {@code VIREO_TESTBED} to its environment file.
 *
 * <p>Without a test bed (a plain {@code ./mvnw verify}), live tests are skipped; with
 * {@code -Dvireo.requireTestbed=true} (how {@code ./vireo test} and CI run them) they fail instead.
 */
public final class TestBed {

    private static final Path DEFAULT_ENV = Path.of("/run/vireo-testbed/env");

    private final Map<String, String> env;

    private TestBed(Map<String, String> env) {
        this.env = env;
    }

    /** The test bed, or the current test is skipped (or fails, when the test bed is required). */
    public static TestBed require() {
        String configured = System.getenv("VIREO_TESTBED");
        Path file = configured != null && !configured.isBlank() ? Path.of(configured) : DEFAULT_ENV;
        if (!Files.isReadable(file)) {
            String why = "no live test bed (" + file + "); start it with .ci/testbed/testbed.sh up";
            if (Boolean.getBoolean("vireo.requireTestbed")) {
                throw new AssertionError(why);
            }
            Assumptions.abort(why);
        }
        try {
            Map<String, String> values = new HashMap<>();
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            return new TestBed(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String get(String key) {
        String v = env.get("VIREO_TESTBED_" + key);
        if (v == null) {
            throw new IllegalStateException("the test bed's environment file has no VIREO_TESTBED_" + key);
        }
        return v;
    }

    public String sshHost() {
        return get("SSH_HOST");
    }

    public int sshPort() {
        return Integer.parseInt(get("SSH_PORT"));
    }

    public String sshUser() {
        return get("SSH_USER");
    }

    /** The throw-away password of {@link #sshUser()}; a new one each time the test bed starts. */
    public char[] sshPassword() {
        return get("SSH_PASSWORD").toCharArray();
    }

    public Path clientKey() {
        return Path.of(get("CLIENT_KEY"));
    }

    public Path knownHosts() {
        return Path.of(get("KNOWN_HOSTS"));
    }

    /** Points this process's D-Bus clients (libsecret) at the test bed's session bus and its keyring. */
    public void useSessionBus() {
        Environment.set("DBUS_SESSION_BUS_ADDRESS", get("DBUS"));
    }

    /** Kills the test bed's libvirtd (guests keep running) and waits until it is gone. */
    public void stopLibvirtd() {
        script("stop-libvirtd");
    }

    /** Starts libvirtd again and waits until it answers. */
    public void startLibvirtd() {
        script("start-libvirtd");
    }

    private void script(String command) {
        try {
            Process p = new ProcessBuilder(get("SCRIPT"), command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("testbed.sh " + command + " failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The public half of the sshd's ed25519 host key ({@code ssh-ed25519 BASE64 comment}). */
    public String hostPublicKey() {
        try {
            return Files.readString(Path.of(get("HOST_KEY") + ".pub")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code qemu+libssh://USER@127.0.0.1:PORT/system?...}: libvirt's libssh transport, with extra parameters. */
    public String libsshUri(String user, String parameters) {
        return "qemu+libssh://" + user + "@" + sshHost() + ":" + sshPort() + "/system?" + parameters;
    }

    /** {@code qemu+ssh://root@127.0.0.1:PORT/system}, key login through the ssh binary. */
    public String sshUri() {
        return "qemu+ssh://root@" + sshHost() + ":" + sshPort() + "/system?keyfile=" + clientKey()
                + "&no_verify=1&no_tty=1";
    }

    /** {@code qemu+libssh://root@127.0.0.1:PORT/system}, key login through libvirt's libssh transport. */
    public String libsshUri() {
        return "qemu+libssh://root@" + sshHost() + ":" + sshPort() + "/system?keyfile=" + clientKey()
                + "&known_hosts=" + knownHosts() + "&sshauth=privkey";
    }

    /** The test bed's sshd configuration; its log ({@code sshd.log}) is beside it. */
    public String sshdConfig() {
        return get("SSHD_CONFIG");
    }

    /** The test guest's kernel, initrd and kernel command line (files in {@link #pool()}). */
    public String guestKernel() {
        return get("GUEST_KERNEL");
    }

    public String guestInitrd() {
        return get("GUEST_INITRD");
    }

    public String guestCmdline() {
        return get("GUEST_CMDLINE");
    }

    /** The test bed's storage pool on qemu:///system (a directory holding the guest's files). */
    public String pool() {
        return get("POOL");
    }

    /** Where a test guest's serial console is written. */
    public static Path serialLog(String guest) {
        return Path.of("/var/log/libvirt/qemu/" + guest + "-serial.log");
    }

    /** Defines the test guest {@code name} (with a title, unless null) on qemu:///system, behind Vireo's back. */
    public void defineGuest(String name, String title) {
        defineGuest(name, title, doc -> { });
    }

    /** The same, its definition first changed by {@code edit}. */
    public void defineGuest(String name, String title, java.util.function.Consumer<Document> edit) {
        Document doc = Xml.parse(guestXml(name, title, serialLog(name)));
        edit.accept(doc);
        try {
            Connect c = new Connect("qemu:///system");
            try {
                c.domainDefineXML(Xml.serialize(doc));
            } finally {
                c.close();
            }
        } catch (LibvirtException e) {
            throw new IllegalStateException("could not define " + name + ": " + e.getMessage(), e);
        }
    }

    /** Forces off and undefines {@code name} on qemu:///system if it exists; its serial log goes too. */
    public static void removeGuest(String name) {
        try {
            Connect c = new Connect("qemu:///system");
            try {
                Domain d = c.domainLookupByName(name);
                if (d.isActive() == 1) {
                    d.destroy();
                }
                d.undefine(1 | 4); // its managed save and its UEFI variables (NVRAM) too
            } catch (LibvirtException gone) {
                // not defined (any more)
            } finally {
                c.close();
            }
            Files.deleteIfExists(serialLog(name));
        } catch (LibvirtException | IOException e) {
            throw new IllegalStateException("could not remove " + name + ": " + e.getMessage(), e);
        }
    }

    /** An edit for {@link #defineGuest(String, String, java.util.function.Consumer)}: no tablet, so SPICE's server mouse mode. */
    public static void withoutTablet(Document doc) {
        var tablet = doc.getElementsByTagName("input").item(0);
        tablet.getParentNode().removeChild(tablet);
    }

    /**
     * An edit for {@link #defineGuest(String, String, java.util.function.Consumer)}: SPICE's agent
     * channel. The guest then runs a stand-in for spice-vdagent (the real one needs an X session)
     * that reports monitors configurations and clipboard text on the serial console and offers
     * {@code guest:TEXT} back (see .ci/testbed/guest-init).
     */
    public static void withAgent(Document doc) {
        var devices = doc.getElementsByTagName("devices").item(0);
        var channel = doc.createElement("channel");
        channel.setAttribute("type", "spicevmc");
        var target = doc.createElement("target");
        target.setAttribute("type", "virtio");
        target.setAttribute("name", "com.redhat.spice.0");
        channel.appendChild(target);
        devices.appendChild(channel);
    }

    /**
     * An edit for {@link #defineGuest(String, String, java.util.function.Consumer)}: SPICE over TLS
     * only ({@code defaultMode='secure'}: libvirt gives a TLS port and no plain one), with the
     * test bed's certificate in /etc/pki/libvirt-spice.
     */
    public static void withTlsOnly(Document doc) {
        ((org.w3c.dom.Element) doc.getElementsByTagName("graphics").item(0)).setAttribute("defaultMode", "secure");
    }

    /**
     * An edit for {@link #defineGuest(String, String, java.util.function.Consumer)}: a second QXL
     * device (a second SPICE display channel), and QXL's own driver in the guest, which gives each
     * device a framebuffer (the guest's bands are then not drawn).
     */
    public static void withTwoDisplays(Document doc) {
        var video = doc.getElementsByTagName("video").item(0);
        var second = doc.createElement("video");
        var model = doc.createElement("model");
        model.setAttribute("type", "qxl");
        second.appendChild(model);
        video.getParentNode().insertBefore(second, video.getNextSibling());
        var cmdline = doc.getElementsByTagName("cmdline").item(0);
        cmdline.setTextContent(cmdline.getTextContent() + " vireo.qxl");
    }

    /**
     * An edit for {@link #defineGuest(String, String, java.util.function.Consumer)}: one QXL device
     * with two heads (one SPICE display channel), QXL's driver in the guest, and both heads lit at
     * 800x600 side by side in one framebuffer filled with modetest's test pattern, so each head
     * shows something else (see .ci/testbed/guest-init). The SPICE channel's monitors
     * configuration then names two rectangles of one surface.
     */
    public static void withTwoHeads(Document doc) {
        Element video = (Element) doc.getElementsByTagName("video").item(0);
        ((Element) video.getElementsByTagName("model").item(0)).setAttribute("heads", "2");
        var cmdline = doc.getElementsByTagName("cmdline").item(0);
        cmdline.setTextContent(cmdline.getTextContent() + " vireo.qxl vireo.heads=2");
    }

    /**
     * The definition of a test guest named {@code name}: the test bed's kernel and busybox
     * initramfs, TCG, QXL video with SPICE on 127.0.0.1, its serial console in a file. It draws
     * coloured bands on its screen, writes "vireo-testguest: ready" on the serial console, runs a
     * shell on both consoles and powers off on an ACPI power-button press. It has a virtio tablet
     * and a PS/2 mouse, and reports their events on the serial console as
     * {@code vireo-input DEVICE TYPE CODE VALUE}.
     */
    public String guestXml(String name, Path serialLog) {
        return guestXml(name, null, serialLog);
    }

    /** The same, with a {@code <title>} when {@code title} is not null. */
    public String guestXml(String name, String title, Path serialLog) {
        Document doc = Xml.parse("<domain type='qemu'/>");
        Element domain = doc.getDocumentElement();
        Xml.append(domain, "name", name);
        if (title != null) {
            Xml.append(domain, "title", title);
        }
        Xml.append(domain, "uuid", UUID.randomUUID().toString());
        Xml.append(domain, "memory", "196608").setAttribute("unit", "KiB");
        Xml.append(domain, "vcpu", "1");
        Element os = Xml.append(domain, "os", null);
        Element type = Xml.append(os, "type", "hvm");
        type.setAttribute("arch", "x86_64");
        Xml.append(os, "kernel", get("GUEST_KERNEL"));
        Xml.append(os, "initrd", get("GUEST_INITRD"));
        Xml.append(os, "cmdline", get("GUEST_CMDLINE"));
        Element features = Xml.append(domain, "features", null);
        Xml.append(features, "acpi", null);
        Xml.append(domain, "on_poweroff", "destroy");
        Xml.append(domain, "on_reboot", "restart");
        Xml.append(domain, "on_crash", "destroy");
        Element devices = Xml.append(domain, "devices", null);
        Element serial = Xml.append(devices, "serial", null);
        serial.setAttribute("type", "file");
        Xml.append(serial, "source", null).setAttribute("path", serialLog.toString());
        Element graphics = Xml.append(devices, "graphics", null);
        graphics.setAttribute("type", "spice");
        graphics.setAttribute("autoport", "yes");
        graphics.setAttribute("listen", "127.0.0.1");
        Element video = Xml.append(devices, "video", null);
        Xml.append(video, "model", null).setAttribute("type", "qxl");
        // a tablet, as virt-manager gives every VM: SPICE then runs in client mouse mode
        Element tablet = Xml.append(devices, "input", null);
        tablet.setAttribute("type", "tablet");
        tablet.setAttribute("bus", "virtio");
        // a sound card: its output is SPICE's playback channel
        Xml.append(devices, "sound", null).setAttribute("model", "ich6");
        Xml.append(devices, "memballoon", null).setAttribute("model", "none");
        return Xml.serialize(doc);
    }

}
