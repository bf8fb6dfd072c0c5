#!/bin/bash
# ImclassPredict throughput against OTB's ImageClassifier, the same forest (one model file: OTB
# reads its first node, the OpenCV forest) on the same SIZE x SIZE float32 stack of 12 bands,
# with 1 and 2 threads. Prints pixels per second for both and the ratio, and checks that
# ImageClassifier's label is 1 exactly where ImclassPredict's probability is above 0.5.
#
# usage: bench/bench-predict.sh [SIZE=4000] [TREES=100] [DEPTH=15]
#   IMCLASS_BUILD_DIR (default build): a configured and built ImCLASS build directory
#   IMCLASS_BENCH_DIR (default /tmp/imclass-bench-predict): where the stack and outputs go
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-4000}
TREES=${2:-100}
DEPTH=${3:-15}
BUILD=$(realpath "${IMCLASS_BUILD_DIR:-build}")
WORK=${IMCLASS_BENCH_DIR:-/tmp/imclass-bench-predict}
RAM=256
mkdir -p "$WORK"
export OTB_APPLICATION_PATH=$BUILD/lib/otb/applications

# The stack: smooth fields and noise, band by band, written in strips (never whole in memory);
# a 400 x 400 training image of the same fields with a truth raster from a non-linear rule.
/usr/bin/python3 - "$WORK" "$SIZE" <<'EOF'
import os, sys
import numpy as np
from osgeo import gdal

work, size = sys.argv[1], int(sys.argv[2])
nbands = 12
rng = np.random.default_rng(3)
freq = rng.uniform(0.002, 0.05, size=(nbands, 2))

def fields(y0, rows, cols):
    y, x = np.mgrid[y0:y0 + rows, 0:cols].astype(np.float32)
    noise = np.random.default_rng(y0).normal(0, 0.3, size=(nbands, rows, cols)).astype(np.float32)
    return np.stack([np.sin(x * fx + y * fy) for fx, fy in freq]) + noise

def create(path, cols, rows, bands, dtype):
    ds = gdal.GetDriverByName("GTiff").Create(path, cols, rows, bands, dtype, ["TILED=YES"])
    ds.SetGeoTransform([500000, 10, 0, 5000000, 0, -10])
    return ds

stack_path = os.path.join(work, "stack.tif")
if not os.path.exists(stack_path) or gdal.Open(stack_path).RasterXSize != size:
    ds = create(stack_path, size, size, nbands, gdal.GDT_Float32)
    for b in range(nbands):
        ds.GetRasterBand(b + 1).SetDescription(f"f{b + 1:02d}")
        ds.GetRasterBand(b + 1).SetNoDataValue(-9999)
    for y0 in range(0, size, 256):
        block = fields(y0, min(256, size - y0), size)
        for b in range(nbands):
            ds.GetRasterBand(b + 1).WriteArray(block[b], 0, y0)
    ds = None

train = create(os.path.join(work, "train.tif"), 400, 400, nbands, gdal.GDT_Float32)
block = fields(0, 400, 400)
for b in range(nbands):
    train.GetRasterBand(b + 1).SetDescription(f"f{b + 1:02d}")
    train.GetRasterBand(b + 1).WriteArray(block[b])
truth = create(os.path.join(work, "truth.tif"), 400, 400, 1, gdal.GDT_Byte)
truth.GetRasterBand(1).WriteArray(((block[0] + block[1] * block[2] > 0.4) | (block[3] * block[4] < -0.5)).astype(np.uint8))
train = truth = None
EOF

"$BUILD/bin/otbImclassTestDriver" otbImclassPredictTrainTestModel "$WORK/model.yaml" "$WORK/truth.tif" "$TREES" "$DEPTH" "$WORK/train.tif" >/dev/null

# Wall-clock throughput is what a user sees; CPU seconds tell the work apart from the load of a
# shared machine; memory is bounded by -ram plus GDAL's cache (pinned here).
export GDAL_CACHEMAX="${GDAL_CACHEMAX:-64}"
source bench/bench-common.sh
echo "ImclassPredict vs ImageClassifier: ${SIZE} x ${SIZE} x 12 float32 stack, $TREES trees (max depth $DEPTH), -ram $RAM, GDAL_CACHEMAX ${GDAL_CACHEMAX} MB"
for threads in 1 2; do
  export ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=$threads
  measure "ImclassPredict, $threads thread(s)" otbcli ImclassPredict -il "$WORK/stack.tif" -model "$WORK/model.yaml" -ram $RAM \
    -out "$WORK/probability_$threads.tif"
  ours=$LAST_SECONDS
  measure "otbcli_ImageClassifier, same model, $threads thread(s)" otbcli_ImageClassifier -in "$WORK/stack.tif" \
    -model "$WORK/model.yaml" -ram $RAM -out "$WORK/labels_$threads.tif" uint8
  echo "ImageClassifier time / ImclassPredict time, $threads thread(s): $(echo "scale=2; $LAST_SECONDS / $ours" | bc -l)x"
done

/usr/bin/python3 - "$WORK" <<'EOF'
import sys
from osgeo import gdal
work = sys.argv[1]
probability = gdal.Open(f"{work}/probability_2.tif").ReadAsArray()
labels = gdal.Open(f"{work}/labels_2.tif").ReadAsArray()
disagree = int(((probability > 0.5) != (labels == 1)).sum())
print(f"class share {float((probability > 0.5).mean()):.3f}; pixels where ImageClassifier's label and probability > 0.5 disagree: {disagree}")
sys.exit(1 if disagree else 0)
EOF
