#!/usr/bin/env bash
# Launch-to-window on the demo host, in one run, for:
#   - the installed package (vireo on the PATH: /opt/vireo's launcher, runtime and class-data archive)
#   - the source-tree launcher (./vireo, with the archive its last build trained)
#   - virt-manager, on the same host file (the demo host Vireo extracts, 12 VMs)
#   - for reference, the floor under Vireo: a bare JavaFX window with one label (JDK 17, the
#     JavaFX jars and native libraries of the build, the GUI's JVM flags), until its stage is shown
#     and mapped; once as it is, once with a class-data archive of its own (as Vireo has); and the
#     same window holding only what Vireo's list is drawn with: AtlantaFX's theme and a
#     TreeTableView with the demo host's 12 rows under a group row, in five columns of text
#     (no menus, toolbar, icons, libvirt or logging), with its own archive
# Seconds from launch until the window shows the whole list (median, min and max of RUNS=5
# launches each, from fresh settings every time), detected as bench/manager-scale.sh does:
#   Vireo: its log line "Demo host: N VMs listed" (written once the table holds every VM), then
#          its window mapped
#   virt-manager: its debug line "changed to state=Active", then its window mapped
# (the log lines followed with tail -F, the windows looked for with xdotool every 20 ms)
#
# Usage: bench/startup.sh [vireo_VERSION_amd64.deb]
#   With a .deb it is installed for the run (apt, root or sudo) and purged afterwards; without,
#   the installed package is measured if there is one. Needs xdotool; starts Xvfb when DISPLAY is
#   unset. Prints a Markdown table (docs/performance.md keeps it).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d /tmp/vireo-bench-startup.XXXXXX)"
RUNS="${RUNS:-5}"
TIMEOUT=60
XVFB_PID="" INSTALLED=""
SUDO=()
[ "$(id -u)" -eq 0 ] || SUDO=(sudo)

cleanup() {
  set +e
  [ -n "${PID:-}" ] && kill "$PID" 2>/dev/null
  if [ -n "$INSTALLED" ]; then
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y purge vireo >/dev/null 2>&1 || true
  fi
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

if [ -z "${DISPLAY:-}" ]; then
  Xvfb :79 -screen 0 1400x900x24 -nolisten tcp >/dev/null 2>&1 &
  XVFB_PID=$!
  export DISPLAY=:79
  sleep 1
fi

if [ $# -ge 1 ]; then
  if dpkg-query -W -f='${Status}' vireo 2>/dev/null | grep -q 'ok installed'; then
    echo "vireo is installed already: measuring that one, not $1" >&2
  else
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -y install "$(readlink -f "$1")" >/dev/null
    INSTALLED=1
  fi
fi

# Build the source tree once, outside the measurements, and extract the demo host for virt-manager.
XDG_CONFIG_HOME="$WORK/config" XDG_STATE_HOME="$WORK/state" XDG_CACHE_HOME="$WORK/cache" "$ROOT/vireo" list >/dev/null
DEMO_HOST="$(ls "$WORK"/cache/vireo/demo-host-*.xml)"
mkdir -p "$WORK/bare-classes"
cat >"$WORK/bare-classes/Bare.java" <<'EOF'
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeTableColumn;
import javafx.scene.control.TreeTableView;
import javafx.stage.Stage;

public class Bare extends Application {
    @Override
    public void start(Stage stage) {
        stage.setTitle("Bare JavaFX");
        if (Boolean.getBoolean("bare.table")) {
            stage.setScene(new Scene(table(), 1100, 680));
        } else {
            stage.setScene(new Scene(new Label("A bare JavaFX window"), 400, 200));
        }
        stage.setOnShown(e -> System.out.println("shown"));
        stage.show();
        if (Boolean.getBoolean("bare.train")) {
            Platform.runLater(Platform::exit);
        }
    }

    /** Vireo's list without Vireo: AtlantaFX, a TreeTableView, a group row and 12 rows of text. */
    private static TreeTableView<String[]> table() {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheetBSS());
        String[] names = {"Name", "State", "CPU", "Memory", "vCPUs"};
        TreeItem<String[]> group = new TreeItem<>(new String[] {"Demo host", "Connected", "", "", ""});
        for (int i = 1; i <= 12; i++) {
            group.getChildren().add(new TreeItem<>(new String[] {
                    "vm-" + i, i % 2 == 0 ? "Running" : "Shut off", i + " %", i + " GiB", "2"}));
        }
        group.setExpanded(true);
        TreeItem<String[]> root = new TreeItem<>(new String[5]);
        root.getChildren().add(group);
        TreeTableView<String[]> table = new TreeTableView<>(root);
        table.setShowRoot(false);
        table.setFixedCellSize(36);
        for (int c = 0; c < names.length; c++) {
            int column = c;
            TreeTableColumn<String[], String> col = new TreeTableColumn<>(names[c]);
            col.setPrefWidth(c == 0 ? 340 : 120);
            col.setCellValueFactory(f -> new ReadOnlyStringWrapper(f.getValue().getValue()[column]));
            table.getColumns().add(col);
        }
        return table;
    }
}
EOF
ATLANTAFX="$(ls "$ROOT"/app/target/lib/atlantafx-base-*.jar)"
javac -d "$WORK/bare-classes" --module-path "$ROOT/app/target/fx" --add-modules javafx.controls -cp "$ATLANTAFX" \
  "$WORK/bare-classes/Bare.java"
jar --create --file "$WORK/bare.jar" -C "$WORK/bare-classes" .  # class-data archives take jars only
BARE_JVM=(-Xss1m -XX:+UseSerialGC -Xmn24m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1
  -Djava.library.path="$ROOT/app/target/native" --module-path "$ROOT/app/target/fx" --add-modules javafx.controls
  -cp "$WORK/bare.jar:$ATLANTAFX")
# the bare windows' own class-data archives, recorded by one run each (as ./vireo records Vireo's)
java "${BARE_JVM[@]}" -Dbare.train=true -XX:ArchiveClassesAtExit="$WORK/bare.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  Bare >/dev/null 2>&1 || { echo "the bare JavaFX window did not start" >&2; exit 1; }
java "${BARE_JVM[@]}" -Dbare.train=true -Dbare.table=true -XX:ArchiveClassesAtExit="$WORK/table.jsa" \
  -Xlog:cds=off -Xlog:cds+dynamic=off Bare >/dev/null 2>&1 || { echo "the bare table window did not start" >&2; exit 1; }

# Timing without forking while polling (two cores: a forked grep competes with the program measured)
now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
exec {NEVER}<> <(:)
nap() { read -r -t "$1" -u "$NEVER" _ || true; }
file_has() {
  local line
  [ -f "$1" ] || return 1
  while IFS= read -r line; do [[ $line == *"$2"* ]] && return 0; done <"$1"
  return 1
}
wait_for() {  # wait_for TIMEOUT COMMAND...: polls every 20 ms
  local deadline=$(( ${EPOCHREALTIME/./} + $1 * 1000000 ))
  shift
  until "$@"; do
    (( ${EPOCHREALTIME/./} > deadline )) && return 1
    nap 0.02
  done
}
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"   # wait_for_line
mapped() { xdotool search --onlyvisible --name "$1" >/dev/null 2>&1; }
stats() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { printf "%s %s %s", v[int((NR + 1) / 2)], v[1], v[NR] }'; }

# launch TOOL DIR: starts TOOL with settings in DIR; sets LAUNCH (seconds until the list shows)
launch() {
  local tool=$1 dir=$2 start
  rm -rf "$dir"; mkdir -p "$dir/state/vireo"
  : >"$dir/out.log"; : >"$dir/state/vireo/vireo.log"   # for tail -F to follow from the start
  start=$(now)
  case "$tool" in
    installed)
      XDG_CONFIG_HOME="$dir/config" XDG_STATE_HOME="$dir/state" XDG_CACHE_HOME="$dir/cache" \
        vireo >>"$dir/out.log" 2>&1 & ;;
    source)
      XDG_CONFIG_HOME="$dir/config" XDG_STATE_HOME="$dir/state" XDG_CACHE_HOME="$dir/cache" \
        "$ROOT/vireo" >>"$dir/out.log" 2>&1 & ;;
    bare)
      java "${BARE_JVM[@]}" Bare >>"$dir/out.log" 2>&1 & ;;
    bare-cds)
      java "${BARE_JVM[@]}" -XX:SharedArchiveFile="$WORK/bare.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off Bare \
        >>"$dir/out.log" 2>&1 & ;;
    bare-table)
      java "${BARE_JVM[@]}" -Dbare.table=true -XX:SharedArchiveFile="$WORK/table.jsa" -Xlog:cds=off \
        -Xlog:cds+dynamic=off Bare >>"$dir/out.log" 2>&1 & ;;
    virt-manager)
      HOME="$dir" XDG_CONFIG_HOME="$dir/config" XDG_CACHE_HOME="$dir/cache" \
        virt-manager --no-fork --debug --connect "test://$DEMO_HOST" >>"$dir/out.log" 2>&1 & ;;
  esac
  PID=$!
  if [ "$tool" = virt-manager ]; then
    wait_for_line "$TIMEOUT" "$dir/out.log" "changed to state=Active" &&
      wait_for "$TIMEOUT" mapped "Virtual Machine Manager"
  elif [[ $tool == bare* ]]; then
    wait_for_line "$TIMEOUT" "$dir/out.log" "shown" && wait_for "$TIMEOUT" mapped '^Bare JavaFX$'
  else
    wait_for_line "$TIMEOUT" "$dir/state/vireo/vireo.log" "VMs listed" && wait_for "$TIMEOUT" mapped '^Vireo$'
  fi || { echo "$tool did not show the demo host within $TIMEOUT s" >&2; cat "$dir/out.log" >&2; return 1; }
  LAUNCH=$(elapsed "$start" "$(now)")
  if [ "$tool" = source ] && file_has "$dir/out.log" "building"; then
    echo "./vireo rebuilt during the run: the timing is void; run again" >&2
    return 1
  fi
  kill "$PID"; wait "$PID" 2>/dev/null || true
  PID=""
  nap 1
}

TOOLS=()
command -v vireo >/dev/null && [ -x /opt/vireo/bin/vireo ] && TOOLS+=(installed) ||
  echo "no installed package (give the .deb as argument): measuring the source tree only" >&2
TOOLS+=(source)
command -v virt-manager >/dev/null && TOOLS+=(virt-manager)
TOOLS+=(bare bare-cds bare-table)

declare -A MEDIAN MIN MAX
for tool in "${TOOLS[@]}"; do
  times=()
  for ((i = 1; i <= RUNS; i++)); do
    launch "$tool" "$WORK/$tool"
    times+=("$LAUNCH")
  done
  read -r MEDIAN[$tool] MIN[$tool] MAX[$tool] <<<"$(stats "${times[@]}")"
done

label() {
  case "$1" in
    installed) echo "Vireo, installed package ($(dpkg-query -W -f='${Version}' vireo))" ;;
    source) echo "Vireo, source-tree launcher (./vireo)" ;;
    bare) echo "a bare JavaFX window (reference)" ;;
    bare-cds) echo "the same with a class-data archive (reference)" ;;
    bare-table) echo "the same holding only a 12-row TreeTableView in AtlantaFX's theme (reference)" ;;
    virt-manager) echo "virt-manager $(dpkg-query -W -f='${Version}' virt-manager 2>/dev/null | cut -d- -f1 | sed 's/^1://')" ;;
  esac
}
echo "| tool | launch to window, median (s) | min | max | vs virt-manager |"
echo "|---|---:|---:|---:|---:|"
for tool in "${TOOLS[@]}"; do
  ratio="n/a"
  [ -n "${MEDIAN[virt-manager]:-}" ] &&
    ratio=$(awk -v a="${MEDIAN[$tool]}" -v b="${MEDIAN[virt-manager]}" 'BEGIN { printf "%.2fx", a / b }')
  echo "| $(label "$tool") | ${MEDIAN[$tool]} | ${MIN[$tool]} | ${MAX[$tool]} | $ratio |"
done
