#!/bin/bash
# The Random Forest: ImCLASS's trainer against scikit-learn (one job, every core) and against
# OpenCV's RTrees (what ImclassTrain trained before), on the same samples with the same settings
# (bench/forest_bench.py says which), then the whole default ImclassTrain on 20000 + 20000 samples
# of 150 features. Prints, in one run:
#  1. synthetic sets of N x 150 features (default N = 10000 and 40000), 10000 samples held out;
#  2. real scenes, the samples ImclassTrain draws there, out-of-fold over ImclassTrain's own folds:
#     Olinda Landsat-7 (Debian's r-cran-stars) with the project's urban polygons, and when
#     NANTES (default ../shared/data/oscd-nantes) holds the OSCD Nantes Sentinel-2 pair, its
#     change features with the 15 digitized change polygons (negatives from the background);
#  3. ImclassTrain with its defaults (5 folds + the final forest, 100 trees) on a generated stack
#     of 150 bands and 150 class squares: wall and CPU time, peak memory, cross-validated scores.
# Training times, their ratio to scikit-learn with every core, F1 of each forest. The machine's
# other load shows in wall times: run it on a quiet machine, and compare CPU times.
#
# F1 differences of a few thousandths between two forests are within the seeds' chance with 3
# seeds: each table ends with the difference to scikit-learn and its standard error; for a verdict
# on accuracy run many seeds with scikit-learn and ImCLASS alone, e.g. Nantes and Olinda on 30:
#   IMCLASS_BENCH_FOREST_PAIR=1 bench/bench-forest.sh " " ../shared/data/oscd-nantes "$(seq -s ' ' 30)"
#
# usage: bench/bench-forest.sh [SIZES="10000 40000"] [NANTES] [SEEDS="1 2 3"]
#   SIZES " ": no synthetic set
#   IMCLASS_BENCH_FOREST_PAIR=1: scikit-learn with every core and ImCLASS only
#   IMCLASS_BUILD_DIR (default build): a configured and built ImCLASS build directory
#   IMCLASS_BENCH_DIR (default /tmp/imclass-bench-forest): where samples, stacks and outputs go
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-"10000 40000"}
NANTES=${2:-../shared/data/oscd-nantes}
SEEDS=${3:-"1 2 3"}
BUILD=$(realpath "${IMCLASS_BUILD_DIR:-build}")
WORK=${IMCLASS_BENCH_DIR:-/tmp/imclass-bench-forest}
THREADS=$(nproc)
RUN=$BUILD/bin/imclassForestRun
export OTB_APPLICATION_PATH=$BUILD/lib/otb/applications
export ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=$THREADS
export GDAL_CACHEMAX=${GDAL_CACHEMAX:-64}
mkdir -p "$WORK"
[ -x "$RUN" ] || { echo "no $RUN: build ImCLASS with BUILD_TESTING=ON first (scripts/setup.sh)"; exit 1; }
echo "$(nproc) cores, ImCLASS trainer on $THREADS threads; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# 1. Synthetic sets.
/usr/bin/python3 bench/forest_bench.py "$RUN" "$WORK" "$THREADS" "$SEEDS" synthetic $SIZES

# 2. Olinda: the stack ImclassFeatures makes, the folds ImclassTrain deals.
DATA=$BUILD/debian-data
[ -f "$DATA/l7_etms.tif" ] || scripts/get-debian-data.sh "$DATA" > "$WORK/get-data.log" 2>&1
otbcli ImclassFeatures -in "$DATA/l7_etms.tif" -sensor l57 -texture simple -out "$WORK/olinda.tif" > "$WORK/olinda-features.log" 2>&1
otbcli ImclassTrain -il "$WORK/olinda.tif" -vec data/train_olinda_urban.gpkg -class.field label -class.value 1 -class.negvalue 0 \
  -out "$WORK/olinda.yaml" -outval "$WORK/olinda-folds.gpkg" > "$WORK/olinda-train.log" 2>&1
/usr/bin/python3 bench/forest_bench.py "$RUN" "$WORK" "$THREADS" "$SEEDS" folds "$WORK/olinda.tif" "$WORK/olinda-folds.gpkg"
if [ -f "$NANTES/nantes_t1.tif" ]; then
  otbcli ImclassChangeFeatures -pre "$NANTES/nantes_t1.tif" -post "$NANTES/nantes_t2.tif" -out "$WORK/nantes.tif" > "$WORK/nantes-features.log" 2>&1
  otbcli ImclassTrain -il "$WORK/nantes.tif" -vec "$NANTES/pos.gpkg" -out "$WORK/nantes.yaml" -outval "$WORK/nantes-folds.gpkg" \
    > "$WORK/nantes-train.log" 2>&1
  /usr/bin/python3 bench/forest_bench.py "$RUN" "$WORK" "$THREADS" "$SEEDS" folds "$WORK/nantes.tif" "$WORK/nantes-folds.gpkg"
fi

# 3. The whole default ImclassTrain: 150 noise bands, 10 of them raised by 0.5 to 1.4 inside 150
#    class squares (about 38000 pixels, so both classes reach -sampling.max 20000).
SIZE=900
/usr/bin/python3 bench/make_squares_stack.py "$WORK/stack150.tif" "$WORK/squares150.gpkg" "$SIZE" 150 $((SIZE - 20)) 12 21 100 \
  0.5 0.6 0.7 0.8 0.9 1.0 1.1 1.2 1.3 1.4
sync
/usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" otbcli ImclassTrain -il "$WORK/stack150.tif" -vec "$WORK/squares150.gpkg" \
  -out "$WORK/model150.yaml" > "$WORK/train150.log" 2>&1 || { cat "$WORK/train150.log"; exit 1; }
read -r seconds user system kilobytes < "$WORK/time.txt"
echo
echo "ImclassTrain, defaults (5 folds + final forest, 100 trees), $SIZE x $SIZE x 150 float32 stack, GDAL_CACHEMAX $GDAL_CACHEMAX:"
echo "  $(grep -h "Samples:" "$WORK/train150.log" | sed 's/.*Samples: //' | cut -d';' -f1-2)"
printf "  wall %.1f s, CPU %.1f s, peak memory %d MB, model %d MB\n" "$seconds" "$(echo "$user + $system" | bc -l)" $((kilobytes / 1024)) \
  $(( $(stat -c %s "$WORK/model150.yaml") / 1048576 ))
echo "  $(grep -h "Cross-validated, at" "$WORK/train150.log" | sed 's/.*ImclassTrain: //' | cut -d'(' -f1)"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
