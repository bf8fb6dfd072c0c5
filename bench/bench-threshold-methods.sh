#!/bin/bash
# How the default chain and its threshold choices do when only part of the class is digitized: the
# OSCD Nantes Sentinel-2 change scene (../shared/data/oscd-nantes, or DIR), trained on pos.gpkg
# only (negatives drawn from the background, which hides 2/3 of the changes). For each -seed (which
# changes the samples and the folds): ImclassThreshold -model with -method f1 (default) and pu,
# each with the default majority filter and without a filter; every map is scored by the scene's
# evaluate.py (every pixel outside the digitized polygons, against the full change mask), next to
# the cross-validated F1 the model reports and the best F1 any single threshold reaches on the
# unfiltered map (an oracle no method can know). Ends with the mean, minimum and maximum per variant.
#
# usage: bench/bench-threshold-methods.sh [DIR] [SEEDS="1 2 3 4 5 6 42"]
#   IMCLASS_BUILD_DIR (default build), IMCLASS_BENCH_DIR (default /tmp/imclass-bench-threshold-methods)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=$(realpath "${1:-../shared/data/oscd-nantes}")
SEEDS=${2:-1 2 3 4 5 6 42}
BUILD=$(realpath "${IMCLASS_BUILD_DIR:-build}")
WORK=${IMCLASS_BENCH_DIR:-/tmp/imclass-bench-threshold-methods}
mkdir -p "$WORK"
export OTB_APPLICATION_PATH=$BUILD/lib/otb/applications
quiet() { "$@" > "$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; exit 1; }; }
f1_of() { /usr/bin/python3 -c "import json, sys; print(json.loads(sys.argv[1])['f1'])" "$1"; }

quiet otbcli ImclassChangeFeatures -pre "$DATA/nantes_t1.tif" -post "$DATA/nantes_t2.tif" -out "$WORK/change.tif"
: > "$WORK/results.txt"
for seed in $SEEDS; do
  quiet otbcli ImclassTrain -il "$WORK/change.tif" -vec "$DATA/pos.gpkg" -seed "$seed" -out "$WORK/model_$seed.yaml"
  cross_validated=$(grep -o "maximum F1 [0-9.]*: precision [0-9.e-]*, recall [0-9.e-]*, F1 [0-9.e-]*" "$WORK/last.log" || true)
  quiet otbcli ImclassPredict -il "$WORK/change.tif" -model "$WORK/model_$seed.yaml" -out "$WORK/probability_$seed.tif"
  line="seed $seed"
  for method in f1 pu; do
    for filter in majority none; do
      quiet otbcli ImclassThreshold -in "$WORK/probability_$seed.tif" -model "$WORK/model_$seed.yaml" -method "$method" \
        -morpho "$filter" -out "$WORK/map.tif" -report "$WORK/report.json"
      threshold=$(/usr/bin/python3 -c "import json; print(json.load(open('$WORK/report.json'))['threshold'])")
      score=$(/usr/bin/python3 "$DATA/evaluate.py" "$WORK/map.tif" "$DATA")
      echo "seed $seed $method/$filter threshold $threshold evaluate.py $score" >> "$WORK/results.txt"
      line="$line | $method/$filter t=$threshold F1 $(f1_of "$score")"
    done
  done
  oracle=$(/usr/bin/python3 - "$WORK/probability_$seed.tif" "$DATA" <<'PY'
import sys
import numpy as np
from osgeo import gdal, ogr
gdal.UseExceptions()
probability_path, data = sys.argv[1], sys.argv[2]
truth_ds = gdal.Open(f"{data}/nantes_change.tif")
truth = truth_ds.ReadAsArray() > 0
probability_ds = gdal.Open(probability_path)
probability = probability_ds.ReadAsArray()
mask = gdal.GetDriverByName("MEM").Create("", truth_ds.RasterXSize, truth_ds.RasterYSize, 1, gdal.GDT_Byte)
mask.SetGeoTransform(truth_ds.GetGeoTransform()); mask.SetProjection(truth_ds.GetProjection())
polygons = ogr.Open(f"{data}/pos.gpkg")
gdal.RasterizeLayer(mask, [1], polygons.GetLayer(0), burn_values=[1])
test = mask.GetRasterBand(1).ReadAsArray() == 0
best = max((2 * (tp := ((probability >= t) & truth & test).sum())
            / (2 * tp + ((probability >= t) & ~truth & test).sum() + ((probability < t) & truth & test).sum()), t)
           for t in np.arange(0.01, 1.0, 0.01))
print(f"{best[0]:.4f} at {best[1]:.2f}")
PY
)
  echo "$line | oracle unfiltered $oracle | model: $cross_validated"
done

/usr/bin/python3 - "$WORK/results.txt" <<'PY'
import json, statistics, sys
scores = {}
for line in open(sys.argv[1]):
    words = line.split()
    scores.setdefault(words[2], []).append(json.loads(line.split("evaluate.py ", 1)[1])["f1"])
for variant, f1 in scores.items():
    print(f"{variant:<14} evaluate.py F1 mean {statistics.mean(f1):.3f}  min {min(f1):.3f}  max {max(f1):.3f}  ({len(f1)} seeds)")
PY
