package dev.vireo.spice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Text lines over a socket channel, read by one thread while others write. Not through
 * {@code Channels.newInputStream/newOutputStream}: on a blocking channel those share one lock, so a
 * thread waiting to read keeps every writer waiting (the bridge and the app each read and write at
 * once).
 */
public final class SocketLines {

    private final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    public SocketLines(SocketChannel channel) {
        this.channel = channel;
    }

    /** The next line without its newline, or null at the end. One reading thread only. */
    public String readLine() throws IOException {
        line.reset();
        while (true) {
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            in.clear();
            int n = channel.read(in);
            in.flip();
            if (n < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** Writes one line; any thread. */
    public synchronized void write(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }
}
