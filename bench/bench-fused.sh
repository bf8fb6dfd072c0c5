#!/bin/bash
# The whole mono-date mapping chain on one SIZE x SIZE Sentinel-2-like scene (10 bands, the
# generated landslide scene's post date, its digitized polygons), in the same run:
#   plain OTB chain: RadiometricIndices (3 indices), HaralickTextureExtraction (8 simple textures,
#     r2, 16 levels), ConcatenateImages (bands + indices + textures), TrainImagesClassifier (RF,
#     100 trees), ImageClassifier: every intermediate image written;
#   ImCLASS, no intermediate image: ImclassFeatures -recipe (the same 10 bands, 3 indices, 8
#     textures), ImclassTrain -recipes (100 trees, 5-fold cross-validation, negatives drawn from the
#     image as by default), ImclassPredict in fused
#     mode from the raw image.
# Prints per step wall and CPU seconds, peak memory and the disk each chain leaves, then the totals
# and the ratio.
#
# usage: bench/bench-fused.sh [SIZE=4000]
#   IMCLASS_BUILD_DIR (default build), IMCLASS_BENCH_DIR (default /tmp/imclass-bench-fused)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-4000}
BUILD=$(realpath "${IMCLASS_BUILD_DIR:-build}")
WORK=${IMCLASS_BENCH_DIR:-/tmp/imclass-bench-fused}
RAM=128
export OTB_APPLICATION_PATH=$BUILD/lib/otb/applications
export GDAL_CACHEMAX=64
mkdir -p "$WORK"
# shellcheck source=bench-common.sh
source bench/bench-common.sh

SCENE=$WORK/scene
[ -f "$SCENE/post.tif" ] && [ "$(gdalinfo "$SCENE/post.tif" | sed -n 's/^Size is \([0-9]*\),.*/\1/p')" = "$SIZE" ] ||
  /usr/bin/python3 data/make_landslide_scene.py "$SCENE" --seed 42 --size "$SIZE" > /dev/null
IMAGE=$SCENE/post.tif
# One texture range for both chains: [0, the 99th percentile]. (HaralickTextureExtraction refuses
# a minimum above 255, which it compares with the default maximum before reading -parameters.max.)
LOW=0
read -r HIGH < <(/usr/bin/python3 - "$IMAGE" <<'PY'
import sys
import numpy as np
from osgeo import gdal
dataset = gdal.Open(sys.argv[1])  # kept alive while its band is read
nir = dataset.GetRasterBand(7)
step = max(1, nir.XSize // 1000)
values = nir.ReadAsArray(buf_xsize=nir.XSize // step, buf_ysize=nir.YSize // step).ravel()
print(int(np.percentile(values, 99)))
PY
)

total() { # LABEL SECONDS-LIST CPU-LIST MIB-LIST
  printf "%-62s %7.1f s %7.1f s CPU %15s %6d MiB peak\n" "$1" "$2" "$3" "" "$4"
}
run_chain() { # NAME STEP-LABELS... -- (steps read from the STEPS array)
  local wall=0 cpu=0 peak=0
  for i in "${!STEP_LABELS[@]}"; do
    eval "measure \"  ${STEP_LABELS[$i]}\" ${STEP_COMMANDS[$i]}"
    read -r seconds user system kib < "$WORK/time.log"
    wall=$(echo "$wall + $seconds" | bc -l); cpu=$(echo "$cpu + $user + $system" | bc -l)
    [ "$kib" -gt "$peak" ] && peak=$kib
  done
  CHAIN_SECONDS=$wall CHAIN_CPU=$cpu
  total "$1" "$wall" "$cpu" $((peak / 1024))
}

echo "Scene: ${SIZE} x ${SIZE} pixels, 10 bands; textures of nir over [$LOW, $HIGH], 2 threads"
OTB=$WORK/otb && rm -rf "$OTB" && mkdir -p "$OTB"
STEP_LABELS=("RadiometricIndices (NDVI, NDWI2, MNDWI)" "HaralickTextureExtraction (simple, r2, 16)" "ConcatenateImages"
             "TrainImagesClassifier (RF 100)" "ImageClassifier")
STEP_COMMANDS=(
  "otbcli_RadiometricIndices -in $IMAGE -channels.blue 1 -channels.green 2 -channels.red 3 -channels.nir 7 -channels.mir 9 -list Vegetation:NDVI Water:NDWI2 Water:MNDWI -ram $RAM -out $OTB/indices.tif"
  "otbcli_HaralickTextureExtraction -in $IMAGE -channel 7 -parameters.xrad 2 -parameters.yrad 2 -parameters.nbbin 16 -parameters.min $LOW -parameters.max $HIGH -texture simple -ram $RAM -out $OTB/textures.tif"
  "otbcli_ConcatenateImages -il $IMAGE $OTB/indices.tif $OTB/textures.tif -ram $RAM -out $OTB/stack.tif"
  "otbcli_TrainImagesClassifier -io.il $OTB/stack.tif -io.vd $SCENE/samples.gpkg -sample.vfn label -classifier rf -classifier.rf.nbtrees 100 -rand 42 -ram $RAM -io.out $OTB/model.rf"
  "otbcli_ImageClassifier -in $OTB/stack.tif -model $OTB/model.rf -ram $RAM -out $OTB/classes.tif")
echo "Plain OTB chain"
run_chain "plain OTB chain, total"
OTB_SECONDS=$CHAIN_SECONDS OTB_CPU=$CHAIN_CPU
echo "  disk left by the chain: $(du -sh "$OTB" | cut -f1) ($(du -ch "$OTB/indices.tif" "$OTB/textures.tif" "$OTB/stack.tif" | tail -1 | cut -f1) of intermediate images)"

IMC=$WORK/imclass && rm -rf "$IMC" && mkdir -p "$IMC"
STEP_LABELS=("ImclassFeatures -recipe (10 bands, 3 indices, 8 textures)" "ImclassTrain -recipes (RF 100, 5 folds)" "ImclassPredict (fused)")
STEP_COMMANDS=(
  "otbcli ImclassFeatures -in $IMAGE -sensor s2 -indices ndvi ndwi mndwi -texture simple -tex.radius 2 -tex.bins 16 -tex.min $LOW -tex.max $HIGH -ram $RAM -recipe $IMC/recipe.txt"
  "otbcli ImclassTrain -recipes $IMC/recipe.txt -in $IMAGE -vec $SCENE/samples.gpkg -class.field label -class.value 1 -rf.nbtrees 100 -ram $RAM -out $IMC/model.yaml"
  "otbcli ImclassPredict -in $IMAGE -model $IMC/model.yaml -ram $RAM -out $IMC/probability.tif")
echo "ImCLASS"
run_chain "ImCLASS, total"
echo "  disk left by the chain: $(du -sh "$IMC" | cut -f1) (no intermediate image: $(ls "$IMC" | tr '\n' ' '))"
printf "ImCLASS is %.1f x faster than the plain OTB chain (wall time, same run), %.1f x less CPU time\n" \
  "$(echo "$OTB_SECONDS / $CHAIN_SECONDS" | bc -l)" "$(echo "$OTB_CPU / $CHAIN_CPU" | bc -l)"
