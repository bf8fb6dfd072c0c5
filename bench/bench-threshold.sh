#!/bin/bash
# ImclassThreshold wall time and peak memory on a SIZE x SIZE float32 probability map with a few
# hundred reference squares, at two -ram settings, against the classical OTB chain for ONE
# threshold (BandMath to threshold + ComputeConfusionMatrix). ImclassThreshold computes the curves
# at 1001 thresholds, the map, the polygons and the report. Prints seconds, peak RSS and ratios,
# and checks that both give the same pixel confusion matrix at the threshold ImclassThreshold chose.
#
# usage: bench/bench-threshold.sh [SIZE=6000]
#   IMCLASS_BUILD_DIR (default build), IMCLASS_BENCH_DIR (default /tmp/imclass-bench-threshold)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-6000}
BUILD=$(realpath "${IMCLASS_BUILD_DIR:-build}")
WORK=${IMCLASS_BENCH_DIR:-/tmp/imclass-bench-threshold}
mkdir -p "$WORK"
export OTB_APPLICATION_PATH=$BUILD/lib/otb/applications

# Probability map written in strips (smooth blobs + noise) and 300 reference squares.
/usr/bin/python3 - "$WORK" "$SIZE" <<'PY'
import os, sys
import numpy as np
from osgeo import gdal, ogr, osr
work, size = sys.argv[1], int(sys.argv[2])
path = os.path.join(work, "probability.tif")
if not os.path.exists(path) or gdal.Open(path).RasterXSize != size:
    ds = gdal.GetDriverByName("GTiff").Create(path, size, size, 1, gdal.GDT_Float32, ["TILED=YES"])
    ds.SetGeoTransform([500000, 10, 0, 5000000, 0, -10])
    srs = osr.SpatialReference(); srs.ImportFromEPSG(32632); ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).SetNoDataValue(-9999)
    for y0 in range(0, size, 512):
        rows = min(512, size - y0)
        y, x = np.mgrid[y0:y0 + rows, 0:size].astype(np.float32)
        field = 0.5 + 0.35 * np.sin(x / 37.0) * np.sin(y / 53.0)
        noise = np.random.default_rng(y0).normal(0, 0.15, (rows, size))
        ds.GetRasterBand(1).WriteArray(np.clip(field + noise, 0, 1).astype(np.float32), 0, y0)
    ds = None
reference = os.path.join(work, "reference.gpkg")
if os.path.exists(reference):
    os.remove(reference)
srs = osr.SpatialReference(); srs.ImportFromEPSG(32632)
vector = ogr.GetDriverByName("GPKG").CreateDataSource(reference)
layer = vector.CreateLayer("reference", srs, ogr.wkbPolygon)
layer.CreateField(ogr.FieldDefn("label", ogr.OFTInteger))
rng = np.random.default_rng(1)
for k in range(300):
    col, row = rng.integers(0, size - 30, 2)
    x0, y0 = 500000 + col * 10, 5000000 - row * 10
    square = ogr.CreateGeometryFromWkt(f"POLYGON(({x0} {y0},{x0+200} {y0},{x0+200} {y0-200},{x0} {y0-200},{x0} {y0}))")
    feature = ogr.Feature(layer.GetLayerDefn())
    # Positives where the smooth field is high.
    feature.SetField("label", int(np.sin((col + 10) / 37.0) * np.sin((row + 10) / 53.0) > 0.3))
    feature.SetGeometry(square)
    layer.CreateFeature(feature)
PY

measure() { # label, command...: prints "label seconds peak_MB"
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$@" > "$WORK/$label.log" 2>&1 || { cat "$WORK/$label.log"; exit 1; }
  read -r seconds kb < "$WORK/time.txt"
  echo "$label $seconds $((kb / 1024))"
}

echo "map: ${SIZE} x ${SIZE} float32 ($((SIZE * SIZE * 4 / 1048576)) MB), 300 reference squares"
results=()
for ram in 256 32; do
  results+=("$(measure "imclass_ram$ram" otbcli ImclassThreshold -in "$WORK/probability.tif" -ref "$WORK/reference.gpkg" \
    -morpho openclose -minarea 500 -ram "$ram" -out "$WORK/binary_ram$ram.tif" -outvec "$WORK/objects_ram$ram.gpkg" \
    -report "$WORK/report_ram$ram.json")")
done
threshold=$(/usr/bin/python3 -c "import json; print(json.load(open('$WORK/report_ram256.json'))['threshold'])")
results+=("$(measure otb_bandmath otbcli_BandMath -il "$WORK/probability.tif" -exp "im1b1 == -9999 ? 255 : (im1b1 >= $threshold ? 1 : 0)" \
  -ram 256 -out "$WORK/otb_binary.tif" uint8)")
results+=("$(measure otb_confusion otbcli_ComputeConfusionMatrix -in "$WORK/otb_binary.tif" -ref vector \
  -ref.vector.in "$WORK/reference.gpkg" -ref.vector.field label -ref.vector.nodata 254 -nodatalabel 255 -ram 256 -out "$WORK/otb_confusion.csv")")

printf "%-16s %8s %8s\n" step seconds peak_MB
for line in "${results[@]}"; do printf "%-16s %8s %8s\n" $line; done
/usr/bin/python3 - "$WORK" "$threshold" "${results[@]}" <<'PY'
import json, sys
work, threshold = sys.argv[1], sys.argv[2]
rows = {line.split()[0]: (float(line.split()[1]), int(line.split()[2])) for line in sys.argv[3:]}
otb = rows["otb_bandmath"][0] + rows["otb_confusion"][0]
print(f"ImclassThreshold (1001 thresholds, morphology, polygons, report) / OTB one threshold: "
      f"{rows['imclass_ram256'][0] / otb:.2f}x the time")
print(f"peak memory -ram 256: {rows['imclass_ram256'][1]} MB, -ram 32: {rows['imclass_ram32'][1]} MB")
report = json.load(open(f"{work}/report_ram256.json"))
lines = [l.strip() for l in open(f"{work}/otb_confusion.csv") if l.strip()]
cells = [[int(v) for v in l.split(",")] for l in lines[2:]]
at = report["pixels_at_threshold"]["confusion_matrix"]
same = (cells[1][1], cells[0][1], cells[1][0], cells[0][0]) == (at["true_positives"], at["false_positives"], at["false_negatives"], at["true_negatives"])
print(f"threshold {threshold}: pixel confusion matrix equal to BandMath + ComputeConfusionMatrix: {same}")
PY
