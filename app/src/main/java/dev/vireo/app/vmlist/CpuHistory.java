package dev.vireo.app.vmlist;

import java.util.Arrays;

/**
 * The last CPU samples of one VM, oldest first, for the sparkline. Immutable: each sample makes a
 * new instance so that the cell sees a change.
 */
public record CpuHistory(double[] samples) {

    public static final int LENGTH = 30;
    public static final CpuHistory EMPTY = new CpuHistory(new double[0]);

    public CpuHistory {
        samples = samples.clone();
    }

    /** A copy of the samples, oldest first. */
    @Override
    public double[] samples() {
        return samples.clone();
    }

    public CpuHistory append(double percent) {
        int n = Math.min(LENGTH, samples.length + 1);
        double[] next = new double[n];
        System.arraycopy(samples, samples.length - (n - 1), next, 0, n - 1); // the field, not a copy
        next[n - 1] = percent;
        return new CpuHistory(next);
    }

    /** The latest sample, or -1 when there is none. */
    public double latest() {
        return samples.length == 0 ? -1 : samples[samples.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CpuHistory h && Arrays.equals(samples, h.samples);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "CpuHistory" + Arrays.toString(samples);
    }
}
