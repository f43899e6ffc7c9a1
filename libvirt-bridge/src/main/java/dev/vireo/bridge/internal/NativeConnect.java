package dev.vireo.bridge.internal;

import com.sun.jna.Pointer;
import org.libvirt.Connect;
import org.libvirt.ConnectAuth;
import org.libvirt.LibvirtException;

/** A libvirt-java connection that also hands its raw {@code virConnectPtr} to {@link LibvirtNative}. */
public final class NativeConnect extends Connect {

    /** Opens {@code uri} read-write without interactive authentication. */
    public NativeConnect(String uri) throws LibvirtException {
        super(uri, false);
    }

    /** Opens {@code uri} read-write, answering credential requests through {@code auth}. */
    public NativeConnect(String uri, ConnectAuth auth) throws LibvirtException {
        super(uri, auth, 0);
    }

    public Pointer pointer() {
        return vcp.getPointer();
    }
}
