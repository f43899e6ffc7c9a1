package dev.vireo.app.vmlist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuHistoryTest {

    @Test
    void emptyHasNoLatestSample() {
        assertThat(CpuHistory.EMPTY.samples()).isEmpty();
        assertThat(CpuHistory.EMPTY.latest()).isEqualTo(-1.0);
    }

    @Test
    void appendKeepsSamplesOldestFirst() {
        CpuHistory h = CpuHistory.EMPTY.append(10).append(20).append(30);

        assertThat(h.samples()).containsExactly(10, 20, 30);
        assertThat(h.latest()).isEqualTo(30.0);
    }

    @Test
    void appendKeepsAtMostLengthSamplesDroppingTheOldest() {
        CpuHistory h = CpuHistory.EMPTY;
        for (int i = 1; i <= CpuHistory.LENGTH + 5; i++) {
            h = h.append(i);
        }

        assertThat(h.samples()).hasSize(CpuHistory.LENGTH);
        assertThat(h.samples()[0]).isEqualTo(6.0);
        assertThat(h.latest()).isEqualTo(CpuHistory.LENGTH + 5.0);
        for (int i = 1; i < CpuHistory.LENGTH; i++) {
            assertThat(h.samples()[i]).isEqualTo(h.samples()[i - 1] + 1);
        }
    }

    @Test
    void appendLeavesTheOriginalUnchanged() {
        CpuHistory one = CpuHistory.EMPTY.append(5);

        CpuHistory two = one.append(7);

        assertThat(one.samples()).containsExactly(5);
        assertThat(two.samples()).containsExactly(5, 7);
        assertThat(CpuHistory.EMPTY.samples()).isEmpty();
    }

    @Test
    void equalSamplesAreEqualHistories() {
        CpuHistory a = CpuHistory.EMPTY.append(1.5).append(2.5);
        CpuHistory b = new CpuHistory(new double[] {1.5, 2.5});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(b.append(3));
        assertThat(a).isNotEqualTo(CpuHistory.EMPTY.append(2.5).append(1.5));
        assertThat(a.toString()).contains("1.5", "2.5");
    }

    @Test
    void noSampleIsKeptDistinctFromZero() {
        // -1 marks "no value" (first sample, domain off); it must not look like an idle VM
        assertThat(CpuHistory.EMPTY.append(-1)).isNotEqualTo(CpuHistory.EMPTY.append(0));
    }
}
