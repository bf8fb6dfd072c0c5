#!/bin/bash
# Which threshold choice works when only part of the class is digitized: ImclassThreshold -method
# f1 against -method pu on the OSCD Nantes scene (../shared/data/oscd-nantes, or DIR), the model
# trained on pos.gpkg only (negatives drawn from the background, which hides 2/3 of the changes).
# Both methods use the validation set ImclassTrain writes; each map is scored by the scene's
# evaluate.py (every pixel outside the digitized polygons, against the full change mask), next to
# the best F1 any single threshold reaches on that score (an oracle no method can know).
#
# usage: scripts/bench-threshold-methods.sh [DIR]
#   IMCLASS_BUILD_DIR (default build), IMCLASS_BENCH_DIR (default /tmp/imclass-bench-threshold-methods)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=$(realpath "${1:-../shared/data/oscd-nantes}")
BUILD=$(realpath "${IMCLASS_BUILD_DIR:-build}")
WORK=${IMCLASS_BENCH_DIR:-/tmp/imclass-bench-threshold-methods}
mkdir -p "$WORK"
export OTB_APPLICATION_PATH=$BUILD/lib/otb/applications
quiet() { "$@" > "$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; exit 1; }; }

quiet otbcli ImclassChangeFeatures -pre "$DATA/nantes_t1.tif" -post "$DATA/nantes_t2.tif" -presensor s2 -postsensor s2 \
  -texture none -out "$WORK/change.tif"
# The scene is in EPSG:4326: buffer and blocks in degrees (~50 m and ~500 m).
quiet otbcli ImclassTrain -il "$WORK/change.tif" -vec "$DATA/pos.gpkg" -sampling.buffer 0.0005 -split.polygon.block 0.005 \
  -out "$WORK/model.yaml" -outval "$WORK/validation.gpkg"
quiet otbcli ImclassPredict -il "$WORK/change.tif" -model "$WORK/model.yaml" -out "$WORK/probability.tif"
for method in f1 pu; do
  quiet otbcli ImclassThreshold -in "$WORK/probability.tif" -ref "$WORK/validation.gpkg" -method "$method" \
    -out "$WORK/map_$method.tif" -report "$WORK/report_$method.json" -plot "$WORK/curves_$method.png"
  threshold=$(/usr/bin/python3 -c "import json; print(json.load(open('$WORK/report_$method.json'))['threshold'])")
  echo "method $method: threshold $threshold, evaluate.py: $(/usr/bin/python3 "$DATA/evaluate.py" "$WORK/map_$method.tif" "$DATA")"
done

# The oracle: evaluate.py's F1 at every threshold of 0.01 steps.
/usr/bin/python3 - "$WORK/probability.tif" "$DATA" <<'PY'
import sys
import numpy as np
from osgeo import gdal, ogr
gdal.UseExceptions()
probability_path, data = sys.argv[1], sys.argv[2]
truth_ds = gdal.Open(f"{data}/nantes_change.tif")
truth = truth_ds.ReadAsArray() > 0
probability = gdal.Open(probability_path).ReadAsArray()
mask = gdal.GetDriverByName("MEM").Create("", truth_ds.RasterXSize, truth_ds.RasterYSize, 1, gdal.GDT_Byte)
mask.SetGeoTransform(truth_ds.GetGeoTransform()); mask.SetProjection(truth_ds.GetProjection())
polygons = ogr.Open(f"{data}/train_all.gpkg")
gdal.RasterizeLayer(mask, [1], polygons.GetLayer(0), burn_values=[1], options=["ALL_TOUCHED=TRUE"])
test = mask.GetRasterBand(1).ReadAsArray() == 0
best = max((2 * (tp := ((probability >= t) & truth & test).sum())
            / (2 * tp + ((probability >= t) & ~truth & test).sum() + ((probability < t) & truth & test).sum()), t)
           for t in np.arange(0.01, 1.0, 0.01))
print(f"oracle: best evaluate.py F1 {best[0]:.4f} at threshold {best[1]:.2f}")
PY
