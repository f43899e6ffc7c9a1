package dev.vireo.bridge.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuCounterTest {

    private static final long SECOND = 1_000_000_000L;

    private final CpuCounter counter = new CpuCounter();

    @Test
    void firstSampleHasNothingToCompareWith() {
        assertThat(counter.sample(5 * SECOND, 100 * SECOND, 2)).isEqualTo(-1.0);
    }

    @Test
    void oneSecondOfCpuOverOneSecondOnTwoVcpusIsHalf() {
        counter.sample(10 * SECOND, 100 * SECOND, 2);

        assertThat(counter.sample(11 * SECOND, 101 * SECOND, 2)).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void eachSampleIsMeasuredFromThePreviousOne() {
        counter.sample(0, 0, 4);
        counter.sample(4 * SECOND, SECOND, 4);

        assertThat(counter.sample(5 * SECOND, 3 * SECOND, 4)).isCloseTo(12.5, within(1e-9));
    }

    @Test
    void idleIsZero() {
        counter.sample(7 * SECOND, 0, 1);

        assertThat(counter.sample(7 * SECOND, SECOND, 1)).isZero();
    }

    @Test
    void clampsToOneHundred() {
        counter.sample(0, 0, 2);

        assertThat(counter.sample(3 * SECOND, SECOND, 2)).isEqualTo(100.0);
    }

    @Test
    void zeroVcpusCountAsOne() {
        counter.sample(0, 0, 0);

        assertThat(counter.sample(SECOND / 4, SECOND, 0)).isCloseTo(25.0, within(1e-9));
    }

    @Test
    void counterGoingBackwardsGivesNoValueThenStartsAgain() {
        counter.sample(500 * SECOND, 100 * SECOND, 2);

        // the domain restarted: its CPU time starts again near zero
        assertThat(counter.sample(SECOND, 101 * SECOND, 2)).isEqualTo(-1.0);
        assertThat(counter.sample(2 * SECOND, 102 * SECOND, 2)).isCloseTo(50.0, within(1e-9));
    }

    @Test
    void noWallTimeElapsedGivesNoValue() {
        counter.sample(SECOND, 100 * SECOND, 2);

        assertThat(counter.sample(2 * SECOND, 100 * SECOND, 2)).isEqualTo(-1.0);
    }
}
