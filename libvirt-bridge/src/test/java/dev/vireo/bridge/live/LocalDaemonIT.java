package dev.vireo.bridge.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.LocalDaemon;
import dev.vireo.bridge.testing.TestBed;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The local daemon is offered only when it answers: the test bed's libvirtd does. */
class LocalDaemonIT {

    @Test
    void theTestBedsDaemonAnswers() {
        TestBed.require();
        assertThat(LocalDaemon.answers(Duration.ofSeconds(10)).join()).isTrue();
    }
}
