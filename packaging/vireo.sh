#!/bin/sh
# Vireo: the manager window without arguments, the command line with them (vireo --help).
#
# The runtime's java with the options and class path jpackage wrote for its own launcher
# (/opt/vireo/bin/vireo, which starts the same way but asks rpm and dpkg which package owns it
# at every start, ~0.15 s). glibc's per-thread malloc arenas cost the JVM memory it never uses.
# VIREO_JAVA_OPTS: extra JVM options, after ours (so they win), as ./vireo takes them.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# shellcheck disable=SC2086
exec /opt/vireo/lib/runtime/bin/java @/opt/vireo/lib/app/vireo.args ${VIREO_JAVA_OPTS:-} dev.vireo.app.Main "$@"
