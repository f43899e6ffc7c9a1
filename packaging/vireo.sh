#!/bin/sh
# Vireo: the manager window without arguments, the command line with them (vireo --help).
# glibc's per-thread malloc arenas cost the JVM memory it never uses (as ./vireo sets it)
MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}" exec /opt/vireo/bin/vireo "$@"
