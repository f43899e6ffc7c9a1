package dev.vireo.app.vmlist;

/** A row of the VM table: a connection's group header or one VM. */
public sealed interface TableEntry permits ConnectionRow, VmRow {
}
