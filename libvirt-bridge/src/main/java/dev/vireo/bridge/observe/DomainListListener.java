package dev.vireo.bridge.observe;

import dev.vireo.bridge.model.VirtualMachine;
import java.util.Collection;
import java.util.Set;

/** Told what changed in a {@link DomainList}: domains added or replaced, and keys removed. */
@FunctionalInterface
public interface DomainListListener {

    void changed(Collection<VirtualMachine> upserted, Set<String> removedKeys);
}
