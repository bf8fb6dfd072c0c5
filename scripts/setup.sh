#!/bin/bash
# ImCLASS setup: installs the Debian packages ImCLASS needs (only the missing ones; uses sudo
# when not root), then configures and builds the module in ./build (or $IMCLASS_BUILD_DIR).
# Used by scripts/demo.sh, scripts/test.sh and .ci/run: one path from a fresh clone to a build.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  # OTB 8.1 and what its CMake files reference (see the README, "Building")
  libotb-dev otb-bin otb-qgis otb-testdriver libgdcm-tools libtinyxml-dev libfftw3-dev
  # calendar dates of time series (Boost.Date_Time, header-only for the Gregorian calendar)
  libboost-date-time-dev
  cmake g++ make
  # GDAL tools and Debian's Python modules for the data scripts, tests and plots
  gdal-bin python3 python3-gdal python3-numpy python3-matplotlib
  # scikit-learn: the forest tests' accuracy oracle and bench/bench-forest.sh's reference
  python3-sklearn
  # QGIS 3.22 for the plugin's tests (qgis_process, PyQGIS) and a virtual display for its dialogs
  qgis python3-qgis xvfb xauth
  # benchmarks: wall time and peak memory
  time bc
  # SLURM for imclass-run --engine slurm's test: a single-node cluster the test starts itself
  # (the packages' own services are not used)
  slurm-wlm munge
  # imclass-serve: its HTTP server (aiohttp), and a headless browser with its WebDriver for the
  # page's test (Selenium)
  python3-aiohttp chromium chromium-driver python3-selenium
  # SciPy: the web tests' and the active-learning bench's oracles (labelled objects, statistics)
  python3-scipy
)
# npm fetches the page's map library (OpenLayers, pinned by web/package-lock.json); Debian's npm
# package, unless a Node.js that brings its own npm is installed already.
command -v npm > /dev/null || PACKAGES+=(npm)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "ImCLASS setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -q
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The map library of imclass-serve's page into web/node_modules (again when the lock is newer).
if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi

BUILD_DIR="${IMCLASS_BUILD_DIR:-build}"
cmake -S . -B "$BUILD_DIR" \
  -DOTB_BUILD_MODULE_AS_STANDALONE=ON \
  -DBUILD_TESTING=ON \
  -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX="${IMCLASS_INSTALL_PREFIX:-$PWD/install}" > "$BUILD_DIR.configure.log" 2>&1 \
  || { cat "$BUILD_DIR.configure.log"; exit 1; }
cmake --build "$BUILD_DIR" -j "$(nproc)"
