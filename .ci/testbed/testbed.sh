#!/usr/bin/env bash
# Vireo's live test bed: the real daemons and a tiny guest, for the integration tests.
#
#   .ci/testbed/testbed.sh up     starts it (idempotent); prints the path of its environment file
#   .ci/testbed/testbed.sh down   stops the daemons that `up` started
#
# `up` needs root (it is run with sudo otherwise). It
#   - starts virtlogd and libvirtd when they are not running (there is no init system to do it);
#     a libvirtd started here lets the group "libvirt" use qemu:///system without polkit
#   - starts an sshd of its own on 127.0.0.1:$SSH_PORT with throw-away host keys, a throw-away
#     client key for root, and a throw-away password user ($SSH_USER, a new password each time)
#   - starts a session bus of its own with a GNOME keyring on it (for remembered passwords)
#   - builds the test guest once (cached): Debian's kernel and an initramfs of busybox-static and
#     guest-init, downloaded with apt-get (nothing is installed for it), and this machine's
#     modetest (libdrm-tests) with its shared libraries, which lights up a QXL device's heads
# and writes everything the tests need to know into $STATE/env (mode 0600: it holds the password).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE=/run/vireo-testbed
IMAGES=/var/lib/libvirt/images/vireo-testbed
POOL=vireo-testbed
SSH_PORT=10022
SSH_USER=vireotest
CACHE="${VIREO_TESTBED_CACHE:-/var/cache/vireo-testbed}"

say() { printf 'testbed: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

if [ "$(id -u)" -ne 0 ]; then
  exec sudo --preserve-env=VIREO_TESTBED_CACHE "$0" "$@"
fi

alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_for() {  # wait_for SECONDS COMMAND...
  local n=$(($1 * 10)); shift
  until "$@" >/dev/null 2>&1; do
    n=$((n - 1)); [ $n -gt 0 ] || return 1
    sleep 0.1
  done
}

# ---------------------------------------------------------------- libvirt
start_libvirt() {
  mkdir -p "$STATE"
  if ! pgrep -x virtlogd >/dev/null; then
    virtlogd -d -p "$STATE/virtlogd.pid"
    say "started virtlogd"
  fi
  if ! pgrep -x libvirtd >/dev/null; then
    getent group libvirt >/dev/null || groupadd --system libvirt
    cat >"$STATE/libvirtd.conf" <<EOF
unix_sock_group = "libvirt"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0770"
auth_unix_ro = "none"
auth_unix_rw = "none"
EOF
    libvirtd -d -f "$STATE/libvirtd.conf" -p "$STATE/libvirtd.pid"
    say "started libvirtd"
  fi
  wait_for 20 virsh -c qemu:///system version || die "libvirtd does not answer on qemu:///system"
}

# ---------------------------------------------------------------- SPICE over TLS
SPICE_PKI=/etc/pki/libvirt-spice
QEMU_CONF=/etc/libvirt/qemu.conf

# For the consoles' TLS tests: a throw-away CA and server certificate (made only where the host
# has none; the subject's CN is not an address, so clients must check the subject, as they do
# through SSH tunnels), and spice_tls = 1 in qemu.conf, which libvirtd reads when it starts: a
# libvirtd running without it is restarted (its guests keep running).
setup_spice_tls() {
  if [ ! -f "$SPICE_PKI/server-cert.pem" ]; then
    local tmp
    tmp="$(mktemp -d)"
    mkdir -p "$SPICE_PKI"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/O=Vireo test bed/CN=Vireo test bed CA" \
      -keyout "$tmp/ca-key.pem" -out "$SPICE_PKI/ca-cert.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/C=XX/O=Vireo test bed/CN=vireo-testbed.invalid" \
      -keyout "$SPICE_PKI/server-key.pem" -out "$tmp/server.csr" 2>/dev/null
    openssl x509 -req -in "$tmp/server.csr" -CA "$SPICE_PKI/ca-cert.pem" -CAkey "$tmp/ca-key.pem" -CAcreateserial -CAserial "$tmp/ca.srl" \
      -days 3650 -out "$SPICE_PKI/server-cert.pem" 2>/dev/null
    rm -rf "$tmp"  # the CA's key: nothing else will be signed
    chmod 644 "$SPICE_PKI/ca-cert.pem" "$SPICE_PKI/server-cert.pem"
    chmod 640 "$SPICE_PKI/server-key.pem"
    chgrp "$(id -gn libvirt-qemu 2>/dev/null || echo root)" "$SPICE_PKI/server-key.pem"
    touch "$SPICE_PKI/.made-by-vireo-testbed"
    say "made a SPICE TLS certificate in $SPICE_PKI"
  fi
  if ! grep -Eq '^[[:space:]]*spice_tls[[:space:]]*=[[:space:]]*1' "$QEMU_CONF"; then
    printf '\n# added by Vireo'"'"'s test bed (.ci/testbed/testbed.sh): SPICE over TLS for the console tests\nspice_tls = 1\n' >>"$QEMU_CONF"
    say "enabled SPICE TLS in $QEMU_CONF"
    if pgrep -x libvirtd >/dev/null; then
      stop_libvirtd
    fi
  fi
}

# ---------------------------------------------------------------- sshd
start_sshd() {
  mkdir -p "$STATE/authorized_keys" /run/sshd
  chmod 755 "$STATE" "$STATE/authorized_keys"
  [ -f "$STATE/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C vireo-testbed-host -f "$STATE/ssh_host_ed25519_key"
  [ -f "$STATE/ssh_host_rsa_key" ] || ssh-keygen -q -t rsa -b 3072 -N '' -C vireo-testbed-host -f "$STATE/ssh_host_rsa_key"
  [ -f "$STATE/client_key" ] || ssh-keygen -q -t ed25519 -N '' -C vireo-testbed-client -f "$STATE/client_key"

  getent passwd "$SSH_USER" >/dev/null || useradd --create-home --shell /bin/sh "$SSH_USER"
  usermod -a -G libvirt "$SSH_USER"
  PASSWORD="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
  echo "$SSH_USER:$PASSWORD" | chpasswd

  cp "$STATE/client_key.pub" "$STATE/authorized_keys/root"
  cp "$STATE/client_key.pub" "$STATE/authorized_keys/$SSH_USER"
  chmod 644 "$STATE"/authorized_keys/*

  cat >"$STATE/sshd_config" <<EOF
ListenAddress 127.0.0.1
Port $SSH_PORT
HostKey $STATE/ssh_host_ed25519_key
HostKey $STATE/ssh_host_rsa_key
AuthorizedKeysFile $STATE/authorized_keys/%u
PidFile $STATE/sshd.pid
PermitRootLogin prohibit-password
PasswordAuthentication yes
KbdInteractiveAuthentication yes
UsePAM yes
X11Forwarding no
AllowTcpForwarding yes
Subsystem sftp internal-sftp
EOF
  if ! alive "$STATE/sshd.pid"; then
    /usr/sbin/sshd -f "$STATE/sshd_config" -E "$STATE/sshd.log" || die "sshd did not start (see $STATE/sshd.log)"
    say "started sshd on 127.0.0.1:$SSH_PORT"
  else
    kill -HUP "$(cat "$STATE/sshd.pid")"  # re-read the configuration
  fi
  wait_for 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$SSH_PORT" || die "sshd does not listen on 127.0.0.1:$SSH_PORT"
  # known_hosts line for the tests that trust this host
  ssh-keyscan -p "$SSH_PORT" -t ed25519 127.0.0.1 2>/dev/null >"$STATE/known_hosts"
  [ -s "$STATE/known_hosts" ] || die "could not read sshd's host key"
}

# ---------------------------------------------------------------- the test guest
apt_download() {  # apt_download DIR PACKAGE...: into DIR, refreshing the package lists once if needed
  local dir=$1; shift
  (cd "$dir" && apt-get download "$@" >/dev/null 2>&1) && return 0
  apt-get update -q >/dev/null
  (cd "$dir" && apt-get download "$@" >/dev/null 2>&1)
}

kernel_package() {
  local pkg
  pkg="$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }')"
  if [ -z "$pkg" ]; then
    apt-get update -q >/dev/null
    pkg="$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-/ { print $2; exit }')"
  fi
  [ -n "$pkg" ] || die "no Debian kernel package found (apt-cache depends linux-image-amd64)"
  echo "$pkg"
}

# What goes into the guest besides guest-init; a change here must change GUEST_RECIPE (the cache key).
GUEST_RECIPE=2

build_guest() {
  local kpkg key out tmp modetest
  kpkg="$(kernel_package)"
  modetest="$(command -v modetest)" || die "modetest is missing (apt-get install libdrm-tests)"
  key="$kpkg-$(cat "$HERE/guest-init" "$modetest" | sha256sum | cut -c1-12)-r$GUEST_RECIPE"
  out="$CACHE/$key"
  if [ ! -f "$out/initrd.gz" ] || [ ! -f "$out/vmlinuz" ]; then
    say "building the test guest ($kpkg, busybox-static; once)"
    tmp="$(mktemp -d)"
    chmod 755 "$tmp"  # apt-get download drops privileges to _apt
    apt_download "$tmp" "$kpkg" busybox-static || die "could not download $kpkg and busybox-static"
    dpkg-deb -x "$tmp"/linux-image-*.deb "$tmp/kernel"
    dpkg-deb -x "$tmp"/busybox-static_*.deb "$tmp/busybox"
    mkdir -p "$tmp/root/bin" "$tmp/root/lib" "$tmp/root/proc" "$tmp/root/sys" "$tmp/root/dev" "$tmp/root/etc"
    cp "$tmp/busybox/bin/busybox" "$tmp/root/bin/busybox"
    cp "$HERE/guest-init" "$tmp/root/init"
    chmod 755 "$tmp/root/init"
    # modetest and the libraries it loads (libdrm, libc, the loader), at the same paths as here
    cp "$modetest" "$tmp/root/bin/modetest"
    local lib
    for lib in $(ldd "$modetest" | grep -o '/[^ ]*'); do
      mkdir -p "$tmp/root$(dirname "$lib")"
      cp -L "$lib" "$tmp/root$lib"
    done
    local m f
    for m in drivers/input/evdev drivers/acpi/button drivers/input/mouse/psmouse drivers/virtio/virtio_ring \
             drivers/virtio/virtio drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci_legacy_dev \
             drivers/virtio/virtio_pci drivers/virtio/virtio_input drivers/char/virtio_console \
             drivers/gpu/drm/drm drivers/gpu/drm/drm_kms_helper drivers/gpu/drm/ttm/ttm \
             drivers/gpu/drm/drm_ttm_helper drivers/gpu/drm/qxl/qxl; do
      f="$(find "$tmp/kernel/lib/modules" -path "*/kernel/$m.ko*" | head -1)"
      [ -n "$f" ] || die "kernel module $m not found in $kpkg"
      case "$f" in
        *.xz) xz -dc "$f" >"$tmp/root/lib/$(basename "$m").ko" ;;
        *) cp "$f" "$tmp/root/lib/$(basename "$m").ko" ;;
      esac
    done
    mkdir -p "$out.new"
    cp "$tmp"/kernel/boot/vmlinuz-* "$out.new/vmlinuz"
    (cd "$tmp/root" && find . | "$tmp/root/bin/busybox" cpio -o -H newc 2>/dev/null | gzip -9) >"$out.new/initrd.gz"
    rm -rf "$out" && mv "$out.new" "$out"
    rm -rf "$tmp"
  fi
  mkdir -p "$IMAGES"
  cp "$out/vmlinuz" "$IMAGES/vmlinuz"
  cp "$out/initrd.gz" "$IMAGES/initrd.gz"
  chmod 755 "$IMAGES"
  chmod 644 "$IMAGES/vmlinuz" "$IMAGES/initrd.gz"
}

# A storage pool over the guest's directory: the kernel and initrd are its volumes, and the
# new-VM tests create (and remove) their disks in it.
define_pool() {
  if ! virsh -q -c qemu:///system pool-info "$POOL" >/dev/null 2>&1; then
    virsh -q -c qemu:///system pool-define-as "$POOL" dir --target "$IMAGES" >/dev/null || die "could not define pool $POOL"
  fi
  local info
  info="$(virsh -q -c qemu:///system pool-info "$POOL")" || die "could not read pool $POOL"
  # (not piped into grep -q: with pipefail, virsh dying of SIGPIPE would count as "not running")
  if ! grep -q 'State: *running' <<<"$info"; then
    virsh -q -c qemu:///system pool-start "$POOL" >/dev/null || die "could not start pool $POOL"
  fi
  virsh -q -c qemu:///system pool-refresh "$POOL" >/dev/null || die "could not refresh pool $POOL"
}

# ---------------------------------------------------------------- keyring
# A session bus of the test bed's own and a GNOME keyring on it (unlocked with a throw-away
# password), for the tests of passwords remembered in the Secret Service.
start_keyring() {
  BUS="unix:path=$STATE/bus"
  if ! alive "$STATE/dbus.pid"; then
    rm -f "$STATE/bus"
    dbus-daemon --session --fork --address="$BUS" --print-pid=1 >"$STATE/dbus.pid" || die "dbus-daemon did not start"
    wait_for 10 test -S "$STATE/bus" || die "the test bed's session bus did not start"
    say "started a session bus"
  fi
  if ! alive "$STATE/keyring.pid"; then
    mkdir -p "$STATE/keyring/home" "$STATE/keyring/data" "$STATE/keyring/run"
    chmod 700 "$STATE/keyring/run"
    rm -rf "$STATE/keyring/data/keyrings"  # a new login keyring with a new password each start
    head -c 18 /dev/urandom | base64 | tr -d '\n' | env -i PATH="$PATH" HOME="$STATE/keyring/home" \
      XDG_DATA_HOME="$STATE/keyring/data" XDG_RUNTIME_DIR="$STATE/keyring/run" DBUS_SESSION_BUS_ADDRESS="$BUS" \
      gnome-keyring-daemon --unlock --components=secrets --daemonize >"$STATE/keyring/env" 2>"$STATE/keyring/log" ||
      die "gnome-keyring-daemon did not start (see $STATE/keyring/log)"
    wait_for 10 pgrep -n gnome-keyring-d || die "gnome-keyring-daemon did not stay up (see $STATE/keyring/log)"
    pgrep -n gnome-keyring-d >"$STATE/keyring.pid"
    say "started a keyring"
  fi
}

# ---------------------------------------------------------------- env
write_env() {
  local env="$STATE/env"
  umask 077
  cat >"$env" <<EOF
# Vireo's live test bed (written by .ci/testbed/testbed.sh up; throw-away credentials)
VIREO_TESTBED_SCRIPT=$HERE/testbed.sh
VIREO_TESTBED_SSH_HOST=127.0.0.1
VIREO_TESTBED_SSH_PORT=$SSH_PORT
VIREO_TESTBED_SSH_USER=$SSH_USER
VIREO_TESTBED_SSH_PASSWORD=$PASSWORD
VIREO_TESTBED_CLIENT_KEY=$STATE/client_key
VIREO_TESTBED_KNOWN_HOSTS=$STATE/known_hosts
VIREO_TESTBED_HOST_KEY=$STATE/ssh_host_ed25519_key
VIREO_TESTBED_SSHD_CONFIG=$STATE/sshd_config
VIREO_TESTBED_DBUS=$BUS
VIREO_TESTBED_GUEST_KERNEL=$IMAGES/vmlinuz
VIREO_TESTBED_GUEST_INITRD=$IMAGES/initrd.gz
VIREO_TESTBED_GUEST_CMDLINE=vga=0x318 console=ttyS0 loglevel=4
VIREO_TESTBED_POOL=$POOL
EOF
  if [ -n "${SUDO_UID:-}" ]; then
    chown "$SUDO_UID" "$env" "$STATE/client_key" "$STATE/known_hosts"
  fi
  echo "$env"
}

down() {
  local p
  for p in keyring dbus sshd libvirtd virtlogd; do
    if alive "$STATE/$p.pid"; then
      kill "$(cat "$STATE/$p.pid")" && say "stopped $p"
    fi
    rm -f "$STATE/$p.pid"
  done
}

stop_libvirtd() {
  local pid
  pid="$(cat "$STATE/libvirtd.pid" 2>/dev/null || pgrep -x libvirtd || true)"
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  wait_for 20 bash -c "! kill -0 $pid" || kill -9 "$pid" 2>/dev/null || true
  rm -f "$STATE/libvirtd.pid"
}

case "${1:-}" in
  # for the tests of a daemon that dies and comes back
  stop-libvirtd) stop_libvirtd ;;
  start-libvirtd) start_libvirt ;;
  up)
    setup_spice_tls
    start_libvirt
    start_sshd
    start_keyring
    build_guest
    define_pool
    write_env
    ;;
  down) down ;;
  *) echo "usage: $0 up|down|stop-libvirtd|start-libvirtd" >&2; exit 2 ;;
esac
