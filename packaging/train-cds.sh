#!/usr/bin/env bash
# Records the application class-data archive (lib/app/vireo.jsa) with a training run of the
# packaged window, run exactly as installed: the launcher, its options and its runtime, at
# PREFIX. A dynamic archive names the jars by their path (and checks their size and time), so
# the run must see them where dpkg will put them: in a mount namespace of its own, the image is
# mounted at PREFIX over an empty tmpfs, and the machine's /opt is left alone.
#   train-cds.sh IMAGE_DIR PREFIX        (needs DISPLAY; HOME and XDG_* pointing at throw-away dirs)
set -euo pipefail
image="$(cd "$1" && pwd)" prefix="$2"
cfg="$image/lib/app/vireo.cfg"
grep -q '^java-options=-XX:SharedArchiveFile=\$APPDIR/vireo.jsa$' "$cfg" ||
  { echo "train-cds.sh: $cfg does not read \$APPDIR/vireo.jsa" >&2; exit 1; }
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(--map-root-user)   # a user namespace: no sudo needed

unshare --mount --propagation private "${as_root[@]}" bash -s "$image" "$prefix" <<'INNER'
set -euo pipefail
image="$1" prefix="$2"
cfg="$prefix/lib/app/vireo.cfg"
mount -t tmpfs -o mode=755 vireo-training "$(dirname "$prefix")"
mkdir "$prefix"
mount --bind "$image" "$prefix"
# The installed options, but writing the archive at exit instead of reading it.
cp -p "$cfg" "$cfg.installed"
sed -i 's|^java-options=-XX:SharedArchiveFile=|java-options=-XX:ArchiveClassesAtExit=|' "$cfg"
status=0
timeout 120 "$prefix/bin/vireo" --training-run >/dev/null 2>&1 || status=$?
mv "$cfg.installed" "$cfg"
[ "$status" -eq 0 ] && [ -s "$prefix/lib/app/vireo.jsa" ] ||
  { echo "train-cds.sh: the training run failed (exit $status)" >&2; exit 1; }
# The archive must be taken by the launcher as installed: the app's main class comes from it.
log="$(mktemp)"
JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$log" "$prefix/bin/vireo" --version >/dev/null 2>&1
grep -q 'dev.vireo.app.Main source: shared objects file (top)' "$log" ||
  { echo "train-cds.sh: the launcher does not use the archive it was trained for" >&2; exit 1; }
rm -f "$log"
INNER
