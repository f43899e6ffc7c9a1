package dev.vireo.bridge.model;

import java.util.Objects;

/**
 * One domain as Vireo shows it: what its XML describes plus what libvirt says about it at run
 * time. Immutable; a state change produces a new instance.
 *
 * @param connectionId the id of the connection the domain lives on
 * @param description  parsed from the domain XML (the XML is kept inside)
 * @param state        the run state
 * @param active       whether the domain has a running process (libvirt's "active")
 * @param persistent   whether it has a persistent definition (false for transient domains)
 * @param managedSave  whether a managed save image exists (the domain resumes from it on start)
 */
public record VirtualMachine(
        String connectionId,
        DomainDescription description,
        DomainState state,
        boolean active,
        boolean persistent,
        boolean managedSave) {

    public VirtualMachine {
        Objects.requireNonNull(connectionId, "connectionId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(state, "state");
    }

    public String uuid() {
        return description.uuid();
    }

    public String name() {
        return description.name();
    }

    /** A key unique across connections. */
    public String key() {
        return connectionId + "/" + uuid();
    }
}
