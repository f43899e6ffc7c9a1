package dev.vireo.app.cli;

import dev.vireo.bridge.DomainOperations;
import dev.vireo.bridge.model.VirtualMachine;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vireo start|shutdown|reboot|destroy|suspend|resume|delete NAME}: one lifecycle operation. */
@Command(mixinStandardHelpOptions = true, description = "Change a virtual machine's state.")
final class LifecycleCommand implements Callable<Integer> {

    /** The operations, named as virsh names them. */
    enum Verb {
        START("start", "Start a virtual machine.", "Started", DomainOperations::start),
        SHUTDOWN("shutdown", "Ask a virtual machine to shut down.", "Shutdown requested for", DomainOperations::shutdown),
        REBOOT("reboot", "Reboot a virtual machine.", "Reboot requested for", DomainOperations::reboot),
        DESTROY("destroy", "Force a virtual machine off at once.", "Forced off", DomainOperations::forceOff),
        SUSPEND("suspend", "Pause a running virtual machine.", "Paused", DomainOperations::pause),
        RESUME("resume", "Resume a paused virtual machine.", "Resumed", DomainOperations::resume),
        SAVE("managedsave", "Save a virtual machine's memory to disk and stop it.", "Saved", DomainOperations::managedSave),
        DELETE("delete", "Delete a shut-off virtual machine's definition (its storage is kept).", "Deleted",
                DomainOperations::delete);

        final String command;
        final String description;
        final String done;
        final BiFunction<DomainOperations, VirtualMachine, CompletableFuture<Void>> operation;

        Verb(String command, String description, String done,
                BiFunction<DomainOperations, VirtualMachine, CompletableFuture<Void>> operation) {
            this.command = command;
            this.description = description;
            this.done = done;
            this.operation = operation;
        }
    }

    private final Verb verb;

    @ParentCommand
    private VireoCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The VM's name or UUID.")
    private String name;

    LifecycleCommand(Verb verb) {
        this.verb = verb;
    }

    @Override
    public Integer call() {
        try (CliSession session = CliSession.open(parent.connectOptions().single(), parent.demoHost())) {
            VirtualMachine vm = session.find(name);
            CliSession.await(verb.operation.apply(session.connection().operations(), vm));
            spec.commandLine().getOut().println(verb.done + " " + vm.name());
        }
        return 0;
    }
}
