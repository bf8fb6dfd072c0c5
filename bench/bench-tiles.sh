#!/bin/bash
# Tiled prediction (imclass-run --tiles) against the prediction in one piece, on this machine: the
# generated landslide scene (two dates of 10 bands, DEM, cloud mask; SIZE x SIZE pixels) is trained
# once by imclass-run, then ImclassPredict and ImclassThreshold run on the whole scene (the anchor),
# then imclass_tiles.py with 1, 2, 4 and 8 tiles, one tile at a time (each with every core, as a
# SLURM task with --cpus-per-task = the cores here). Printed per run: wall and CPU time of the
# prediction (all tiles: the CPU time shows what the tiles' margins cost, and moves less than the wall
# time on a busy machine), the mean and largest wall time and peak memory of a tile, the mosaic
# (VRT -> COG), the threshold and polygons of the mosaic, the total, its ratio to the run in one
# piece, and whether the probability and binary maps are those of the run in one piece, bit for bit.
#
# usage: bench/bench-tiles.sh [SIZE=2000] [TILES="1 2 4 8"] [RAM=512]
#   IMCLASS_BUILD_DIR (default build), IMCLASS_BENCH_DIR (default /tmp/imclass-bench-tiles)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-2000}
TILE_COUNTS=${2:-"1 2 4 8"}
RAM=${3:-512}
BUILD=$(realpath "${IMCLASS_BUILD_DIR:-build}")
WORK=${IMCLASS_BENCH_DIR:-/tmp/imclass-bench-tiles}
export OTB_APPLICATION_PATH=$BUILD/lib/otb/applications
export GDAL_CACHEMAX=${GDAL_CACHEMAX:-256}
SCENE=$WORK/scene_$SIZE
mkdir -p "$WORK"
[ -f "$SCENE/post.tif" ] || /usr/bin/python3 data/make_landslide_scene.py "$SCENE" --seed 42 --size "$SIZE" > /dev/null
RAW=(-pre "$SCENE/pre.tif" -post "$SCENE/post.tif" -postmask "$SCENE/post_mask.tif" -dem "$SCENE/dem.tif")

MODEL=$WORK/model_$SIZE
if [ ! -f "$MODEL/model.yaml" ]; then
  rm -rf "$MODEL"
  scripts/imclass-run change --pre "$SCENE/pre.tif" --post "$SCENE/post.tif" --postmask "$SCENE/post_mask.tif" --dem "$SCENE/dem.tif" \
    --vec "$SCENE/samples.gpkg" --out "$MODEL" --ram "$RAM" > "$WORK/train.log" 2>&1 || { cat "$WORK/train.log"; exit 1; }
fi

# timed LOG COMMAND...: wall seconds, CPU seconds and peak MiB of COMMAND into TIMED_SECONDS,
# TIMED_CPU, TIMED_MIB.
timed() {
  local log="$1" user system; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.log" "$@" > "$log" 2>&1 || { cat "$log"; exit 1; }
  read -r TIMED_SECONDS user system TIMED_MIB < "$WORK/time.log"
  TIMED_CPU=$(echo "$user + $system" | bc -l)
  TIMED_MIB=$((TIMED_MIB / 1024))
}
WHOLE=$WORK/whole_$SIZE
rm -rf "$WHOLE" && mkdir -p "$WHOLE"
timed "$WHOLE/predict.log" otbcli ImclassPredict "${RAW[@]}" -model "$MODEL/model.yaml" -out "$WHOLE/probability.tif" -ram "$RAM"
PREDICT_SECONDS=$TIMED_SECONDS PREDICT_CPU=$TIMED_CPU PREDICT_MIB=$TIMED_MIB
timed "$WHOLE/threshold.log" otbcli ImclassThreshold -in "$WHOLE/probability.tif" -model "$MODEL/model.yaml" -out "$WHOLE/map.tif" \
  -outvec "$WHOLE/map.gpkg" -report "$WHOLE/report.json" -plot "$WHOLE/report.png" -ram "$RAM"
THRESHOLD_SECONDS=$TIMED_SECONDS THRESHOLD_MIB=$TIMED_MIB
WHOLE_SECONDS=$(echo "$PREDICT_SECONDS + $THRESHOLD_SECONDS" | bc -l)

echo "Scene $SIZE x $SIZE pixels, $(nproc) cores, -ram $RAM MB, GDAL_CACHEMAX $GDAL_CACHEMAX MB; one tile at a time;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf "%-10s %10s %10s %24s %24s %9s %20s %9s %8s %s\n" "run" "predict" "CPU" "tile mean (max)" "tile peak mean (max)" "mosaic" \
  "threshold+polygons" "total" "ratio" "same maps"
printf "%-10s %8.1f s %8.1f s %24s %17d MiB %9s %11.1f s %4d MiB %7.1f s %8s %s\n" "one piece" "$PREDICT_SECONDS" "$PREDICT_CPU" "-" \
  "$PREDICT_MIB" "-" "$THRESHOLD_SECONDS" "$THRESHOLD_MIB" "$WHOLE_SECONDS" "1.00" "-"
for TILES in $TILE_COUNTS; do
  OUT=$WORK/tiles_${SIZE}_$TILES
  rm -rf "$OUT" && mkdir -p "$OUT"
  start=$(date +%s.%N)
  /usr/bin/python3 scripts/imclass_tiles.py run "$OUT" --model "$MODEL/model.yaml" --tiles "$TILES" --jobs 1 --ram "$RAM" \
    --scene scene "$SCENE/post.tif" "$OUT" "${RAW[@]}" > "$OUT/run.log" 2>&1 || { cat "$OUT/run.log"; exit 1; }
  total=$(echo "$(date +%s.%N) - $start" | bc -l)
  /usr/bin/python3 - "$OUT" "$WHOLE" "$total" "$WHOLE_SECONDS" <<'PY'
import glob, re, sys
import numpy as np
from osgeo import gdal

out, whole, total, whole_seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
ended = re.compile(r"imclass_tiles: \S+ ended with status 0 in ([0-9.]+) s \(CPU ([0-9.]+) s\), peak memory ([0-9]+) MiB")


def figures(log):
    with open(log) as stream:
        return [(float(s), float(c), int(m)) for s, c, m in ended.findall(stream.read())][-1]


tiles = [figures(log) for log in sorted(glob.glob(f"{out}/tiles/logs/scene_tile_*.log"))]
seconds, cpu, mib = [t[0] for t in tiles], [t[1] for t in tiles], [t[2] for t in tiles]
threshold_seconds, _, threshold_mib = figures(f"{out}/log_ImclassThreshold.txt")
with open(f"{out}/run.log") as stream:
    mosaic = float(re.search(r"mosaicked into \S+ in ([0-9.]+) s", stream.read()).group(1))
same = all(np.array_equal(gdal.Open(f"{whole}/{name}").ReadAsArray(), gdal.Open(f"{out}/{name}").ReadAsArray())
           for name in ("probability.tif", "map.tif"))
print(f"{len(tiles):>2} tiles   {sum(seconds):8.1f} s {sum(cpu):8.1f} s {np.mean(seconds):13.1f} s ({max(seconds):5.1f} s) "
      f"{np.mean(mib):13.0f} MiB ({max(mib):4d}) {mosaic:7.1f} s {threshold_seconds:11.1f} s {threshold_mib:4d} MiB "
      f"{total:7.1f} s {total / whole_seconds:8.2f} {'yes' if same else 'NO'}")
PY
done
