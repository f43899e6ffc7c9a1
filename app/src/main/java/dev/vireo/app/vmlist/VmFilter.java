package dev.vireo.app.vmlist;

import dev.vireo.bridge.model.VirtualMachine;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The filter field's rule: every word typed must appear in the VM's name or title, or name its
 * state ("running", "shut off", "shutoff", "paused", ...). Case does not matter.
 */
public final class VmFilter implements Predicate<VirtualMachine> {

    public static final VmFilter NONE = new VmFilter("");

    private final List<String> words;

    public VmFilter(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        this.words = t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
    }

    public boolean isEmpty() {
        return words.isEmpty();
    }

    @Override
    public boolean test(VirtualMachine vm) {
        if (words.isEmpty()) {
            return true;
        }
        String name = vm.name().toLowerCase(Locale.ROOT);
        String title = vm.description().title().toLowerCase(Locale.ROOT);
        String state = vm.state().id() + " " + vm.state().label().toLowerCase(Locale.ROOT);
        for (String w : words) {
            if (!name.contains(w) && !title.contains(w) && !state.contains(w)) {
                return false;
            }
        }
        return true;
    }
}
