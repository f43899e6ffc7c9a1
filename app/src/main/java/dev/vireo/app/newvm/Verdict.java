package dev.vireo.app.newvm;

import java.util.List;

/**
 * What stands in the way of creating a VM ({@code refusals}: nothing is created while there is
 * one) and what the user should know but may accept ({@code warnings}), each a sentence.
 */
public record Verdict(List<String> refusals, List<String> warnings) {

    public Verdict {
        refusals = List.copyOf(refusals);
        warnings = List.copyOf(warnings);
    }

    public boolean ok() {
        return refusals.isEmpty();
    }
}
