#!/usr/bin/env bash
# Measures SPICE console clients side by side in one run, on the live test bed's guest redrawing its
# whole 1024x768 screen with noise (kernel argument vireo.redraw):
#   - Vireo's console window (./vireo console NAME): the app's JVM plus its bridge process
#   - the bridge process alone, without a window (./vireo console NAME --screenshot ... --wait-ms):
#     spice-client-glib decoding plus the copy into the shared frame, the floor under Vireo
#   - remote-viewer (package virt-viewer), what users would pick instead
# For each: CPU over SECONDS (default 20) after a 5 s settle, in % of one core; the frames the guest
# drew meanwhile (it reports them on its serial console), CPU per guest frame, and the ratio to
# remote-viewer per frame. QEMU's own CPU is not counted. Then, apart from the CPU measurement:
#   - updates delivered per second: repaints of the client's window (X DAMAGE, bench/xclient.py),
#     for the bridge alone the frame updates it reports to the app
#   - key-to-pixel latency on a second guest whose screen is still: 'a' typed through the client
#     (XTEST into its window; for the bridge alone, straight into the bridge) until the client's
#     window repaints (the bridge: reports the change), median and 90th percentile of LATENCY_KEYS
#     presses, and what each client adds to the bare client's (the bridge alone).
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
  for n in "$NAME" "$NAME-still"; do
    virsh -q -c qemu:///system destroy "$n" >/dev/null 2>&1 || true
    virsh -q -c qemu:///system undefine "$n" >/dev/null 2>&1 || true
  done
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
# the X server, whose CPU is shown apart: drawing a window costs it too, whichever client asks
XSERVER="${XVFB_PID:-$(pgrep -f "^Xvfb ${DISPLAY}( |\$)" | head -1)}"
command -v remote-viewer >/dev/null || { echo "bench: remote-viewer missing (apt-get install virt-viewer)" >&2; exit 1; }
/usr/bin/python3 -c 'import Xlib' 2>/dev/null || apt-get install -y -q python3-xlib >/dev/null ||
  { echo "bench: python3-xlib missing (apt-get install python3-xlib)" >&2; exit 1; }
command -v xdotool >/dev/null || apt-get install -y -q xdotool >/dev/null ||
  { echo "bench: xdotool missing (apt-get install xdotool)" >&2; exit 1; }
LATENCY_KEYS="${LATENCY_KEYS:-20}"
UPDATES_SECONDS=10
XCLIENT=(/usr/bin/python3 "$ROOT/bench/xclient.py")

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
sed -e "s|<name>$NAME</name>|<name>$NAME-still</name>|" -e 's| vireo.redraw||' \
  -e "s|$WORK/serial.log|$WORK/still.log|" "$WORK/guest.xml" >"$WORK/still.xml"
chmod 755 "$WORK"
virsh -q -c qemu:///system define "$WORK/guest.xml" >/dev/null
virsh -q -c qemu:///system start "$NAME" >/dev/null
virsh -q -c qemu:///system define "$WORK/still.xml" >/dev/null
virsh -q -c qemu:///system start "$NAME-still" >/dev/null
for _ in $(seq 1 180); do
  grep -q 'vireo-testguest: redrawing' "$WORK/serial.log" 2>/dev/null && break
  sleep 0.5
done
grep -q 'vireo-testguest: redrawing' "$WORK/serial.log" || { echo "bench: the guest did not start redrawing" >&2; exit 1; }
PORT="$(virsh -q -c qemu:///system domdisplay "$NAME" | sed 's/.*://')"
for _ in $(seq 1 180); do
  grep -q 'vireo-testguest: ready' "$WORK/still.log" 2>/dev/null && break
  sleep 0.5
done
STILL_PORT="$(virsh -q -c qemu:///system domdisplay "$NAME-still" | sed 's/.*://')"

window_of() { # window_of PID: the visible X window of that process (or its children)
  local w=""
  for _ in $(seq 1 100); do
    w="$(xdotool search --onlyvisible --pid "$1" 2>/dev/null | tail -1 || true)"
    [ -n "$w" ] && { echo "$w"; return; }
    sleep 0.2
  done
  echo "bench: no window for pid $1" >&2
  exit 1
}
updates() { "${XCLIENT[@]}" fps "$1" "$UPDATES_SECONDS" | awk '{ print $2 }'; }
latency() { # latency WINDOW: "MEDIAN P90" in ms
  "${XCLIENT[@]}" latency "$1" "$LATENCY_KEYS" | awk '/^latency median/ { print $3, $6 }'
}

ticks() { # ticks PID...: user+system ticks of these processes
  local t=0 p
  for p in "$@"; do
    [ -r "/proc/$p/stat" ] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat")))
  done
  echo "$t"
}
bridge_of() { pgrep -f "ConsoleBridge" -P "$1" || true; }
# The guest's frame counter as last reported ("COUNT SECONDS"). Read from the end of its serial
# log, not between byte offsets: virtlogd rotates that log at 2 MB, which a long run reaches.
last_frames() {
  tail -c 4096 "$WORK/serial.log" 2>/dev/null | tr -d '\r' | awk '/^vireo-frames / { f = $2; t = $3 } END { print f + 0, t + 0 }'
}
measure() { # measure PID...: "CPU% FPS MS_PER_FRAME XCPU%" over SECONDS_MEASURED; FPS is what the guest drew meanwhile
  local a b x0 x1 f0 t0 f1 t1
  read -r f0 t0 <<<"$(last_frames)"
  a="$(ticks "$@")"
  x0="$(ticks "$XSERVER")"
  sleep "$SECONDS_MEASURED"
  b="$(ticks "$@")"
  x1="$(ticks "$XSERVER")"
  read -r f1 t1 <<<"$(last_frames)"
  awk -v d=$((b - a)) -v x=$((x1 - x0)) -v hz="$HZ" -v s="$SECONDS_MEASURED" -v f0="$f0" -v t0="$t0" -v f1="$f1" -v t1="$t1" '
    BEGIN {
      cpu = 100 * d / hz / s
      fps = (t1 > t0) ? (f1 - f0) / (t1 - t0) : 0
      printf "%.1f %.1f %.2f %.1f", cpu, fps, (fps > 0) ? 10 * cpu / fps : 0, 100 * x / hz / s
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
read -r VIREO_CPU VIREO_FPS VIREO_MS VIREO_X <<<"$(measure "$VIREO" "$BRIDGE")"
VIREO_UPDATES="$(updates "$(window_of "$VIREO")")"
kill "$VIREO" 2>/dev/null || true
wait "$VIREO" 2>/dev/null || true
"$ROOT/vireo" console "$NAME-still" --connect qemu:///system >"$WORK/vireo-still.log" 2>&1 &
VIREO=$!
wait_for_bridge "$VIREO" >/dev/null
sleep "$SETTLE"
read -r VIREO_LAT VIREO_P90 <<<"$(latency "$(window_of "$VIREO")")"
kill "$VIREO" 2>/dev/null || true
wait "$VIREO" 2>/dev/null || true

# the bridge alone (no window): the CLI waits while its bridge decodes
"$ROOT/vireo" console "$NAME" --connect qemu:///system --screenshot "$WORK/x.png" \
  --wait-ms $(((SECONDS_MEASURED + SETTLE + 5) * 1000)) >/dev/null 2>&1 &
CLI=$!
BRIDGE="$(wait_for_bridge "$CLI")"
sleep "$SETTLE"
read -r BRIDGE_CPU BRIDGE_FPS BRIDGE_MS BRIDGE_X <<<"$(measure "$BRIDGE")"
kill "$CLI" 2>/dev/null || true
wait "$CLI" 2>/dev/null || true
BRIDGE_UPDATES="$("$ROOT/vireo" console "$NAME" --connect qemu:///system --screenshot "$WORK/y.png" \
  --wait-ms $((UPDATES_SECONDS * 1000)) --count-frames | awk '/^frames/ { print $2 }')"
read -r BRIDGE_LAT BRIDGE_P90 <<<"$("$ROOT/vireo" console "$NAME-still" --connect qemu:///system \
  --screenshot "$WORK/z.png" --wait-ms 2000 --measure-latency "$LATENCY_KEYS" | awk '/^latency median/ { print $3, $6 }')"

# remote-viewer
remote-viewer "spice://127.0.0.1:$PORT" >/dev/null 2>&1 &
RV=$!
sleep "$SETTLE"
read -r RV_CPU RV_FPS RV_MS RV_X <<<"$(measure "$RV")"
RV_UPDATES="$(updates "$(window_of "$RV")")"
kill "$RV" 2>/dev/null || true
wait "$RV" 2>/dev/null || true
remote-viewer "spice://127.0.0.1:$STILL_PORT" >/dev/null 2>&1 &
RV=$!
sleep "$SETTLE"
read -r RV_LAT RV_P90 <<<"$(latency "$(window_of "$RV")")"
kill "$RV" 2>/dev/null || true

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "-" }'; }
echo
echo "Console of a guest redrawing 1024x768 with noise, ${SECONDS_MEASURED} s each. CPU in % of one core;"
echo "frames: what the guest drew meanwhile (the SPICE server may merge them); CPU per guest frame in ms."
echo
added() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "") printf "%+.1f ms", a - b; else print "-" }'; }
echo "| client | CPU | guest frames/s | CPU per frame | vs remote-viewer (per frame) | X server CPU meanwhile | updates shown/s | key-to-pixel (median / p90) | added over the bridge alone |"
echo "|---|---|---|---|---|---|---|---|---|"
echo "| Vireo console window (app + bridge) | ${VIREO_CPU} % | ${VIREO_FPS} | ${VIREO_MS} ms | $(ratio "$VIREO_MS" "$RV_MS") | ${VIREO_X} % | ${VIREO_UPDATES:--} | ${VIREO_LAT:--} / ${VIREO_P90:--} ms | $(added "$VIREO_LAT" "$BRIDGE_LAT") |"
echo "| Vireo bridge alone (decode + shared frame) | ${BRIDGE_CPU} % | ${BRIDGE_FPS} | ${BRIDGE_MS} ms | $(ratio "$BRIDGE_MS" "$RV_MS") | ${BRIDGE_X} % | ${BRIDGE_UPDATES:--} | ${BRIDGE_LAT:--} / ${BRIDGE_P90:--} ms | - |"
echo "| remote-viewer $(remote-viewer --version 2>/dev/null | awk '{ print $NF }') | ${RV_CPU} % | ${RV_FPS} | ${RV_MS} ms | 1.00x | ${RV_X} % | ${RV_UPDATES:--} | ${RV_LAT:--} / ${RV_P90:--} ms | $(added "$RV_LAT" "$BRIDGE_LAT") |"
