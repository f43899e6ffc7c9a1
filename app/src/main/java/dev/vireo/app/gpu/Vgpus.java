package dev.vireo.app.gpu;

import dev.vireo.bridge.HostConnection;
import dev.vireo.bridge.VirtException;
import dev.vireo.bridge.model.VirtualMachine;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Giving a VM a new vGPU and taking vGPUs out of VMs, for the pass-through dialog, the graphics
 * cards window and the CLI alike: the mediated device and the VM's definition change together,
 * and a vGPU made for a VM that cannot take it is not left on the host (or the error says it is).
 * On the connection's thread.
 */
public final class Vgpus {

    private Vgpus() {
    }

    /**
     * Makes the vGPU {@code uuid} of {@code typeId} on the card {@code parentNodeDevice}, then
     * defines {@code vm} as {@code planned} (a {@link PassthroughPlan#ofVgpu} for that UUID). When
     * the VM cannot take it, the vGPU is removed again.
     */
    public static CompletableFuture<Void> makeAndGive(HostConnection connection, VirtualMachine vm, String parentNodeDevice,
            String typeId, String uuid, String planned) {
        return connection.gpus().createMdev(parentNodeDevice, typeId, uuid)
                .thenCompose(made -> connection.provisioning().redefine(vm.name(), vm.uuid(), planned)
                        .exceptionallyCompose(failure -> connection.gpus().removeMdevByUuid(uuid) // not left behind
                                .handle((undone, undoFailure) -> {
                                    if (undoFailure == null) {
                                        throw new CompletionException(VirtException.unwrap(failure));
                                    }
                                    VirtException why = VirtException.wrap("Could not change the definition of “" + vm.name()
                                            + "”", failure);
                                    throw new VirtException(why.userMessage() + " The vGPU " + uuid + " made for it is left on"
                                            + " the host: remove it in Graphics Cards or with vireo gpu mdev remove.",
                                            why.details(), failure);
                                })));
    }

    /** Takes the vGPU {@code uuid} out of each of {@code vms}' definitions (shut off), one after the other. */
    public static CompletableFuture<Void> takeFrom(HostConnection connection, List<VirtualMachine> vms, String uuid) {
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (VirtualMachine vm : vms) {
            all = all.thenCompose(x -> connection.operations().inactiveDefinition(vm)).thenCompose(xml -> {
                if (!PassthroughPlan.hasVgpu(xml, uuid)) {
                    throw new VirtException("The vGPU " + uuid + " is not given to “" + vm.name() + "”.", "no hostdev");
                }
                return connection.provisioning().redefine(vm.name(), vm.uuid(), PassthroughPlan.withoutVgpu(xml, uuid));
            });
        }
        return all;
    }
}
