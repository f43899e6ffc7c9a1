package dev.vireo.bridge.internal;

import com.sun.jna.Pointer;
import dev.vireo.bridge.VirtException;
import java.nio.charset.StandardCharsets;

/**
 * Sends a file's bytes into an existing storage volume through {@code virStorageVolUpload} and a
 * libvirt stream (libvirt-java has no upload): 1 MiB at a time, the bytes sent reported as they
 * go. Runs on the connection's thread.
 */
public final class StreamUpload {

    private StreamUpload() {
    }

    public static void send(Pointer conn, String path, java.nio.file.Path file, long size,
            java.util.function.LongConsumer progress, String what) {
        Pointer vol = LibvirtNative.virStorageVolLookupByPath(conn, (path + "\0").getBytes(StandardCharsets.UTF_8));
        if (vol == null) {
            throw NativeErrors.lastError(what);
        }
        Pointer stream = LibvirtNative.virStreamNew(conn, 0);
        try {
            if (stream == null || LibvirtNative.virStorageVolUpload(vol, stream, 0, size, 0) < 0) {
                throw NativeErrors.lastError(what);
            }
            boolean finished = false;
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                byte[] buffer = new byte[1 << 20];
                long sent = 0;
                for (int n; (n = in.read(buffer)) > 0; ) {
                    for (int off = 0; off < n; ) {
                        byte[] chunk = off == 0 ? buffer : java.util.Arrays.copyOfRange(buffer, off, n);
                        int done = LibvirtNative.virStreamSend(stream, chunk, n - off);
                        if (done < 0) {
                            throw NativeErrors.lastError(what);
                        }
                        off += done;
                    }
                    sent += n;
                    progress.accept(sent);
                }
                if (LibvirtNative.virStreamFinish(stream) < 0) {
                    throw NativeErrors.lastError(what);
                }
                finished = true;
            } catch (java.io.IOException e) {
                throw new VirtException(what + ": " + e.getMessage(), e.toString(), e);
            } finally {
                if (!finished) {
                    LibvirtNative.virStreamAbort(stream);
                }
            }
        } finally {
            if (stream != null) {
                LibvirtNative.virStreamFree(stream);
            }
            LibvirtNative.virStorageVolFree(vol);
        }
    }
}
