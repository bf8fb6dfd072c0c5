#!/bin/bash
# A full Sentinel-2 tile end to end through imclass-run: two dates of 10980 x 10980 pixels and 13
# bands (the Nantes OSCD pair upsampled onto a tile-sized grid), a DEM, the analyst's polygons;
# bi-date features, topography, training, fused prediction, threshold and polygons, with the
# defaults. Runs 1/16, 1/4 and the whole tile (SIZES) and prints per step the wall time, then per
# size the total, the processor time (user + system: the work itself, apart from the load of a
# shared machine), the peak memory of any step, the disk used, and the cost per megapixel in wall
# and processor seconds, which must stay flat if the cost grows linearly with the pixels.
#
# usage: bench/bench-tile.sh NANTES_DIR [SIZES="2745 5490 10980"]
#   NANTES_DIR: the OSCD Nantes folder (nantes_t1.tif, nantes_t2.tif, pos.gpkg)
#   IMCLASS_BUILD_DIR (default build), IMCLASS_BENCH_DIR (default /tmp/imclass-bench-tile: needs
#   about 8 GB per 10980-pixel size for the two dates)
set -euo pipefail
cd "$(dirname "$0")/.."
NANTES=$(realpath "${1:?usage: bench/bench-tile.sh NANTES_DIR [SIZES]}")
SIZES=${2:-"2745 5490 10980"}
BUILD=$(realpath "${IMCLASS_BUILD_DIR:-build}")
WORK=${IMCLASS_BENCH_DIR:-/tmp/imclass-bench-tile}
export OTB_APPLICATION_PATH=$BUILD/lib/otb/applications
mkdir -p "$WORK"

printf "%-8s %-62s %8s\n" "size" "step" "wall"
for SIZE in $SIZES; do
  DATA=$WORK/data_$SIZE OUT=$WORK/run_$SIZE
  mkdir -p "$DATA"; rm -rf "$OUT"
  # The pair onto a SIZE x SIZE grid over the same ground (bilinear, tiled GeoTIFF), and a DEM at a
  # third of the resolution: a smooth relief built from the red band of the first date.
  for date in 1 2; do
    [ -f "$DATA/t$date.tif" ] || gdal_translate -q -outsize "$SIZE" "$SIZE" -r bilinear -co TILED=YES -co BIGTIFF=YES \
      "$NANTES/nantes_t$date.tif" "$DATA/t$date.tif"
  done
  [ -f "$DATA/dem.tif" ] || gdal_translate -q -b 4 -ot Float32 -outsize $((SIZE / 3)) $((SIZE / 3)) -r average -scale 0 4000 0 300 \
    -co TILED=YES "$NANTES/nantes_t1.tif" "$DATA/dem.tif"
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time_$SIZE.log" scripts/imclass-run change --pre "$DATA/t1.tif" --post "$DATA/t2.tif" \
    --dem "$DATA/dem.tif" --vec "$NANTES/pos.gpkg" --out "$OUT" > "$WORK/run_$SIZE.log" 2>&1 || { cat "$WORK/run_$SIZE.log"; exit 1; }
  sed -n 's/^\[\([0-9]\)\/[0-9]\] *\([A-Za-z]*\) *\(.*\) \.\.\. done in \([0-9]*\) s$/\2 (\3)|\4/p' "$WORK/run_$SIZE.log" |
    while IFS='|' read -r step seconds; do printf "%-8s %-62s %6d s\n" "$SIZE" "$step" "$seconds"; done
  read -r seconds user system kib < "$WORK/time_$SIZE.log"
  cpu=$(echo "$user + $system" | bc -l)
  megapixels=$(echo "$SIZE * $SIZE / 1000000" | bc -l)
  printf "%-8s %-62s %6.0f s   CPU %6.0f s   peak %5d MiB   disk %s (inputs %s)   per Mpx %.2f s, CPU %.2f s\n" "$SIZE" "total" \
    "$seconds" "$cpu" $((kib / 1024)) "$(du -sh "$OUT" | cut -f1)" "$(du -sh "$DATA" | cut -f1)" \
    "$(echo "$seconds / $megapixels" | bc -l)" "$(echo "$cpu / $megapixels" | bc -l)"
done
