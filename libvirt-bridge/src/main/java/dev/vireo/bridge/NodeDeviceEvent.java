package dev.vireo.bridge;

/**
 * A libvirt node-device event, reduced to what the bridge needs: which device (its node-device
 * name, such as {@code pci_0000_0a_00_0} or {@code scsi_host12}) and what happened to it.
 */
public record NodeDeviceEvent(String device, Kind kind) {

    /** What happened: libvirt's lifecycle events, and the update event as {@link #UPDATED}. */
    public enum Kind {
        CREATED,
        DELETED,
        DEFINED,
        UNDEFINED,
        /** The device's details changed (libvirt's update event, and lifecycle events newer than this list). */
        UPDATED;

        /** libvirt's {@code virNodeDeviceEventLifecycleType}. */
        public static Kind ofLifecycle(int event) {
            return switch (event) {
                case 0 -> CREATED;
                case 1 -> DELETED;
                case 2 -> DEFINED;
                case 3 -> UNDEFINED;
                default -> UPDATED;
            };
        }
    }
}
