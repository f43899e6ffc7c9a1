package dev.vireo.app.newvm;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.Provisioning;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.HostFacts;
import dev.vireo.bridge.model.HostInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a VM the way the wizard and {@code vireo create} describe it: checks the request against
 * fresh host facts, creates the new disk, defines the domain and starts it. When a step fails,
 * what the earlier steps made is removed again (the domain, then the new volume), so a failure
 * leaves the host as it was. Runs on the connection's thread through the bridge; the returned
 * future completes there.
 */
public final class VmCreator {

    private static final Logger LOG = LoggerFactory.getLogger(VmCreator.class);

    /** Told of each step as it begins: {@code step} of {@code steps}, in a sentence. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (step, steps, what) -> { };

        void step(int step, int steps, String what);
    }

    /** What was created. {@code diskPath} is null without a disk. */
    public record Created(String uuid, String name, String diskPath, boolean started, List<String> warnings) {
    }

    /** Refused before anything was created; {@link #verdict()} says why. */
    public static final class Refused extends VirtException {
        private final transient Verdict verdict;

        Refused(String name, Verdict verdict) {
            super("Could not create “" + name + "”: " + String.join(" ", verdict.refusals()),
                    String.join("\n", verdict.refusals()));
            this.verdict = verdict;
        }

        public Verdict verdict() {
            return verdict;
        }
    }

    private final HostConnection connection;

    public VmCreator(HostConnection connection) {
        this.connection = connection;
    }

    public CompletableFuture<Created> create(CreationRequest request, Progress progress) {
        NewVm vm = request.vm();
        Provisioning p = connection.provisioning();
        boolean newDisk = request.disk() instanceof DiskChoice.NewVolume;
        int steps = 2 + (newDisk ? 1 : 0) + (request.start() ? 1 : 0);
        int[] step = {0};
        List<Runnable> undo = new ArrayList<>();

        progress.step(++step[0], steps, "Checking " + connection.uri().displayName());
        return connection.hostFacts().thenCombine(p.inventory(), (HostFacts facts, HostInventory host) -> {
            Verdict verdict = CreationCheck.check(request, host, facts, connection.uri().displayName());
            if (!verdict.ok()) {
                throw new Refused(vm.name(), verdict);
            }
            return verdict;
        }).thenCompose(verdict -> {
            if (request.disk() instanceof DiskChoice.NewVolume v) {
                progress.step(++step[0], steps, "Creating the " + CreationCheck.gib(v.sizeBytes()) + " disk “" + v.name()
                        + "” in pool “" + v.pool() + "”");
                return p.createVolume(v.pool(), v.name(), v.sizeBytes(), "qcow2").thenApply(vol -> {
                    undo.add(0, () -> p.deleteVolume(vol.path()).join());
                    return new Step(verdict, vol.path());
                });
            }
            String path = request.disk() instanceof DiskChoice.Existing e ? e.path() : null;
            return CompletableFuture.completedFuture(new Step(verdict, path));
        }).thenCompose(s -> {
            progress.step(++step[0], steps, "Defining “" + vm.name() + "”");
            return p.define(vm.name(), request.domainXml(s.diskPath), request.customXml() != null).thenApply(uuid -> {
                undo.add(0, () -> p.remove(vm.name(), uuid).join());
                return s.withUuid(uuid);
            });
        }).thenCompose(s -> {
            if (!request.start()) {
                return CompletableFuture.completedFuture(s);
            }
            progress.step(++step[0], steps, "Starting “" + vm.name() + "”");
            return p.start(vm.name(), s.uuid).thenApply(ok -> s.asStarted());
        }).thenApply(s -> {
            LOG.info("created {} on {}", vm.name(), connection.uri().uri());
            return new Created(s.uuid, vm.name(), s.diskPath, s.started, s.verdict.warnings());
        }).exceptionallyCompose(failure -> {
            Throwable cause = VirtException.unwrap(failure);
            if (undo.isEmpty()) {
                return CompletableFuture.failedFuture(cause);
            }
            // take back on a thread of our own: the undo steps wait for the connection's thread
            return CompletableFuture.supplyAsync(() -> {
                List<String> left = new ArrayList<>();
                for (Runnable r : undo) {
                    try {
                        r.run();
                    } catch (CompletionException | VirtException e) {
                        Throwable why = VirtException.unwrap(e);
                        LOG.warn("could not take back a step of creating {}: {}", vm.name(), why.getMessage());
                        left.add(why instanceof VirtException v ? v.userMessage() : why.getMessage());
                    }
                }
                VirtException v = VirtException.wrap("Could not create “" + vm.name() + "”", cause);
                String gap = v.userMessage().contains("\n") ? "\n" : " "; // libvirt's schema errors span lines
                if (left.isEmpty()) {
                    throw new VirtException(v.userMessage() + gap + "Nothing was left behind.", v.details(), cause);
                }
                throw new VirtException(v.userMessage() + gap + "Left behind: " + String.join(" ", left), v.details(), cause);
            });
        });
    }

    private record Step(Verdict verdict, String diskPath, String uuid, boolean started) {
        Step(Verdict verdict, String diskPath) {
            this(verdict, diskPath, null, false);
        }

        Step withUuid(String id) {
            return new Step(verdict, diskPath, id, started);
        }

        Step asStarted() {
            return new Step(verdict, diskPath, uuid, true);
        }
    }
}
