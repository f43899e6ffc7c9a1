package dev.vireo.app.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vireo.bridge.VirtException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedConnectionsTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsNamesUrisAutoconnectAndTheDemoHostFlag() {
        SavedConnections s = SavedConnections.load(dir);
        s.put(new SavedConnections.Saved("Lab “Ä” & <b>", "qemu+libssh://root@lab/system", true), null);
        s.put(new SavedConnections.Saved("Local", "qemu:///system", false), null);
        s.setShowDemoHost(false);
        s.save();

        SavedConnections loaded = SavedConnections.load(dir);
        assertThat(loaded.all()).containsExactlyElementsOf(s.all());
        assertThat(loaded.showDemoHost()).isFalse();
    }

    @Test
    void editingReplacesInPlaceAndNamesStayUnique() {
        SavedConnections s = SavedConnections.load(dir);
        s.put(new SavedConnections.Saved("a", "qemu:///system", false), null);
        s.put(new SavedConnections.Saved("b", "qemu:///session", false), null);
        s.put(new SavedConnections.Saved("a2", "qemu:///system", true), "a");
        assertThat(s.all()).extracting(SavedConnections.Saved::name).containsExactly("a2", "b");
        assertThatThrownBy(() -> s.put(new SavedConnections.Saved("b", "test:///default", false), "a2"))
                .isInstanceOf(VirtException.class);
        assertThat(s.remove("qemu:///session")).isTrue();
        assertThat(s.remove("b")).isFalse();
    }

    @Test
    void aDamagedFileGivesAnEmptyListAndUnknownFieldsAreSkipped() throws Exception {
        Files.writeString(dir.resolve(SavedConnections.FILE), "{ not json");
        assertThat(SavedConnections.load(dir).all()).isEmpty();

        Files.writeString(dir.resolve(SavedConnections.FILE), """
                {"future": {"x": [1, 2]}, "connections": [{"name": "n", "uri": "qemu:///system", "color": "red"}]}""");
        SavedConnections s = SavedConnections.load(dir);
        assertThat(s.all()).containsExactly(new SavedConnections.Saved("n", "qemu:///system", false));
        assertThat(s.showDemoHost()).isTrue();
    }
}
