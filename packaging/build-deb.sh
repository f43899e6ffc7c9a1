#!/usr/bin/env bash
# Builds vireo_<version>_amd64.deb from the last build (app/target); `./vireo package` calls it
# after building, with the tools installed and a display for the start-up training run.
#
#   /opt/vireo/              jpackage's app image: bin/vireo (its launcher), lib/app (the jars,
#                            vireo.cfg and vireo.args: the JVM options and class path, vireo.jsa:
#                            the class-data archive), lib/runtime (jlink'd: the JDK modules Vireo
#                            uses and JavaFX, with JavaFX's and JNA's native libraries in its lib/)
#   /usr/bin/vireo           runs lib/runtime/bin/java @vireo.args: the window without arguments,
#                            the command line with them
#   /usr/share/applications  the menu entry and the .vv handler; metainfo, icons, man page, MIME type
#
# Why this layout and these choices: docs/decisions/0013-debian-package.md. Prints the .deb's path.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
say() { printf 'package: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ -n "${VIREO_GUI_JVM:-}" ] || die "run it as ./vireo package (which builds first and passes the JVM options)"
[ -n "${DISPLAY:-}" ] || die "the start-up training run needs a display (./vireo package starts Xvfb)"

APP=app/target
OUT=packaging/target/deb
STAGE="$OUT/root"            # the package's files, as installed
PREFIX=/opt/vireo
IMAGE="$STAGE$PREFIX"
VERSION="$(sed -n 's/^version=//p' "$APP/classes/vireo-version.properties")"
[ -n "$VERSION" ] || die "no version in $APP/classes/vireo-version.properties: build first"
DEB_VERSION="${VERSION/-/\~}"   # 0.1.0-SNAPSHOT sorts before 0.1.0: 0.1.0~SNAPSHOT
DEB="vireo_${DEB_VERSION}_amd64.deb"
APP_ID=dev.vireo.Vireo
# Where the metainfo's screenshots are (docs/screenshots of the repository, as published).
SCREENSHOTS_URL="${VIREO_SCREENSHOTS_URL:-https://vireo.example.org/docs/screenshots}"

JDK="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
[ -x "$JDK/bin/jlink" ] && [ -x "$JDK/bin/jpackage" ] && [ -f "$JDK/jmods/java.base.jmod" ] ||
  die "$JDK lacks jlink, jpackage or its jmods: a full JDK is needed (apt-get install openjdk-17-jdk-headless)"

MAINTAINER="${DEBFULLNAME:-$(git config user.name || echo Vireo)} <${DEBEMAIL:-$(git config user.email || echo vireo@localhost)}>"

rm -rf "$OUT" && mkdir -p "$OUT" "$STAGE"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
# Every run of the packaged app below writes its settings, log and caches here, not in the
# builder's home.
export HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home/.config" XDG_STATE_HOME="$WORK/home/.local/state" \
  XDG_CACHE_HOME="$WORK/home/.cache"
mkdir -p "$HOME"

# ---------------------------------------------------------------- runtime and app image
# Vireo's own runtime, as ./vireo linked it after the build (its modules: RUNTIME_MODULES there)
[ -x "$APP/runtime/bin/java" ] || die "no $APP/runtime: run it as ./vireo package (which links it)"
say "copying the runtime ($APP/runtime)"
cp -a "$APP/runtime" "$WORK/runtime"
# JavaFX loads its natives from the runtime's lib/ when they are there, instead of extracting
# them from its jars into ~/.openjfx/cache; JNA likewise through jna.boot.library.path.
# The build unpacked both into app/target/native (app/pom.xml).
cp "$APP"/native/*.so "$WORK/runtime/lib/"

mkdir -p "$WORK/input"
cp "$APP/vireo-app.jar" "$APP"/lib/*.jar "$WORK/input/"
# One set of JVM options for the window and the command line: the window's (it is what starts
# slowly), with the class-data archive recorded below.
JAVA_OPTIONS="$VIREO_GUI_JVM -XX:SharedArchiveFile=\$APPDIR/vireo.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
JAVA_OPTIONS+=" -Djna.boot.library.path=\$APPDIR/../runtime/lib"
# where Debian and Ubuntu keep amd64 libraries: JNA would otherwise ask `ldconfig -p` at every start
JAVA_OPTIONS+=" -Djna.platform.library.path=/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu"
say "making the app image"
"$JDK/bin/jpackage" --type app-image --name vireo --app-version "${VERSION%%-*}" \
  --description "Vireo, a desktop virtualization manager for libvirt hosts" --vendor Vireo \
  --input "$WORK/input" --main-jar vireo-app.jar --main-class dev.vireo.app.Main \
  --runtime-image "$WORK/runtime" --icon icons/vireo-256.png \
  --java-options "$JAVA_OPTIONS" --dest "$WORK/image"
mkdir -p "$(dirname "$IMAGE")"
mv "$WORK/image/vireo" "$IMAGE"
# /usr/bin/vireo starts the runtime's java with what jpackage wrote into its launcher's vireo.cfg
# (options, then the class path), as an argument file
cfg="$IMAGE/lib/app/vireo.cfg"
{
  sed -n 's/^java-options=//p' "$cfg"
  printf -- '-cp\n%s\n' "$(sed -n 's/^app.classpath=//p' "$cfg" | paste -sd:)"
} | sed "s|\$APPDIR|$PREFIX/lib/app|g" >"$IMAGE/lib/app/vireo.args"
grep -qx 'app.mainclass=dev.vireo.app.Main' "$cfg" || die "$cfg names another main class than packaging/vireo.sh"

# ---------------------------------------------------------------- files outside /opt
install -D -m 755 packaging/vireo.sh "$STAGE/usr/bin/vireo"
install -D -m 644 "packaging/$APP_ID.desktop" "$STAGE/usr/share/applications/$APP_ID.desktop"
install -D -m 644 "packaging/$APP_ID.Viewer.desktop" "$STAGE/usr/share/applications/$APP_ID.Viewer.desktop"
install -D -m 644 packaging/vireo-mime.xml "$STAGE/usr/share/mime/packages/$APP_ID.xml"
for size in 16 32 48 64 128 256 512; do
  install -D -m 644 "icons/vireo-$size.png" "$STAGE/usr/share/icons/hicolor/${size}x$size/apps/$APP_ID.png"
done
install -D -m 644 icons/vireo.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg"
mkdir -p "$STAGE/usr/share/metainfo"
sed -e "s|@VERSION@|$DEB_VERSION|" -e "s|@DATE@|$(git log -1 --format=%cs 2>/dev/null || date +%F)|" \
  -e "s|@SCREENSHOTS@|$SCREENSHOTS_URL|g" \
  "packaging/$APP_ID.metainfo.xml" >"$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml"
desktop-file-validate "$STAGE"/usr/share/applications/*.desktop
appstreamcli validate --no-net "$STAGE/usr/share/metainfo/$APP_ID.metainfo.xml" >&2 ||
  die "the metainfo is not valid"

say "writing the man page from the commands' --help"
mkdir -p "$STAGE/usr/share/man/man1"
packaging/manpage.sh "$IMAGE/bin/vireo" "$VERSION" >"$WORK/vireo.1"
gzip -9n <"$WORK/vireo.1" >"$STAGE/usr/share/man/man1/vireo.1.gz"

# ---------------------------------------------------------------- class-data archive
say "recording the classes a start loads (a training run of the window)"
packaging/train-cds.sh "$STAGE" "$PREFIX"

# ---------------------------------------------------------------- the package
find "$STAGE" -type d -exec chmod 755 {} +   # mode only: CDS checks the jars' size and mtime
find "$STAGE" -type f -exec chmod go-w {} +
DEPENDS="$(packaging/depends.sh "$IMAGE")"
mkdir -p "$STAGE/DEBIAN"
sed -e "s|@VERSION@|$DEB_VERSION|" -e "s|@DEPENDS@|$DEPENDS|" \
  -e "s|@SIZE@|$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)|" \
  -e "s|@MAINTAINER@|$MAINTAINER|" \
  packaging/control >"$STAGE/DEBIAN/control"
say "compressing $DEB"
dpkg-deb --root-owner-group -Zxz --build "$STAGE" "$DEB" >/dev/null
say "$DEB: $(du -h "$DEB" | cut -f1), installs $(du -sh --exclude=DEBIAN "$STAGE" | cut -f1)"
echo "$ROOT/$DEB"
