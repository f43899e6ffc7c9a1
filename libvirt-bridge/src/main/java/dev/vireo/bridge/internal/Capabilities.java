package dev.vireo.bridge.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import dev.vireo.bridge.VirtException;
import java.nio.charset.StandardCharsets;

/** {@code virConnectGetDomainCapabilities}, which libvirt-java 0.5.2 lacks. On the connection's thread. */
public final class Capabilities {

    private Capabilities() {
    }

    /** The domain capabilities XML, or null when the driver has none (the test driver). */
    public static String domain(Pointer conn, String arch, String machine, String virtType) {
        Pointer xml = LibvirtNative.virConnectGetDomainCapabilities(conn, null, arch, machine, virtType, 0);
        if (xml == null) {
            VirtException e = NativeErrors.lastError("Could not read the domain capabilities");
            if (e.isUnsupported()) {
                return null;
            }
            throw e;
        }
        try {
            return xml.getString(0, StandardCharsets.UTF_8.name());
        } finally {
            Native.free(Pointer.nativeValue(xml));
        }
    }
}
