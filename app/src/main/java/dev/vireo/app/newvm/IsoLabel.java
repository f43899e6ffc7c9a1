package dev.vireo.app.newvm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The volume id of an ISO 9660 image (what osinfo's {@code <volume-id>} patterns match), read from
 * its primary volume descriptor: sector 16, "CD001" at byte 1, the id in bytes 40 to 71.
 */
public final class IsoLabel {

    static final int SECTOR = 2048;

    private IsoLabel() {
    }

    /** Empty when the file is not an ISO 9660 image; an I/O error is thrown as is. */
    public static Optional<String> read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            // descriptors follow each other from sector 16 until the terminator (type 255)
            for (int sector = 16; sector < 32; sector++) {
                ByteBuffer b = ByteBuffer.allocate(SECTOR);
                if (ch.read(b, (long) sector * SECTOR) < 72) {
                    return Optional.empty();
                }
                byte[] d = b.array();
                if (!new String(d, 1, 5, StandardCharsets.US_ASCII).equals("CD001")) {
                    return Optional.empty();
                }
                int type = d[0] & 0xff;
                if (type == 1) {
                    return Optional.of(new String(d, 40, 32, StandardCharsets.US_ASCII).strip());
                }
                if (type == 255) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }
    }
}
