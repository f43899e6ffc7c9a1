package dev.vireo.app.vmlist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vireo.bridge.model.DomainDescription;
import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.VirtualMachine;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class VmFilterTest {

    private static final VirtualMachine LAB_RUNNING = vm("lab-student-01", "Lab seat 01", DomainState.RUNNING);
    private static final VirtualMachine LAB_OFF = vm("lab-student-03", "Lab seat 03", DomainState.SHUTOFF);
    private static final VirtualMachine CAD = vm("win10-cad", "Windows 10 CAD workstation", DomainState.RUNNING);
    private static final VirtualMachine SANDBOX = vm("malware-sandbox", "", DomainState.SHUTOFF);
    private static final VirtualMachine FEDORA = vm("fedora-workstation", "Fedora", DomainState.PAUSED);
    private static final VirtualMachine STOPPING = vm("ubuntu-24.04-dev", "", DomainState.SHUTDOWN);
    private static final List<VirtualMachine> ALL = List.of(LAB_RUNNING, LAB_OFF, CAD, SANDBOX, FEDORA, STOPPING);

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  ", "\t"})
    void noWordsMatchEverything(String text) {
        VmFilter filter = new VmFilter(text);

        assertThat(filter.isEmpty()).isTrue();
        assertThat(matches(filter)).containsExactlyElementsOf(ALL);
    }

    @Test
    void noneMatchesEverything() {
        assertThat(VmFilter.NONE.isEmpty()).isTrue();
        assertThat(matches(VmFilter.NONE)).containsExactlyElementsOf(ALL);
    }

    @Test
    void matchesPartOfTheNameIgnoringCase() {
        assertThat(matches("CAD")).containsExactly(CAD);
        assertThat(matches("student")).containsExactly(LAB_RUNNING, LAB_OFF);
    }

    @Test
    void matchesTheTitle() {
        assertThat(matches("workstation")).containsExactly(CAD, FEDORA);
        assertThat(matches("seat 03")).containsExactly(LAB_OFF);
    }

    @Test
    void matchesTheStateByIdOrLabel() {
        assertThat(matches("shut off")).containsExactly(LAB_OFF, SANDBOX);
        assertThat(matches("shutoff")).containsExactly(LAB_OFF, SANDBOX);
        assertThat(matches("RUNNING")).containsExactly(LAB_RUNNING, CAD);
        assertThat(matches("paused")).containsExactly(FEDORA);
        assertThat(matches("shutting down")).containsExactly(STOPPING);
    }

    @Test
    void everyWordMustMatch() {
        assertThat(matches("lab run")).containsExactly(LAB_RUNNING);
        assertThat(matches("  lab   off ")).containsExactly(LAB_OFF);
        assertThat(matches("lab paused")).isEmpty();
        assertThat(matches("sandbox running")).isEmpty();
    }

    @Test
    void wordsMatchAnyFieldIndependently() {
        // "windows" is only in the title, "cad" in both, "running" only in the state
        assertThat(matches("windows cad running")).containsExactly(CAD);
    }

    @Test
    void unknownWordsMatchNothing() {
        assertThat(matches("gentoo")).isEmpty();
    }

    private static List<VirtualMachine> matches(String text) {
        VmFilter filter = new VmFilter(text);
        assertThat(filter.isEmpty()).isFalse();
        return matches(filter);
    }

    private static List<VirtualMachine> matches(VmFilter filter) {
        return ALL.stream().filter(filter).toList();
    }

    private static VirtualMachine vm(String name, String title, DomainState state) {
        String xml = "<domain type='kvm'><name>" + name + "</name>"
                + "<uuid>" + java.util.UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "</uuid>"
                + (title.isEmpty() ? "" : "<title>" + title + "</title>")
                + "</domain>";
        boolean active = state != DomainState.SHUTOFF;
        return new VirtualMachine("conn", DomainDescription.parse(xml), state, active, true, false);
    }
}
