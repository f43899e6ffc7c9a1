package dev.vireo.app.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.LifecycleEvent;
import dev.vireo.bridge.observe.Subscription;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestHosts;
import dev.vireo.bridge.testing.Vhba;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * When the graphics cards are read again, on the gpus.xml test host (libvirt's test driver and its
 * events): once per burst of device changes, once after a VM definition, not after a VM starts,
 * and never once the watch is closed.
 */
class GpuChangeWatchIT {

    /** Long, so that a vHBA created and destroyed falls in one burst even on a busy machine. */
    private static final Duration BURST = Duration.ofSeconds(2);

    private HostConnection host;

    @BeforeEach
    void open() {
        host = TestHosts.open("gpus.xml");
    }

    @AfterEach
    void close() {
        TestHosts.close(host);
    }

    @Test
    void oneReadPerBurstNoneForAStartAndNoneAfterClosing() {
        List<String> reads = new CopyOnWriteArrayList<>();
        List<LifecycleEvent> lifecycle = new CopyOnWriteArrayList<>();
        try (GpuChangeWatch watch = new GpuChangeWatch(host, BURST, Runnable::run, reads::add);
                Subscription seen = host.onLifecycleEvent(lifecycle::add)) {
            // the watch hears each event before this later listener does
            host.operations().start(TestHosts.byName(host, "plain")).join();
            Eventually.until("plain started", () -> lifecycle.stream().anyMatch(e -> e.type().equals("STARTED")));

            String vhba = Vhba.create(host);
            Vhba.destroy(host, vhba);
            Eventually.until("a read", () -> !reads.isEmpty());
            assertThat(reads).as("the start made no read; creating and destroying made one").containsExactly("after a device change");

            host.call("Define cad-ws again", c -> {
                org.libvirt.Domain vm = c.domainLookupByName("cad-ws");
                try {
                    c.domainDefineXML(vm.getXMLDesc(0)).free();
                } finally {
                    vm.free();
                }
                return null;
            }).join();
            Eventually.until("a second read", () -> reads.size() == 2, reads::toString);
            assertThat(reads.get(1)).isEqualTo("after a VM definition change");
        }

        List<String> control = new CopyOnWriteArrayList<>();
        try (GpuChangeWatch still = new GpuChangeWatch(host, Duration.ofMillis(50), Runnable::run, control::add)) {
            Vhba.create(host);
            Eventually.until("the open watch's read", () -> !control.isEmpty());
        }
        assertThat(reads).as("reads after closing").hasSize(2);
    }
}
