package dev.vireo.spice;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * The file a console's frame lives in, mapped by both the bridge process (which writes the
 * guest's pixels) and the app (which shows them): a 4 KiB header, then the pixels, 4 bytes each
 * in B, G, R, A order with A = 0xFF, {@code stride} bytes a row. The layout JavaFX's
 * {@code PixelBuffer} takes as BYTE_BGRA_PRE, so the app shows the mapped bytes without a copy.
 * One file per surface: a resolution change makes a new one.
 */
public final class FrameFile {

    public static final int HEADER = 4096;
    static final long MAGIC = 0x3142465f4f524956L; // "VIRO_FB1" little-endian

    private FrameFile() {
    }

    /** Creates (or truncates) {@code path} for a {@code width} x {@code height} surface and maps it. */
    public static MappedByteBuffer create(Path path, int width, int height) throws IOException {
        long size = HEADER + (long) width * 4 * height;
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(size);
            MappedByteBuffer map = f.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, size);
            map.order(ByteOrder.LITTLE_ENDIAN);
            map.putLong(0, MAGIC);
            map.putInt(8, width);
            map.putInt(12, height);
            map.putInt(16, width * 4);
            return map;
        }
    }

    /**
     * Maps an existing frame file (the app's side). Never creates one: a file the bridge has
     * removed already (it was closing) is an IOException, not an empty mapping.
     */
    public static MappedByteBuffer open(Path path) throws IOException {
        try (FileChannel f = FileChannel.open(path, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            long size = f.size();
            if (size < HEADER) {
                throw new IOException(path + " is not a Vireo frame file (" + size + " bytes)");
            }
            MappedByteBuffer map = f.map(FileChannel.MapMode.READ_WRITE, 0, size);
            map.order(ByteOrder.LITTLE_ENDIAN);
            if (map.getLong(0) != MAGIC || HEADER + (long) stride(map) * height(map) > size) {
                throw new IOException(path + " is not a Vireo frame file");
            }
            return map;
        }
    }

    public static int width(ByteBuffer map) {
        return map.getInt(8);
    }

    public static int height(ByteBuffer map) {
        return map.getInt(12);
    }

    public static int stride(ByteBuffer map) {
        return map.getInt(16);
    }

    /** The pixels, as a buffer of their own starting at 0 (what PixelBuffer wraps). */
    public static ByteBuffer pixels(ByteBuffer map) {
        return map.duplicate().position(HEADER).slice().order(ByteOrder.LITTLE_ENDIAN);
    }
}
