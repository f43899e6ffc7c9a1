package dev.vireo.bridge.stats;

/** Turns cumulative CPU time samples into a percentage of the domain's vCPUs. */
final class CpuCounter {

    private long lastCpuNs = -1;
    private long lastWallNs;

    /** Returns the CPU use since the previous sample, or -1 on the first one. */
    double sample(long cpuTimeNs, long wallNs, int vcpus) {
        double result = -1;
        if (lastCpuNs >= 0 && wallNs > lastWallNs && cpuTimeNs >= lastCpuNs) {
            double share = (double) (cpuTimeNs - lastCpuNs) / (wallNs - lastWallNs) / Math.max(1, vcpus);
            result = Math.max(0, Math.min(100, share * 100));
        }
        lastCpuNs = cpuTimeNs;
        lastWallNs = wallNs;
        return result;
    }
}
