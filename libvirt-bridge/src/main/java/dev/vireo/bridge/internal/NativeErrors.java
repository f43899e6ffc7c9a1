package dev.vireo.bridge.internal;

import dev.vireo.bridge.VirtException;
import org.libvirt.Error;
import org.libvirt.jna.Libvirt;
import org.libvirt.jna.virError;

/** Reads libvirt's thread-local last error after a failed {@link LibvirtNative} call. */
public final class NativeErrors {

    private NativeErrors() {
    }

    public static VirtException lastError(String action) {
        virError raw = Libvirt.INSTANCE.virGetLastError();
        Error error = raw == null ? null : new Error(raw);
        Libvirt.INSTANCE.virResetLastError();
        return VirtException.from(action, error);
    }
}
