package dev.vireo.spice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameFileTest {

    @TempDir
    Path dir;

    @Test
    void theAppMapsWhatTheBridgeMade() throws IOException {
        Path file = dir.resolve("frame-0-1");
        FrameFile.pixels(FrameFile.create(file, 4, 2)).putInt(4 * 4 + 4, 0xff112233);
        var map = FrameFile.open(file);
        assertThat(FrameFile.width(map)).isEqualTo(4);
        assertThat(FrameFile.height(map)).isEqualTo(2);
        assertThat(FrameFile.stride(map)).isEqualTo(16);
        assertThat(FrameFile.pixels(map).getInt(20)).isEqualTo(0xff112233);
    }

    /** A bridge that is closing removes its files: a surface it announced just before is gone, not empty. */
    @Test
    void aRemovedOrTruncatedFileIsRefusedAndNeverCreated() throws IOException {
        Path gone = dir.resolve("frame-0-2");
        assertThatThrownBy(() -> FrameFile.open(gone)).isInstanceOf(IOException.class);
        assertThat(gone).doesNotExist();

        Path truncated = dir.resolve("frame-0-3");
        FrameFile.create(truncated, 64, 64);
        try (var f = java.nio.channels.FileChannel.open(truncated, java.nio.file.StandardOpenOption.WRITE)) {
            f.truncate(FrameFile.HEADER + 100);
        }
        assertThatThrownBy(() -> FrameFile.open(truncated)).isInstanceOf(IOException.class);

        Path empty = Files.createFile(dir.resolve("frame-0-4"));
        assertThatThrownBy(() -> FrameFile.open(empty)).isInstanceOf(IOException.class);
    }
}
