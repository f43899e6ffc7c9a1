package dev.vireo.bridge;

import dev.vireo.bridge.model.DomainState;
import dev.vireo.bridge.model.Screenshot;
import dev.vireo.bridge.model.Xml;
import dev.vireo.bridge.model.VirtualMachine;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;
import org.libvirt.Stream;
import org.w3c.dom.Element;

/**
 * Lifecycle operations on the domains of one connection. Each runs on the connection's thread,
 * refreshes the domain afterwards (events do too; the list ignores a repeat) and fails with a
 * {@link VirtException} whose sentence names the VM.
 */
public final class DomainOperations {

    /** virDomainUndefineFlags: also remove the managed save image, snapshot and checkpoint metadata, and NVRAM. */
    static final int UNDEFINE_FLAGS = 1 /* MANAGED_SAVE */ | 2 /* SNAPSHOTS_METADATA */ | 4 /* NVRAM */
            | 16 /* CHECKPOINTS_METADATA */;
    /**
     * For drivers that reject the NVRAM or checkpoint flags (libvirt's test driver does). Safe: a
     * domain that has NVRAM still refuses to be undefined without the NVRAM flag.
     */
    static final int UNDEFINE_FLAGS_BASIC = 1 /* MANAGED_SAVE */ | 2 /* SNAPSHOTS_METADATA */;

    private final HostConnection connection;

    DomainOperations(HostConnection connection) {
        this.connection = connection;
    }

    public CompletableFuture<Void> start(VirtualMachine vm) {
        return run(vm, "start", Domain::create);
    }

    /** Asks the guest to shut down (ACPI or agent); it may take a while or be ignored. */
    public CompletableFuture<Void> shutdown(VirtualMachine vm) {
        return run(vm, "shut down", Domain::shutdown);
    }

    public CompletableFuture<Void> reboot(VirtualMachine vm) {
        return run(vm, "reboot", d -> d.reboot(0));
    }

    /** Stops the domain at once, like pulling the power cord. */
    public CompletableFuture<Void> forceOff(VirtualMachine vm) {
        return run(vm, "force off", Domain::destroy);
    }

    public CompletableFuture<Void> pause(VirtualMachine vm) {
        return run(vm, "pause", Domain::suspend);
    }

    /** Resumes a paused domain, or wakes a PM-suspended one. */
    public CompletableFuture<Void> resume(VirtualMachine vm) {
        return run(vm, "resume", d -> {
            if (vm.state() == DomainState.PMSUSPENDED) {
                d.PMwakeup();
            } else {
                d.resume();
            }
        });
    }

    /** Saves the domain's memory to disk and stops it; the next start resumes from the image. */
    public CompletableFuture<Void> managedSave(VirtualMachine vm) {
        return run(vm, "save", Domain::managedSave);
    }

    /**
     * Undefines a shut-off domain with its managed save image, snapshot metadata and NVRAM. Its
     * storage volumes are kept. A running domain is refused with a reason.
     */
    public CompletableFuture<Void> delete(VirtualMachine vm) {
        if (vm.active()) {
            return CompletableFuture.failedFuture(new VirtException(
                    "Could not delete “" + vm.name() + "”: it is " + vm.state().label().toLowerCase(java.util.Locale.ROOT)
                            + ". Shut it down or force it off first.",
                    "state " + vm.state().id()));
        }
        if (!vm.persistent()) {
            return CompletableFuture.failedFuture(new VirtException(
                    "Could not delete “" + vm.name() + "”: it is a transient domain and disappears when it stops.",
                    "transient domain"));
        }
        return run(vm, "delete", DomainOperations::undefine);
    }

    /** Undefines with {@link #UNDEFINE_FLAGS}, or the basic ones where the driver rejects those. */
    static void undefine(Domain d) throws LibvirtException {
        try {
            d.undefine(UNDEFINE_FLAGS);
        } catch (LibvirtException e) {
            if (e.getError().getCode() != org.libvirt.Error.ErrorNumber.VIR_ERR_INVALID_ARG
                    || !String.valueOf(e.getError().getMessage()).contains("unsupported flags")) {
                throw e;
            }
            d.undefine(UNDEFINE_FLAGS_BASIC);
        }
    }

    /**
     * The domain's current XML as libvirt has it now (the live one while it runs). With
     * {@code secure}, secrets such as the console password are included: for a console that must
     * log in, never for display or logs.
     */
    public CompletableFuture<String> definition(VirtualMachine vm, boolean secure) {
        return definition(vm, secure ? 1 /* VIR_DOMAIN_XML_SECURE */ : 0);
    }

    /**
     * The password of the domain's SPICE console, read from its live definition with secrets; empty
     * when it has none. For connecting the console only: never shown or logged.
     */
    public CompletableFuture<Optional<char[]>> spicePassword(VirtualMachine vm) {
        return definition(vm, 1 /* VIR_DOMAIN_XML_SECURE */).thenApply(xml -> {
            Element devices = Xml.child(Xml.parse(xml).getDocumentElement(), "devices");
            for (Element g : devices == null ? List.<Element>of() : Xml.children(devices)) {
                if (g.getTagName().equals("graphics") && "spice".equals(g.getAttribute("type"))) {
                    String pw = g.getAttribute("passwd");
                    return pw.isEmpty() ? Optional.<char[]>empty() : Optional.of(pw.toCharArray());
                }
            }
            return Optional.<char[]>empty();
        });
    }

    /** The definition the domain boots with next time (not the running one). */
    public CompletableFuture<String> inactiveDefinition(VirtualMachine vm) {
        return definition(vm, 2 /* VIR_DOMAIN_XML_INACTIVE */);
    }

    private CompletableFuture<String> definition(VirtualMachine vm, int flags) {
        return connection.call("Could not read the definition of “" + vm.name() + "”", c -> {
            Domain d = c.domainLookupByUUIDString(vm.uuid());
            try {
                return d.getXMLDesc(flags);
            } finally {
                d.free();
            }
        });
    }

    /**
     * The current frame of monitor {@code screen} (0 is the first), as the hypervisor sends it;
     * for checking what a guest shows without a console.
     */
    public CompletableFuture<Screenshot> screenshot(VirtualMachine vm, int screen) {
        return connection.call("Could not take a screenshot of “" + vm.name() + "”", c -> {
            Domain d = c.domainLookupByUUIDString(vm.uuid());
            Stream stream = c.streamNew(0);
            try {
                String mime = d.screenshot(stream, screen);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = stream.receive(buffer)) > 0; ) {
                    out.write(buffer, 0, n);
                }
                stream.finish();
                return new Screenshot(mime, out.toByteArray());
            } finally {
                stream.free();
                d.free();
            }
        });
    }

    private CompletableFuture<Void> run(VirtualMachine vm, String verb, DomainAction action) {
        String what = "Could not " + verb + " “" + vm.name() + "”";
        return connection.<Void>call(what, c -> {
            Domain d = c.domainLookupByUUIDString(vm.uuid());
            try {
                action.apply(d);
            } finally {
                d.free();
            }
            return null;
        }).whenComplete((ok, failure) -> connection.refresh(vm.uuid()));
    }

    @FunctionalInterface
    private interface DomainAction {
        void apply(Domain domain) throws LibvirtException;
    }
}
