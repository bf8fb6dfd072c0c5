#!/usr/bin/python3
"""ImclassPredict bad input: each case exits non-zero with one FATAL line naming the parameter and
the problem, and leaves no output file; the model's features are found by name in any stack order.

usage: predict_errors.py OUTDIR MODEL POST_STACK TOPO_STACK OTHER_GRID_IMAGE
(OTB_APPLICATION_PATH must point at the build)
"""
import os
import subprocess
import sys

from osgeo import gdal

from imclass_checks import check, expect_refusal


def main(out, model, post, topo, other_grid):
    os.makedirs(out, exist_ok=True)
    corrupt = os.path.join(out, "corrupt_model.yaml")
    with open(corrupt, "w") as f:
        f.write("%YAML:1.0\nopencv_ml_rtrees:\n  format: [ unfinished\n")
    # The topography stack on the same pixels but declared in another CRS (UTM 31N instead of 32N).
    other_crs = os.path.join(out, "topo_other_crs.tif")
    gdal.Translate(other_crs, topo, outputSRS="EPSG:32631")
    base = ["-il", post, topo, "-model", model]
    cases = [
        (["-il", post, "-model", model], "-il: the model's feature 'topo_elevation_s1' (21 of 22) is not in the stacks, which have 20 features"),
        (["-il", post, post, "-model", model], "-il: feature 'b_blue' is in '" + post + "' and in '" + post + "'"),
        (["-il", post, topo, "-model", os.path.join(out, "missing.yaml")], "-model: cannot open"),
        (["-il", post, topo, "-model", corrupt], "is corrupt"),
        (base + ["-mask", other_grid], "-mask: 100 x 100 pixels, the first stack has 200 x 200"),
        (["-il", post, other_grid, "-model", model], "-il: stack 2 (" + other_grid + "): 100 x 100 pixels"),
        (["-il", post, other_crs, "-model", model], "-il: stack 2 (" + other_crs + "): its CRS differs from the first stack's"),
    ]
    for k, (arguments, message) in enumerate(cases):
        expect_refusal("ImclassPredict", arguments, message, os.path.join(out, f"predict_error_{k}.tif"))

    # An output type that is neither a probability nor a percentage.
    output = os.path.join(out, "predict_error_int16.tif")
    result = subprocess.run(["otbcli", "ImclassPredict"] + base + ["-out", output, "int16"], capture_output=True, text=True)
    fatal = [line for line in (result.stdout + result.stderr).splitlines() if "FATAL" in line]
    check(result.returncode != 0 and len(fatal) == 1 and "-out: " in fatal[0], f"int16 output accepted: {fatal}")
    check(not os.path.exists(output), "an int16 output was left")
    print("refused:", fatal[0].split("FATAL")[1].strip())

    # Features are found by name: stacks in another order give the same map.
    maps = []
    for order, stacks in (("given", [post, topo]), ("swapped", [topo, post])):
        output = os.path.join(out, f"predict_order_{order}.tif")
        result = subprocess.run(["otbcli", "ImclassPredict", "-il", *stacks, "-model", model, "-out", output], capture_output=True, text=True)
        check(result.returncode == 0, f"stacks in {order} order: {result.stderr}")
        dataset = gdal.Open(output)
        maps.append(dataset.ReadAsArray())
        dataset = None
    check((maps[0] == maps[1]).all() and (maps[0] != -9999).any(), "swapping the stacks changed the map")
    print("OK")


if __name__ == "__main__":
    main(*sys.argv[1:])
