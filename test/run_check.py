#!/usr/bin/python3
"""End-to-end check of imclass-run on the generated landslide scene: the known class is found and
every output exists and is valid.

usage: run_check.py IMCLASS_RUN SCENE_DIR OUT_DIR   (OTB_APPLICATION_PATH must point at the build)

The F1 of the binary map against the scene's full ground truth must reach 0.8. The scene is
built so that a chain that maps "vegetation lost" instead of landslides fails that level: the
harvested field and the cloud blobs also lose their vegetation signal between the dates, and the
cross-validation that chooses the threshold has only the 4 digitized landslides, with the 2 others
drawn as negatives. The chain reaches 0.89 here (0.96 on the 400 x 400 demo scene).
"""
import json
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal, ogr

from imclass_checks import check

gdal.UseExceptions()
MINIMUM_F1 = 0.8


def main(script, scene, out):
    result = subprocess.run([script, "change", "--pre", f"{scene}/pre.tif", "--post", f"{scene}/post.tif",
                             "--postmask", f"{scene}/post_mask.tif", "--dem", f"{scene}/dem.tif",
                             "--vec", f"{scene}/samples.gpkg", "--out", out], capture_output=True, text=True)
    print(result.stdout)
    check(result.returncode == 0, f"imclass-run failed: {result.stderr}")
    check("Threshold" in result.stdout and "F1" in result.stdout, "no summary printed")
    # The change defaults reach ImclassTrain: the d_cva gate, and the 5 % exclusion (negatives drawn from the image).
    training_log = open(f"{out}/log_ImclassTrain.txt").read()
    check("Gate d_cva >= 1" in training_log and "Unlabelled negatives: " in training_log, "imclass-run change trains with its gate and exclusion")
    check("PU-corrected:" in result.stdout, "the summary gives the PU-corrected precision")

    probability_ds = gdal.Open(f"{out}/probability.tif")
    probability = probability_ds.ReadAsArray()
    valid = probability != -9999
    check(valid.any() and probability[valid].min() >= 0 and probability[valid].max() <= 1, "probabilities outside [0, 1]")
    map_ds = gdal.Open(f"{out}/map.tif")
    binary = map_ds.ReadAsArray()
    check(set(np.unique(binary)) <= {0, 1, 255}, f"binary map values {np.unique(binary)}")
    check(np.array_equal(binary == 255, ~valid), "no-data of the map and of the probability differ")

    truth = gdal.Open(f"{scene}/truth.tif").ReadAsArray() == 1
    predicted = (binary == 1) & valid
    tp = np.count_nonzero(predicted & truth & valid)
    precision = tp / max(1, np.count_nonzero(predicted))
    recall = tp / max(1, np.count_nonzero(truth & valid))
    f1 = 2 * precision * recall / max(1e-12, precision + recall)
    print(f"binary map against the full ground truth: precision {precision:.3f}, recall {recall:.3f}, F1 {f1:.3f}")
    check(f1 >= MINIMUM_F1, f"F1 {f1:.3f} below {MINIMUM_F1}")

    polygons_ds = ogr.Open(f"{out}/map.gpkg")
    layer = polygons_ds.GetLayer(0)
    fields = [layer.GetLayerDefn().GetFieldDefn(i).GetName() for i in range(layer.GetLayerDefn().GetFieldCount())]
    check(layer.GetFeatureCount() > 0, "no polygon")
    check(any("area" in f for f in fields) and any("prob" in f for f in fields), f"polygon fields {fields}")

    report = json.load(open(f"{out}/report.json"))
    for key in ("threshold", "map", "objects", "curve"):
        check(key in report, f"report has no '{key}'")
    check(0 < report["threshold"] < 1, f"threshold {report['threshold']}")
    check(report["threshold_source"] == "cross-validation", "the threshold comes from the model's cross-validation")
    folds_ds = ogr.Open(f"{out}/folds.gpkg")
    folds = {(f.GetField("label"), f.GetField("fold")) for f in folds_ds.GetLayer(0)}
    check({label for label, _ in folds} == {0, 1} and len({fold for _, fold in folds}) >= 2, f"folds.gpkg: {sorted(folds)}")
    with open(f"{out}/report.png", "rb") as png:
        check(png.read(8) == b"\x89PNG\r\n\x1a\n", "report.png is not a PNG")
    with open(f"{out}/model.yaml") as model:
        text = model.read()
    check("opencv_ml_rtrees" in text and "imclass" in text, "model.yaml lacks the forest or the ImCLASS metadata")
    check(not os.path.exists(f"{out}/features.tif"), "feature stacks were kept without --keep-features")

    # A wrong input is refused before the first long step.
    refused = subprocess.run([script, "change", "--pre", f"{scene}/pre.tif", "--post", f"{scene}/missing.tif",
                              "--vec", f"{scene}/samples.gpkg", "--out", f"{out}_refused"], capture_output=True, text=True)
    check(refused.returncode != 0 and "--post: no such file" in refused.stderr, f"missing input not refused: {refused.stderr}")
    check(not os.path.exists(f"{out}_refused/log_ImclassChangeFeatures.txt"), "a step ran despite the missing input")
    refused = subprocess.run([script, "change", "--pre", f"{scene}/pre.tif", "--post", f"{scene}/post.tif",
                              "--vec", f"{scene}/samples.gpkg", "--morpho", "median", "--out", f"{out}_refused"], capture_output=True, text=True)
    check(refused.returncode != 0 and "--morpho: majority, none" in refused.stderr, f"unknown filter not refused: {refused.stderr}")

    # A gate no sample passes (landslides lose vegetation: d_ndvi < 0 there): nothing scores, the
    # cross-validated precision is undefined, and the run still ends with its summary.
    nothing = subprocess.run([script, "change", "--pre", f"{scene}/pre.tif", "--post", f"{scene}/post.tif", "--vec", f"{scene}/samples.gpkg",
                              "--gate", "d_ndvi", "--out", f"{out}_nothing_scores"], capture_output=True, text=True)
    check(nothing.returncode == 0 and "precision n/a" in nothing.stdout, f"a gate nothing passes: {nothing.stdout} {nothing.stderr}")
    print("OK")


if __name__ == "__main__":
    main(*sys.argv[1:])
