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
/usr/bin/python3 bench/make_squares_stack.py "$WORK/stack_$SIZE.tif" "$WORK/squares.gpkg" "$SIZE" 12 980 6 20 512 1
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
