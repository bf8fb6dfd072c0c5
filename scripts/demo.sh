#!/bin/bash
# ImCLASS demo: installs what is missing, builds, and runs the whole chain (scripts/imclass-run)
# on two scenes, with outputs in ./demo-output:
#   landslides/  bi-date landslide mapping on the generated scene (data/make_landslide_scene.py:
#                Sentinel-2-like before/after pair, DEM, digitized landslides, clouds, look-alikes)
#   olinda/      mono-date urban mapping on the real Landsat-7 scene that Debian's r-cran-stars
#                ships (Olinda, Brazil), with its DEM and the project's digitized polygons
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
ROOT="$PWD"
BUILD_DIR="${IMCLASS_BUILD_DIR:-build}"
export OTB_APPLICATION_PATH="$ROOT/$BUILD_DIR/lib/otb/applications"
OUT="$ROOT/demo-output"
mkdir -p "$OUT"

echo
echo "== Scene 1: landslides between two dates (generated scene, known ground truth)"
/usr/bin/python3 data/make_landslide_scene.py "$OUT/scene" --seed 42 --size 400 > /dev/null
scripts/imclass-run change --pre "$OUT/scene/pre.tif" --post "$OUT/scene/post.tif" \
  --postmask "$OUT/scene/post_mask.tif" --dem "$OUT/scene/dem.tif" \
  --vec "$OUT/scene/samples.gpkg" --class-field label --class-value 1 --out "$OUT/landslides"
/usr/bin/python3 - "$OUT" <<'PY'
import sys
import numpy as np
from osgeo import gdal
out = sys.argv[1]
binary = gdal.Open(f"{out}/landslides/map.tif").ReadAsArray()
truth = gdal.Open(f"{out}/scene/truth.tif").ReadAsArray() == 1
valid = binary != 255
predicted = (binary == 1) & valid
tp = np.count_nonzero(predicted & truth)
p, r = tp / max(1, predicted.sum()), tp / max(1, (truth & valid).sum())
print(f"Against the scene's full ground truth (every landslide, digitized or not): "
      f"precision {p:.3f}, recall {r:.3f}, F1 {2 * p * r / max(1e-12, p + r):.3f}")
PY

echo
echo "== Scene 2: urban areas in a real Landsat-7 image (r-cran-stars, Olinda)"
data/get-debian-data.sh "$ROOT/$BUILD_DIR/debian-data"
scripts/imclass-run mono --in "$ROOT/$BUILD_DIR/debian-data/l7_etms.tif" --sensor l57 \
  --dem "$ROOT/$BUILD_DIR/debian-data/olinda_dem.tif" --vec data/train_olinda_urban.gpkg \
  --class-field label --class-value 1 --class-negvalue 0 --out "$OUT/olinda"

echo
echo "Open the maps in QGIS: $OUT/landslides/map.gpkg over $OUT/scene/post.tif,"
echo "and $OUT/olinda/map.gpkg over $ROOT/$BUILD_DIR/debian-data/l7_etms.tif;"
echo "the plots: $OUT/landslides/report.png and $OUT/olinda/report.png."
