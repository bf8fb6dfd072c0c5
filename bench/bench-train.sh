#!/bin/bash
# ImclassTrain cost against image size: the same 150 class polygons and sample caps on SIZE x SIZE
# float32 stacks of 12 bands, for each SIZE and -ram. Prints wall time, peak memory (RSS) and the
# ratios to the first run: training reads only windows around the pixels it draws, sized by -ram,
# so memory must follow -ram and not the image size; time grows with the windows read for
# negatives spread over the whole image. GDAL's own block cache (default 5% of the machine's
# memory, shared by every OTB application) is set by GDAL_CACHEMAX, 64 MB here unless given.
#
# usage: bench/bench-train.sh [SIZES="1000 3000 6000"] [RAMS="64 256"]
#   IMCLASS_BUILD_DIR (default build): a configured and built ImCLASS build directory
#   IMCLASS_BENCH_DIR (default /tmp/imclass-bench-train): where stacks and outputs go
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-"1000 3000 6000"}
RAMS=${2:-"64 256"}
export GDAL_CACHEMAX=${GDAL_CACHEMAX:-64}
BUILD=$(realpath "${IMCLASS_BUILD_DIR:-build}")
WORK=${IMCLASS_BENCH_DIR:-/tmp/imclass-bench-train}
mkdir -p "$WORK"
export OTB_APPLICATION_PATH=$BUILD/lib/otb/applications

# Stack: noise in 12 named bands, written in strips; class polygons (label 1): 150 squares of
# 6 to 20 pixels in the upper-left 1000 x 1000 pixels, where band 1 is raised by 1.
for SIZE in $SIZES; do
/usr/bin/python3 - "$WORK" "$SIZE" <<'EOF'
import os, sys
import numpy as np
from osgeo import gdal, ogr, osr

work, size = sys.argv[1], int(sys.argv[2])
stack_path = os.path.join(work, "stack_%d.tif" % size)
squares = np.random.default_rng(1).integers([0, 0, 6], [980, 980, 20], size=(150, 3))
if not os.path.exists(stack_path):
    ds = gdal.GetDriverByName("GTiff").Create(stack_path, size, size, 12, gdal.GDT_Float32, ["TILED=YES", "INTERLEAVE=PIXEL"])
    ds.SetGeoTransform([500000, 10, 0, 5000000, 0, -10])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32632)
    ds.SetProjection(srs.ExportToWkt())
    for b in range(12):
        ds.GetRasterBand(b + 1).SetDescription("f%02d" % (b + 1))
        ds.GetRasterBand(b + 1).SetNoDataValue(-9999)
    for y0 in range(0, size, 512):
        rows = min(512, size - y0)
        block = np.random.default_rng(y0).normal(0, 1, size=(12, rows, size)).astype(np.float32)
        for x, y, side in squares:
            lo, hi = max(y, y0), min(y + side, y0 + rows)
            if lo < hi:
                block[0, lo - y0:hi - y0, x:x + side] += 1
        for b in range(12):
            ds.GetRasterBand(b + 1).WriteArray(block[b], 0, y0)
    ds = None
vec_path = os.path.join(work, "squares.gpkg")
if not os.path.exists(vec_path):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32632)
    vds = ogr.GetDriverByName("GPKG").CreateDataSource(vec_path)
    layer = vds.CreateLayer("squares", srs, ogr.wkbPolygon)
    for x, y, side in squares:
        x0, y0 = 500000 + 10 * x, 5000000 - 10 * y
        wkt = "POLYGON((%d %d,%d %d,%d %d,%d %d,%d %d))" % (x0, y0, x0 + 10 * side, y0, x0 + 10 * side, y0 - 10 * side, x0, y0 - 10 * side, x0, y0)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    vds = None
EOF
done

echo "size  pixels      ram_MB  seconds  peak_MB  time_ratio  memory_ratio  (GDAL_CACHEMAX $GDAL_CACHEMAX, -sampling.max 20000, 50 trees)"
first_time=""
first_mem=""
rm -f "$WORK"/log_*.txt "$WORK"/model_*.yaml
for SIZE in $SIZES; do
  for RAM in $RAMS; do
    sync
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" otbcli ImclassTrain -il "$WORK/stack_$SIZE.tif" -vec "$WORK/squares.gpkg" \
      -out "$WORK/model_${SIZE}_$RAM.yaml" -sampling.max 20000 -rf.nbtrees 50 -ram "$RAM" > "$WORK/log_${SIZE}_$RAM.txt" 2>&1
    read -r seconds kilobytes < "$WORK/time.txt"
    megabytes=$((kilobytes / 1024))
    first_time=${first_time:-$seconds}
    first_mem=${first_mem:-$megabytes}
    printf "%-5s %-11s %-7s %-8s %-8s %-11s %s\n" "$SIZE" $((SIZE * SIZE)) "$RAM" "$seconds" "$megabytes" \
      "$(echo "scale=2; $seconds / $first_time" | bc)" "$(echo "scale=2; $megabytes / $first_mem" | bc)"
  done
done
# The draw does not depend on the window size: one model per image size, whatever -ram.
for SIZE in $SIZES; do
  models=("$WORK"/model_"${SIZE}"_*.yaml)
  same=yes
  for model in "${models[@]}"; do cmp -s "$model" "${models[0]}" || same=no; done
  echo "size $SIZE: models byte-identical across -ram: $same; $(grep -h "Cross-validated, at" "$WORK/log_${SIZE}_${RAMS%% *}.txt" | sed 's/.*ImclassTrain: //')"
done
