package dev.vireo.app.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vireo.bridge.model.VirtualMachine;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code vireo list}: the VMs of one host, as a table or as JSON. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the virtual machines of a host (running ones unless --all).")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    private VireoCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = {"-a", "--all"}, description = "Include VMs that are not running.")
    private boolean all;

    @Option(names = "--json", description = "Print a JSON array of objects "
            + "(name, uuid, state, vcpus, memoryMiB, persistent, ...).")
    private boolean json;

    @Override
    public Integer call() {
        List<VirtualMachine> vms;
        try (CliSession session = CliSession.open(parent.connectOptions().single(), parent.demoHost())) {
            vms = session.domains().stream()
                    .filter(vm -> all || vm.active())
                    .sorted(Comparator.comparing(VirtualMachine::name))
                    .toList();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            writeJson(vms, out);
        } else {
            writeTable(vms, out);
        }
        out.flush();
        return 0;
    }

    static void writeJson(List<VirtualMachine> vms, PrintWriter out) {
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.writeStartArray();
            for (VirtualMachine vm : vms) {
                var d = vm.description();
                g.writeStartObject();
                g.writeStringField("name", vm.name());
                g.writeStringField("uuid", vm.uuid());
                g.writeStringField("state", vm.state().id());
                g.writeNumberField("vcpus", d.vcpus());
                g.writeNumberField("memoryMiB", d.memoryMiB());
                g.writeBooleanField("persistent", vm.persistent());
                g.writeBooleanField("active", vm.active());
                g.writeBooleanField("managedSave", vm.managedSave());
                g.writeStringField("title", d.title());
                g.writeArrayFieldStart("graphics");
                for (var graphics : d.graphics()) {
                    g.writeString(graphics.type());
                }
                g.writeEndArray();
                g.writeNumberField("hostdevs", d.pciHostdevs() + d.mdevHostdevs());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeRaw('\n');
            g.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeTable(List<VirtualMachine> vms, PrintWriter out) {
        int width = Math.max(4, vms.stream().mapToInt(vm -> vm.name().codePointCount(0, vm.name().length())).max().orElse(4));
        String format = "%-" + width + "s  %-13s  %5s  %10s  %s%n";
        out.printf(format, "Name", "State", "vCPUs", "Memory", "UUID");
        for (VirtualMachine vm : vms) {
            out.printf(format, vm.name(), vm.state().label(), vm.description().vcpus(),
                    vm.description().memoryMiB() + " MiB", vm.uuid());
        }
    }
}
