package dev.vireo.spice;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** A console frame as an image, for screenshots (the console's button, {@code vireo console --screenshot}). */
public final class FramePng {

    private FramePng() {
    }

    /** A copy of the frame's pixels as RGB. */
    public static BufferedImage image(ConsoleClient.Frame frame) {
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        IntBuffer px = frame.pixels().duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        int[] row = new int[frame.width()];
        for (int y = 0; y < frame.height(); y++) {
            px.get(y * (frame.stride() / 4), row, 0, frame.width());
            for (int x = 0; x < row.length; x++) {
                row[x] &= 0xFFFFFF; // B,G,R,A little-endian is 0xAARRGGBB: drop the alpha
            }
            image.setRGB(0, y, frame.width(), 1, row, 0, frame.width());
        }
        return image;
    }

    public static void write(ConsoleClient.Frame frame, Path file) throws IOException {
        if (!ImageIO.write(image(frame), "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }
}
