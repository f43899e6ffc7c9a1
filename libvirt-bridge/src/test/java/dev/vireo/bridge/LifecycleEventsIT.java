package dev.vireo.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.bridge.observe.Subscription;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestHosts;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lifecycle operations on a real test-driver connection, and the libvirt events they cause: each
 * operation must be followed by libvirt's own event, and the domain list must follow.
 */
class LifecycleEventsIT {

    private HostConnection connection;
    private final List<LifecycleEvent> events = new CopyOnWriteArrayList<>();
    private Subscription subscription;

    @BeforeEach
    void open() {
        connection = TestHosts.open("states.xml");
        subscription = connection.onLifecycleEvent(events::add);
    }

    @AfterEach
    void close() {
        subscription.close();
        TestHosts.close(connection);
    }

    private VirtualMachine current(String name) {
        return TestHosts.byName(connection, name);
    }

    private void awaitEvent(String uuid, String type) {
        Eventually.until("a " + type + " event for " + uuid,
                () -> events.stream().anyMatch(e -> e.uuid().equals(uuid) && e.type().equals(type)), events::toString);
    }

    private void awaitState(String name, DomainState state) {
        Eventually.until(name + " " + state, () -> current(name).state() == state, () -> current(name).toString());
    }

    @Test
    void startIsFollowedByAStartedEventAndARunningRow() {
        VirtualMachine vm = current("st-shutoff");
        connection.operations().start(vm).join();
        awaitEvent(vm.uuid(), "STARTED");
        awaitState("st-shutoff", DomainState.RUNNING);
        assertThat(current("st-shutoff").active()).isTrue();
    }

    @Test
    void pauseAndResumeAreFollowedBySuspendedAndResumedEvents() {
        VirtualMachine vm = current("st-running");
        connection.operations().pause(vm).join();
        awaitEvent(vm.uuid(), "SUSPENDED");
        awaitState("st-running", DomainState.PAUSED);

        connection.operations().resume(current("st-running")).join();
        awaitEvent(vm.uuid(), "RESUMED");
        awaitState("st-running", DomainState.RUNNING);
    }

    @Test
    void forceOffIsFollowedByAStoppedEvent() {
        VirtualMachine vm = current("st-paused");
        connection.operations().forceOff(vm).join();
        awaitEvent(vm.uuid(), "STOPPED");
        awaitState("st-paused", DomainState.SHUTOFF);
    }

    @Test
    void aTransientDomainDisappearsWhenForcedOff() {
        VirtualMachine vm = current("st-transient");
        connection.operations().forceOff(vm).join();
        awaitEvent(vm.uuid(), "STOPPED");
        Eventually.until("st-transient gone", () -> connection.domains().get(vm.key()) == null);
    }

    @Test
    void shutdownRebootAndManagedSaveReachTheDomain() {
        VirtualMachine running = current("st-running");
        connection.operations().reboot(running).join();
        connection.operations().managedSave(running).join();
        awaitEvent(running.uuid(), "STOPPED");
        awaitState("st-running", DomainState.SHUTOFF);
        Eventually.until("managed save image", () -> current("st-running").managedSave());

        connection.operations().start(current("st-running")).join(); // restores from the image
        awaitState("st-running", DomainState.RUNNING);
        connection.operations().shutdown(current("st-running")).join();
        awaitState("st-running", DomainState.SHUTOFF);
    }

    @Test
    void deletingARunningDomainIsRefusedWithAReason() {
        VirtualMachine vm = current("st-running");
        assertThatThrownBy(() -> connection.operations().delete(vm).join())
                .cause().isInstanceOf(VirtException.class)
                .satisfies(e -> assertThat(((VirtException) e).userMessage())
                        .isEqualTo("Could not delete “st-running”: it is running. Shut it down or force it off first."));
        assertThat(connection.domains().get(vm.key())).isNotNull();
    }

    @Test
    void deletingAShutOffDomainUndefinesItWithItsManagedSave() {
        VirtualMachine vm = current("st-managedsave");
        connection.operations().delete(vm).join();
        awaitEvent(vm.uuid(), "UNDEFINED");
        Eventually.until("st-managedsave removed from the list", () -> connection.domains().get(vm.key()) == null);
    }

    @Test
    void anOperationOnAVanishedDomainFailsWithASentence() {
        VirtualMachine vm = current("st-shutoff");
        connection.operations().delete(vm).join();
        Eventually.until("gone", () -> connection.domains().get(vm.key()) == null);
        assertThatThrownBy(() -> connection.operations().start(vm).join())
                .cause().isInstanceOf(VirtException.class)
                .satisfies(e -> {
                    VirtException ve = (VirtException) e;
                    assertThat(ve.userMessage()).startsWith("Could not start “st-shutoff”");
                    assertThat(ve.isNoSuchDomain()).isTrue();
                });
    }

    @Test
    void startingARunningDomainFailsWithLibvirtsReason() {
        VirtualMachine vm = current("st-running");
        assertThatThrownBy(() -> connection.operations().start(vm).join())
                .cause().isInstanceOf(VirtException.class)
                .satisfies(e -> assertThat(((VirtException) e).userMessage())
                        .startsWith("Could not start “st-running”: ").contains("already running"));
    }
}
