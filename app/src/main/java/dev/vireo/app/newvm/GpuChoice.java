package dev.vireo.app.newvm;

import dev.vireo.app.gpu.PassthroughPlan;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.HostGpus;
import java.util.Objects;
import java.util.Optional;

/**
 * A graphics card to pass through to the new VM: the card, how ({@link PassthroughPlan.Options}:
 * its other functions, ROM, detach, hiding the hypervisor), and the host's readiness it was chosen
 * under. The VM's generated definition is patched by the same {@link PassthroughPlan} as an
 * existing VM's, so the refusals and warnings are the same sentences.
 */
public record GpuChoice(HostGpus.Gpu card, PassthroughPlan.Options options, GpuReadiness readiness) {

    public GpuChoice {
        Objects.requireNonNull(card, "card");
        Objects.requireNonNull(options, "options");
    }

    /** The plan for a new (shut-off) VM named {@code vmName} whose generated definition is {@code xml}. */
    public PassthroughPlan plan(String xml, String vmName) {
        return PassthroughPlan.of(xml, vmName, false, card, readiness, options);
    }

    /** The same card as {@code fresh} readiness sees it (who uses it now); empty when the host no longer has it. */
    public Optional<GpuChoice> in(GpuReadiness fresh) {
        return fresh.cards().stream().map(GpuReadiness.CardChecks::gpu)
                .filter(g -> g.device().address().equals(card.device().address()))
                .findFirst().map(g -> new GpuChoice(g, options, fresh));
    }

    /** "0000:05:00.0 GF100GL [Quadro 6000]". */
    public String label() {
        return card.device().address() + " " + card.device().product();
    }
}
