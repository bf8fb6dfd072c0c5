#!/usr/bin/python3
"""imclass-run series on the generated phenology scene (data/make_phenology_scene.py): vineyards
that no single date separates from maize or grassland, and their curve through the year does.

usage: phenology_check.py IMCLASS_RUN SCENE_DIR OUT_DIR [MONTH ...]
       (OTB_APPLICATION_PATH must point at the build)

The series chain (12 dates, their cloud masks, dates read from the images' metadata, the stack
kept) is scored against the scene's full ground truth, and so is the mono-date chain on each
MONTH given (default 05 and 01, the best single dates of the scene at its default seed). The
series F1 must reach 0.85 and beat the best single date by 0.08. The fused prediction of the run
must equal ImclassPredict on the written stack to the last bit, and so must that of a model of 5
selected features, which computes only their variables. `all` as MONTH runs every date.
"""
import glob
import os
import re
import subprocess
import sys

import numpy as np
from osgeo import gdal

from features_check import run
from imclass_checks import check

gdal.UseExceptions()
MINIMUM_SERIES_F1 = 0.85
MINIMUM_GAIN = 0.08


def chain(script, out, mode, *arguments):
    result = subprocess.run([script, mode, *arguments, "--out", out], capture_output=True, text=True)
    check(result.returncode == 0, f"imclass-run {mode} failed: {result.stdout[-1500:]} {result.stderr[-1500:]}")
    return result.stdout


def same_pixels(path, other):
    dataset, other_dataset = gdal.Open(path), gdal.Open(other)
    return dataset.ReadAsArray().tobytes() == other_dataset.ReadAsArray().tobytes()


def f1_against_truth(scene, out):
    truth_ds, map_ds = gdal.Open(f"{scene}/truth.tif"), gdal.Open(f"{out}/map.tif")
    truth, binary = truth_ds.ReadAsArray() == 1, map_ds.ReadAsArray()
    valid = binary != 255
    predicted = (binary == 1) & valid
    tp = np.count_nonzero(predicted & truth)
    precision, recall = tp / max(1, np.count_nonzero(predicted)), tp / max(1, np.count_nonzero(truth & valid))
    return precision, recall, 2 * precision * recall / max(1e-12, precision + recall)


def main(script, scene, out, *months):
    dates, masks = sorted(glob.glob(f"{scene}/date??.tif")), sorted(glob.glob(f"{scene}/mask??.tif"))
    check(len(dates) == 12 and len(masks) == 12, f"the scene has {len(dates)} dates and {len(masks)} masks")
    samples = f"{scene}/samples.gpkg"

    series_out = f"{out}/series"
    chain(script, series_out, "series", "--in", *dates, "--mask", *masks, "--vec", samples, "--keep-features")
    with open(f"{series_out}/log_ImclassSeriesFeatures.txt") as log:
        check(log.read().count("from GDAL's TIFFTAG_DATETIME") == 12, "the dates were not read from the images' metadata")
    two_step = f"{series_out}/two_step.tif"
    run("ImclassPredict", "-il", f"{series_out}/features.tif", "-model", f"{series_out}/model.yaml", "-out", two_step)
    check(same_pixels(f"{series_out}/probability.tif", two_step), "the fused prediction (from the 12 dates) differs from the prediction on the written stack")
    print("series: the fused prediction equals ImclassPredict on the written stack, bit for bit")
    # A model of 5 selected features: the fused mode computes only their variables, same map.
    selected, fused, on_stack = f"{series_out}/selected.yaml", f"{series_out}/selected_fused.tif", f"{series_out}/selected_two_step.tif"
    run("ImclassTrain", "-il", f"{series_out}/features.tif", "-vec", samples, "-select.count", "5", "-out", selected)
    run("ImclassPredict", "-il", f"{series_out}/features.tif", "-model", selected, "-out", on_stack)
    log = run("ImclassPredict", "-series", *dates, "-masks", *masks, "-model", selected, "-out", fused).stdout
    computed = int(re.search(r"\((\d+) bands computed for its 5 features\)", log).group(1))
    check(computed <= 5 * 7, f"{computed} bands computed for 5 features: more than their variables' 7 statistics each")
    check(same_pixels(fused, on_stack), "the fused prediction of the selected model differs from the prediction on the written stack")
    print(f"series, 5 features selected: {computed} of 70 bands computed in fused mode, the same map bit for bit")
    series = f1_against_truth(scene, series_out)
    print(f"series (12 dates):  precision {series[0]:.3f}  recall {series[1]:.3f}  F1 {series[2]:.3f}")

    months = [f"{m:02d}" for m in range(1, 13)] if months == ("all",) else list(months or ("05", "01"))
    best = 0.0
    for month in months:
        chain(script, f"{out}/mono{month}", "mono", "--in", f"{scene}/date{month}.tif", "--mask", f"{scene}/mask{month}.tif", "--vec", samples)
        mono = f1_against_truth(scene, f"{out}/mono{month}")
        print(f"date {month} alone:     precision {mono[0]:.3f}  recall {mono[1]:.3f}  F1 {mono[2]:.3f}")
        best = max(best, mono[2])
    check(series[2] >= MINIMUM_SERIES_F1, f"series F1 {series[2]:.3f} below {MINIMUM_SERIES_F1}")
    check(series[2] >= best + MINIMUM_GAIN, f"series F1 {series[2]:.3f} not {MINIMUM_GAIN} above the best single date ({best:.3f})")
    print(f"series F1 {series[2]:.3f}, best single date {best:.3f}: +{series[2] - best:.3f}")

    # Lists that do not match the dates are refused before the first step.
    refused = subprocess.run([script, "series", "--in", *dates, "--mask", *masks[:11], "--vec", samples, "--out", f"{out}/refused"],
                             capture_output=True, text=True)
    check(refused.returncode == 2 and "--mask: 11 masks for 12 dates (--in)" in refused.stderr, f"11 masks not refused: {refused.stderr}")
    # (two images for 'mono' are two scenes: their masks must be one per scene)
    refused = subprocess.run([script, "mono", "--in", *dates[:2], "--mask", masks[0], "--vec", samples, "--out", f"{out}/refused"],
                             capture_output=True, text=True)
    check(refused.returncode == 2 and "--mask gives 1 images for 2 scenes" in refused.stderr, f"one mask for two scenes not refused: {refused.stderr}")
    refused = subprocess.run([script, "mono", "--in", dates[0], "--sensor", "s2", "l8", "--vec", samples, "--out", f"{out}/refused"],
                             capture_output=True, text=True)
    check(refused.returncode == 2 and "--sensor takes one value for 'mono'" in refused.stderr, f"two sensors for mono not refused: {refused.stderr}")
    check(not os.path.exists(f"{out}/refused"), "a refused run left an output directory")
    print("OK")


if __name__ == "__main__":
    main(*sys.argv[1:])
