#!/usr/bin/python3
"""HaralickTextureFilter against the files otbcli_HaralickTextureExtraction writes.

usage: textures_check.py TOOL OUTDIR l7_etms.tif
  TOOL is otbImclassHaralickTextures: the filter run the way the application runs OTB's filters
  (band extracted and clamped to [min, max], writer streaming within -ram MB).
On the near-infrared band of the real Landsat-7 scene, for the simple set, the advanced set and
both at once (other radii in x and y, a negative offset, another range), every feature must be
within 1e-4 of its range over the image (1e-10 where OTB's feature is rounding noise around 0), and
NaN where OTB's is NaN; streaming in 1 MB blocks must give the same bytes as in one block.
"""
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal

from imclass_checks import check

gdal.UseExceptions()
NIR = 4


def read(path):
    ds = gdal.Open(path)
    return ds.ReadAsArray().astype(np.float64).reshape(ds.RasterCount, ds.RasterYSize, ds.RasterXSize)


def run(command):
    result = subprocess.run([str(a) for a in command], capture_output=True, text=True)
    check(result.returncode == 0, f"command failed: {' '.join(map(str, command))}\n{result.stdout}\n{result.stderr}")


def otb(image, texture, radius, offset, bins, low, high, out):
    run(["otbcli_HaralickTextureExtraction", "-in", image, "-channel", NIR, "-texture", texture,
         "-parameters.xrad", radius[0], "-parameters.yrad", radius[1], "-parameters.xoff", offset[0],
         "-parameters.yoff", offset[1], "-parameters.nbbin", bins, "-parameters.min", low, "-parameters.max", high,
         "-out", out])
    return read(out)


def ours(tool, image, texture, radius, offset, bins, low, high, ram, out):
    run([tool, image, NIR, texture, radius[0], radius[1], offset[0], offset[1], bins, low, high, ram, out])
    return read(out)


def compare(actual, expected, what):
    check(actual.shape == expected.shape, f"{what}: {actual.shape[0]} bands, OTB {expected.shape[0]}")
    worst = []
    for k in range(expected.shape[0]):
        nan = np.isnan(expected[k])
        check(np.array_equal(nan, np.isnan(actual[k])), f"{what}, band {k + 1}: NaN where OTB has none, or the reverse")
        a, b = actual[k][~nan], expected[k][~nan]
        spread, error = b.max() - b.min(), np.abs(a - b).max()
        check(error <= max(1e-4 * spread, 1e-10), f"{what}, band {k + 1}: max |difference| {error:.3g}, range {spread:.3g}")
        worst.append(error / spread if spread > 0 else 0.0)
    print(f"{what}: max |difference| / range per band: " + " ".join(f"{w:.1e}" for w in worst))


def main(tool, out, image):
    os.makedirs(out, exist_ok=True)
    path = lambda name: os.path.join(out, name)

    simple = ours(tool, image, "simple", (2, 2), (1, 1), 16, 20, 120, 256, path("ours_simple.tif"))
    compare(simple, otb(image, "simple", (2, 2), (1, 1), 16, 20, 120, path("otb_simple.tif")), "simple r2 (1, 1) 16 bins")
    streamed = ours(tool, image, "simple", (2, 2), (1, 1), 16, 20, 120, 1, path("ours_simple_streamed.tif"))
    check(np.array_equal(simple, streamed), "-ram 1 (small blocks) changes the output")

    advanced = ours(tool, image, "advanced", (3, 3), (-1, 2), 12, 20, 120, 256, path("ours_advanced.tif"))
    compare(advanced, otb(image, "advanced", (3, 3), (-1, 2), 12, 20, 120, path("otb_advanced.tif")),
            "advanced r3 (-1, 2) 12 bins")

    both = ours(tool, image, "all", (5, 3), (2, -1), 32, 10, 200, 1, path("ours_all.tif"))
    check(both.shape[0] == 18, f"all: {both.shape[0]} bands, expected 8 + 10")
    compare(both[:8], otb(image, "simple", (5, 3), (2, -1), 32, 10, 200, path("otb_all_simple.tif")),
            "all (simple part) r5x3 (2, -1) 32 bins")
    compare(both[8:], otb(image, "advanced", (5, 3), (2, -1), 32, 10, 200, path("otb_all_advanced.tif")),
            "all (advanced part) r5x3 (2, -1) 32 bins")
    print("OK")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
