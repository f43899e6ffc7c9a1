package dev.vireo.bridge;

/**
 * A libvirt lifecycle event, reduced to what the bridge needs: which domain and what happened
 * ({@code STARTED}, {@code SUSPENDED}, {@code STOPPED}, ... as libvirt names them).
 */
public record LifecycleEvent(String connectionId, String uuid, String type, String detail) {
}
