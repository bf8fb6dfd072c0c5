#!/bin/bash
# The default change chain on every OSCD city of DATA and every seed, scored against the full change
# masks: `imclass-run change --pre CITY_t1.tif --post CITY_t2.tif --vec pos.gpkg --seed S` (the
# analyst digitized every third change object; negatives are drawn from the image), then the
# city's evaluate.py on the binary map (every pixel outside the digitized polygons). Prints, per
# city, ImCLASS's precision, recall and F1 (mean over the seeds, F1 range) beside the F1 of the
# usual approaches from the data's README, and the mean over the cities. A second table checks the
# report's cross-validated precision at the chosen threshold (the lower bound, and the estimate
# corrected for the undigitized objects among the negatives) against the true precision of the
# unfiltered map at that threshold over the whole image, and the estimated share of the class in
# the background against the share of change outside the digitized polygons.
#
# A city is a directory under DATA (at most two levels down) holding CITY_t1.tif, CITY_t2.tif,
# CITY_change.tif and pos.gpkg; evaluate.py and the README with the F1 table are in it or in its
# parent (the layout of oscd-nantes and oscd-dev); the F1 table may be in any README under DATA.
#
# usage: bench/bench-oscd.sh DATA [SEEDS="1 2 3 4 5"]
#   IMCLASS_BUILD_DIR (default build), IMCLASS_BENCH_DIR (default /tmp/imclass-bench-oscd),
#   IMCLASS_BENCH_CITIES (default: every city found), IMCLASS_BENCH_TABLE=1 (no run: the tables of
#   IMCLASS_BENCH_DIR/results.tsv), IMCLASS_BENCH_OPTIONS (more imclass-run
#   options, to compare a variant with the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
# The usage is the header comment, however many lines it has.
[ $# -ge 1 ] || { awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0"; exit 2; }
DATA=$(realpath "$1")
SEEDS=${2:-1 2 3 4 5}
BUILD=$(realpath "${IMCLASS_BUILD_DIR:-build}")
WORK=${IMCLASS_BENCH_DIR:-/tmp/imclass-bench-oscd}
read -r -a OPTIONS <<< "${IMCLASS_BENCH_OPTIONS:-}"
export OTB_APPLICATION_PATH=$BUILD/lib/otb/applications
mkdir -p "$WORK"
RESULTS=$WORK/results.tsv
[ -n "${IMCLASS_BENCH_TABLE:-}" ] || : > "$RESULTS"

cities=()
while IFS= read -r positives; do
  dir=$(dirname "$positives")
  for pre in "$dir"/*_t1.tif; do
    city=$(basename "$pre" _t1.tif)
    [ -f "$dir/${city}_t2.tif" ] && [ -f "$dir/${city}_change.tif" ] && cities+=("$city:$dir")
  done
done < <(find "$DATA" -maxdepth 3 -name pos.gpkg | sort)
[ ${#cities[@]} -gt 0 ] || { echo "bench-oscd: no city under $DATA (CITY_t1.tif, CITY_t2.tif, CITY_change.tif, pos.gpkg)" >&2; exit 1; }

beside() { # FILE DIR: FILE in DIR or its parent
  if [ -f "$2/$1" ]; then echo "$2/$1"; elif [ -f "$2/../$1" ]; then realpath "$2/../$1"; else echo "bench-oscd: no $1 near $2" >&2; exit 1; fi
}

# Seed by seed over every city: an interrupted run still covers every city (IMCLASS_BENCH_TABLE=1
# prints the tables of what results.tsv holds).
[ -n "${IMCLASS_BENCH_TABLE:-}" ] && SEEDS=""
for seed in $SEEDS; do
  for entry in "${cities[@]}"; do
    city=${entry%%:*} dir=${entry#*:}
    if [ -n "${IMCLASS_BENCH_CITIES:-}" ] && [[ " $IMCLASS_BENCH_CITIES " != *" $city "* ]]; then continue; fi
    evaluate=$(beside evaluate.py "$dir")
    out=$WORK/$city/seed$seed
    rm -rf "$out"
    start=$SECONDS
    scripts/imclass-run change --pre "$dir/${city}_t1.tif" --post "$dir/${city}_t2.tif" --vec "$dir/pos.gpkg" --seed "$seed" \
      "${OPTIONS[@]}" --out "$out" > "$WORK/last.log" 2>&1 || { cat "$WORK/last.log"; exit 1; }
    seconds=$((SECONDS - start))
    map=$(/usr/bin/python3 "$evaluate" "$out/map.tif" "$dir")
    # What the report's cross-validated figures describe: the unfiltered map at the chosen threshold,
    # over the whole image (digitized polygons included), against the full change mask; and the
    # share of change outside the digitized polygons (what the class prior estimates).
    unfiltered=$(/usr/bin/python3 - "$out" "$dir" "$city" <<'PY'
import json, sys
import numpy as np
from osgeo import gdal, ogr
gdal.UseExceptions()
out, directory, city = sys.argv[1:]
threshold = json.load(open(f"{out}/report.json"))["threshold"]
probability = gdal.Open(f"{out}/probability.tif").ReadAsArray()
truth_ds = gdal.Open(f"{directory}/{city}_change.tif")
truth = truth_ds.ReadAsArray() > 0
valid = probability != -9999
mapped = valid & (probability >= threshold - 1e-7)
tp, fp, fn = int((mapped & truth).sum()), int((mapped & ~truth).sum()), int((valid & ~mapped & truth).sum())
mask = gdal.GetDriverByName("MEM").Create("", truth_ds.RasterXSize, truth_ds.RasterYSize, 1, gdal.GDT_Byte)
mask.SetGeoTransform(truth_ds.GetGeoTransform()); mask.SetProjection(truth_ds.GetProjection())
polygons = ogr.Open(f"{directory}/pos.gpkg")
gdal.RasterizeLayer(mask, [1], polygons.GetLayer(0), burn_values=[1], options=["ALL_TOUCHED=TRUE"])
outside = valid & (mask.GetRasterBand(1).ReadAsArray() == 0)
print(json.dumps({"precision": tp / max(1, tp + fp), "recall": tp / max(1, tp + fn), "prior": float(truth[outside].mean())}))
PY
)
    printf "%s\t%s\t%s\t%s\t%s\t%s\n" "$city" "$seed" "$seconds" "$map" "$unfiltered" "$(tr -d '\n' < "$out/report.json")" >> "$RESULTS"
    echo "$city seed $seed ($seconds s): $map"
  done
done

/usr/bin/python3 - "$RESULTS" "$DATA" "${cities[@]}" <<'PY'
import glob, json, os, statistics, sys

results, data, cities = sys.argv[1], sys.argv[2], dict(entry.split(":", 1) for entry in sys.argv[3:])


def peers(city, directory):
    """F1 of the usual approaches: the city's row of a README table with a "best" column (in its
    directory, its parent, or anywhere under DATA: oscd-dev's table also holds nantes)."""
    nearby = [os.path.join(directory, "README.md"), os.path.join(directory, "..", "README.md")]
    for readme in nearby + sorted(glob.glob(os.path.join(data, "**", "README.md"), recursive=True)):
        if not os.path.exists(readme):
            continue
        header = None
        for line in open(readme):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if line.startswith("|") and "best" in cells:
                header = cells
            elif header and line.startswith("|") and cells[0].split(" ")[0] == city:
                return {name: float(value) for name, value in zip(header, cells) if name not in ("city", "size", "change") and value}
    return {}


runs = {}
for line in open(results):
    city, seed, seconds, mapped, unfiltered, report = line.rstrip("\n").split("\t")
    runs.setdefault(city, []).append((int(seconds), json.loads(mapped), json.loads(unfiltered), json.loads(report)))
mean = statistics.mean
print()
print(f"{'city':<10} {'seeds':>5} {'precision':>9} {'recall':>7} {'F1':>6} {'F1 min-max':>12} {'best peer':>9}  {'beats':>5}  peers' F1 (data README)")
table = []
for city, city_runs in runs.items():
    f1 = [m["f1"] for _, m, _, _ in city_runs]
    known = peers(city, cities[city])
    best = known.get("best", max(known.values(), default=float("nan")))
    table.append((mean(f1), best))
    others = ", ".join(f"{name} {value:.3f}" for name, value in known.items() if name != "best")
    print(f"{city:<10} {len(f1):>5} {mean(m['precision'] for _, m, _, _ in city_runs):>9.3f} {mean(m['recall'] for _, m, _, _ in city_runs):>7.3f} "
          f"{mean(f1):>6.3f} {min(f1):>5.3f}-{max(f1):.3f} {best:>9.3f}  {'yes' if mean(f1) > best else 'NO':>5}  {others}")
print(f"{'mean':<10} {'':>5} {'':>9} {'':>7} {mean(f for f, _ in table):>6.3f} {'':>12} {mean(b for _, b in table):>9.3f}  "
      f"{'all' if all(f > b for f, b in table) else 'not all':>5}")
print(f"minutes per run: {mean(s for r in runs.values() for s, _, _, _ in r) / 60:.1f}")

print()
print("Cross-validated precision and recall at the chosen threshold against the truth (unfiltered map, whole image), and")
print("the estimated share of the class in the background against the true one; mean over the seeds:")
print(f"{'city':<10} {'threshold':>9} {'precision: lower bound':>22} {'PU-corrected':>12} {'true':>6}   {'recall: CV':>10} {'true':>6}"
      f"   {'prior: estimate':>15} {'true':>6}")
for city, city_runs in runs.items():
    def report_mean(key):
        values = [r["pixels_at_threshold"].get(key) for _, _, _, r in city_runs]
        return mean(values) if all(isinstance(v, (int, float)) for v in values) else float("nan")
    prior = [r.get("class_prior", {}).get("negative_area_prior") for _, _, _, r in city_runs]
    prior = mean(prior) if all(isinstance(v, (int, float)) for v in prior) else float("nan")
    print(f"{city:<10} {mean(r['threshold'] for _, _, _, r in city_runs):>9.3f} {report_mean('precision'):>22.3f} "
          f"{report_mean('precision_pu'):>12.3f} {mean(u['precision'] for _, _, u, _ in city_runs):>6.3f}   {report_mean('recall'):>10.3f} "
          f"{mean(u['recall'] for _, _, u, _ in city_runs):>6.3f}   {prior:>15.4f} {mean(u['prior'] for _, _, u, _ in city_runs):>6.4f}")
PY
