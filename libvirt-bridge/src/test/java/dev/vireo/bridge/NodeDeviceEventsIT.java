package dev.vireo.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.observe.Subscription;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestHosts;
import dev.vireo.bridge.testing.Vhba;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Node-device events on a real test-driver connection (gpus.xml): libvirt's test driver sends a
 * lifecycle event when a vHBA is created on the host's Fibre Channel HBA and when it is destroyed.
 */
class NodeDeviceEventsIT {

    private HostConnection connection;
    private final List<NodeDeviceEvent> events = new CopyOnWriteArrayList<>();
    private Subscription subscription;

    @BeforeEach
    void open() {
        connection = TestHosts.open("gpus.xml");
        subscription = connection.onNodeDeviceEvent(events::add);
    }

    @AfterEach
    void close() {
        subscription.close();
        TestHosts.close(connection);
    }

    private static void awaitEvent(List<NodeDeviceEvent> seen, NodeDeviceEvent expected) {
        Eventually.until(expected.toString(), () -> seen.contains(expected), seen::toString);
    }

    @Test
    void aVhbaCreatedAndDestroyedIsSeenUntilTheSubscriptionCloses() {
        String name = Vhba.create(connection);
        assertThat(name).isEqualTo("scsi_host12");
        awaitEvent(events, new NodeDeviceEvent(name, NodeDeviceEvent.Kind.CREATED));

        Vhba.destroy(connection, name);
        awaitEvent(events, new NodeDeviceEvent(name, NodeDeviceEvent.Kind.DELETED));
        assertThat(events).containsExactly(new NodeDeviceEvent(name, NodeDeviceEvent.Kind.CREATED),
                new NodeDeviceEvent(name, NodeDeviceEvent.Kind.DELETED));

        subscription.close();
        List<NodeDeviceEvent> control = new CopyOnWriteArrayList<>();
        try (Subscription still = connection.onNodeDeviceEvent(control::add)) {
            String again = Vhba.create(connection);
            Vhba.destroy(connection, again);
            // each event reaches every listener in one pass: once the control saw both, so would a leftover listener
            awaitEvent(control, new NodeDeviceEvent(again, NodeDeviceEvent.Kind.CREATED));
            awaitEvent(control, new NodeDeviceEvent(again, NodeDeviceEvent.Kind.DELETED));
        }
        assertThat(events).as("events after the subscription closed").hasSize(2);
    }
}
