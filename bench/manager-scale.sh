#!/usr/bin/env bash
# Measures the manager window against a test-driver host with N VMs (half running), for Vireo and,
# when installed, virt-manager, side by side in one run:
#   - seconds from launch until the window shows the complete list
#       Vireo: its log line "<host>: N VMs listed" (written once the table holds every VM)
#       virt-manager: its debug line "changed to state=Active" and its window mapped, whichever is later
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

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
peak_rss_mb() { awk '/VmHWM/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"; }

# idle_cpu PID: % of one core used over IDLE_SECONDS, after SETTLE_SECONDS.
idle_cpu() {
  local pid=$1 t1 t2
  sleep "$SETTLE_SECONDS"
  t1=$(cpu_ticks "$pid")
  sleep "$IDLE_SECONDS"
  t2=$(cpu_ticks "$pid")
  awk -v d=$((t2 - t1)) -v hz="$HZ" -v s="$IDLE_SECONDS" 'BEGIN { printf "%.1f", 100 * d / hz / s }'
}

wait_for() {  # wait_for TIMEOUT COMMAND...: polls every 50 ms
  local deadline
  deadline=$(awk -v t="$(now)" -v d="$1" 'BEGIN { printf "%.3f", t + d }')
  shift
  until "$@"; do
    if awk -v t="$(now)" -v d="$deadline" 'BEGIN { exit !(t > d) }'; then return 1; fi
    sleep 0.05
  done
}

measure_vireo() {
  local host=$1 dir="$WORK/vireo-$2" start listed pid
  mkdir -p "$dir"
  start=$(now)
  XDG_CONFIG_HOME="$dir/config" XDG_STATE_HOME="$dir/state" XDG_CACHE_HOME="$dir/cache" \
    "$ROOT/vireo" --connect "test://$host" >"$dir/out.log" 2>&1 &
  pid=$!
  if ! wait_for "$LIST_TIMEOUT" grep -q "VMs listed" "$dir/state/vireo/vireo.log" 2>/dev/null; then
    echo "vireo did not list the host within $LIST_TIMEOUT s" >&2
    kill "$pid"; return 1
  fi
  listed=$(elapsed "$start" "$(now)")
  if grep -q "building" "$dir/out.log"; then
    echo "sources changed during the run and ./vireo rebuilt: the timing is void; run again" >&2
    kill "$pid"; return 1
  fi
  V_LIST=$listed
  V_IDLE=$(idle_cpu "$pid")
  V_RSS=$(peak_rss_mb "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

measure_virt_manager() {
  local host=$1 dir="$WORK/vm-$2" start pid
  mkdir -p "$dir"
  start=$(now)
  HOME="$dir" XDG_CONFIG_HOME="$dir/config" XDG_CACHE_HOME="$dir/cache" \
    virt-manager --no-fork --debug --connect "test://$host" >"$dir/out.log" 2>&1 &
  pid=$!
  if ! wait_for "$LIST_TIMEOUT" grep -q "changed to state=Active" "$dir/out.log" ||
     ! wait_for "$LIST_TIMEOUT" xdotool search --onlyvisible --name "Virtual Machine Manager" >/dev/null 2>&1; then
    echo "virt-manager did not list the host within $LIST_TIMEOUT s" >&2
    kill "$pid"; return 1
  fi
  M_LIST=$(elapsed "$start" "$(now)")
  M_IDLE=$(idle_cpu "$pid")
  M_RSS=$(peak_rss_mb "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }'; }

echo "| VMs | tool | list shown (s) | idle CPU (% of a core) | peak RSS (MB) |"
echo "|---:|---|---:|---:|---:|"
SUMMARY=()
for n in "$@"; do
  host="$WORK/host-$n.xml"
  python3 "$ROOT/bench/gen-host.py" "$n" "$host"
  measure_vireo "$host" "$n"
  echo "| $n | Vireo | $V_LIST | $V_IDLE | $V_RSS |"
  if [ -z "${VIREO_ONLY:-}" ] && command -v virt-manager >/dev/null 2>&1; then
    measure_virt_manager "$host" "$n"
    echo "| $n | virt-manager $(dpkg-query -W -f='${Version}' virt-manager 2>/dev/null | cut -d- -f1) | $M_LIST | $M_IDLE | $M_RSS |"
    SUMMARY+=("| $n | $(ratio "$V_LIST" "$M_LIST") | $(ratio "$V_IDLE" "$M_IDLE") | $(ratio "$V_RSS" "$M_RSS") |")
  fi
done
if [ ${#SUMMARY[@]} -gt 0 ]; then
  echo
  echo "| VMs | Vireo / virt-manager: list time | idle CPU | peak RSS |"
  echo "|---:|---:|---:|---:|"
  printf '%s\n' "${SUMMARY[@]}"
fi
