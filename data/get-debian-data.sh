#!/bin/bash
# Real test scenes that Debian packages ship, obtained without installing R:
# `apt-get download` the packages and `dpkg -x` them, then stack the bands with GDAL.
#
# usage: get-debian-data.sh DIR      (idempotent: does nothing when DIR/READY exists)
#
# DIR/l7_etms.tif         r-cran-stars: Landsat-7 ETM+ (B1-B5, B7), 349 x 352, 28.5 m, UTM 25S (Olinda)
# DIR/olinda_dem.tif      r-cran-stars: DEM of the same area, UTM 25S
# DIR/l7_2001.tif         r-cran-satellite: Landsat-7 ETM+ 2001-07-30, B1-B5, B7 (l57 layout), 41 x 41, 30 m
# DIR/l8_2013.tif         r-cran-satellite: Landsat-8 OLI 2013-07-07, B1-B7 (l8 layout), same grid
# DIR/satellite_dem.tif   r-cran-satellite: DEM of the same area, EPSG:4326
# DIR/l5_2010.tif         r-cran-satellite: Landsat-5 TM 2010, B1-B5, B7 (l57 layout), 101 x 101, 30 m
set -euo pipefail
DIR="${1:?usage: get-debian-data.sh DIR}"
if [ -f "$DIR/READY" ]; then exit 0; fi
mkdir -p "$DIR/debs" "$DIR/extract"
DIR="$(cd "$DIR" && pwd)"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
cd "$DIR/debs"
if ! apt-get download r-cran-stars r-cran-satellite >/dev/null 2>&1; then
  # A fresh machine may have no package lists yet.
  $SUDO apt-get update -q >/dev/null
  apt-get download r-cran-stars r-cran-satellite
fi
for deb in *.deb; do dpkg -x "$deb" "$DIR/extract"; done

STARS="$DIR/extract/usr/lib/R/site-library/stars/tif"
SAT="$DIR/extract/usr/lib/R/site-library/satellite"
name_bands() { # FILE NAME... : GDAL band descriptions, so the scenes are self-describing
  local file="$1"; shift
  /usr/bin/python3 - "$file" "$@" <<'PY'
import sys
from osgeo import gdal
ds = gdal.Open(sys.argv[1], gdal.GA_Update)
for i, name in enumerate(sys.argv[2:]):
    ds.GetRasterBand(i + 1).SetDescription(name)
PY
}
stack() { # OUT FILES...
  local out="$1"; shift
  gdalbuildvrt -q -separate "$out.vrt" "$@"
  gdal_translate -q -co COMPRESS=DEFLATE "$out.vrt" "$out"
  rm -f "$out.vrt"
}

gdal_translate -q "$STARS/L7_ETMs.tif" "$DIR/l7_etms.tif"
gdal_translate -q "$STARS/olinda_dem_utm25s.tif" "$DIR/olinda_dem.tif"

L7="$SAT/extdata/LE07_L1TP_195025_20010730_20170204_01_T1"
L8="$SAT/extdata/LC08_L1TP_195025_20130707_20170503_01_T1"
stack "$DIR/l7_2001.tif" "${L7}_B1.TIF" "${L7}_B2.TIF" "${L7}_B3.TIF" "${L7}_B4.TIF" "${L7}_B5.TIF" "${L7}_B7.TIF"
stack "$DIR/l8_2013.tif" "${L8}_B1.TIF" "${L8}_B2.TIF" "${L8}_B3.TIF" "${L8}_B4.TIF" "${L8}_B5.TIF" "${L8}_B6.TIF" "${L8}_B7.TIF"
gdal_translate -q "$SAT/extdata/DEM.TIF" "$DIR/satellite_dem.tif"
L5="$SAT/testdata/LT5/LT51670552010352MLK00"
stack "$DIR/l5_2010.tif" "${L5}_B1.tif" "${L5}_B2.tif" "${L5}_B3.tif" "${L5}_B4.tif" "${L5}_B5.tif" "${L5}_B7.tif"

name_bands "$DIR/l7_etms.tif" B1 B2 B3 B4 B5 B7
name_bands "$DIR/l7_2001.tif" B1 B2 B3 B4 B5 B7
name_bands "$DIR/l8_2013.tif" B1 B2 B3 B4 B5 B6 B7
name_bands "$DIR/l5_2010.tif" B1 B2 B3 B4 B5 B7
rm -rf "$DIR/debs"
touch "$DIR/READY"
echo "ImCLASS: Debian sample scenes in $DIR"
