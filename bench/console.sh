#!/usr/bin/env bash
# Measures SPICE console clients side by side in one run, on the live test bed's guest redrawing its
# whole 1024x768 screen with noise (kernel argument vireo.redraw):
#   - Vireo's console window (./vireo console NAME): the app's JVM plus its bridge process
#   - the bridge process alone, without a window (./vireo console NAME --screenshot ... --wait-ms):
#     spice-client-glib decoding plus the copy into the shared frame, the floor under Vireo
#   - remote-viewer (package virt-viewer), what users would pick instead
# For each: CPU over SECONDS (default 20) after a 5 s settle, in % of one core; the frames the guest
# drew meanwhile (it reports them on its serial console), CPU per guest frame, and the ratio to
# remote-viewer per frame. QEMU's own CPU is not counted. Key-to-pixel latency is not measured yet.
#
# Usage: sudo bench/console.sh [SECONDS]     (root: it starts the test bed's libvirtd and guest)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_MEASURED="${1:-20}"
SETTLE=5
HZ="$(getconf CLK_TCK)"
NAME="vireo-bench-console"
WORK="$(mktemp -d /tmp/vireo-bench-console.XXXXXX)"
XVFB_PID=""

cleanup() {
  virsh -q -c qemu:///system destroy "$NAME" >/dev/null 2>&1 || true
  virsh -q -c qemu:///system undefine "$NAME" >/dev/null 2>&1 || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ]; then
  Xvfb :78 -screen 0 1400x1000x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  export DISPLAY=:78
  sleep 1
fi
command -v remote-viewer >/dev/null || { echo "bench: remote-viewer missing (apt-get install virt-viewer)" >&2; exit 1; }

env_file="$("$ROOT/.ci/testbed/testbed.sh" up)"
# shellcheck disable=SC1090
. "$env_file"
"$ROOT/vireo" --version >/dev/null # build outside the measurements

cat >"$WORK/guest.xml" <<XML
<domain type='qemu'>
  <name>$NAME</name>
  <memory unit='KiB'>262144</memory>
  <vcpu>1</vcpu>
  <os><type arch='x86_64'>hvm</type><kernel>$VIREO_TESTBED_GUEST_KERNEL</kernel>
    <initrd>$VIREO_TESTBED_GUEST_INITRD</initrd><cmdline>$VIREO_TESTBED_GUEST_CMDLINE vireo.redraw</cmdline></os>
  <features><acpi/></features>
  <devices>
    <serial type='file'><source path='$WORK/serial.log'/></serial>
    <graphics type='spice' autoport='yes' listen='127.0.0.1'/>
    <video><model type='qxl'/></video>
    <memballoon model='none'/>
  </devices>
</domain>
XML
chmod 755 "$WORK"
virsh -q -c qemu:///system define "$WORK/guest.xml" >/dev/null
virsh -q -c qemu:///system start "$NAME" >/dev/null
for _ in $(seq 1 180); do
  grep -q 'vireo-testguest: redrawing' "$WORK/serial.log" 2>/dev/null && break
  sleep 0.5
done
grep -q 'vireo-testguest: redrawing' "$WORK/serial.log" || { echo "bench: the guest did not start redrawing" >&2; exit 1; }
PORT="$(virsh -q -c qemu:///system domdisplay "$NAME" | sed 's/.*://')"

ticks() { # ticks PID...: user+system ticks of these processes
  local t=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
  done
  echo "$t"
}
bridge_of() { pgrep -f "ConsoleBridge" -P "$1" || true; }
measure() { # measure PID...: "CPU% FPS MS_PER_FRAME" over SECONDS_MEASURED; FPS is what the guest drew meanwhile
  local a b from to
  from="$(stat -c %s "$WORK/serial.log")"
  a="$(ticks "$@")"
  sleep "$SECONDS_MEASURED"
  b="$(ticks "$@")"
  to="$(stat -c %s "$WORK/serial.log")"
  tail -c +"$((from + 1))" "$WORK/serial.log" | head -c "$((to - from))" | awk -v d=$((b - a)) -v hz="$HZ" \
    -v s="$SECONDS_MEASURED" '
    /^vireo-frames / { if (!seen) { f0 = $2; t0 = $3; seen = 1 } f1 = $2; t1 = $3 }
    END {
      cpu = 100 * d / hz / s
      fps = (t1 > t0) ? (f1 - f0) / (t1 - t0) : 0
      printf "%.1f %.1f %.1f", cpu, fps, (fps > 0) ? 10 * cpu / fps : 0
    }'
}
wait_for_bridge() { # wait_for_bridge PARENT_PID: the bridge process it started
  local b=""
  for _ in $(seq 1 100); do
    b="$(bridge_of "$1")"
    [ -n "$b" ] && { echo "$b"; return; }
    sleep 0.2
  done
  echo "bench: no console bridge under pid $1" >&2
  exit 1
}

# Vireo's console window
"$ROOT/vireo" console "$NAME" --connect qemu:///system >"$WORK/vireo.log" 2>&1 &
VIREO=$!
BRIDGE="$(wait_for_bridge "$VIREO")"
sleep "$SETTLE"
read -r VIREO_CPU VIREO_FPS VIREO_MS <<<"$(measure "$VIREO" "$BRIDGE")"
kill "$VIREO" 2>/dev/null || true
wait "$VIREO" 2>/dev/null || true

# the bridge alone (no window): the CLI waits while its bridge decodes
"$ROOT/vireo" console "$NAME" --connect qemu:///system --screenshot "$WORK/x.png" \
  --wait-ms $(((SECONDS_MEASURED + SETTLE + 5) * 1000)) >/dev/null 2>&1 &
CLI=$!
BRIDGE="$(wait_for_bridge "$CLI")"
sleep "$SETTLE"
read -r BRIDGE_CPU BRIDGE_FPS BRIDGE_MS <<<"$(measure "$BRIDGE")"
kill "$CLI" 2>/dev/null || true
wait "$CLI" 2>/dev/null || true

# remote-viewer
remote-viewer "spice://127.0.0.1:$PORT" >/dev/null 2>&1 &
RV=$!
sleep "$SETTLE"
read -r RV_CPU RV_FPS RV_MS <<<"$(measure "$RV")"
kill "$RV" 2>/dev/null || true

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
echo
echo "Console of a guest redrawing 1024x768 with noise, ${SECONDS_MEASURED} s each. CPU in % of one core;"
echo "frames: what the guest drew meanwhile (the SPICE server may merge them); CPU per guest frame in ms."
echo
echo "| client | CPU | guest frames/s | CPU per frame | vs remote-viewer (per frame) |"
echo "|---|---|---|---|---|"
echo "| Vireo console window (app + bridge) | ${VIREO_CPU} % | ${VIREO_FPS} | ${VIREO_MS} ms | $(ratio "$VIREO_MS" "$RV_MS") |"
echo "| Vireo bridge alone (decode + shared frame) | ${BRIDGE_CPU} % | ${BRIDGE_FPS} | ${BRIDGE_MS} ms | $(ratio "$BRIDGE_MS" "$RV_MS") |"
echo "| remote-viewer $(remote-viewer --version 2>/dev/null | awk '{ print $NF }') | ${RV_CPU} % | ${RV_FPS} | ${RV_MS} ms | 1.00x |"
