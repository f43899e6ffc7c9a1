package dev.vireo.app.cli;

import dev.vireo.app.console.ConsoleEndpoint;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.spice.VvFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vireo vv NAME -o FILE.vv}: a remote-viewer connection file for a VM's console. */
@Command(name = "vv", mixinStandardHelpOptions = true,
        description = "Write a remote-viewer compatible .vv file for a VM's SPICE console.")
final class VvCommand implements Callable<Integer> {

    @ParentCommand
    private VireoCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The VM's name or UUID.")
    private String name;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.vv", required = true, description = "The file to write.")
    private Path output;

    @Option(names = "--with-password", description = "Put the console's password in the file (readable only by you);"
            + " without it, the viewer asks for it.")
    private boolean withPassword;

    @Override
    public Integer call() {
        try (CliSession session = CliSession.open(parent.connectOptions().single(), parent.demoHost())) {
            VirtualMachine vm = session.find(name);
            ConsoleEndpoint endpoint = ConsoleEndpoint.of(vm, session.connection().uri().uri());
            if (endpoint.viaSsh()) {
                throw new VirtException("“" + vm.name() + "”'s console is reached through SSH, which a .vv file cannot"
                        + " describe: open it with vireo console " + vm.name() + " --connect URI instead.", "via ssh");
            }
            Optional<char[]> password = CliSession.await(session.connection().operations().spicePassword(vm));
            String pw = withPassword ? password.map(String::new).orElse(null) : null;
            password.ifPresent(p -> java.util.Arrays.fill(p, '\0'));
            VvFile plain = VvFile.spice(endpoint.host(), endpoint.port(), endpoint.tlsPort(), pw, vm.name());
            VvFile vv = endpoint.tlsPort() <= 0 ? plain : dev.vireo.app.console.SpiceTrust.forHost(
                    session.connection().uri().uri(), false, () -> null).map(t -> plain.withTrust(t.caPem(), t.subject())).orElse(plain);
            try {
                Files.deleteIfExists(output);
                Files.createFile(output, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(output, vv.format(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                throw new VirtException("Could not write " + output + ": " + e.getMessage(), e.toString(), e);
            }
            spec.commandLine().getOut().println("Wrote " + output + " (spice://" + endpoint.host() + ":"
                    + (endpoint.port() > 0 ? endpoint.port() : endpoint.tlsPort()) + ")");
            if (password.isPresent() && !withPassword) {
                spec.commandLine().getErr().println("vireo: the console has a password; the file does not hold it"
                        + " (the viewer asks; --with-password puts it in the file, readable only by you)");
            }
        }
        return 0;
    }
}
