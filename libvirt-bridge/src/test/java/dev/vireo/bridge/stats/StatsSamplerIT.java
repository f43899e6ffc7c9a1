package dev.vireo.bridge.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.testing.Eventually;
import dev.vireo.bridge.testing.TestHosts;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Statistics on the test driver, whose bulk records carry only the state: the sampler must fall
 * back to per-domain info for CPU time and memory, and sample only what it is told to watch.
 */
class StatsSamplerIT {

    private HostConnection connection;
    private StatsSampler sampler;

    @AfterEach
    void close() {
        sampler.close();
        TestHosts.close(connection);
    }

    @Test
    void samplesOnlyWatchedActiveDomains() {
        connection = TestHosts.open("states.xml");
        sampler = new StatsSampler(connection, Duration.ofMillis(100));
        List<Map<String, DomainStats>> rounds = new CopyOnWriteArrayList<>();
        sampler.subscribe(rounds::add);

        String running = TestHosts.byName(connection, "st-running").uuid();
        String shutoff = TestHosts.byName(connection, "st-shutoff").uuid();
        String transientVm = TestHosts.byName(connection, "st-transient").uuid();
        sampler.watch(Set.of(running, shutoff));

        Eventually.until("two rounds with st-running", () -> rounds.stream().filter(r -> r.containsKey(running)).count() >= 2);
        for (Map<String, DomainStats> round : rounds) {
            assertThat(round).doesNotContainKey(shutoff);     // not running: nothing to sample
            assertThat(round).doesNotContainKey(transientVm); // running but not watched
        }
        DomainStats last = rounds.get(rounds.size() - 1).get(running);
        assertThat(last.hasCpu()).isTrue();
        assertThat(last.cpuPercent()).isBetween(0.0, 100.0);
        assertThat(last.memoryKiB()).isEqualTo(786432); // the test driver reports currentMemory
    }

    @Test
    void newlyWatchedDomainsShowTheirShareWithoutWaitingForThePeriod() throws InterruptedException {
        connection = TestHosts.open("states.xml");
        sampler = new StatsSampler(connection, Duration.ofMinutes(10)); // its first round finds nothing watched
        List<Map<String, DomainStats>> rounds = new CopyOnWriteArrayList<>();
        sampler.subscribe(rounds::add);
        String running = TestHosts.byName(connection, "st-running").uuid();

        sampler.watch(Set.of(running));
        Eventually.until("a CPU share for st-running, well before the 10-minute period",
                () -> rounds.stream().anyMatch(r -> r.containsKey(running) && r.get(running).hasCpu()));
        assertThat(rounds).hasSizeLessThanOrEqualTo(2); // the two prompt rounds, nothing more

        int before = rounds.size();
        sampler.watch(Set.of(running)); // nothing new in view: no extra rounds
        sampler.watch(Set.of());
        Thread.sleep(2 * StatsSampler.FIRST_SHARE.toMillis());
        assertThat(rounds).hasSize(before);
    }

    @Test
    void nothingWatchedMeansNoRounds() throws InterruptedException {
        connection = TestHosts.open("states.xml");
        sampler = new StatsSampler(connection, Duration.ofMillis(50));
        List<Map<String, DomainStats>> rounds = new CopyOnWriteArrayList<>();
        sampler.subscribe(rounds::add);
        Thread.sleep(400);
        assertThat(rounds).isEmpty();
    }
}
