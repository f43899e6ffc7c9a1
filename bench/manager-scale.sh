#!/usr/bin/env bash
# Measures the manager window against a test-driver host with N VMs (half running), for Vireo and,
# when installed, virt-manager, side by side in one run:
#   - seconds from launch until the window shows the complete list (median of LIST_RUNS=3 launches)
#       Vireo: its log line "<host>: N VMs listed" (written once the table holds every VM)
#       virt-manager: its debug line "changed to state=Active" and its window mapped, whichever is later
#     Both log files are followed with `tail -F` (inotify: the line is seen within a millisecond of
#     being written, and nothing polls beside the program measured)
#   - CPU used while idle over 30 s (after a 10 s settle), in % of one core
#   - peak RSS (VmHWM) in MB
# and the ratios Vireo / virt-manager.
#
# Usage: bench/manager-scale.sh N [N ...]      e.g. bench/manager-scale.sh 10 1000 5000
#        VIREO_ONLY=1 bench/manager-scale.sh N   measures Vireo alone
# Needs: python3, Xvfb (a display of its own is started when DISPLAY is unset), xdotool for
# virt-manager's window. Results are printed as a Markdown table (docs/performance.md keeps them).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d /tmp/vireo-bench.XXXXXX)"
IDLE_SECONDS="${IDLE_SECONDS:-30}"
SETTLE_SECONDS="${SETTLE_SECONDS:-10}"
LIST_TIMEOUT="${LIST_TIMEOUT:-180}"
HZ="$(getconf CLK_TCK)"
XVFB_PID=""

cleanup() {
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[ $# -ge 1 ] || { echo "usage: $0 N [N ...]" >&2; exit 2; }

if [ -z "${DISPLAY:-}" ]; then
  Xvfb :77 -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  export DISPLAY=:77
  sleep 1
fi

# Build Vireo once, outside the measurements.
"$ROOT/vireo" --version >/dev/null

# Timing without forking: on two cores, a poll loop that starts grep, awk and date twenty times
# a second takes CPU from the program being measured.
now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
exec {NEVER}<> <(:)   # an fd that never has data: read -t on it sleeps without a process
nap() { read -r -t "$1" -u "$NEVER" _ || true; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
peak_rss_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
LIST_RUNS="${LIST_RUNS:-3}"

# file_has FILE TEXT: whether FILE has a line containing TEXT (bash builtins only)
file_has() {
  local line
  [ -f "$1" ] || return 1
  while IFS= read -r line; do
    [[ $line == *"$2"* ]] && return 0
  done <"$1"
  return 1
}

# idle_cpu PID: % of one core used over IDLE_SECONDS, after SETTLE_SECONDS.
idle_cpu() {
  local pid=$1 t1 t2
  sleep "$SETTLE_SECONDS"
  t1=$(cpu_ticks "$pid")
  sleep "$IDLE_SECONDS"
  t2=$(cpu_ticks "$pid")
  awk -v d=$((t2 - t1)) -v hz="$HZ" -v s="$IDLE_SECONDS" 'BEGIN { printf "%.1f", 100 * d / hz / s }'
}

# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"   # wait_for_line

wait_for() {  # wait_for TIMEOUT COMMAND...: polls every 50 ms
  local deadline=$(( ${EPOCHREALTIME/./} + $1 * 1000000 ))
  shift
  until "$@"; do
    (( ${EPOCHREALTIME/./} > deadline )) && return 1
    nap 0.05
  done
}

# launch_vireo HOST DIR: starts Vireo on HOST; sets PID and LISTED (seconds until the list shows)
launch_vireo() {
  local host=$1 dir=$2 start
  rm -rf "$dir"; mkdir -p "$dir/state/vireo"
  : >"$dir/state/vireo/vireo.log"   # Vireo appends to it; it exists for tail -F to follow
  start=$(now)
  XDG_CONFIG_HOME="$dir/config" XDG_STATE_HOME="$dir/state" XDG_CACHE_HOME="$dir/cache" \
    "$ROOT/vireo" --connect "test://$host" >"$dir/out.log" 2>&1 &
  PID=$!
  if ! wait_for_line "$LIST_TIMEOUT" "$dir/state/vireo/vireo.log" "VMs listed"; then
    echo "vireo did not list the host within $LIST_TIMEOUT s" >&2
    kill "$PID"; return 1
  fi
  LISTED=$(elapsed "$start" "$(now)")
  if file_has "$dir/out.log" "building"; then
    echo "sources changed during the run and ./vireo rebuilt: the timing is void; run again" >&2
    kill "$PID"; return 1
  fi
}

# launch_virt_manager HOST DIR: the same for virt-manager
launch_virt_manager() {
  local host=$1 dir=$2 start
  rm -rf "$dir"; mkdir -p "$dir"
  : >"$dir/out.log"
  start=$(now)
  HOME="$dir" XDG_CONFIG_HOME="$dir/config" XDG_CACHE_HOME="$dir/cache" \
    virt-manager --no-fork --debug --connect "test://$host" >>"$dir/out.log" 2>&1 &
  PID=$!
  if ! wait_for_line "$LIST_TIMEOUT" "$dir/out.log" "changed to state=Active" ||
     ! wait_for "$LIST_TIMEOUT" eval 'xdotool search --onlyvisible --name "Virtual Machine Manager" >/dev/null 2>&1'; then
    echo "virt-manager did not list the host within $LIST_TIMEOUT s" >&2
    kill "$PID"; return 1
  fi
  LISTED=$(elapsed "$start" "$(now)")
}

# measure TOOL HOST N: the median list time of LIST_RUNS launches, then idle CPU and peak RSS
# of the last one. Sets LIST, IDLE, RSS.
measure() {
  local tool=$1 host=$2 n=$3 times=() i
  for ((i = 1; i <= LIST_RUNS; i++)); do
    "launch_$tool" "$host" "$WORK/$tool-$n" || return 1
    times+=("$LISTED")
    if ((i < LIST_RUNS)); then
      kill "$PID"; wait "$PID" 2>/dev/null || true
      nap 1
    fi
  done
  LIST=$(median "${times[@]}")
  IDLE=$(idle_cpu "$PID")
  RSS=$(peak_rss_mb "$PID")
  kill "$PID"; wait "$PID" 2>/dev/null || true
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }

echo "| VMs | tool | list shown (s) | idle CPU (% of a core) | peak RSS (MB) |"
echo "|---:|---|---:|---:|---:|"
SUMMARY=()
for n in "$@"; do
  host="$WORK/host-$n.xml"
  python3 "$ROOT/bench/gen-host.py" "$n" "$host"
  measure vireo "$host" "$n"
  V_LIST=$LIST V_IDLE=$IDLE V_RSS=$RSS
  echo "| $n | Vireo | $V_LIST | $V_IDLE | $V_RSS |"
  if [ -z "${VIREO_ONLY:-}" ] && command -v virt-manager >/dev/null 2>&1; then
    measure virt_manager "$host" "$n"
    echo "| $n | virt-manager $(dpkg-query -W -f='${Version}' virt-manager 2>/dev/null | cut -d- -f1 | sed 's/^1://') | $LIST | $IDLE | $RSS |"
    SUMMARY+=("| $n | $(ratio "$V_LIST" "$LIST") | $(ratio "$V_IDLE" "$IDLE") | $(ratio "$V_RSS" "$RSS") |")
  fi
done
if [ ${#SUMMARY[@]} -gt 0 ]; then
  echo
  echo "| VMs | Vireo / virt-manager: list time | idle CPU | peak RSS |"
  echo "|---:|---:|---:|---:|"
  printf '%s\n' "${SUMMARY[@]}"
fi
