package dev.vireo.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vireo.app.XdgDirs;
import dev.vireo.bridge.testing.TestBed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vireo gpu check} on the real libvirtd of the test bed: a machine without an IOMMU (and so
 * without VFIO). It must say so, with the fixes, and not fail with a stack trace.
 */
class GpuCheckLiveIT {

    @TempDir
    Path home;

    private String[] run(String... args) {
        CommandLine cl = VireoCommand.create(new XdgDirs(home.resolve("c"), home.resolve("s"), home.resolve("k")), l -> { });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void aHostWithoutIommuIsNotReadyAndSaysWhy() throws Exception {
        TestBed.require();
        String[] json = run("gpu", "check", "--connect", "qemu:///system", "--json");
        assertThat(json[0]).as(json[2]).isEqualTo("0");
        assertThat(json[2]).isEmpty();
        JsonNode r = new ObjectMapper().readTree(json[1]);
        assertThat(r.get("hostReady").asBoolean()).isFalse();
        JsonNode iommu = null;
        for (JsonNode c : r.get("host")) {
            if (c.get("id").asText().equals("iommu")) {
                iommu = c;
            }
        }
        assertThat(iommu).isNotNull();
        assertThat(iommu.get("verdict").asText()).isEqualTo("problem");
        assertThat(iommu.get("fix").asText()).contains("intel_iommu=on");

        // attaching anything there is refused with the reason, in one line
        String guest = "vireo-gpu-attach-" + ProcessHandle.current().pid();
        TestBed bed = TestBed.require();
        bed.defineGuest(guest, null);
        try {
            String[] attach = run("gpu", "attach", guest, "--device", "pci_0000_00_02_0", "--connect", "qemu:///system");
            assertThat(attach[0]).isEqualTo("1");
            assertThat(attach[2].lines()).hasSize(1);
            assertThat(attach[2]).startsWith("vireo: Could not pass a card through to “" + guest + "”: No IOMMU");
        } finally {
            TestBed.removeGuest(guest);
        }

        String[] text = run("gpu", "check", "--connect", "qemu:///system");
        assertThat(text[1]).contains("not ready for GPU pass-through").contains("[problem] IOMMU: No IOMMU")
                .doesNotContain("Exception");
    }
}
