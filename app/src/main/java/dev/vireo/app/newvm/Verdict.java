package dev.vireo.app.newvm;

import java.util.Arrays;
import java.util.List;

/**
 * What stands in the way of creating a VM ({@code refusals}: nothing is created while there is
 * one) and what the user should know but may accept ({@code warnings}), each a sentence. Each
 * refusal has the topic it is about, so the wizard page of that topic can say it.
 */
public record Verdict(List<Refusal> problems, List<String> warnings) {

    /** What a refusal is about: one wizard page each, or two for the OS and resources page. */
    public enum Topic { SOURCE, RESOURCES, FIRMWARE, STORAGE, NETWORK, DISPLAY, GPU, NAME }

    public record Refusal(Topic topic, String text) {
    }

    public Verdict {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    /** Every refusal, as sentences. */
    public List<String> refusals() {
        return problems.stream().map(Refusal::text).toList();
    }

    /** The refusals about {@code topics}. */
    public List<String> refusals(Topic... topics) {
        List<Topic> wanted = Arrays.asList(topics);
        return problems.stream().filter(r -> wanted.contains(r.topic())).map(Refusal::text).toList();
    }
}
