#!/usr/bin/env bash
# Prints the package's Depends: what the app image's native code links against (dpkg-shlibdeps,
# with the versions the libraries' symbols need), and what Vireo opens at run time through JNA
# or by name, which no ELF file names.
#   depends.sh IMAGE_DIR
set -euo pipefail
image="$(cd "$1" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Loaded through JNA or by name:
RUNTIME=(
  libvirt0                            # libvirt.so.0
  libspice-client-glib-2.0-8          # consoles (the bridge process)
  gstreamer1.0-plugins-base           # console sound: spice-gtk plays through GStreamer
  gstreamer1.0-plugins-good           #   (autoaudiosink, pulsesink)
  osinfo-db                           # the operating systems the new-VM wizard knows
  fonts-dejavu-core                   # a font for JavaFX (fontconfig finds it)
)

mapfile -t elfs < <(find "$image" -type f -exec sh -c 'head -c4 "$1" | grep -q "ELF"' _ {} \; -print)
mkdir -p "$work/debian"   # dpkg-shlibdeps wants a source package's control file
printf 'Source: vireo\n\nPackage: vireo\nArchitecture: any\n' >"$work/debian/control"
shlibs="$(cd "$work" && dpkg-shlibdeps -O --ignore-missing-info -l"$image/lib/runtime/lib" \
  -l"$image/lib/runtime/lib/server" -e "${elfs[@]}" 2>"$work/warnings")" || { cat "$work/warnings" >&2; exit 1; }
shlibs="${shlibs#shlibs:Depends=}"
[ -n "$shlibs" ] || { echo "depends.sh: dpkg-shlibdeps found nothing" >&2; exit 1; }
printf '%s' "$shlibs"
printf ', %s' "${RUNTIME[@]}"
echo
