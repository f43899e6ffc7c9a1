#!/usr/bin/env bash
# The .deb as a sysadmin gets it: built with ./vireo package, installed with apt, run from the
# installed command (CLI, window, a .vv file opened through the desktop entry's command line),
# then purged, leaving nothing under /opt, /usr/share and /usr/bin and the user's files alone.
#
# ./vireo test runs it after the Java suite; it also runs on its own (root or sudo, a display or
# Xvfb, and the tools ./vireo test installs). Its checks are written as a JUnit report,
# packaging/target/surefire-reports/TEST-packaging.DebPackageTest.xml, which ./vireo test counts
# with the suite's. Exits 1 when a check failed. Leaves the machine as it found it, apart from
# packages it installs for the .deb's dependencies (kept, as the suite's test needs are).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REPORTS="$ROOT/packaging/target/surefire-reports"
ARTIFACTS="$ROOT/packaging/target/deb-test"   # screenshots of the installed windows
WORK="$(mktemp -d /tmp/vireo-deb-test.XXXXXX)"
say() { printf 'package test: %s\n' "$*" >&2; }
SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo)
apt_get() { "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y "$@"; }

# The installed app writes its settings, log and caches here, never in the real user's dirs
# (the build keeps the real ones: the Maven wrapper keeps its Maven in ~/.m2).
BUILD_ENV=(HOME="$HOME" XDG_CONFIG_HOME="${XDG_CONFIG_HOME:-$HOME/.config}"
  XDG_STATE_HOME="${XDG_STATE_HOME:-$HOME/.local/state}" XDG_CACHE_HOME="${XDG_CACHE_HOME:-$HOME/.cache}")
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_STATE_HOME="$WORK/home/.local/state" \
  XDG_CACHE_HOME="$WORK/home/.cache"
mkdir -p "$XDG_CONFIG_HOME/vireo" "$ARTIFACTS"
rm -rf "$REPORTS" "${ARTIFACTS:?}"/*
mkdir -p "$REPORTS"

# ---------------------------------------------------------------- cleanup, on every exit
# Each check runs in a subshell; what later checks and the cleanup need is kept in files:
#   $WORK/deb (the .deb's path), $WORK/installed (apt installed it), $WORK/pids (process groups
#   of the windows started), $WORK/qemu.pid, $WORK/ports (SPICE and QEMU monitor ports)
XVFB_PID=""
stop_qemu() { [ -f "$WORK/qemu.pid" ] && kill "$(cat "$WORK/qemu.pid")" 2>/dev/null; rm -f "$WORK/qemu.pid"; }
cleanup() {
  local pid
  if [ -f "$WORK/pids" ]; then
    while read -r pid; do kill -- "-$pid" 2>/dev/null; done <"$WORK/pids"
  fi
  stop_qemu
  if [ -f "$WORK/installed" ] && dpkg-query -W -f='${Status}' vireo 2>/dev/null | grep -q 'ok installed'; then
    say "purging vireo (cleanup)"
    apt_get purge vireo >/dev/null 2>&1
  fi
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- checks and the report
CASES=()       # one <testcase> element each
FAILED=0 SKIPPED=0 BLOCKED=""
xml() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g' | tr -d '\000-\010\013\014\016-\037'; }

# check NAME FUNCTION: runs FUNCTION, its output kept for the report; a check after a failed
# one it needs (BLOCKED) is skipped.
check() {
  local name="$1" fn="$2" start out status secs
  if [ -n "$BLOCKED" ]; then
    say "skipped: $name ($BLOCKED)"
    CASES+=("<testcase classname=\"packaging.DebPackageTest\" name=\"$(xml <<<"$name")\" time=\"0\"><skipped message=\"$(xml <<<"$BLOCKED")\"/></testcase>")
    SKIPPED=$((SKIPPED + 1))
    return 1
  fi
  say "$name"
  start=$EPOCHREALTIME
  ("$fn") >"$WORK/check.out" 2>&1
  status=$?
  out="$(cat "$WORK/check.out")"
  secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.3f", b - a }')
  if [ "$status" -eq 0 ]; then
    CASES+=("<testcase classname=\"packaging.DebPackageTest\" name=\"$(xml <<<"$name")\" time=\"$secs\"/>")
    return 0
  fi
  FAILED=$((FAILED + 1))
  say "FAILED: $name"
  printf '%s\n' "$out" | tail -60 | sed 's/^/    /' >&2
  CASES+=("<testcase classname=\"packaging.DebPackageTest\" name=\"$(xml <<<"$name")\" time=\"$secs\"><failure message=\"$(tail -1 <<<"$out" | xml)\">$(xml <<<"$out")</failure></testcase>")
  return 1
}

write_report() {
  {
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo "<testsuite name=\"packaging.DebPackageTest\" tests=\"${#CASES[@]}\" failures=\"$FAILED\" errors=\"0\" skipped=\"$SKIPPED\">"
    printf '%s\n' "${CASES[@]}"
    echo '</testsuite>'
  } >"$REPORTS/TEST-packaging.DebPackageTest.xml"
}

fail() { echo "$*"; exit 1; }   # ends the check (each runs in a subshell)

# wait_for SECONDS COMMAND...: polls every 200 ms
wait_for() {
  local deadline=$((${EPOCHREALTIME/./} + $1 * 1000000))
  shift
  until "$@"; do
    ((${EPOCHREALTIME/./} > deadline)) && return 1
    sleep 0.2
  done
}

# launch LOG COMMAND...: a window of the installed app in a process group of its own
launch() {
  local log="$1"
  shift
  setsid "$@" >"$log" 2>&1 &
  echo "$!" >>"$WORK/pids"
}
close_last_window() { kill -- "-$(tail -1 "$WORK/pids")" 2>/dev/null; }

# the installed app's log, for a failure's report
log_tail() { echo "--- vireo.log:"; tail -40 "$XDG_STATE_HOME/vireo/vireo.log" 2>/dev/null; echo "---"; }
window_named() { xdotool search --onlyvisible --name "$1" >/dev/null 2>&1; }
# for a failure's report: whether the X server still answers (a window that never came may be
# the display's fault, seen once in CI: "cannot open display" right after another window closed)
display_state() {
  local size
  if size="$(xdotool getdisplaygeometry 2>/dev/null)"; then
    echo "--- display $DISPLAY answers ($size)"
  else
    echo "--- display $DISPLAY does not answer; X servers running: $(pgrep -a Xvfb | tr '\n' ';')"
  fi
}

screenshot() { command -v import >/dev/null && import -window root "$ARTIFACTS/$1" 2>/dev/null; true; }

file_list() { find /opt /usr/share /usr/bin -xdev 2>/dev/null | LC_ALL=C sort; }

# ---------------------------------------------------------------- the checks
deb() { cat "$WORK/deb"; }

preconditions() {
  local missing=() c
  for c in apt-get dpkg-query xdotool qemu-system-x86_64 desktop-file-validate appstreamcli; do
    command -v "$c" >/dev/null || missing+=("$c")
  done
  [ -n "${DISPLAY:-}" ] || command -v Xvfb >/dev/null || missing+=(Xvfb)
  [ ${#missing[@]} -eq 0 ] || fail "missing: ${missing[*]} (./vireo test installs them)"
  [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null || fail "apt needs root or sudo"
  if dpkg-query -W -f='${Status}' vireo 2>/dev/null | grep -q 'ok installed'; then
    fail "a vireo package is installed already: the test would replace and purge it; remove it first"
  fi
}

build() {
  local out
  out="$(env "${BUILD_ENV[@]}" "$ROOT/vireo" package)" || fail "./vireo package failed"
  tail -1 <<<"$out" >"$WORK/deb"
  [ -f "$(deb)" ] || fail "./vireo package printed no .deb ($(deb))"
}

install_deb() {
  # The package's dependencies first (they stay, like the suite's test needs), so that what the
  # purge must remove is the package alone.
  local wanted=() name
  for name in $(dpkg-deb -f "$(deb)" Depends Recommends | sed -e 's/^[A-Za-z-]*://' -e 's/([^)]*)//g' -e 's/|[^,]*//g' | tr ',' ' '); do
    dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -q 'ok installed' || wanted+=("$name")
  done
  if [ ${#wanted[@]} -gt 0 ]; then
    say "installing the package's dependencies: ${wanted[*]}"
    apt_get install --no-install-recommends "${wanted[@]}" >/dev/null || fail "could not install ${wanted[*]}"
  fi
  file_list >"$WORK/files-before"
  dpkg-query -W -f='${Package}\n' | sort >"$WORK/packages-before"
  # what the user has before: it must survive the purge
  printf '{\n  "showDemoHost" : true,\n  "connections" : [ {\n    "name" : "kept",\n    "uri" : "qemu:///system",\n    "autoconnect" : false\n  } ]\n}\n' \
    >"$XDG_CONFIG_HOME/vireo/connections.json"
  cp -p "$XDG_CONFIG_HOME/vireo/connections.json" "$WORK/connections.json.before"
  touch "$WORK/installed"
  apt_get install "$(deb)" >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; fail "apt-get install $(deb) failed"; }
  dpkg-query -W -f='${Status}' vireo | grep -q 'ok installed' || fail "vireo is not installed"
  local added
  added="$(dpkg-query -W -f='${Package}\n' | sort | comm -13 "$WORK/packages-before" -)"
  [ "$added" = vireo ] || fail "apt installed more than vireo: $added"
  [ "$(command -v vireo)" = /usr/bin/vireo ] || fail "vireo on the PATH is $(command -v vireo)"
}

cli_version() {
  local out
  out="$(vireo --version)" || fail "vireo --version failed"
  echo "$out"
  local version
  version="$(sed -n 's/^version=//p' app/target/classes/vireo-version.properties)"
  [[ $out == "Vireo $version "* ]] || fail "expected Vireo $version, got: $out"
}

cli_list() {
  local out
  out="$(vireo list --connect demo --json 2>"$WORK/list.err")" || { cat "$WORK/list.err"; fail "vireo list failed"; }
  [ ! -s "$WORK/list.err" ] || { cat "$WORK/list.err"; fail "vireo list wrote to stderr"; }
  [[ $out == "["* ]] && grep -q '"name" : "win10-cad"' <<<"$out" && grep -q '"state" : "running"' <<<"$out" ||
    { echo "$out"; fail "the demo host's running VMs are not listed as JSON"; }
}

desktop_integration() {
  local apps=/usr/share/applications
  desktop-file-validate "$apps/dev.vireo.Vireo.desktop" "$apps/dev.vireo.Vireo.Viewer.desktop" || fail "invalid desktop entry"
  appstreamcli validate --no-net /usr/share/metainfo/dev.vireo.Vireo.metainfo.xml || fail "invalid metainfo"
  grep -q '^MimeType=application/x-virt-viewer;$' "$apps/dev.vireo.Vireo.Viewer.desktop" || fail "no .vv handler"
  if [ -f "$apps/mimeinfo.cache" ]; then   # desktop-file-utils' trigger registered it
    grep -q '^application/x-virt-viewer=.*dev.vireo.Vireo.Viewer.desktop' "$apps/mimeinfo.cache" ||
      fail "the .vv handler is not in $apps/mimeinfo.cache"
  fi
  [ -f /usr/share/icons/hicolor/scalable/apps/dev.vireo.Vireo.svg ] && [ -f /usr/share/icons/hicolor/48x48/apps/dev.vireo.Vireo.png ] ||
    fail "icons missing"
  zcat /usr/share/man/man1/vireo.1.gz | grep -q '^\.SS "vireo gpu mdev create"' || fail "the man page lacks the commands"
}

class_data_archive() {
  JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$WORK/classes.log" vireo --version >/dev/null 2>&1
  grep -q 'dev.vireo.app.Main source: shared objects file (top)' "$WORK/classes.log" ||
    fail "the installed launcher does not use its class-data archive (/opt/vireo/lib/app/vireo.jsa)"
  echo "$(grep -c 'shared objects file (top)' "$WORK/classes.log") classes from the archive for vireo --version"
}

gui_window() {
  local log="$XDG_STATE_HOME/vireo/vireo.log"
  launch "$WORK/gui.out" vireo
  wait_for 60 window_named '^Vireo$' || { cat "$WORK/gui.out"; display_state; fail "no window named Vireo within 60 s"; }
  wait_for 30 grep -q 'Demo host: [0-9]* VMs listed' "$log" || { cat "$WORK/gui.out"; fail "the demo host was not listed"; }
  sleep 1
  screenshot installed-gui.png
  close_last_window
  # nothing extracted into the user's home: JavaFX's and JNA's natives come from the runtime
  [ ! -e "$HOME/.openjfx" ] || fail "JavaFX extracted its libraries into ~/.openjfx"
  # (JNA makes its temp dir, ~/.cache/JNA/temp, at any start; it stays empty)
  [ -z "$(find "$XDG_CACHE_HOME/JNA" -type f 2>/dev/null)" ] || fail "JNA extracted its library into the cache"
}

free_port() {
  local p
  for p in $(seq "$1" $(($1 + 50))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  return 1
}

# A SPICE server to open: QEMU with a QXL card and nothing to boot (its firmware's text on a
# 640x480 screen, then it idles), and a libvirt test-driver host whose VM names its port, so that
# the installed `vireo vv` writes the .vv file.
spice_server() {
  local SPICE_PORT MONITOR_PORT
  SPICE_PORT="$(free_port 5960)" && MONITOR_PORT="$(free_port $((SPICE_PORT + 1)))" || fail "no free port"
  echo "SPICE_PORT=$SPICE_PORT MONITOR_PORT=$MONITOR_PORT" >"$WORK/ports"
  qemu-system-x86_64 -machine pc,accel=tcg -m 64 -nodefaults -vga qxl -display none \
    -spice "port=$SPICE_PORT,addr=127.0.0.1,disable-ticketing=on" \
    -monitor "tcp:127.0.0.1:$MONITOR_PORT,server=on,wait=off" -pidfile "$WORK/qemu.pid" -daemonize ||
    fail "QEMU did not start"
  cat >"$WORK/spice-host.xml" <<EOF
<node>
  <domain type='test'>
    <name>spice-vm</name>
    <uuid>51a7e000-0000-4000-8000-0000000000aa</uuid>
    <memory unit='KiB'>65536</memory>
    <vcpu>1</vcpu>
    <os><type arch='x86_64'>hvm</type></os>
    <devices>
      <graphics type='spice' port='$SPICE_PORT' autoport='no' listen='127.0.0.1'>
        <listen type='address' address='127.0.0.1'/>
      </graphics>
      <video><model type='qxl' heads='1' primary='yes'/></video>
    </devices>
  </domain>
</node>
EOF
  vireo vv spice-vm --connect "test://$WORK/spice-host.xml" -o "$WORK/spice-vm.vv" || fail "vireo vv failed"
  grep -qx "port=$SPICE_PORT" "$WORK/spice-vm.vv" || { cat "$WORK/spice-vm.vv"; fail "the .vv file names another port"; }
}

# The SPICE channels QEMU has clients on (its monitor's `info spice`)
spice_channels() {
  local reply MONITOR_PORT
  source "$WORK/ports"
  exec 3<>"/dev/tcp/127.0.0.1/$MONITOR_PORT" || return 1
  printf 'info spice\n' >&3
  reply="$(timeout 2 cat <&3 | tr -d '\r')"
  exec 3>&-
  grep -o 'channel name: [a-z]*' <<<"$reply" | sort -u
}
display_connected() { spice_channels | grep -q 'channel name: display'; }

# The demo host's consoles have no port (libvirt's test driver runs no SPICE server), so the .vv
# file is one for the QEMU above, opened exactly as a file manager would: the Exec line of the
# installed handler entry with %f replaced by the file.
vv_through_desktop_entry() {
  local exec_line args=() a
  exec_line="$(sed -n 's/^Exec=//p' /usr/share/applications/dev.vireo.Vireo.Viewer.desktop)"
  for a in $exec_line; do
    [ "$a" = %f ] && a="$WORK/spice-vm.vv"
    args+=("$a")
  done
  echo "running: ${args[*]}"
  launch "$WORK/viewer.out" "${args[@]}"
  wait_for 60 window_named '^spice-vm .* Console$' ||
    { cat "$WORK/viewer.out"; log_tail; display_state; fail "no console window within 60 s"; }
  # its console bridge: a process of the installed runtime's java, with the installed jars
  pgrep -f '^/opt/vireo/lib/runtime/bin/java .*-cp /opt/vireo/lib/app/.* dev\.vireo\.spice\.bridge\.ConsoleBridge' >/dev/null ||
    fail "no console bridge process from /opt/vireo"
  wait_for 30 display_connected || { cat "$WORK/viewer.out"; spice_channels; fail "the console did not open QEMU's display channel"; }
  spice_channels
  sleep 1
  screenshot installed-viewer.png
  close_last_window
}

# The bridge without a window: the current frame written as PNG (the firmware's text mode, 720x400)
console_screenshot() {
  vireo console spice-vm --connect "test://$WORK/spice-host.xml" --screenshot "$WORK/frame.png" --wait-ms 500 ||
    fail "vireo console --screenshot failed"
  cp "$WORK/frame.png" "$ARTIFACTS/console-frame.png"
  local header
  header="$(od -An -tx1 -N24 "$WORK/frame.png" | tr -d ' \n')"   # signature, IHDR, width, height
  [[ $header == 89504e470d0a1a0a0000000d49484452* ]] || fail "not a PNG: $header"
  [ $((16#${header:32:8})) -ge 640 ] && [ $((16#${header:40:8})) -ge 400 ] ||
    fail "a frame of $((16#${header:32:8}))x$((16#${header:40:8})): not the guest's screen"
}

purge() {
  find "$HOME" -printf '%p %s %T@\n' | sort >"$WORK/home-before"
  apt_get purge vireo >"$WORK/apt.log" 2>&1 || { cat "$WORK/apt.log"; fail "apt-get purge vireo failed"; }
  rm -f "$WORK/installed"
  ! dpkg-query -W -f='${Status}' vireo 2>/dev/null | grep -q 'ok installed' || fail "vireo is still installed"
  file_list >"$WORK/files-after"
  diff "$WORK/files-before" "$WORK/files-after" || fail "the purge left files (or removed others) under /opt, /usr/share, /usr/bin"
  cmp "$WORK/connections.json.before" "$XDG_CONFIG_HOME/vireo/connections.json" || fail "the user's connections.json changed"
  find "$HOME" -printf '%p %s %T@\n' | sort | diff "$WORK/home-before" - || fail "the purge changed the user's files"
}

if [ -z "${DISPLAY:-}" ]; then
  for n in $(seq 90 120); do
    [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] && continue
    Xvfb ":$n" -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
    XVFB_PID=$!
    export DISPLAY=":$n"
    wait_for 5 test -e "/tmp/.X11-unix/X$n"
    break
  done
fi

check "preconditions" preconditions || BLOCKED="the preconditions are not met"
check "builds the .deb (./vireo package)" build || BLOCKED="${BLOCKED:-the .deb was not built}"
[ -s "$WORK/deb" ] && say "$(basename "$(deb)"): $(du -h "$(deb)" | cut -f1); Depends: $(dpkg-deb -f "$(deb)" Depends)"
check "installs with apt" install_deb || BLOCKED="${BLOCKED:-the .deb was not installed}"
check "vireo --version" cli_version
check "vireo list --connect demo --json" cli_list
check "desktop entries, metainfo, icons and man page" desktop_integration
check "the installed launcher uses its class-data archive" class_data_archive
check "the installed window opens on the demo host" gui_window
check "a SPICE server and its .vv file (vireo vv)" spice_server && {
  check "a .vv file opened through the desktop entry's command line" vv_through_desktop_entry
  check "vireo console --screenshot through the installed bridge" console_screenshot
}
stop_qemu
# the purge also after a failed check, and after a failed install that left the package
if [ -f "$WORK/installed" ]; then BLOCKED=""; else BLOCKED="${BLOCKED:-nothing was installed}"; fi
check "purge leaves nothing behind and the user's files alone" purge

write_report
say "$(( ${#CASES[@]} - FAILED - SKIPPED )) passed, $FAILED failed, $SKIPPED skipped (report: ${REPORTS#"$ROOT"/}/TEST-packaging.DebPackageTest.xml)"
[ "$FAILED" -eq 0 ] && [ "$SKIPPED" -eq 0 ]
