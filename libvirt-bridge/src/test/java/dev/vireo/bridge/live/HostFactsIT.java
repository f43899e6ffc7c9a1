package dev.vireo.bridge.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.model.HostFacts;
import dev.vireo.bridge.testing.TestBed;
import dev.vireo.bridge.testing.TestHosts;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the test bed's real QEMU host can run, as the new-VM wizard will see it; and a test host's. */
class HostFactsIT {

    private HostConnection connection;

    @Test
    void theRealHostOffersQ35QxlAndSpice() throws Exception {
        TestBed.require();
        LibvirtEventLoop.ensureStarted();
        connection = new HostConnection(new HostUri("qemu:///system", "local"));
        connection.open().get(30, TimeUnit.SECONDS);

        HostFacts f = connection.hostFacts().get(30, TimeUnit.SECONDS);

        assertThat(f.arch()).isEqualTo("x86_64");
        assertThat(f.emulation()).as("QEMU's software emulation").isTrue();
        assertThat(f.machines()).contains("q35", "pc");
        assertThat(f.domainCapabilities()).isTrue();
        assertThat(f.videoModels()).contains("qxl");
        assertThat(f.graphicsTypes()).contains("spice");
        assertThat(f.maxVcpus()).isPositive();
        assertThat(f.uefi()).isEqualTo(!f.firmware().isEmpty());
    }

    /** libvirt's test driver: an i686 host of its own kind ("test"), neither KVM nor QEMU. */
    @Test
    void aTestHostIsReadToo() throws Exception {
        connection = TestHosts.open("states.xml");

        HostFacts f = connection.hostFacts().get(10, TimeUnit.SECONDS);

        assertThat(f.arch()).isEqualTo("i686");
        assertThat(f.kvm()).isFalse();
        assertThat(f.emulation()).isFalse();
        assertThat(f.machines()).isEmpty();
    }

    @AfterEach
    void close() {
        if (connection != null) {
            TestHosts.close(connection);
        }
    }
}
