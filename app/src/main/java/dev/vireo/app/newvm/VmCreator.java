package dev.vireo.app.newvm;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.Provisioning;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.GpuReadiness;
import dev.vireo.bridge.model.HostFacts;
import dev.vireo.bridge.model.HostInventory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates a VM the way the wizard and {@code vireo create} describe it: checks the request against
 * fresh host facts (and, with a graphics card, the host's fresh readiness for it), fetches a
 * network installer, creates the new disk, defines the domain and starts it. When a step fails,
 * what the earlier steps made is removed again, newest first (the domain, the disk, the
 * installer's copies), so a failure leaves the host as it was. The steps run one after the other
 * on a thread of their own; libvirt calls go through the connection's thread.
 */
public final class VmCreator {

    private static final Logger LOG = LoggerFactory.getLogger(VmCreator.class);

    /** Told of each step as it begins: {@code step} of {@code steps}, in a sentence. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (step, steps, what) -> { };

        void step(int step, int steps, String what);

        /** How far the current step is, 0 to 1, where it can tell (downloads, uploads). */
        default void fraction(double done) {
        }
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
    private final InstallTree trees;
    private final OsDatabase.Os os;

    public VmCreator(HostConnection connection) {
        this(connection, new InstallTree(InstallTree.defaultClient()), null);
    }

    /** With the OS the request names (for its install tree's paths) and how trees are fetched. */
    public VmCreator(HostConnection connection, InstallTree trees, OsDatabase.Os os) {
        this.connection = connection;
        this.trees = trees;
        this.os = os;
    }

    public CompletableFuture<Created> create(CreationRequest request, Progress progress) {
        CompletableFuture<Created> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(new Run(request, progress).run());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        }, "vireo-create");
        worker.setDaemon(true);
        worker.start();
        return result;
    }

    /** One creation: its steps, what to undo, the files to clean up. */
    private final class Run {
        private CreationRequest request; // its card replaced by the card as fresh readiness sees it
        private final NewVm vm;
        private final Progress progress;
        private final Provisioning p = connection.provisioning();
        private final Deque<Undo> undo = new ArrayDeque<>();
        private final List<Path> files = new ArrayList<>();
        private final int steps;
        private int step;
        private double reported;

        Run(CreationRequest request, Progress progress) {
            this.request = request;
            this.vm = request.vm();
            this.progress = progress;
            boolean net = vm.source() instanceof NewVm.Source.NetworkInstall;
            this.steps = 2 + (net ? 4 : 0) + (request.disk() instanceof DiskChoice.NewVolume ? 1 : 0)
                    + (request.start() ? 1 + (net ? 1 : 0) : 0);
        }

        Created run() {
            String host = connection.uri().displayName();
            begin("Checking " + host);
            HostFacts facts = await(connection.hostFacts());
            HostInventory inventory = await(p.inventory());
            if (request.gpu() != null) { // the card as the host sees it now: who else uses it, whether it is still there
                GpuChoice card = request.gpu();
                GpuReadiness fresh = await(connection.gpus().readiness());
                request = request.withGpu(card.in(fresh).orElseThrow(() -> new Refused(vm.name(), new Verdict(
                        List.of(new Verdict.Refusal(Verdict.Topic.GPU, "The graphics card " + card.label()
                                + " is no longer on " + host + ".")), List.of()))));
            }
            Verdict verdict = CreationCheck.check(request, inventory, facts, host);
            if (!verdict.ok()) {
                throw new Refused(vm.name(), verdict);
            }
            try {
                return make(inventory, verdict);
            } catch (RuntimeException e) {
                throw takeBack(e);
            } finally {
                for (Path f : files) {
                    try {
                        Files.deleteIfExists(f);
                    } catch (IOException e) {
                        LOG.warn("could not delete {}: {}", f, e.getMessage());
                    }
                }
            }
        }

        private Created make(HostInventory inventory, Verdict verdict) {
            List<String> installer = null; // kernel and initrd volume paths, with the command line
            if (vm.source() instanceof NewVm.Source.NetworkInstall net) {
                installer = fetchInstaller(net, inventory);
            }
            String diskPath = request.disk() instanceof DiskChoice.Existing e ? e.path() : null;
            if (request.disk() instanceof DiskChoice.NewVolume v) {
                begin("Creating the " + CreationCheck.gib(v.sizeBytes()) + " disk “" + v.name() + "” in pool “" + v.pool() + "”");
                String path = await(p.createVolume(v.pool(), v.name(), v.sizeBytes(), "qcow2")).path();
                undo.push(new Undo("the disk " + path, () -> p.deleteVolume(path)));
                diskPath = path;
            }
            String finalXml = request.domainXml(diskPath);
            String firstXml = installer == null ? finalXml
                    : CreationRequest.installXml(finalXml, installer.get(0), installer.get(1), installer.get(2));
            begin("Defining “" + vm.name() + "”");
            String uuid = await(p.define(vm.name(), firstXml, request.customXml() != null));
            undo.push(new Undo("the VM “" + vm.name() + "”", () -> p.remove(vm.name(), uuid)));
            if (request.start()) {
                begin("Starting “" + vm.name() + "”");
                await(p.start(vm.name(), uuid));
                if (installer != null) {
                    begin("Setting “" + vm.name() + "” to boot its disk once the installer is done");
                    await(p.redefine(vm.name(), uuid, finalXml));
                    // QEMU has read the kernel and initrd: their copies on the host are not needed any more
                    for (String path : installer.subList(0, 2)) {
                        try {
                            await(p.deleteVolume(path));
                        } catch (RuntimeException e) {
                            LOG.warn("could not delete the installer copy {}: {}", path, e.getMessage());
                        }
                    }
                }
            }
            LOG.info("created {} on {}", vm.name(), connection.uri().uri());
            return new Created(uuid, vm.name(), diskPath, request.start(), verdict.warnings());
        }

        /** Downloads the installer and copies it into a pool; returns the two volume paths and the command line. */
        private List<String> fetchInstaller(NewVm.Source.NetworkInstall net, HostInventory inventory) {
            String pool = installerPool(inventory);
            begin("Finding the installer in " + net.url());
            InstallTree.Installer found;
            try {
                found = trees.find(net, os);
                String safe = DiskChoice.volumeName(vm.name()).replace(".qcow2", "");
                Path dir = Files.createTempDirectory("vireo-install");
                files.add(dir);
                Path kernel = download("kernel", found.kernel(), dir);
                Path initrd = download("initrd", found.initrd(), dir);
                begin("Copying the installer into pool “" + pool + "”");
                long kernelSize = Files.size(kernel);
                double all = kernelSize + Files.size(initrd);
                String k = await(p.upload(pool, safe + "-install-kernel", kernel, b -> report(b / all))).path();
                undo.push(new Undo("the installer copy " + k, () -> p.deleteVolume(k)));
                String i = await(p.upload(pool, safe + "-install-initrd", initrd,
                        b -> report((kernelSize + b) / all))).path();
                undo.push(new Undo("the installer copy " + i, () -> p.deleteVolume(i)));
                String cmdline = String.join(" ", List.of(found.extraArgs(), net.cmdline() == null ? "" : net.cmdline()))
                        .strip();
                return List.of(k, i, cmdline);
            } catch (IOException e) {
                throw new VirtException("Could not fetch the installer: " + e.getMessage(), e.toString(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VirtException("Fetching the installer was interrupted.", e.toString(), e);
            }
        }

        private Path download(String what, java.net.URI uri, Path dir) throws IOException, InterruptedException {
            begin("Downloading the " + what + " from " + uri);
            long[] total = {-1};
            Path f = trees.download(uri, dir, t -> total[0] = t, b -> {
                if (total[0] > 0) {
                    report(Math.min(1, b / (double) total[0]));
                }
            });
            files.add(0, f); // before its directory
            return f;
        }

        /** The pool the installer is copied into: the new disk's, else "default", else the first active one. */
        private String installerPool(HostInventory inventory) {
            if (request.disk() instanceof DiskChoice.NewVolume v) {
                return v.pool();
            }
            return inventory.pool("default").filter(HostInventory.Pool::active)
                    .or(() -> inventory.pools().stream().filter(HostInventory.Pool::active).findFirst())
                    .map(HostInventory.Pool::name)
                    .orElseThrow(() -> new VirtException("Could not create “" + vm.name() + "”: a network install needs an"
                            + " active storage pool on " + connection.uri().displayName() + " to hold the installer.",
                            "no active pool"));
        }

        private void begin(String what) {
            reported = 0;
            progress.step(++step, steps, what);
        }

        /** Passes on progress within a step in whole percents, not per network buffer. */
        private void report(double done) {
            if (done - reported >= 0.01 || (done >= 1 && reported < 1)) {
                reported = done;
                progress.fraction(done);
            }
        }

        /** Undoes what was made, newest first, and says so in the message. */
        private VirtException takeBack(RuntimeException failure) {
            VirtException v = VirtException.wrap("Could not create “" + vm.name() + "”", failure);
            List<String> left = new ArrayList<>();
            while (!undo.isEmpty()) {
                Undo u = undo.pop();
                try {
                    await(u.action().run());
                } catch (RuntimeException e) {
                    VirtException why = VirtException.wrap("Could not remove " + u.what(), e);
                    LOG.warn("could not take back {} after a failed creation of {}: {}", u.what(), vm.name(), why.details());
                    left.add(why.userMessage());
                }
            }
            String gap = v.userMessage().contains("\n") ? "\n" : " "; // libvirt's schema errors span lines
            String outcome = left.isEmpty() ? "Nothing was left behind." : "Left behind: " + String.join(" ", left);
            return new VirtException(v.userMessage() + gap + outcome, v.details(), failure);
        }
    }

    private record Undo(String what, UndoAction action) {
    }

    @FunctionalInterface
    private interface UndoAction {
        CompletableFuture<Void> run();
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = VirtException.unwrap(e);
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        }
    }
}
