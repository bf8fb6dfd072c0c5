#!/usr/bin/python3
"""Tiled runs of imclass-run give the maps of the run in one piece: the probability map bit for bit,
the binary map, the polygons (geometry and attributes) and the report (but for its paths).

usage: tiles_check.py CASE IMCLASS_RUN SCENE_DIR OUT_DIR   (OTB_APPLICATION_PATH must point at the build)
  baseline  the run in one piece (OUT_DIR/whole), which the other cases compare with
  local   --tiles 4, --tile-size 64 (edge tiles of 8 pixels) and 75 (objects reach over its tile
          edges) in parallel processes against the run in one piece; a second call after one tile's file was removed predicts that tile
          only (the others keep their bytes and times) and gives the same maps; a tile that fails
          is reported with its log and no map appears
  recipes a model on every texture (radius 5) and topographic scales 1, 5 and 9: tiles of 48
          pixels against ImclassPredict and ImclassThreshold in one piece (the widest margins);
          a tile whose window has no valid pixel is a no-data tile of the mosaic
  scenes  two scenes in one command (the scene and a crop of it, both named post.tif): the first
          gives the maps of the single-scene run, the second those of ImclassPredict and
          ImclassThreshold run on it with the model; mismatched lists are refused, and so is
          GDAL_CACHEMAX in percent with --engine slurm (a task's memory adds it to --ram)
  series  imclass-run series (4 dates of the phenology scene, SCENE_DIR) in 4 tiles against the run
          in one piece
  slurm   through a real single-node SLURM cluster started for the test (skipped, exit 77, only
          where it cannot start): a job array of 4 tiles and the merge job give the maps in one
          piece; --no-wait returns the job ids and a second call waits for them (or, once all is
          done, prints the summary); a failed tile is reported with its log (by the next call
          with --no-wait) and a later call resubmits only it; the README's batch script (training
          in a job that submits the tiles) gives the same maps
"""
import glob
import json
import os
import shlex
import shutil
import subprocess
import sys

import numpy as np
from osgeo import gdal, ogr

from imclass_checks import check

gdal.UseExceptions()
HERE = os.path.dirname(os.path.abspath(__file__))
TILES_SCRIPT = os.path.join(HERE, "..", "scripts", "imclass_tiles.py")
PATH_KEYS = {"probability_map", "model", "binary_map"}


def change_command(script, scene, out, *options, scene_options=None):
    inputs = scene_options or ["--pre", f"{scene}/pre.tif", "--post", f"{scene}/post.tif", "--postmask", f"{scene}/post_mask.tif"]
    return [script, "change", *inputs, "--dem", f"{scene}/dem.tif", "--vec", f"{scene}/samples.gpkg", "--out", out, *options]


def imclass_run(script, scene, out, *options, environment=None, scene_options=None):
    command = change_command(script, scene, out, *options, scene_options=scene_options)
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    print(f"$ {' '.join(command)}\n{result.stdout}{result.stderr}")
    return result


def raster(path):
    dataset = gdal.Open(path)
    return dataset.ReadAsArray(), dataset.GetGeoTransform(), dataset.GetProjection(), dataset.GetRasterBand(1).DataType


def polygons(path):
    source = ogr.Open(path)
    layer = source.GetLayer(0)
    return sorted((feature.GetGeometryRef().ExportToWkt(), tuple(sorted(feature.items().items()))) for feature in layer)


def check_same_maps(expected, actual, what):
    """The probability map bit for bit (values, type, grid), the binary map, polygons and report."""
    for name in ("probability.tif", "map.tif"):
        want, got = raster(os.path.join(expected, name)), raster(os.path.join(actual, name))
        check(want[0].shape == got[0].shape and np.array_equal(want[0], got[0]),
              f"{what}: {name} differs from the run in one piece ({np.count_nonzero(want[0] != got[0]) if want[0].shape == got[0].shape else 'shape'})")
        check(want[1:] == got[1:], f"{what}: {name} has another grid or pixel type")
    want, got = polygons(os.path.join(expected, "map.gpkg")), polygons(os.path.join(actual, "map.gpkg"))
    check(len(want) > 0 and want == got, f"{what}: map.gpkg holds {len(got)} objects, the run in one piece {len(want)} (or they differ)")
    objects = len(got)
    with open(os.path.join(expected, "report.json")) as a, open(os.path.join(actual, "report.json")) as b:
        want, got = json.load(a), json.load(b)
    differing = sorted(key for key in want if key not in PATH_KEYS and want[key] != got.get(key))
    check(not differing, f"{what}: report.json differs in {differing}")
    check(got["binary_map"] == os.path.join(actual, "map.tif"), f"{what}: the report names {got['binary_map']}")
    print(f"{what}: same probability map, binary map, {objects} polygons and report")


def objects_across_seams(tiled):
    """How many polygons of the tiled run's map.gpkg reach over an inner edge of its tiles."""
    with open(os.path.join(tiled, "tiles", "plan.json")) as stream:
        scene = json.load(stream)["scenes"][0]
    x0, dx, _, y0, _, dy = gdal.Open(os.path.join(tiled, "map.tif")).GetGeoTransform()
    columns = {x for x, _, _, _ in (tile["window"] for tile in scene["tiles"])} - {0}
    rows = {y for _, y, _, _ in (tile["window"] for tile in scene["tiles"])} - {0}
    seams_x, seams_y = [x0 + column * dx for column in columns], [y0 + row * dy for row in rows]
    source = ogr.Open(os.path.join(tiled, "map.gpkg"))
    across = 0
    for feature in source.GetLayer(0):
        min_x, max_x, min_y, max_y = feature.GetGeometryRef().GetEnvelope()
        across += any(min_x < x < max_x for x in seams_x) or any(min_y < y < max_y for y in seams_y)
    return across


def modification_times(folder):
    return {name: os.stat(os.path.join(folder, name)).st_mtime_ns for name in sorted(os.listdir(folder)) if name.startswith("tile_")}


def baseline(script, scene, out):
    if not os.path.isfile(os.path.join(out, "report.json")):
        shutil.rmtree(out, ignore_errors=True)
        check(imclass_run(script, scene, out).returncode == 0, "the run in one piece failed")
    return out


def check_failed_tile(result, tile, what):
    check(result.returncode == 1, f"{what}: a failed tile must fail the run (exit {result.returncode})")
    check(f"tile {tile} of post failed; its log: " in result.stderr and "FATAL" in result.stderr,
          f"{what}: the failed tile and its log are not reported: {result.stderr}")


def case_local(script, scene, out):
    whole = baseline(script, scene, os.path.join(out, "whole"))
    for name, options in (("tiles4", ["--tiles", "4"]), ("size64", ["--tile-size", "64"]), ("size75", ["--tile-size", "75"])):
        tiled = os.path.join(out, name)
        shutil.rmtree(tiled, ignore_errors=True)
        result = imclass_run(script, scene, tiled, *options, "--jobs", "2")
        check(result.returncode == 0, f"{name}: imclass-run failed")
        check_same_maps(whole, tiled, name)
        print(f"{name}: {objects_across_seams(tiled)} objects reach over a tile edge")
    check(objects_across_seams(os.path.join(out, "size75")) > 0, "no object reaches over an edge of the 75-pixel tiles: the seams are not tested")
    tiles = os.path.join(out, "size64", "tiles", "post")
    check(len(modification_times(tiles)) == 16, f"--tile-size 64 on 200 x 200 pixels: {len(modification_times(tiles))} tiles, not 16")

    # Resume: one tile removed, the same command again predicts it alone and merges again.
    before = modification_times(tiles)
    os.remove(os.path.join(tiles, "tile_0005.tif"))
    result = imclass_run(script, scene, os.path.join(out, "size64"), "--tile-size", "64", "--jobs", "2")
    check(result.returncode == 0, "resume: imclass-run failed")
    check("kept from the earlier call" in result.stdout and "1 of 16 to predict" in result.stdout and "tile 5 of post done" in result.stdout,
          "resume: the model or the other tiles were made again")
    after = modification_times(tiles)
    check(all(after[name] == before[name] for name in before if name != "tile_0005.tif") and after["tile_0005.tif"] != before["tile_0005.tif"],
          "resume: tiles other than tile 5 were rewritten")
    check_same_maps(whole, os.path.join(out, "size64"), "resume")

    # A tile that fails (its file cannot be written) is reported with its log, and nothing merged.
    failing = os.path.join(out, "failing")
    shutil.rmtree(failing, ignore_errors=True)
    os.makedirs(os.path.join(failing, "tiles"))
    with open(os.path.join(failing, "tiles", "plan.json"), "w") as stream:
        stream.write("{}")  # an earlier plan of another model: replaced
    result = imclass_run(script, scene, failing, "--tiles", "2", "--jobs", "1")
    check(result.returncode == 0, "failing: the first run failed")
    os.remove(os.path.join(failing, "tiles", "post", "tile_0001.tif"))
    os.makedirs(os.path.join(failing, "tiles", "post", "tile_0001.tif"))  # ImclassPredict cannot write there
    result = imclass_run(script, scene, failing, "--tiles", "2", "--jobs", "1")
    check_failed_tile(result, 1, "failing")
    check(not any(os.path.exists(os.path.join(failing, name)) for name in ("probability.tif", "map.tif", "map.gpkg")),
          "failing: the maps of the earlier call are left without every tile")


def case_recipes(scene, out):
    """ImclassPredict in tiles of 48 pixels on a model with the widest margins."""
    out = os.path.join(out, "recipes")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    raw = ["-pre", f"{scene}/pre.tif", "-post", f"{scene}/post.tif", "-postmask", f"{scene}/post_mask.tif", "-dem", f"{scene}/dem.tif"]

    def otb(app, *arguments):
        result = subprocess.run(["otbcli", app, *arguments], capture_output=True, text=True)
        check(result.returncode == 0, f"{app} failed: {result.stdout[-2000:]}{result.stderr}")

    otb("ImclassChangeFeatures", "-pre", f"{scene}/pre.tif", "-post", f"{scene}/post.tif", "-postmask", f"{scene}/post_mask.tif",
        "-texture", "all", "-tex.radius", "5", "-recipe", f"{out}/change.txt")
    otb("ImclassTopo", "-in", f"{scene}/post.tif", "-dem", f"{scene}/dem.tif", "-scales", "1", "5", "9", "-recipe", f"{out}/topo.txt")
    otb("ImclassTrain", "-recipes", f"{out}/change.txt", f"{out}/topo.txt", *raw, "-vec", f"{scene}/samples.gpkg",
        "-class.field", "label", "-class.value", "1", "-rf.nbtrees", "30", "-out", f"{out}/model.yaml")
    whole = os.path.join(out, "whole")
    os.makedirs(whole)
    otb("ImclassPredict", *raw, "-model", f"{out}/model.yaml", "-out", f"{whole}/probability.tif")
    otb("ImclassThreshold", "-in", f"{whole}/probability.tif", "-model", f"{out}/model.yaml", "-radius", "2", "-out", f"{whole}/map.tif",
        "-outvec", f"{whole}/map.gpkg", "-report", f"{whole}/report.json")
    tiled = os.path.join(out, "tiled")
    os.makedirs(tiled)
    result = subprocess.run(["/usr/bin/python3", TILES_SCRIPT, "run", tiled, "--model", f"{out}/model.yaml", "--tile-size", "48",
                             "--threshold-args", "-radius 2", "--scene", "post", f"{scene}/post.tif", tiled, *raw], capture_output=True, text=True)
    print(result.stdout, result.stderr)
    check(result.returncode == 0, "recipes: imclass_tiles.py failed")
    check_same_maps(whole, tiled, "textures radius 5 and topographic scale 9 in tiles of 48 pixels")

    # A tile without a valid pixel (its quarter of the scene masked) is a no-data tile.
    mask = gdal.Translate(f"{out}/quarter_mask.tif", f"{scene}/post_mask.tif")
    band = mask.GetRasterBand(1)
    band.WriteArray(np.zeros((100, 100), dtype=np.uint8), 0, 0)
    del band, mask
    raw[raw.index("-postmask") + 1] = f"{out}/quarter_mask.tif"
    for folder in (whole, tiled):
        shutil.rmtree(folder)
        os.makedirs(folder)
    otb("ImclassPredict", *raw, "-model", f"{out}/model.yaml", "-out", f"{whole}/probability.tif")
    otb("ImclassThreshold", "-in", f"{whole}/probability.tif", "-model", f"{out}/model.yaml", "-out", f"{whole}/map.tif",
        "-outvec", f"{whole}/map.gpkg", "-report", f"{whole}/report.json")
    result = subprocess.run(["/usr/bin/python3", TILES_SCRIPT, "run", tiled, "--model", f"{out}/model.yaml", "--tiles", "4",
                             "--scene", "post", f"{scene}/post.tif", tiled, *raw], capture_output=True, text=True)
    print(result.stdout, result.stderr)
    check(result.returncode == 0, "masked quarter: imclass_tiles.py failed")
    with open(os.path.join(tiled, "tiles", "logs", "post_tile_0000.log")) as log:
        check("written as a no-data tile" in log.read(), "the masked quarter was not written as a no-data tile")
    check_same_maps(whole, tiled, "a quarter without a valid pixel")


def case_scenes(script, scene, out):
    whole = baseline(script, scene, os.path.join(out, "whole"))
    # The second scene: a crop of the first on another grid (origin and size), its files named alike.
    crop = os.path.join(out, "crop")
    os.makedirs(crop, exist_ok=True)
    for name in ("pre.tif", "post.tif", "post_mask.tif"):
        gdal.Translate(os.path.join(crop, name), os.path.join(scene, name), srcWin=[30, 50, 150, 120])
    scenes = os.path.join(out, "scenes")
    shutil.rmtree(scenes, ignore_errors=True)
    result = imclass_run(script, scene, scenes, "--tiles", "2", scene_options=[
        "--pre", f"{scene}/pre.tif", f"{crop}/pre.tif", "--post", f"{scene}/post.tif", f"{crop}/post.tif",
        "--postmask", f"{scene}/post_mask.tif", f"{crop}/post_mask.tif"])
    check(result.returncode == 0, "scenes: imclass-run failed")
    check_same_maps(whole, os.path.join(scenes, "post"), "first scene")

    expected = os.path.join(out, "crop_expected")
    os.makedirs(expected, exist_ok=True)
    model = os.path.join(scenes, "model.yaml")
    for command in (["ImclassPredict", "-pre", f"{crop}/pre.tif", "-post", f"{crop}/post.tif", "-postmask", f"{crop}/post_mask.tif",
                     "-dem", f"{scene}/dem.tif", "-model", model, "-out", f"{expected}/probability.tif"],
                    ["ImclassThreshold", "-in", f"{expected}/probability.tif", "-model", model, "-method", "f1", "-out", f"{expected}/map.tif",
                     "-outvec", f"{expected}/map.gpkg", "-report", f"{expected}/report.json"]):
        check(subprocess.run(["otbcli", *command], capture_output=True).returncode == 0, f"{command[0]} on the crop failed")
    check_same_maps(expected, os.path.join(scenes, "post_2"), "second scene")

    refused = imclass_run(script, scene, scenes + "_refused", scene_options=[
        "--pre", f"{scene}/pre.tif", f"{crop}/pre.tif", "--post", f"{scene}/post.tif"])
    check(refused.returncode == 2 and "--pre and --post give 2 and 1 images" in refused.stderr, "mismatched scene lists not refused")
    refused = imclass_run(script, scene, scenes + "_refused", scene_options=[
        "--pre", f"{scene}/pre.tif", f"{crop}/pre.tif", "--post", f"{scene}/post.tif", f"{crop}/post.tif", "--postmask", f"{scene}/post_mask.tif"])
    check(refused.returncode == 2 and "--postmask gives 1 images for 2 scenes" in refused.stderr, "a mask list of another length not refused")

    # A SLURM task's memory adds GDAL_CACHEMAX to --ram: a percentage is refused before the training
    # (imclass-run) and before any tile is removed (imclass_tiles.py on its own).
    percentage = dict(os.environ, GDAL_CACHEMAX="10%")
    refused = imclass_run(script, scene, scenes + "_cache", "--engine", "slurm", environment=percentage)
    check(refused.returncode == 2 and "GDAL_CACHEMAX=10%: give it in MB" in refused.stderr and not os.path.exists(scenes + "_cache"),
          "imclass-run --engine slurm: GDAL_CACHEMAX in percent not refused before the training")
    refused = subprocess.run(["/usr/bin/python3", TILES_SCRIPT, "run", scenes, "--model", model, "--engine", "slurm",
                              "--scene", "post", f"{scene}/post.tif", os.path.join(scenes, "post"), "-pre", f"{scene}/pre.tif"],
                             capture_output=True, text=True, env=percentage)
    check(refused.returncode == 2 and "GDAL_CACHEMAX=10%: give it in MB" in refused.stderr
          and os.path.isfile(os.path.join(scenes, "post", "probability.tif")) and os.path.isfile(os.path.join(scenes, "tiles", "post", "tile_0000.tif")),
          f"imclass_tiles.py --engine slurm: GDAL_CACHEMAX in percent not refused before the tiles are touched: {refused.stderr}")


def case_series(script, scene, out):
    """A time series (4 dates of the phenology scene and their masks) in 4 tiles against the run in one piece."""
    months = ("03", "05", "07", "09")
    inputs = ["--in", *[f"{scene}/date{m}.tif" for m in months], "--mask", *[f"{scene}/mask{m}.tif" for m in months]]
    for name, options in (("series_whole", []), ("series_tiles", ["--tiles", "4"])):
        target = os.path.join(out, name)
        shutil.rmtree(target, ignore_errors=True)
        command = [script, "series", *inputs, "--vec", f"{scene}/samples.gpkg", "--out", target, *options]
        result = subprocess.run(command, capture_output=True, text=True)
        print(f"$ {' '.join(command)}\n{result.stdout}{result.stderr}")
        check(result.returncode == 0, f"{name}: imclass-run series failed")
    check_same_maps(os.path.join(out, "series_whole"), os.path.join(out, "series_tiles"), "a series of 4 dates in 4 tiles")


def case_slurm(script, scene, out):
    from slurm_cluster import ClusterUnavailable, SlurmCluster
    whole = baseline(script, scene, os.path.join(out, "whole"))
    try:
        cluster = SlurmCluster().__enter__()
    except ClusterUnavailable as reason:
        print(f"SKIPPED: SLURM cannot start on this machine: {reason}")
        sys.exit(77)
    try:
        environment = cluster.environment()
        tiled = os.path.join(out, "slurm")
        shutil.rmtree(tiled, ignore_errors=True)
        options = ["--tiles", "4", "--engine", "slurm", "--cpus-per-task", "1", "--ram", "256"]
        result = imclass_run(script, scene, tiled, *options, environment=environment)
        check(result.returncode == 0 and "job array" in result.stdout, "slurm: imclass-run failed")
        check_same_maps(whole, tiled, "SLURM job array of 4 tiles")

        # --no-wait: the job ids at once, then the same command waits for them.
        tiles = os.path.join(tiled, "tiles", "post")
        os.remove(os.path.join(tiles, "tile_0002.tif"))
        result = imclass_run(script, scene, tiled, *options, "--no-wait", environment=environment)
        check(result.returncode == 0 and "submitted: jobs" in result.stdout and "1 of 4 tiles" in result.stdout,
              "--no-wait: the jobs were not submitted, or not only the missing tile")
        jobs = json.load(open(os.path.join(tiled, "tiles", "jobs.json")))["jobs"]
        check(len(jobs) == 2 and all(f" {job}" in result.stdout for job in jobs), f"--no-wait: job ids {jobs} not printed")
        result = imclass_run(script, scene, tiled, *options, environment=environment)
        check(result.returncode == 0, "slurm: the call after --no-wait failed")
        check_same_maps(whole, tiled, "after --no-wait")

        # Once every scene is merged, --no-wait submits nothing and prints the summary.
        result = imclass_run(script, scene, tiled, *options, "--no-wait", environment=environment)
        check(result.returncode == 0 and "nothing to submit" in result.stdout and "Threshold" in result.stdout,
              "--no-wait on a finished run: no summary, or jobs submitted")

        # A failed task is reported with its log; with --no-wait, by the next call, which resubmits it
        # alone; a later call, once the tile can be written, gives the maps.
        os.remove(os.path.join(tiles, "tile_0003.tif"))
        os.makedirs(os.path.join(tiles, "tile_0003.tif"))
        result = imclass_run(script, scene, tiled, *options, environment=environment)
        check_failed_tile(result, 3, "slurm")
        check(not os.path.exists(os.path.join(tiled, "probability.tif")), "slurm: a probability map is left without every tile")
        result = imclass_run(script, scene, tiled, *options, "--no-wait", environment=environment)
        check(result.returncode == 0 and "tile 3 of post failed; its log: " in result.stderr and "submitted again below" in result.stderr
              and "1 of 4 tiles" in result.stdout, "--no-wait: the earlier failed tile was not reported and resubmitted alone")
        check_failed_tile(imclass_run(script, scene, tiled, *options, environment=environment), 3, "slurm, waiting")
        os.rmdir(os.path.join(tiles, "tile_0003.tif"))
        result = imclass_run(script, scene, tiled, *options, environment=environment)
        check(result.returncode == 0 and "1 of 4 tiles" in result.stdout, "slurm: the failed tile was not resubmitted alone")
        check_same_maps(whole, tiled, "after the failed tile")

        # The README's batch script: imclass-run trains inside a job and submits the tiles (--no-wait);
        # the same command later, outside, waits for them and gives the maps.
        batch = os.path.join(out, "slurm_batch")
        shutil.rmtree(batch, ignore_errors=True)
        os.makedirs(batch)
        region = change_command(script, scene, f"{batch}/out", *options)
        with open(os.path.join(batch, "region.sh"), "w") as stream:
            stream.write("#!/bin/bash\n#SBATCH --job-name=imclass-region\n#SBATCH --cpus-per-task=1\n#SBATCH --mem=1500M\n"
                         f"#SBATCH --output={batch}/region-%j.log\n{shlex.join(region)} --no-wait\n")
        submitted = subprocess.run(["sbatch", "--wait", os.path.join(batch, "region.sh")], env=environment, capture_output=True, text=True)
        with open(*glob.glob(f"{batch}/region-*.log")) as log:
            job_log = log.read()
        print(job_log)
        check(submitted.returncode == 0 and "submitted: jobs" in job_log, f"the batch script failed: {submitted.stderr}")
        result = imclass_run(script, scene, f"{batch}/out", *options, environment=environment)
        check(result.returncode == 0 and "kept from the earlier call" in result.stdout, "after the batch script: imclass-run failed")
        check_same_maps(whole, f"{batch}/out", "trained in a batch job")
    finally:
        cluster.__exit__(None, None, None)


def main(case, script, scene, out):
    os.makedirs(out, exist_ok=True)
    if case == "baseline":
        shutil.rmtree(os.path.join(out, "whole"), ignore_errors=True)
        baseline(script, scene, os.path.join(out, "whole"))
    elif case == "local":
        case_local(script, scene, out)
    elif case == "recipes":
        case_recipes(scene, out)
    elif case == "scenes":
        case_scenes(script, scene, out)
    elif case == "series":
        case_series(script, scene, out)
    elif case == "slurm":
        case_slurm(script, scene, out)
    else:
        sys.exit(f"unknown case {case}")
    print(f"{case}: all checks passed")


if __name__ == "__main__":
    main(*sys.argv[1:])
