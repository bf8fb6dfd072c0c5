#!/bin/bash
# What feature selection (ImclassTrain -select.count) does to accuracy and speed, on two scenes:
# the OSCD Nantes Sentinel-2 change pair (real, trained on the analyst's pos.gpkg, scored by the
# scene's evaluate.py against the full change mask outside the digitized polygons) and the generated
# landslide scene (data/make_landslide_scene.py at SIZE pixels, bi-date + DEM, scored against its
# full ground truth). Per count (0: every feature): the features kept, the out-of-fold F1 the model
# reports with all features and with the selection, the F1 of the map against the full truth, and
# the times of training and of the fused prediction, with the prediction's ratio to the full model's
# from the same run.
#
# usage: bench/bench-select.sh [NANTES_DIR] [COUNTS="0 60 30 15"] [SIZE=1500]
#   IMCLASS_BUILD_DIR (default build), IMCLASS_BENCH_DIR (default /tmp/imclass-bench-select)
set -euo pipefail
cd "$(dirname "$0")/.."
NANTES=$(realpath "${1:-../shared/data/oscd-nantes}")
COUNTS=${2:-0 60 30 15}
SIZE=${3:-1500}
BUILD=$(realpath "${IMCLASS_BUILD_DIR:-build}")
WORK=${IMCLASS_BENCH_DIR:-/tmp/imclass-bench-select}
export OTB_APPLICATION_PATH=$BUILD/lib/otb/applications
mkdir -p "$WORK"
quiet() { "$@" > "$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; exit 1; }; }
timed() { /usr/bin/time -f "%e" -o "$WORK/time.log" "$@" > "$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; exit 1; }; cat "$WORK/time.log"; }

# F1 of a 0/1/255 map against a truth raster (1 = class), over valid pixels outside the digitized
# polygons' pixels when a raster of them is given.
score_against_truth() { # MAP TRUTH
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys
import numpy as np
from osgeo import gdal
binary_ds, truth_ds = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
binary, truth = binary_ds.ReadAsArray(), truth_ds.ReadAsArray() == 1
valid = binary != 255
predicted = (binary == 1) & valid
tp = np.count_nonzero(predicted & truth)
p, r = tp / max(1, predicted.sum()), tp / max(1, (truth & valid).sum())
print(f"{2 * p * r / max(1e-12, p + r):.3f}")
PY
}

# Scene inputs: RAW (the raw images' keys for Train and Predict), VEC, RECIPES, score command.
run_scene() { # NAME
  local name=$1 full_predict="" count
  for count in $COUNTS; do
    local dir=$WORK/$name/select_$count
    mkdir -p "$dir"
    local train predict selection kept oof_all oof_kept map_f1
    train=$(timed otbcli ImclassTrain -recipes "${RECIPES[@]}" "${RAW[@]}" -vec "$VEC" -select.count "$count" -seed 42 -out "$dir/model.yaml")
    selection=$(grep -o "Feature selection: .*" "$WORK/last.log" || true)
    if [ -n "$selection" ]; then
      kept=$(echo "$selection" | sed 's/Feature selection: \([0-9]* of [0-9]*\) features.*/\1/')
      oof_all=$(echo "$selection" | sed 's/.*out-of-fold F1 \([0-9.e-]*\) with all.*/\1/')
      oof_kept=$(echo "$selection" | sed 's/.*with all, \([0-9.e-]*\) with them/\1/')
    else
      kept=all oof_all=$(grep -o "maximum F1 [0-9.]*: precision [0-9.e-]*, recall [0-9.e-]*, F1 [0-9.e-]*" "$WORK/last.log" | sed 's/.*F1 //')
      oof_kept=$oof_all
    fi
    predict=$(timed otbcli ImclassPredict "${RAW[@]}" -model "$dir/model.yaml" -out "$dir/probability.tif")
    [ -n "$full_predict" ] || full_predict=$predict
    quiet otbcli ImclassThreshold -in "$dir/probability.tif" -model "$dir/model.yaml" -out "$dir/map.tif"
    map_f1=$(score "$dir/map.tif")
    printf "%-10s %-7s %-12s %8.3f %8.3f %8.3f %8.1f s %8.1f s %6.2fx\n" "$name" "$count" "$kept" "$oof_all" "$oof_kept" "$map_f1" \
      "$train" "$predict" "$(echo "$full_predict / $predict" | bc -l)"
  done
}

printf "%-10s %-7s %-12s %8s %8s %8s %10s %10s %7s\n" scene select features "OOF all" "OOF kept" "map F1" train predict speedup

# Nantes: bi-date features only (no DEM), the analyst's third of the change objects.
mkdir -p "$WORK/nantes"
quiet otbcli ImclassChangeFeatures -pre "$NANTES/nantes_t1.tif" -post "$NANTES/nantes_t2.tif" -recipe "$WORK/nantes/features.recipe.txt"
RECIPES=("$WORK/nantes/features.recipe.txt") RAW=(-pre "$NANTES/nantes_t1.tif" -post "$NANTES/nantes_t2.tif") VEC=$NANTES/pos.gpkg
score() { /usr/bin/python3 "$NANTES/evaluate.py" "$1" "$NANTES" | /usr/bin/python3 -c "import json, sys; print(json.load(sys.stdin)['f1'])"; }
run_scene nantes

# Landslides: bi-date features with the cloud mask, topography from the DEM.
SCENE=$WORK/landslide/scene
[ -f "$SCENE/truth.tif" ] || quiet /usr/bin/python3 data/make_landslide_scene.py "$SCENE" --seed 42 --size "$SIZE"
quiet otbcli ImclassChangeFeatures -pre "$SCENE/pre.tif" -post "$SCENE/post.tif" -postmask "$SCENE/post_mask.tif" \
  -recipe "$WORK/landslide/features.recipe.txt"
quiet otbcli ImclassTopo -in "$SCENE/post.tif" -dem "$SCENE/dem.tif" -recipe "$WORK/landslide/topography.recipe.txt"
RECIPES=("$WORK/landslide/features.recipe.txt" "$WORK/landslide/topography.recipe.txt")
RAW=(-pre "$SCENE/pre.tif" -post "$SCENE/post.tif" -postmask "$SCENE/post_mask.tif" -dem "$SCENE/dem.tif")
VEC=$SCENE/samples.gpkg
score() { score_against_truth "$1" "$SCENE/truth.tif"; }
run_scene landslide
