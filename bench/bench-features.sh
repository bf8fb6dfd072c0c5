#!/bin/bash
# ImclassFeatures benchmark against OTB's own applications on the same 4000 x 4000 input.
# Prints wall time, throughput (Mpx/s), peak memory, and the ratio ImCLASS / OTB.
# usage: bench/bench-features.sh [WORKDIR]     (after scripts/setup.sh; ~5 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
WORK="${1:-$ROOT/build/bench-features}"
SIZE=4000
mkdir -p "$WORK"
export OTB_APPLICATION_PATH="$ROOT/${IMCLASS_BUILD_DIR:-build}/lib/otb/applications"
data/get-debian-data.sh "$WORK/debian-data"
IMAGE="$WORK/l7_${SIZE}.tif"
if [ ! -f "$IMAGE" ]; then
  # The real Landsat-7 scene resampled to 4000 x 4000 (6 bands), tiled like a production image.
  gdal_translate -q -outsize $SIZE $SIZE -r bilinear -ot UInt16 -co TILED=YES \
    "$WORK/debian-data/l7_etms.tif" "$IMAGE"
fi
THREADS="${ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS:-$(nproc)}"
export ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=$THREADS
# GDAL's block cache (5% of the RAM by default) would hide what -ram controls in the peak memory.
export GDAL_CACHEMAX="${GDAL_CACHEMAX:-64}"

source "$ROOT/bench/bench-common.sh"
ratio() { printf "%-62s %7.2f x (OTB wall time / ImCLASS wall time)\n" "  speed ratio" "$(echo "$1 / $2" | bc -l)"; }

echo "ImclassFeatures benchmark: ${SIZE} x ${SIZE} px, 6 bands, ${THREADS} threads, -ram 256, GDAL_CACHEMAX ${GDAL_CACHEMAX} MB"
measure "OTB RadiometricIndices (6 indices)" otbcli_RadiometricIndices -in "$IMAGE" -channels.blue 1 \
  -channels.green 2 -channels.red 3 -channels.nir 4 -channels.mir 5 -list Vegetation:NDVI Vegetation:SAVI \
  Water:NDWI2 Water:MNDWI Water:NDWI Soil:BI2 -ram 256 -out "$WORK/otb_indices.tif"
otb_indices=$LAST_SECONDS
measure "ImclassFeatures -texture none (6 bands + same 6 indices)" otbcli ImclassFeatures -in "$IMAGE" -sensor l57 \
  -texture none -indices ndvi savi ndwi mndwi ndmi brightness -ram 256 -out "$WORK/imclass_indices.tif"
ratio "$otb_indices" "$LAST_SECONDS"

for texture in simple advanced; do
  measure "OTB HaralickTextureExtraction $texture (r2, 16 bins)" otbcli_HaralickTextureExtraction -in "$IMAGE" \
    -channel 4 -texture $texture -parameters.xrad 2 -parameters.yrad 2 -parameters.nbbin 16 \
    -parameters.min 20 -parameters.max 120 -ram 256 -out "$WORK/otb_textures.tif"
  otb_textures=$LAST_SECONDS
  measure "ImclassFeatures -texture $texture (+ 6 bands, ndvi)" otbcli ImclassFeatures -in "$IMAGE" -sensor l57 \
    -indices ndvi -texture $texture -tex.radius 2 -tex.bins 16 -tex.min 20 -tex.max 120 -ram 256 \
    -out "$WORK/imclass_textures.tif"
  ratio "$otb_textures" "$LAST_SECONDS"
done
measure "ImclassFeatures default (robust range pass + simple)" otbcli ImclassFeatures -in "$IMAGE" -sensor l57 \
  -ram 256 -out "$WORK/imclass_default.tif"
