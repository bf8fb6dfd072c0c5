#!/bin/bash
# Active learning against random labelling on the OSCD change cities (Nantes and the development
# set): a simulated analyst labels, after each imclass-run, the places imclass-serve proposes, another
# labels places drawn at random; both start from the city's digitized polygons (train_all.gpkg) and
# label BATCH objects per round, the truth coming from the full change mask (see
# bench/active_learning_bench.py). Prints F1 against labelled objects for both strategies, per city
# and the mean, and plots the curves (doc/active-learning.png is this plot at the defaults).
#
# usage: bench/bench-active-learning.sh [DATA_DIR] [ROUNDS=4] [BATCH=10] [RANDOM_REPEATS=4] [CRITERION=margin]
#   DATA_DIR holds oscd-nantes/ and oscd-dev/ (default ../shared/data)
#   IMCLASS_BUILD_DIR (default build), IMCLASS_BENCH_DIR (default /tmp/imclass-bench-active; the
#   plot is written there as active-learning.png)
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=$(realpath "${1:-../shared/data}")
ROUNDS=${2:-4}
BATCH=${3:-10}
REPEATS=${4:-4}
CRITERION=${5:-margin}
BUILD=$(realpath "${IMCLASS_BUILD_DIR:-build}")
WORK=${IMCLASS_BENCH_DIR:-/tmp/imclass-bench-active}
export OTB_APPLICATION_PATH=$BUILD/lib/otb/applications
mkdir -p "$WORK"
CITIES=("$DATA/oscd-nantes")
for city in "$DATA"/oscd-dev/*/; do CITIES+=("${city%/}"); done
/usr/bin/python3 bench/active_learning_bench.py "$PWD/scripts/imclass-run" "$WORK" "${CITIES[@]}" \
  --rounds "$ROUNDS" --batch "$BATCH" --random-repeats "$REPEATS" --criterion "$CRITERION" \
  --plot "$WORK/active-learning.png"
