package dev.vireo.bridge.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.HostUri;
import dev.vireo.bridge.LibvirtEventLoop;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestBed;
import dev.vireo.bridge.testing.TestHosts;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.libvirt.LibvirtException;

/**
 * A host reached over SSH shows its list from one bulk listing, before any domain's XML is read,
 * and the details follow: the first version of a VM the list holds is a summary with the right
 * name, state, vCPUs and memory; the next is the full description.
 */
class DetailsLaterIT {

    private HostConnection connection;
    private String guest;

    @Test
    void theListComesFirstAndTheDetailsFollow() throws Exception {
        TestBed bed = TestBed.require();
        LibvirtEventLoop.ensureStarted();
        guest = "vireo-it-later-" + ProcessHandle.current().pid();
        bed.defineGuest(guest, "Détails “later” & <soon>");
        connection = new HostConnection(new HostUri(bed.libsshUri(), "test bed"));
        List<VirtualMachine> seen = new CopyOnWriteArrayList<>();
        connection.domains().subscribe((upserted, removed) -> upserted.stream()
                .filter(vm -> vm.name().equals(guest)).forEach(seen::add));
        connection.open().get(60, TimeUnit.SECONDS);

        Eventually.until("the details of " + guest, () -> seen.stream().anyMatch(vm -> vm.description().detailed()),
                seen::toString);
        VirtualMachine first = seen.get(0);
        assertThat(first.description().detailed()).as("the first version is the bulk listing's summary").isFalse();
        assertThat(first.state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(first.persistent()).isTrue();
        assertThat(first.active()).isFalse();
        assertThat(first.description().vcpus()).isEqualTo(1);
        assertThat(first.description().memoryKiB()).isEqualTo(196608);

        VirtualMachine full = seen.stream().filter(vm -> vm.description().detailed()).findFirst().orElseThrow();
        assertThat(full.description().title()).isEqualTo("Détails “later” & <soon>");
        assertThat(full.description().hasSpice()).isTrue();
        assertThat(connection.domains().snapshot()).filteredOn(vm -> vm.name().equals(guest))
                .singleElement().satisfies(vm -> assertThat(vm.description().detailed()).isTrue());
    }

    @AfterEach
    void cleanUp() throws LibvirtException {
        if (connection != null) {
            TestHosts.close(connection);
        }
        if (guest != null) {
            TestBed.removeGuest(guest);
        }
    }
}
