package dev.vireo.bridge.model;

/** A domain's run state, as libvirt's {@code virDomainState} reports it. */
public enum DomainState {
    NOSTATE("nostate", "No state"),
    RUNNING("running", "Running"),
    BLOCKED("blocked", "Blocked"),
    PAUSED("paused", "Paused"),
    SHUTDOWN("shutdown", "Shutting down"),
    SHUTOFF("shutoff", "Shut off"),
    CRASHED("crashed", "Crashed"),
    PMSUSPENDED("pmsuspended", "Suspended");

    private final String id;
    private final String label;

    DomainState(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** Maps libvirt's numeric state; unknown values become {@link #NOSTATE}. */
    public static DomainState fromLibvirt(int value) {
        DomainState[] all = values();
        return value >= 0 && value < all.length ? all[value] : NOSTATE;
    }

    /** The stable lower-case word used by the CLI and JSON output (e.g. {@code shutoff}). */
    public String id() {
        return id;
    }

    /** The word shown to people (e.g. "Shut off"). */
    public String label() {
        return label;
    }
}
