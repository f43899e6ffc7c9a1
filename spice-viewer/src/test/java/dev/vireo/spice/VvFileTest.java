package dev.vireo.spice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VvFileTest {

    @Test
    void writtenAndReadBack() {
        VvFile vv = VvFile.spice("10.0.0.5", 5901, 0, "pw=with;odd chars", "lab-01");
        String text = vv.format();
        assertThat(text).startsWith("[virt-viewer]\ntype=spice\nhost=10.0.0.5\nport=5901\npassword=pw=with;odd chars\n")
                .contains("title=lab-01\n").doesNotContain("tls-port");
        VvFile back = VvFile.parse(text);
        assertThat(back.host()).isEqualTo("10.0.0.5");
        assertThat(back.port()).isEqualTo(5901);
        assertThat(back.password()).isEqualTo("pw=with;odd chars");
        assertThat(back.title()).isEqualTo("lab-01");
    }

    @Test
    void remoteViewersOwnFilesAreRead() {
        VvFile vv = VvFile.parse("""
                # made by some portal
                [virt-viewer]
                type=spice
                host=kvm1.example.org
                port=-1
                tls-port=5902
                delete-this-file=1
                fullscreen=1
                [ovirt]
                host=elsewhere
                """);
        assertThat(vv.host()).isEqualTo("kvm1.example.org");
        assertThat(vv.tlsPort()).isEqualTo(5902);
        assertThat(vv.password()).isNull();
        assertThat(vv.values()).containsEntry("delete-this-file", "1").containsEntry("fullscreen", "1");
    }

    @Test
    void otherConsolesAreRefusedWithAReason() {
        assertThatThrownBy(() -> VvFile.parse("[virt-viewer]\ntype=vnc\nhost=h\n"))
                .hasMessage("the file is for a vnc console; Vireo opens SPICE consoles");
        assertThatThrownBy(() -> VvFile.parse("[other]\ntype=spice\n"))
                .hasMessage("the file has no [virt-viewer] group with type=spice");
    }
}
