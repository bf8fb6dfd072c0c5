#!/bin/bash
# ImclassChangeFeatures benchmark on a 4000 x 4000 pair: a Sentinel-2-like post image (10 bands)
# and a Landsat-8-like pre image (6 bands) in another CRS (UTM 31N against 32N) at 1.5x coarser
# pixels, so the pre date is reprojected and resampled inside the pipeline.
# Prints wall and CPU time, throughput (output Mpx/s), peak memory. Peak memory at three -ram
# values shows that it follows -ram (GDAL's block cache is capped so that only the pipeline
# counts). References: the OTB chain Superimpose (to a file) + BandMath for one change feature,
# and the same pair on one grid (no resampling).
# usage: bench/bench-change-features.sh [WORKDIR]   (after scripts/setup.sh; ~10 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BUILD="${IMCLASS_BUILD_DIR:-build}"
WORK="${1:-$ROOT/$BUILD/bench-change-features}"
SIZE=4000
mkdir -p "$WORK"
export OTB_APPLICATION_PATH="$ROOT/$BUILD/lib/otb/applications"
THREADS="${ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS:-$(nproc)}"
export ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=$THREADS
# GDAL's block cache defaults to 5 % of the RAM whatever -ram says: cap it so peak memory shows
# what the pipeline itself holds.
export GDAL_CACHEMAX=${GDAL_CACHEMAX:-64}

SCENE="$WORK/scene"
[ -f "$SCENE/post.tif" ] || /usr/bin/python3 data/make_landslide_scene.py "$SCENE" --seed 42 --size 200 > /dev/null
POST="$WORK/post_s2_${SIZE}.tif"
PRE="$WORK/pre_l8_utm31.tif"
if [ ! -f "$POST" ]; then
  # 200 px of 10 m -> 4000 px of 0.5 m, tiled like a production image.
  gdal_translate -q -outsize $SIZE $SIZE -r bilinear -co TILED=YES "$SCENE/post.tif" "$POST"
  # Landsat-8 band layout (blue green red nir swir1 swir2 = scene bands 1 2 3 7 9 10), 0.75 m, UTM 31N.
  gdal_translate -q -b 1 -b 2 -b 3 -b 7 -b 9 -b 10 "$SCENE/pre.tif" "$WORK/pre_l8.vrt"
  gdalwarp -q -overwrite -t_srs EPSG:32631 -tr 0.75 0.75 -r bilinear -dstnodata 0 -co TILED=YES "$WORK/pre_l8.vrt" "$PRE"
fi

source bench/bench-common.sh
CHANGE=(otbcli ImclassChangeFeatures -pre "$PRE" -presensor l8 -post "$POST" -postsensor s2)
bands() { gdalinfo "$WORK/$1" | grep -c "^Band "; }

echo "ImclassChangeFeatures benchmark: ${SIZE} x ${SIZE} px output, ${THREADS} threads, GDAL_CACHEMAX=${GDAL_CACHEMAX} MB"
echo "  post: Sentinel-2-like 10 bands, 0.5 m, UTM 32N; pre: Landsat-8-like 6 bands, 0.75 m, UTM 31N ($(gdalinfo "$PRE" | sed -n 's/^Size is //p') px)"

measure "OTB Superimpose pre onto post (bco, to a file)" otbcli_Superimpose -inr "$POST" -inm "$PRE" \
  -interpolator bco -ram 256 -out "$WORK/otb_superimposed.tif" float
otb_superimpose=$LAST_SECONDS
measure "  + OTB BandMath d_ndvi from the two files" otbcli_BandMath -il "$WORK/otb_superimposed.tif" "$POST" \
  -exp "(im2b7 - im2b3) / (im2b7 + im2b3) - (im1b4 - im1b3) / (im1b4 + im1b3)" -ram 256 -out "$WORK/otb_d_ndvi.tif" float
otb_chain=$(echo "$otb_superimpose + $LAST_SECONDS" | bc -l)
measure "ImclassChangeFeatures -texture none, -ram 256" "${CHANGE[@]}" -texture none -ram 256 -out "$WORK/none_256.tif"
printf "%-62s %7.2f x (ImCLASS time / OTB chain time; ImCLASS writes %s bands, the chain 6 + 1)\n" "  time ratio" \
  "$(echo "$LAST_SECONDS / $otb_chain" | bc -l)" "$(bands none_256.tif)"
measure "ImclassChangeFeatures -texture none, same grid (post twice)" otbcli ImclassChangeFeatures -pre "$POST" \
  -presensor s2 -post "$POST" -postsensor s2 -texture none -ram 256 -out "$WORK/same_grid.tif"
echo "  same-grid stack: $(bands same_grid.tif) bands"
rm -f "$WORK/same_grid.tif"
measure "ImclassChangeFeatures -texture none, -ram 64" "${CHANGE[@]}" -texture none -ram 64 -out "$WORK/none_64.tif"
measure "ImclassChangeFeatures -texture none, -ram 1024" "${CHANGE[@]}" -texture none -ram 1024 -out "$WORK/none_1024.tif"
# Pixel values, not bytes: GDAL places the blocks in the file in the order they are flushed.
/usr/bin/python3 - "$WORK/none_64.tif" "$WORK/none_1024.tif" <<'PY'
import sys
import numpy as np
from osgeo import gdal
a, b = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
same = all(np.array_equal(a.ReadAsArray(0, y, a.RasterXSize, min(250, a.RasterYSize - y)),
                          b.ReadAsArray(0, y, b.RasterXSize, min(250, b.RasterYSize - y)))
           for y in range(0, a.RasterYSize, 250))
print("  -ram 64 and -ram 1024 outputs identical" if same else "  FAILED: outputs differ with -ram")
sys.exit(0 if same else 1)
PY
rm -f "$WORK/none_64.tif" "$WORK/none_1024.tif"
measure "ImclassChangeFeatures default (shared range pass + simple), -ram 256" "${CHANGE[@]}" -ram 256 -out "$WORK/default_256.tif"
echo "  default stack: $(bands default_256.tif) bands"
rm -f "$WORK/default_256.tif" "$WORK/none_256.tif" "$WORK/otb_superimposed.tif" "$WORK/otb_d_ndvi.tif"
