#!/bin/bash
# Haralick textures: otbcli_HaralickTextureExtraction against ImCLASS's HaralickTextureFilter (run
# by the otbImclassHaralickTextures tool the way the application runs its filters: band extracted
# and clamped, writer streaming within -ram 256) on the same 4000 x 4000 band of a real Landsat-7
# scene, with the same threads. For each set, radius and bin count: both wall times, Mpx/s, the
# ratio, and the largest difference between the two outputs (relative to each feature's range).
# Both write the same GeoTIFF, tiled by default: the striped file GDAL writes otherwise (OUTPUT=striped)
# costs both runs about a second of strip handling that has nothing to do with textures, which on a
# busy machine weighs on the short run only.
# usage: [OUTPUT=tiled|striped] bench/bench-textures.sh [WORKDIR] [SET...]   (after scripts/setup.sh;
# sets: simple advanced)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BUILD="$ROOT/${IMCLASS_BUILD_DIR:-build}"
WORK="${1:-$BUILD/bench-textures}"
[ $# -gt 0 ] && shift
SETS=("$@")
[ ${#SETS[@]} -gt 0 ] || SETS=(simple advanced)
SIZE=4000
mkdir -p "$WORK"
TOOL="$BUILD/bin/otbImclassHaralickTextures"
[ -x "$TOOL" ] || { echo "missing $TOOL: build with scripts/setup.sh (BUILD_TESTING)"; exit 1; }
scripts/get-debian-data.sh "$WORK/debian-data"
BAND="$WORK/nir_${SIZE}.tif"
if [ ! -f "$BAND" ]; then
  # Band 4 (near infrared) of the Landsat-7 scene resampled to 4000 x 4000, tiled like a production image.
  gdal_translate -q -b 4 -outsize $SIZE $SIZE -r bilinear -co TILED=YES "$WORK/debian-data/l7_etms.tif" "$BAND"
fi
export ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS="${ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS:-2}"
# GDAL's block cache (5% of the RAM by default) would hide what -ram controls in the peak memory.
export GDAL_CACHEMAX="${GDAL_CACHEMAX:-64}"
MIN=20 MAX=120 RAM=256
OUTPUT="${OUTPUT:-tiled}"
case "$OUTPUT" in
  tiled) CREATION='?&gdal:co:TILED=YES' ;;
  striped) CREATION='' ;;
  *) echo "OUTPUT: tiled or striped"; exit 1 ;;
esac

source "$ROOT/scripts/bench-common.sh"
cpu_seconds() { # of the last measure (user + system): the work itself, apart from the load of a shared machine
  local seconds user system kib
  read -r seconds user system kib < "$WORK/time.log"
  echo "$user + $system" | bc -l
}
compare() { # OURS THEIRS: largest |difference| / range over the features
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
import numpy as np
from osgeo import gdal
ours, theirs = (gdal.Open(p) for p in sys.argv[1:3])
worst = 0.0
for k in range(theirs.RasterCount):
    a = ours.GetRasterBand(k + 1).ReadAsArray().astype(np.float64)
    b = theirs.GetRasterBand(k + 1).ReadAsArray().astype(np.float64)
    finite = np.isfinite(b)
    spread = b[finite].max() - b[finite].min()
    if spread > 1e-6:  # dissimilarity is rounding noise around 0 in OTB
        worst = max(worst, np.abs(a[finite] - b[finite]).max() / spread)
print(f"{worst:.1e}")
PY
}

echo "Haralick textures: ${SIZE} x ${SIZE} px, ${ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS} threads, -ram $RAM," \
  "GDAL_CACHEMAX ${GDAL_CACHEMAX} MB, $OUTPUT output, offset (1, 1), range [$MIN, $MAX]"
for texture in "${SETS[@]}"; do
  for radius in 2 5; do
    for bins in 16 32; do
      config="$texture r$radius ${bins} bins"
      measure "OTB HaralickTextureExtraction $config" otbcli_HaralickTextureExtraction -in "$BAND" -channel 1 \
        -texture $texture -parameters.xrad $radius -parameters.yrad $radius -parameters.xoff 1 -parameters.yoff 1 \
        -parameters.nbbin $bins -parameters.min $MIN -parameters.max $MAX -ram $RAM -out "$WORK/otb.tif$CREATION"
      otb=$LAST_SECONDS otb_cpu=$(cpu_seconds)
      measure "ImCLASS HaralickTextureFilter $config" "$TOOL" "$BAND" 1 $texture $radius $radius 1 1 $bins $MIN $MAX \
        $RAM "$WORK/imclass.tif$CREATION"
      printf "%-62s %7.1f x faster (%.1f x less CPU), outputs differ by at most %s of a feature's range\n" \
        "  ratio OTB / ImCLASS" "$(echo "$otb / $LAST_SECONDS" | bc -l)" "$(echo "$otb_cpu / $(cpu_seconds)" | bc -l)" \
        "$(compare "$WORK/imclass.tif" "$WORK/otb.tif")"
    done
  done
done
rm -f "$WORK/otb.tif" "$WORK/imclass.tif"
