#!/bin/sh
# Regenerates the PNG icons from vireo.svg (needs rsvg-convert: apt-get install librsvg2-bin).
set -eu
cd "$(dirname "$0")"
for size in 16 32 48 64 128 256 512; do
    rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio vireo.svg --output "vireo-$size.png"
done
