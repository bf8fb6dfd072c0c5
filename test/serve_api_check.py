#!/usr/bin/python3
"""imclass-serve's HTTP API on the generated landslide scene, without a browser.

usage: serve_api_check.py SCENE_DIR OUT_DIR   (OTB_APPLICATION_PATH must point at the build)

- Start: listens on 127.0.0.1 by default and prints its URL; bad inputs (a missing image, a
  mono-date option with two dates) end it with one line.
- Polygons: add, list, change, delete; refused with a clear message when outside the image, not a
  polygon, of another label, not JSON, from another Host; kept across a restart of the service;
  a restart on other images with the same work directory is refused.
- Training: refused without a class polygon; 202 then 409 for a second one (and for a threshold)
  while it runs; its step lines; results (threshold, scores, downloads) as report.json says;
  proposals (at most 10, none meeting a digitized polygon as OGR sees it; a polygon drawn in the
  first marks it, and only it, labelled); results still there after a restart.
- Threshold: refused outside [0, 1]; ImclassThreshold -method user writes the threshold asked
  for; a higher threshold maps fewer pixels; the tiles' stamp changes and the old one is gone.
- Tiles: the binary map's tile is the map warped by gdalwarp onto the tile's Web Mercator bounds
  (worked out here from the XYZ formula), class pixels in magenta, pixel for pixel; the true
  colour tile is transparent exactly where gdalwarp's is and orders its red pixels as the red band.
- Paths: no request (.., encoded .., absolute paths, a link out of the run) reads a file outside
  the work directory.
- Listening beyond this machine prints a warning; loopback does not.
- Mono-date (--in): the image's layers; a training runs imclass-run mono. A training that fails
  (too few negatives) gives the application's FATAL line, keeps the results and the run's log.
"""
import json
import math
import os
import shutil
import subprocess
import sys

import numpy as np
from osgeo import gdal, ogr
from scipy import stats

from imclass_checks import check
from serve_checks import SERVE, Served, feature, scene_arguments, scene_polygons_lonlat

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
from imclass_web import server  # noqa: E402

gdal.UseExceptions()
HALF = 20037508.342789244


def xyz_tile(lon, lat, zoom):
    n = 2 ** zoom
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    size = 2 * HALF / n
    return x, y, (-HALF + x * size, HALF - (y + 1) * size, -HALF + (x + 1) * size, HALF - y * size)


def png_array(data, path):
    with open(path, "wb") as png:
        png.write(data)
    dataset = gdal.Open(path)
    return dataset.ReadAsArray()


def oracle_tile(source, bounds, path):
    subprocess.run(["gdalwarp", "-q", "-overwrite", "-t_srs", "EPSG:3857", "-te", *map(str, bounds), "-ts", "256", "256",
                    "-r", "near", "-dstalpha", source, path], check=True)
    dataset = gdal.Open(path)
    return dataset.ReadAsArray()


def check_refused(served, method, path, body, status, words, **options):
    code, answer = served.request(method, path, body, **options)
    check(code == status and words in answer.get("error", ""), f"{method} {path} {body}: {code} {answer}, expected {status} '{words}'")
    print(f"refused ({code}): {answer['error']}")


def main(scene, out):
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    workdir = os.path.join(out, "workdir")
    lonlat = scene_polygons_lonlat(scene)

    refused = subprocess.run([SERVE, "--pre", f"{scene}/pre.tif", "--post", f"{scene}/missing.tif", "--workdir", workdir],
                             capture_output=True, text=True)
    check(refused.returncode != 0 and refused.stderr.strip().endswith(f"--post: no such file: {scene}/missing.tif"),
          f"missing image: {refused.returncode} {refused.stderr}")
    refused = subprocess.run([SERVE] + scene_arguments(scene) + ["--mask", f"{scene}/post_mask.tif", "--workdir", workdir],
                             capture_output=True, text=True)
    check(refused.returncode != 0 and refused.stderr.strip() == "imclass-serve: --mask: goes with --in, not with --pre and --post",
          f"--mask with two dates: {refused.returncode} {refused.stderr}")
    check(server.exposure_warning("0.0.0.0", 8765) and "anyone" in server.exposure_warning("0.0.0.0", 8765),
          "no warning for 0.0.0.0")
    check(all(server.exposure_warning(host, 8765) is None for host in ("127.0.0.1", "localhost", "::1", "127.0.0.2")),
          "warning for a loopback address")

    served = Served(scene_arguments(scene), workdir)
    check(served.host == "127.0.0.1", f"listening on {served.host}, not on 127.0.0.1")
    code, session = served.request("GET", "/api/session")
    check(code == 200 and sorted(layer["name"] for layer in session["layers"]) == ["post_false", "post_true", "pre_false", "pre_true"],
          f"session {session}")

    # Polygons.
    check_refused(served, "POST", "/api/train", {}, 400, "Draw at least one polygon of the class")
    square = {"type": "Polygon", "coordinates": [[[2.0, 48.0], [2.01, 48.0], [2.01, 48.01], [2.0, 48.01], [2.0, 48.0]]]}
    check_refused(served, "POST", "/api/labels", feature(1, square), 400, "outside the image")
    check_refused(served, "POST", "/api/labels", feature(3, lonlat[0][1]), 400, "neither 1 (the class) nor 0")
    check_refused(served, "POST", "/api/labels", feature(1, {"type": "Point", "coordinates": [7.08, 45.49]}), 400, "not a polygon")
    check_refused(served, "POST", "/api/labels", None, 415, "send JSON", raw=b"label=1", headers={"Content-Type": "text/plain"})
    check_refused(served, "GET", "/api/session", None, 403, "refused", headers={"Host": f"attacker.example:{served.port}"})
    negative = [geometry for label, geometry in lonlat if label == 0][0]
    code, answer = served.request("POST", "/api/labels", feature(0, negative))
    check(code == 201 and answer["counts"] == {"1": 0, "0": 1}, f"add: {code} {answer}")
    check_refused(served, "POST", "/api/train", {}, 400, "only 1 'not the class' polygon so far")
    code, answer = served.request("PUT", f"/api/labels/{answer['id']}", feature(1, negative))
    check(code == 200 and answer["counts"] == {"1": 1, "0": 0}, f"change: {code} {answer}")
    code, collection = served.request("GET", "/api/labels")
    check(len(collection["features"]) == 1 and collection["features"][0]["properties"]["label"] == 1, f"list {collection}")
    identifier = collection["features"][0]["id"]
    code, answer = served.request("DELETE", f"/api/labels/{identifier}")
    check(code == 200 and answer["counts"] == {"1": 0, "0": 0}, f"delete: {code} {answer}")
    check_refused(served, "DELETE", f"/api/labels/{identifier}", None, 404, "no such polygon")
    for label, geometry in lonlat:
        check(served.request("POST", "/api/labels", feature(label, geometry))[0] == 201, "adding the scene's samples")
    for attempt in range(2):  # the second download replaces the first's copy
        code, data = served.request("GET", "/api/labels.gpkg")
        downloaded = os.path.join(out, "downloaded.gpkg")
        with open(downloaded, "wb") as gpkg:
            gpkg.write(data)
        source = ogr.Open(downloaded)
        check(code == 200 and source.GetLayerByName("labels").GetFeatureCount() == len(lonlat), f"download {attempt}: {code}")
        source = None
    print("polygons: added, changed, deleted, refused when wrong, downloaded")

    # Kept across a restart; another session's images refused.
    served.stop()
    other = subprocess.run([SERVE, "--pre", f"{scene}/post.tif", "--post", f"{scene}/pre.tif", "--workdir", workdir, "--port", "0"],
                           capture_output=True, text=True, timeout=120)
    check(other.returncode != 0 and "holds a session on other inputs" in other.stderr, f"other inputs: {other.stderr}")
    served = Served(scene_arguments(scene), workdir)
    code, collection = served.request("GET", "/api/labels")
    check(sorted(f["properties"]["label"] for f in collection["features"]) == sorted(label for label, _ in lonlat),
          f"after a restart: {collection}")
    print(f"restart: the {len(lonlat)} polygons are still there; other images on the same work directory refused")

    # Training.
    code, job = served.request("POST", "/api/train", {})
    check(code == 202 and job["state"] == "running", f"train: {code} {job}")
    check_refused(served, "POST", "/api/train", {}, 409, "A training is already running")
    check_refused(served, "POST", "/api/threshold", {"threshold": 0.5}, 409, "already running")
    job = served.wait_for_job()
    check(job["state"] == "done", f"training failed: {job}")
    check(job["steps"] == 5 and any(line.startswith("[5/5] ImclassThreshold") for line in job["lines"]), f"step lines {job['lines']}")
    code, results = served.request("GET", "/api/results")
    run_dir = os.path.join(workdir, "runs", results["run"])
    report = served.request("GET", "/results/report.json")[1]
    check(0 < results["threshold"] < 1 and results["threshold"] == report["threshold"], f"threshold {results['threshold']}")
    check(results["scores"]["f1"] == report["pixels_at_threshold"]["f1"], "scores differ from report.json")
    check(results["trained_on"] == {"1": 4, "0": 6}, f"trained on {results['trained_on']}")
    check({"map.tif", "map.gpkg", "probability.tif", "report.png"} <= {d["name"] for d in results["downloads"]}, "downloads")
    code, data = served.request("GET", "/results/map.tif")
    with open(os.path.join(run_dir, "map.tif"), "rb") as tif:
        check(code == 200 and data == tif.read(), "map.tif download differs from the file")
    code, proposals = served.request("GET", "/api/proposals")
    check(1 <= len(proposals["features"]) <= 10 and not any(f["properties"]["labelled"] for f in proposals["features"]),
          f"proposals {proposals}")
    ranks = [f["properties"]["rank"] for f in proposals["features"]]
    check(ranks == list(range(1, len(ranks) + 1)), f"ranks {ranks}")
    # The `labelled` flag against OGR: no proposal meets a digitized polygon; a polygon drawn inside
    # the first proposal marks it, and only it, labelled.
    scene_geometries = [ogr.CreateGeometryFromJson(json.dumps(geometry)) for _, geometry in lonlat]
    check(not any(ogr.CreateGeometryFromJson(json.dumps(f["geometry"])).Intersects(polygon)
                  for f in proposals["features"] for polygon in scene_geometries), "a proposal meets a digitized polygon")
    west, east, south, north = ogr.CreateGeometryFromJson(json.dumps(proposals["features"][0]["geometry"])).GetEnvelope()
    inner = [[west + (east - west) * i, south + (north - south) * j]
             for i, j in ((0.25, 0.25), (0.75, 0.25), (0.75, 0.75), (0.25, 0.75), (0.25, 0.25))]
    code, answer = served.request("POST", "/api/labels", feature(0, {"type": "Polygon", "coordinates": [inner]}))
    marked = [f["properties"]["labelled"] for f in served.request("GET", "/api/proposals")[1]["features"]]
    check(code == 201 and marked == [True] + [False] * (len(marked) - 1), f"labelled after a polygon in the first: {marked}")
    check(served.request("DELETE", f"/api/labels/{answer['id']}")[0] == 200, "deleting the polygon in the first proposal")
    code, objects = served.request("GET", "/api/objects")
    check(len(objects["features"]) == results["objects"]["predicted_objects"], "objects differ from the report")
    print(f"training: threshold {results['threshold']}, F1 {results['scores']['f1']:.3f}, {len(ranks)} proposals")

    # Tiles of the map and of the image, against gdalwarp.
    lon, lat = np.mean(np.array(lonlat[0][1]["coordinates"][0]), axis=0)
    x, y, bounds = xyz_tile(lon, lat, 16)
    stamp = results["stamp"]
    code, data = served.request("GET", f"/tiles/map/{stamp}/16/{x}/{y}.png")
    check(code == 200, f"map tile: {code}")
    tile = png_array(data, os.path.join(out, "map_tile.png"))
    expected = oracle_tile(os.path.join(run_dir, "map.tif"), bounds, os.path.join(out, "map_oracle.tif"))
    magenta = (tile[0] == 255) & (tile[1] == 0) & (tile[2] == 255) & (tile[3] == 255)
    check(tile.shape == (4, 256, 256) and magenta.sum() > 100, f"map tile {tile.shape}, {magenta.sum()} class pixels")
    check(np.array_equal(magenta, (expected[0] == 1) & (expected[1] > 0)), "map tile differs from gdalwarp's")
    check(np.array_equal(tile[3] == 0, ~magenta), "map tile: pixels other than the class are not transparent")
    code, data = served.request("GET", f"/tiles/post_true/inputs/16/{x}/{y}.png")
    tile = png_array(data, os.path.join(out, "image_tile.png"))
    expected = oracle_tile(f"{scene}/post.tif", bounds, os.path.join(out, "image_oracle.tif"))
    check(np.array_equal(tile[3] > 0, expected[-1] > 0), "image tile: transparency differs from gdalwarp's")
    unclipped = (tile[3] > 0) & (tile[0] > 0) & (tile[0] < 255)
    correlation = stats.spearmanr(tile[0][unclipped], expected[2][unclipped]).correlation  # B4, red
    check(correlation > 0.99, f"image tile's red against the red band: rank correlation {correlation}")
    print(f"tiles: map tile = gdalwarp's ({magenta.sum()} class pixels), image tile's red ~ red band ({correlation:.4f})")

    # Threshold.
    for bad in ("high", 1.5, -0.1, None):
        check_refused(served, "POST", "/api/threshold", {"threshold": bad}, 400, "is not a number from 0 to 1")
    before = np.count_nonzero(gdal.Open(os.path.join(run_dir, "map.tif")).ReadAsArray() == 1)
    code, job = served.request("POST", "/api/threshold", {"threshold": 0.95})
    job = served.wait_for_job()
    check(job["state"] == "done", f"threshold failed: {job}")
    code, moved = served.request("GET", "/api/results")
    after = np.count_nonzero(gdal.Open(os.path.join(run_dir, "map.tif")).ReadAsArray() == 1)
    check(moved["threshold"] == 0.95 and moved["method"] == "user", f"after the threshold: {moved['threshold']} {moved['method']}")
    check(after < before, f"threshold 0.95 maps {after} pixels, {results['threshold']} mapped {before}")
    check(moved["stamp"] != stamp and served.request("GET", f"/tiles/map/{stamp}/16/{x}/{y}.png")[0] == 404,
          "the old tiles are still served")
    print(f"threshold 0.95: {after} class pixels, {before} at {results['threshold']}")

    # Paths from the page stay in the work directory.
    os.symlink("/etc/hostname", os.path.join(run_dir, "escape.txt"))
    with open("/etc/hostname", "rb") as secret_file:
        secret = secret_file.read().strip()
    for path in ("/results/../session.json", "/results/..%2f..%2fsession.json", "/results/%2e%2e/%2e%2e/session.json",
                 "/results//etc/hostname", "/results/%2fetc%2fhostname", "/results/escape.txt", "/results/~/.bashrc",
                 "/tiles/../session.json", "/results/runs%2f..%2f..%2fsession.json", "/static/../imclass_web/server.py",
                 "/vendor/..%2fpackage.json"):
        code, answer = served.request("GET", path)
        text = answer if isinstance(answer, bytes) else str(answer).encode()
        check(code in (403, 404) and secret not in text and b'"images"' not in text and b"import" not in text,
              f"{path}: {code} {text[:200]}")
    print("paths: none leaves the work directory")

    # Results after a restart.
    served.stop()
    served = Served(scene_arguments(scene), workdir)
    code, again = served.request("GET", "/api/results")
    check(again["stamp"] == moved["stamp"] and again["threshold"] == 0.95, f"results after a restart: {again}")
    served.stop()
    print("restart: the results are still there")

    # Mono-date (--in): the image's own layers, a training through imclass-run mono.
    served = Served(["--in", f"{scene}/post.tif", "--mask", f"{scene}/post_mask.tif"], os.path.join(out, "mono"))
    code, session = served.request("GET", "/api/session")
    check(session["mode"] == "mono" and sorted(layer["name"] for layer in session["layers"]) == ["in_false", "in_true"],
          f"mono session {session}")
    for label, geometry in lonlat:
        served.request("POST", "/api/labels", feature(label, geometry))
    served.request("POST", "/api/train", {})
    job = served.wait_for_job()
    check(job["state"] == "done" and any(line.startswith("[1/") and "ImclassFeatures" in line for line in job["lines"]),
          f"mono training: {job['state']} {job['lines'][:3]}")
    code, results = served.request("GET", "/api/results")
    check(0 < results["threshold"] < 1 and results["trained_on"] == {"1": 4, "0": 6}, f"mono results {results}")
    print(f"mono-date: layers in_true and in_false, trained through ImclassFeatures, F1 {results['scores']['f1']:.3f}")

    # A chain that fails (one negative polygon cannot fill 4 folds): its FATAL line is the message,
    # the results stay, its logs too.
    negatives = [f["id"] for f in served.request("GET", "/api/labels")[1]["features"] if f["properties"]["label"] == 0]
    for identifier in negatives[1:]:
        served.request("DELETE", f"/api/labels/{identifier}")
    served.request("POST", "/api/train", {})
    job = served.wait_for_job()
    check(job["state"] == "failed" and job["message"].startswith("ImclassTrain: -split:") and "no negative sample" in job["message"],
          f"failed training: {job['state']} {job['message']!r}")
    check(served.request("GET", "/api/results")[1]["stamp"] == results["stamp"], "the results changed after a failed training")
    logs = [run for run in os.listdir(os.path.join(out, "mono", "runs")) if run != results["run"]]
    check(len(logs) == 1 and os.path.exists(os.path.join(out, "mono", "runs", logs[0], "log_ImclassTrain.txt")),
          f"the failed run's logs: {logs}")
    served.stop()
    print(f"failed training: '{job['message']}'; the results and the failed run's log are kept")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
