package dev.vireo.bridge.stats;

/**
 * One sample of a running domain's resource use.
 *
 * @param uuid       the domain
 * @param cpuPercent CPU use over the last interval, as a share of the domain's vCPUs (0-100);
 *                   negative for the first sample, which has nothing to compare with
 * @param memoryKiB  memory the guest currently has (balloon size), in KiB
 */
public record DomainStats(String uuid, double cpuPercent, long memoryKiB) {

    public boolean hasCpu() {
        return cpuPercent >= 0;
    }
}
