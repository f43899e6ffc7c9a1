package dev.vireo.app.newvm.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.app.newvm.DiskChoice;
import dev.vireo.app.newvm.Verdict;
import dev.vireo.app.newvm.wizard.WizardModel.Page;
import dev.vireo.bridge.model.HostFacts;
import dev.vireo.bridge.model.HostInventory;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The wizard's view-model without a screen: choices in, request, XML and per-page reasons out. */
class WizardModelTest {

    private static final long GIB = DiskChoice.GIB;

    private final WizardModel m = new WizardModel();

    WizardModelTest() {
        m.facts.set(new HostFacts("x86_64", true, true, List.of("kvm", "qemu"), List.of("q35", "pc"), true, List.of(), false,
                List.of("qxl"), List.of("spice"), 255));
        var iso = new HostInventory.Volume("default", "d.iso", "/var/lib/libvirt/images/d.iso", GIB, GIB, "iso");
        var pool = new HostInventory.Pool("default", "dir", true, 100 * GIB, 50 * GIB, 50 * GIB, "/var/lib/libvirt/images",
                List.of(iso));
        m.inventory.set(new HostInventory(List.of(pool), List.of(new HostInventory.VirtualNetwork("default", true, "virbr0",
                "nat")), List.of(), 16 * GIB, -1, 8, Set.of("taken")));
        m.hostName.set("host");
        m.hostUri.set("qemu:///system");
        m.hostProblem.set("");
        m.pool.set("default");
    }

    @Test
    void eachPageSaysWhatItLacks() {
        Verdict v = m.verdict();
        assertThat(m.problem(Page.SOURCE, v)).isEqualTo("Choose the installation image (ISO).");
        m.isoPath.set("/var/lib/libvirt/images/d.iso");
        assertThat(m.problem(Page.SOURCE, m.verdict())).isNull();
        m.memoryMiB.set(32 * 1024);
        assertThat(m.problem(Page.OS, m.verdict())).isEqualTo("32 GiB of memory is more than host has (16 GiB).");
        assertThat(m.problem(Page.SOURCE, m.verdict())).isNull();
        m.memoryMiB.set(1024);
        m.diskGiB.set(60);
        assertThat(m.problem(Page.STORAGE, m.verdict())).isEqualTo("The pool “default” has 50 GiB free: a 60 GiB disk does not fit.");
        m.diskGiB.set(10);
        m.listen.set(WizardModel.ListenKind.ADDRESS);
        assertThat(m.problem(Page.NETWORK, m.verdict())).isEqualTo("Type the address to listen on (e.g. 192.168.1.10).");
        m.listenAddress.set("10.0.0.5");
        m.passwordKind.set(WizardModel.PasswordKind.TYPE);
        assertThat(m.problem(Page.NETWORK, m.verdict())).isEqualTo("Type the console password, or choose another option.");
        m.typedPassword.set("pw");
        assertThat(m.problem(Page.NETWORK, m.verdict())).isNull();
        m.name.set("taken");
        assertThat(m.problem(Page.SUMMARY, m.verdict())).startsWith("The name “taken” is taken");
        m.name.set("web");
        assertThat(m.firstBlocked(Page.SUMMARY, m.verdict())).isNull();
        m.customize.set(true);
        m.customXml.set("<domain><name>web</name>");
        assertThat(m.problem(Page.SUMMARY, m.verdict())).startsWith("The XML is not well-formed");
    }

    @Test
    void aNetworkInstallNeedsAnHttpUrlAndTlsNeedsTheHost() {
        m.source.set(WizardModel.SourceKind.NETWORK);
        assertThat(m.problem(Page.SOURCE, m.verdict())).isEqualTo("Give the install tree's URL.");
        m.treeUrl.set("ftp://mirror/debian");
        assertThat(m.problem(Page.SOURCE, m.verdict()))
                .isEqualTo("The install tree's URL must start with http:// or https:// and name a host.");
        m.treeUrl.set("http://mirror/debian");
        m.treeKernel.set("linux");
        assertThat(m.problem(Page.SOURCE, m.verdict())).isEqualTo("Give both the kernel and the initrd path in the tree, or neither.");
        m.treeInitrd.set("initrd.gz");
        assertThat(m.problem(Page.SOURCE, m.verdict())).isNull();

        m.tls.set(true);
        m.spiceTls.set(null); // a remote host: cannot tell, allowed
        assertThat(m.problem(Page.NETWORK, m.verdict())).isNull();
        m.spiceTls.set(false);
        assertThat(m.problem(Page.NETWORK, m.verdict())).startsWith("host has no SPICE TLS set up");
    }

    @Test
    void theXmlHasEveryChoice() {
        m.isoPath.set("/var/lib/libvirt/images/d.iso");
        m.name.set("web \"1\"");
        m.heads.set(3);
        m.listen.set(WizardModel.ListenKind.ALL);
        String xml = m.generatedXml();
        assertThat(xml).contains("<name>web \"1\"</name>").contains("heads=\"3\"").contains("address=\"0.0.0.0\"")
                .contains("passwd=\"" + m.generatedPassword.get() + "\"")
                .contains("<source file=\"/var/lib/libvirt/images/web-1.qcow2\"/>")
                .contains("<source file=\"/var/lib/libvirt/images/d.iso\"/>");
        assertThat(m.reach()).contains("People on the network connect to").contains("with the password");
    }

    @Test
    void aNameIsSuggestedThatIsFree() {
        assertThat(m.suggestName()).isEqualTo("vm");
        m.inventory.set(new HostInventory(List.of(), List.of(), List.of(), GIB, -1, 1, Set.of("vm", "vm-2")));
        assertThat(m.suggestName()).isEqualTo("vm-3");
    }
}
