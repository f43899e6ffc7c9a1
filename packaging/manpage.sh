#!/usr/bin/env bash
# Writes vireo(1) on stdout, made by help2man from the program's own --help and --version, with
# a COMMANDS section holding every subcommand's --help (found by walking the "Commands:" lists).
#   manpage.sh PROGRAM VERSION
set -euo pipefail
program="$1" version="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# roff-safe preformatted text: backslashes escaped, a leading . or ' made literal
roff_text() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }

# subcommands PATH...: the names under "Commands:" in that command's --help
subcommands() {
  "$program" "$@" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }'
}

# describe PATH...: a subsection for the command at PATH, then for each of its subcommands
describe() {
  if [ $# -gt 0 ]; then
    printf '.SS "vireo %s"\n.nf\n' "$*"
    "$program" "$@" --help | roff_text
    printf '.fi\n'
  fi
  local sub
  for sub in $(subcommands "$@"); do
    describe "$@" "$sub"
  done
}

{
  echo "[COMMANDS]"
  echo "Each command's own help (vireo COMMAND --help):"
  describe
  cat <<'ROFF'
[FILES]
.TP
.I ~/.config/vireo/
settings.properties (window, columns, theme) and connections.json (saved connections, no passwords)
.TP
.I ~/.local/state/vireo/vireo.log
the log (\-\-debug adds detail and mirrors it on stderr)
.TP
.I ~/.cache/vireo/
the demo host's definition
.PP
These follow $XDG_CONFIG_HOME, $XDG_STATE_HOME and $XDG_CACHE_HOME. Removing the package leaves them.
[SEE ALSO]
.BR virsh (1),
.BR remote-viewer (1),
.BR virt-manager (1)
ROFF
} >"$work/include.h2m"

# The main help unwrapped (help2man fills its paragraphs itself); the JVM's note that it picked
# the option up goes to stderr, which help2man ignores.
printf '#!/bin/sh\nJAVA_TOOL_OPTIONS=-Dpicocli.usage.width=250 exec "%s" "$@"\n' "$program" >"$work/vireo"
chmod +x "$work/vireo"
help2man --no-info --section=1 --name="desktop virtualization manager for libvirt hosts" \
  --version-string="$version" --include="$work/include.h2m" "$work/vireo"
