#!/bin/bash
# ImCLASS test suite: installs what is missing, builds, and runs every CTest test, printing
# CTest's summary. Exit status is CTest's.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR="${IMCLASS_BUILD_DIR:-build}"
cd "$BUILD_DIR"
ctest --output-on-failure -j "$(nproc)" "$@"
