#!/usr/bin/env bash
# Records the application class-data archive (PREFIX/lib/app/vireo.jsa) with a training run of
# the packaged window, started exactly as installed: /usr/bin/vireo, its options and its runtime,
# at PREFIX. A dynamic archive names the jars by their path (and checks their size and time), so
# the run must see them where dpkg will put them: in a mount namespace of its own, the image is
# mounted at PREFIX over an empty tmpfs, and the machine's own /opt is left alone.
#   train-cds.sh STAGE PREFIX      STAGE: the package's files (STAGE/usr/bin/vireo, STAGE/PREFIX)
#                                  needs DISPLAY, and HOME and XDG_* pointing at throw-away dirs
set -euo pipefail
stage="$(cd "$1" && pwd)" prefix="$2"
grep -qx -- "-XX:SharedArchiveFile=$prefix/lib/app/vireo.jsa" "$stage$prefix/lib/app/vireo.args" ||
  { echo "train-cds.sh: vireo.args does not read $prefix/lib/app/vireo.jsa" >&2; exit 1; }
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(--map-root-user)   # a user namespace: no sudo needed

unshare --mount --propagation private "${as_root[@]}" bash -s "$stage" "$prefix" <<'INNER'
set -euo pipefail
stage="$1" prefix="$2"
args="$prefix/lib/app/vireo.args"
mount -t tmpfs -o mode=755 vireo-training "$(dirname "$prefix")"
mkdir "$prefix"
mount --bind "$stage$prefix" "$prefix"
# The installed options, but writing the archive at exit instead of reading it.
cp -p "$args" "$args.installed"
sed -i 's|^-XX:SharedArchiveFile=|-XX:ArchiveClassesAtExit=|' "$args"
status=0
timeout 120 "$stage/usr/bin/vireo" --training-run >/dev/null 2>&1 || status=$?
mv "$args.installed" "$args"
[ "$status" -eq 0 ] && [ -s "$prefix/lib/app/vireo.jsa" ] ||
  { echo "train-cds.sh: the training run failed (exit $status)" >&2; exit 1; }
# The archive must be taken as installed, by /usr/bin/vireo and by jpackage's launcher (the same
# options and class path): the app's main class comes from it.
log="$(mktemp)"
for launcher in "$stage/usr/bin/vireo" "$prefix/bin/vireo"; do
  JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$log" "$launcher" --version >/dev/null 2>&1
  grep -q 'dev.vireo.app.Main source: shared objects file (top)' "$log" ||
    { echo "train-cds.sh: $launcher does not use the archive it was trained for" >&2; exit 1; }
done
rm -f "$log"
INNER
