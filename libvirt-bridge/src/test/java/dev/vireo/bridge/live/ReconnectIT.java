package dev.vireo.bridge.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.bridge.ConnectionState;
import dev.vireo.bridge.ConnectionStatus;
import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestBed;
import dev.vireo.bridge.testing.TestHosts;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * libvirtd dies while Vireo is connected, and comes back: the connection shows it is
 * disconnected within 15 s (keeping the list it last saw), refuses operations with a reason,
 * another connection is not disturbed, and once the daemon is back Vireo reconnects by itself
 * and lists the same VMs.
 */
class ReconnectIT {

    private TestBed bed;
    private HostConnection live;
    private HostConnection other;
    private String guest;

    @Test
    void aKilledDaemonIsNoticedAndReconnectedToWithoutTheUser() throws Exception {
        bed = TestBed.require();
        LibvirtEventLoop.ensureStarted();
        guest = "vireo-it-reconnect-" + ProcessHandle.current().pid();
        bed.defineGuest(guest, null);
        live = new HostConnection(new HostUri("qemu:///system", "local"));
        live.open().get(30, TimeUnit.SECONDS);
        other = TestHosts.open("states.xml");
        VirtualMachine vm = byName(guest);

        List<ConnectionStatus> seen = new CopyOnWriteArrayList<>();
        live.status().subscribe(seen::add);
        bed.stopLibvirtd();
        try {
            Eventually.until("the connection marked disconnected", Duration.ofSeconds(15),
                    () -> seen.stream().anyMatch(s -> s.state() == ConnectionState.DISCONNECTED), seen::toString);
            ConnectionStatus lost = seen.stream().filter(s -> s.state() == ConnectionState.DISCONNECTED).findFirst().orElseThrow();
            assertThat(lost.retrying()).isTrue();
            assertThat(lost.message()).isEqualTo("The host closed the connection. Reconnecting in 1 s.");
            assertThat(live.domains().snapshot()).as("the rows stay, as last seen").extracting(VirtualMachine::name).contains(guest);

            assertThatThrownBy(() -> live.operations().start(vm).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(VirtException.class)
                    .hasMessageContaining("not connected");

            int n = other.call("count the domains", c -> c.numOfDefinedDomains()).get(5, TimeUnit.SECONDS);
            assertThat(n).as("another connection keeps working").isPositive();
        } finally {
            bed.startLibvirtd();
        }

        Eventually.until("reconnected", Duration.ofSeconds(60),
                () -> live.status().get().state() == ConnectionState.CONNECTED, () -> live.status().get().toString());
        assertThat(byName(guest).uuid()).isEqualTo(vm.uuid());
        // events flow again: a change made behind Vireo's back shows up
        Connect admin2 = new Connect("qemu:///system");
        try {
            Domain d = admin2.domainLookupByName(guest);
            d.undefine();
        } finally {
            admin2.close();
        }
        Eventually.until(guest + " gone after its undefine event", () -> live.domains().snapshot().stream()
                .noneMatch(v -> v.name().equals(guest)));
        guest = null;
    }

    private VirtualMachine byName(String name) {
        return live.domains().snapshot().stream().filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not listed"));
    }

    @AfterEach
    void cleanUp() throws LibvirtException {
        if (live != null) {
            TestHosts.close(live);
        }
        if (other != null) {
            TestHosts.close(other);
        }
        if (guest != null) {
            TestBed.removeGuest(guest);
        }
    }
}
