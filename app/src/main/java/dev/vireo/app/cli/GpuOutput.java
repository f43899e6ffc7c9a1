package dev.vireo.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.HostGpus;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** What {@code vireo gpu list} and {@code vireo gpu check} print: a table or text, or JSON. */
final class GpuOutput {

    private GpuOutput() {
    }

    static void writeText(String host, GpuReadiness r, PrintWriter out) {
        out.println(host + ": " + (r.hostReady() ? "ready for GPU pass-through" : "not ready for GPU pass-through"));
        r.host().forEach(c -> check(c, "  ", out));
        if (r.cards().isEmpty()) {
            out.println("No graphics cards (PCI display class) on this host.");
        }
        for (GpuReadiness.CardChecks card : r.cards()) {
            HostGpus.PciFunction d = card.gpu().device();
            out.println();
            out.println(d.address() + "  " + d.product() + " (" + d.vendorId() + ":" + d.productId() + "): "
                    + (!r.ready(card) ? "not ready" : card.worst() == GpuReadiness.Verdict.OK ? "ready"
                    : "ready as far as libvirt shows; see below"));
            card.checks().forEach(c -> check(c, "  ", out));
        }
    }

    private static void check(GpuReadiness.Check c, String indent, PrintWriter out) {
        out.println(indent + "[" + c.verdict().word + "] " + c.title() + ": " + c.finding());
        if (!c.fix().isEmpty()) {
            out.println(indent + "    fix: " + c.fix());
        }
    }

    static void writeJson(GpuReadiness r, PrintWriter out) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeBooleanField("hostReady", r.hostReady());
            g.writeArrayFieldStart("host");
            for (GpuReadiness.Check c : r.host()) {
                writeCheck(g, c);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("cards");
            for (GpuReadiness.CardChecks card : r.cards()) {
                g.writeStartObject();
                g.writeStringField("name", card.gpu().name());
                g.writeStringField("address", card.gpu().device().address());
                g.writeStringField("product", card.gpu().device().product());
                g.writeBooleanField("ready", r.ready(card));
                g.writeStringField("verdict", card.worst().id());
                g.writeArrayFieldStart("checks");
                for (GpuReadiness.Check c : card.checks()) {
                    writeCheck(g, c);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void writeCheck(JsonGenerator g, GpuReadiness.Check c) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", c.id());
        g.writeStringField("title", c.title());
        g.writeStringField("verdict", c.verdict().id());
        g.writeStringField("finding", c.finding());
        g.writeStringField("fix", c.fix());
        g.writeEndObject();
    }

    static void writeJson(HostGpus gpus, PrintWriter out) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (HostGpus.Gpu gpu : gpus.gpus()) {
                HostGpus.PciFunction d = gpu.device();
                g.writeStartObject();
                g.writeStringField("name", gpu.name());
                g.writeStringField("address", d.address());
                g.writeStringField("vendorId", d.vendorId());
                g.writeStringField("productId", d.productId());
                g.writeStringField("vendor", d.vendor());
                g.writeStringField("product", d.product());
                g.writeStringField("class", String.format("0x%06x", d.classCode()));
                g.writeStringField("driver", gpu.driver());
                g.writeNumberField("iommuGroup", gpu.iommuGroup());
                strings(g, "groupMembers", gpu.groupMembers());
                g.writeBooleanField("isolated", gpu.isolated());
                strings(g, "groupStrangers", gpu.strangers());
                g.writeArrayFieldStart("functions");
                for (HostGpus.PciFunction f : gpu.functions()) {
                    g.writeStartObject();
                    g.writeStringField("name", f.nodeDevice());
                    g.writeStringField("address", f.address());
                    g.writeStringField("product", f.product());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("mdevTypes");
                for (HostGpus.MdevType t : gpu.mdevTypes()) {
                    g.writeStartObject();
                    g.writeStringField("id", t.id());
                    g.writeStringField("name", t.name());
                    g.writeNumberField("available", t.available());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("mdevs");
                for (HostGpus.Mdev m : gpu.mdevs()) {
                    g.writeStartObject();
                    g.writeStringField("name", m.nodeDevice());
                    g.writeStringField("uuid", m.uuid());
                    g.writeStringField("type", m.typeId());
                    strings(g, "usedBy", m.usedBy());
                    g.writeEndObject();
                }
                g.writeEndArray();
                strings(g, "usedBy", gpu.usedBy());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeRaw('\n');
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void writeTable(HostGpus gpus, PrintWriter out) {
        if (gpus.gpus().isEmpty()) {
            out.println("No graphics cards (PCI display class) on this host.");
            return;
        }
        String format = "%-13s  %-9s  %-40s  %-11s  %-5s  %-8s  %s%n";
        out.printf(format, "Address", "ID", "Card", "Driver", "Group", "Isolated", "Used by / vGPU types");
        for (HostGpus.Gpu gpu : gpus.gpus()) {
            HostGpus.PciFunction d = gpu.device();
            String card = d.product().length() > 40 ? d.product().substring(0, 39) + "…" : d.product();
            StringBuilder use = new StringBuilder(String.join(", ", gpu.usedBy()));
            for (HostGpus.Mdev m : gpu.mdevs()) {
                use.append(use.length() > 0 ? "; " : "").append("vGPU ").append(m.uuid(), 0, 8).append("… ").append(m.typeId())
                        .append(m.usedBy().isEmpty() ? " (unused)" : " (" + String.join(", ", m.usedBy()) + ")");
            }
            for (HostGpus.MdevType t : gpu.mdevTypes()) {
                use.append(use.length() > 0 ? "; " : "").append(t.id()).append(" (").append(t.name()).append(", ")
                        .append(t.available()).append(" free)");
            }
            out.printf(format, d.address(), d.vendorId() + ":" + d.productId(), card, gpu.driver(),
                    gpu.iommuGroup() < 0 ? "-" : Integer.toString(gpu.iommuGroup()),
                    gpu.iommuGroup() < 0 ? "no IOMMU" : gpu.isolated() ? "yes" : "no (" + String.join(", ", gpu.strangers()) + ")",
                    use);
        }
    }
}
