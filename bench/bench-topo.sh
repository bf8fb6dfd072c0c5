#!/bin/bash
# ImclassTopo benchmark: throughput and peak memory against -ram, and time against gdaldem doing
# the scale-1 attributes it shares with ImclassTopo on the same grid.
#
# usage: bench/bench-topo.sh BUILD_DIR [SIZE]   (SIZE: pixels per side of -in, default 4000)
# Writes its inputs and outputs in a temporary directory and removes them.
set -euo pipefail
BUILD="$(cd "${1:?usage: bench-topo.sh BUILD_DIR [SIZE]}" && pwd)"
SIZE="${2:-4000}"
export OTB_APPLICATION_PATH="$BUILD/lib/otb/applications"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# -in: SIZE x SIZE pixels of 10 m (only its grid is read); DEM: a rough surface on a 20 m grid
# 1 km wider on each side (Float32, same CRS).
gdal_create -q -outsize "$SIZE" "$SIZE" -bands 1 -ot Byte -a_srs EPSG:32632 \
  -a_ullr 500000 5100000 $((500000 + SIZE * 10)) $((5100000 - SIZE * 10)) -co SPARSE_OK=YES "$WORK/in.tif"
/usr/bin/python3 - "$WORK/dem.tif" "$SIZE" <<'PY'
import sys
import numpy as np
from osgeo import gdal, osr
path, size = sys.argv[1], int(sys.argv[2])
n = size // 2 + 100
y, x = np.mgrid[0:n, 0:n] / 50.0
rng = np.random.default_rng(1)
z = 800 + 300 * np.sin(x) * np.cos(0.7 * y) + 40 * np.sin(3.1 * x + 1.3 * y) + rng.normal(0, 0.5, (n, n))
ds = gdal.GetDriverByName("GTiff").Create(path, n, n, 1, gdal.GDT_Float32, ["TILED=YES"])
ds.SetGeoTransform([500000 - 1000, 20, 0, 5100000 + 1000, 0, -20])
srs = osr.SpatialReference()
srs.ImportFromEPSG(32632)
ds.SetProjection(srs.ExportToWkt())
ds.GetRasterBand(1).WriteArray(z.astype(np.float32))
PY

# shellcheck source=bench-common.sh
source "$(dirname "$0")/bench-common.sh"

megapixels=$(echo "$SIZE * $SIZE / 1000000" | bc -l)
printf "ImclassTopo on %dx%d pixels (%.1f Mpx), DEM %s, %s threads, load average %s\n" "$SIZE" "$SIZE" "$megapixels" \
  "$(gdalinfo "$WORK/dem.tif" | sed -n 's/^Size is //p')" "${ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS:-all}" \
  "$(cut -d' ' -f1 /proc/loadavg)"
echo "(wall times and their ratios depend on the load of the machine; CPU times much less)"

for ram in 32 128 512; do
  measure "slope at scales 1 3 4, -ram $ram" \
    otbcli ImclassTopo -in "$WORK/in.tif" -dem "$WORK/dem.tif" -attributes slope -ram "$ram" -out "$WORK/slope.tif"
done
measure "all 24 bands (8 attributes x scales 1 3 4), -ram 256" \
  otbcli ImclassTopo -in "$WORK/in.tif" -dem "$WORK/dem.tif" -ram 256 -out "$WORK/all.tif"
rm -f "$WORK/all.tif"

measure "scale 1 only, 8 attributes, -ram 256" \
  otbcli ImclassTopo -in "$WORK/in.tif" -dem "$WORK/dem.tif" -scales 1 -ram 256 -out "$WORK/s1.tif"
ours=$LAST_SECONDS
measure "otbcli Superimpose -interpolator linear (resampling alone)" \
  otbcli Superimpose -inr "$WORK/in.tif" -inm "$WORK/dem.tif" -interpolator linear -ram 256 -out "$WORK/superimposed.tif"
printf "ratio scale 1 / Superimpose (wall): %.2f\n" "$(echo "$ours / $LAST_SECONDS" | bc -l)"
# gdaldem needs the DEM on the grid first (gdalwarp, bilinear), then one run per attribute.
measure "gdalwarp + gdaldem slope, aspect, TPI, roughness" bash -c "
  gdalwarp -q -r bilinear -te 500000 $((5100000 - SIZE * 10)) $((500000 + SIZE * 10)) 5100000 -tr 10 10 \
    '$WORK/dem.tif' '$WORK/dem_grid.tif' &&
  for attribute in slope aspect TPI roughness; do
    gdaldem \$attribute -q -compute_edges '$WORK/dem_grid.tif' '$WORK/gdaldem_'\$attribute.tif || exit 1
  done"
printf "ratio scale 1 (8 attributes) / gdalwarp + gdaldem (4 attributes) (wall): %.2f\n" "$(echo "$ours / $LAST_SECONDS" | bc -l)"
