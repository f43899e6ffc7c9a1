package dev.vireo.app.cli;

import dev.vireo.app.console.ConsoleEndpoint;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.VirtualMachine;
import dev.vireo.spice.ConsoleClient;
import dev.vireo.spice.FramePng;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vireo console NAME --screenshot FILE.png}: a VM's SPICE console, without a window. */
@Command(name = "console", mixinStandardHelpOptions = true,
        description = "Open a VM's SPICE console in a window, or write its current frame as PNG (--screenshot).")
final class ConsoleCommand implements Callable<Integer> {

    @ParentCommand
    private VireoCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The VM's name or UUID.")
    private String name;

    @Option(names = "--screenshot", paramLabel = "FILE.png",
            description = "Write the console's frame to this PNG file; no window opens. Without it, the console opens"
                    + " in a window of its own.")
    private Path screenshot;

    @Option(names = "--wait-ms", paramLabel = "N", defaultValue = "500",
            description = "How long to let the screen settle after the first frame (default: ${DEFAULT-VALUE}).")
    private int waitMs;

    /** For bench/console.sh: the frame updates the bridge delivered per second during --wait-ms. */
    @Option(names = "--count-frames", hidden = true)
    private boolean countFrames;

    /** For bench/console.sh: key-to-update latency of the bridge alone, over N key presses. */
    @Option(names = "--measure-latency", paramLabel = "N", hidden = true, defaultValue = "0")
    private int latencyRounds;

    /** When the last frame update arrived (nanoTime), and how many arrived: the bench options'. */
    private final java.util.concurrent.atomic.AtomicLong lastUpdate = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong updates = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public Integer call() throws Exception {
        if (screenshot == null) {
            parent.launchWindow(new VireoCommand.Window.Console(name));
            return 0;
        }
        try (CliSession session = CliSession.open(parent.connectOptions().single(), parent.demoHost())) {
            VirtualMachine vm = session.find(name);
            ConsoleEndpoint remote = ConsoleEndpoint.of(vm, session.connection().uri().uri());
            dev.vireo.app.tunnel.SshTunnels tunnels = remote.viaSsh() ? new dev.vireo.app.tunnel.SshTunnels(session.prompter()) : null;
            ConsoleEndpoint endpoint;
            try {
                endpoint = remote.through(tunnels, session.connection().uri().uri());
            } catch (RuntimeException e) {
                if (tunnels != null) {
                    tunnels.close();
                }
                throw e;
            }
            char[] password = CliSession.await(session.connection().operations().spicePassword(vm)).orElse(null);
            CompletableFuture<ConsoleClient.Frame> first = new CompletableFuture<>();
            String[] why = {""};
            try (ConsoleClient client = ConsoleClient.start(new ConsoleClient.Listener() {
                @Override
                public void state(ConsoleClient.State state, String text) {
                    if (state == ConsoleClient.State.AUTH_FAILED || state == ConsoleClient.State.ERROR
                            || state == ConsoleClient.State.DISCONNECTED) {
                        why[0] = text;
                        first.completeExceptionally(new VirtException("Could not open the console of “" + vm.name()
                                + "”: " + text + ".", state + " " + text));
                    }
                }

                @Override
                public void surface(ConsoleClient.Frame frame) {
                    first.complete(frame);
                }

                @Override
                public void dirty(int display, int x, int y, int width, int height) {
                    lastUpdate.set(System.nanoTime());
                    updates.incrementAndGet();
                }
            })) {
                if (endpoint.tlsPort() > 0) {
                    dev.vireo.app.console.SpiceTrust.forHost(session.connection().uri().uri(), remote.viaSsh(), () -> tunnels)
                            .ifPresent(t -> client.trust(t.caPem(), t.subject()));
                }
                client.connect(endpoint.host(), endpoint.port(), endpoint.tlsPort(), password);
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
                try {
                    first.get(20, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new VirtException("Could not open the console of “" + vm.name() + "”: no picture from "
                            + endpoint.host() + ":" + endpoint.port() + " within 20 s.", "timeout");
                }
                long counted = updates.get();
                long since = System.nanoTime();
                Thread.sleep(Math.max(0, waitMs));
                if (countFrames) {
                    double seconds = (System.nanoTime() - since) / 1e9;
                    spec.commandLine().getOut().printf(java.util.Locale.ROOT, "frames/s %.1f%n", (updates.get() - counted) / seconds);
                }
                if (latencyRounds > 0) {
                    measureLatency(client);
                }
                ConsoleClient.Frame frame = client.frame(0);
                FramePng.write(frame, screenshot);
                spec.commandLine().getOut().println("Wrote " + frame.width() + "x" + frame.height() + " " + screenshot);
            } catch (java.util.concurrent.ExecutionException e) {
                throw VirtException.wrap("Could not open the console", e.getCause());
            } catch (IOException e) {
                throw new VirtException("Could not open the console of “" + vm.name() + "”: " + e.getMessage(), e.toString(), e);
            } finally {
                if (tunnels != null) {
                    tunnels.close();
                }
            }
        }
        return 0;
    }

    /**
     * Types 'a' and then Backspace into the guest's shell, N times: the time from sending the key
     * until the bridge reports the screen changed (the echo drawn and decoded), median and 90th
     * percentile. The screen must be otherwise still.
     */
    private void measureLatency(ConsoleClient client) throws InterruptedException {
        java.util.List<Double> ms = new java.util.ArrayList<>();
        for (int i = 0; i < latencyRounds; i++) {
            for (int scancode : new int[] {0x1e, 0x0e}) { // a, Backspace (PC XT set 1)
                long sent = System.nanoTime();
                client.key(true, scancode);
                client.key(false, scancode);
                long deadline = sent + 2_000_000_000L;
                while (lastUpdate.get() < sent && System.nanoTime() < deadline) {
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
                if (scancode == 0x1e && lastUpdate.get() >= sent) {
                    ms.add((lastUpdate.get() - sent) / 1e6);
                }
                Thread.sleep(250); // the screen still again
            }
        }
        java.util.Collections.sort(ms);
        if (ms.isEmpty()) {
            spec.commandLine().getOut().println("latency none: the screen did not change");
            return;
        }
        spec.commandLine().getOut().printf(java.util.Locale.ROOT, "latency median %.1f ms p90 %.1f ms (%d of %d)%n",
                ms.get(ms.size() / 2), ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.9) - 1)), ms.size(),
                latencyRounds);
    }
}
