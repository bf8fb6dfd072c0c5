#!/usr/bin/python3
"""ImCLASS in QGIS as a user meets it through Debian's qgis_process (headless).

usage: qgis_process_check.py BUILD_DIR PREFIX SCENE_DIR SAR_SCENE_DIR OUT_DIR APP...

Installs the build into a fresh PREFIX, runs PREFIX/bin/imclass-qgis-setup against a new QGIS
profile folder, then, without OTB_APPLICATION_PATH:
- `qgis_process list` shows every ImCLASS application and OTB's own;
- the chain runs on the generated landslide scene with the values a user types: several indices,
  a time series of its two dates (a list of images, its dates and bands),
  the generic sensor with band names, texture range 0..5000, two scales and two attributes; a
  layer of a QGIS project and its field for ImclassTrain (a second layer with a filter keeps 2 of
  the 4 landslides: the application must see the filtered layer); temporary outputs (model,
  folds, polygons, plot); threshold 0;
- a Sentinel-1 pair with the SAR parameters of the dialog (filter, radius, looks, a polarisation
  for the textures) on the grid of the optical image (-grid);
- the outputs are checked: band names of the stacks, features of the model, probabilities, the
  uint8 map with 0, 1 and 255, the report's threshold (0 when asked), the extensions of the
  temporary outputs;
- a bad input makes qgis_process exit non-zero with the application's FATAL line; a model file
  name without a model extension is refused before the training.
Exits 77 (skipped) when QGIS cannot run here: no qgis_process or no PyQGIS.

Debian bookworm's /usr/bin/qgis_process wrapper passes --noversioncheck, which qgis_process
refuses (qgis/QGIS#57683): the binary it wraps, qgis_process.bin, is run instead.
"""
import json
import subprocess
import sys

import numpy as np
from osgeo import gdal

from imclass_checks import check
from qgis_checks import band_names, install_and_set_up, model_features, skip_unless_qgis_runs

gdal.UseExceptions()
QGIS_PROCESS = "/usr/bin/qgis_process.bin"
BAND_NAMES = "blue green red re1 re2 re3 nir nir2 swir1 swir2"  # the scene's Sentinel-2 10-band order


class QgisProcess:
    """qgis_process in a QGIS environment (install_and_set_up)."""

    def __init__(self, env):
        self.env = env

    def output(self, *arguments):
        return subprocess.run([QGIS_PROCESS, *arguments], capture_output=True, text=True, env=self.env)

    def run(self, algorithm, parameters, project=None):
        """Runs algorithm with parameters, a list of (key, value) (a key may repeat); returns the
        results and the log lines. Any failure ends the test."""
        arguments = [f"--{key}={value}" for key, value in parameters]
        if project:
            arguments.append(f"--PROJECT_PATH={project}")
        result = self.output("--json", "run", algorithm, *arguments)
        check(result.returncode == 0, f"{algorithm} failed ({result.returncode}): {result.stdout[-2000:]} {result.stderr[-2000:]}")
        report = json.loads(result.stdout)
        log = report["log"]["info"]
        print(f"{algorithm}: {log[0] if log else ''}")
        return report["results"], log


# Run in a child process: QGIS's exit would leave this one's GDAL unusable.
WRITE_PROJECT = """
import sys
from qgis.core import QgsApplication, QgsProject, QgsVectorLayer
path, samples = sys.argv[1:]
application = QgsApplication([], False)
application.initQgis()
for name, subset in (("digitized landslides", ""), ("two landslides", '"label" = 1 AND "fid" <= 2')):
    layer = QgsVectorLayer(samples, name, "ogr")
    if not (layer.isValid() and layer.setSubsetString(subset)):
        sys.exit(f"cannot load {samples} as '{name}' ({subset})")
    QgsProject.instance().addMapLayer(layer)
written = QgsProject.instance().write(path)
application.exitQgis()
sys.exit(0 if written else f"cannot write {path}")
"""


def write_project(path, samples, qgis):
    """A QGIS project with the sample polygons twice: all of them, and a filtered layer keeping the
    first two landslides."""
    result = subprocess.run([sys.executable, "-c", WRITE_PROJECT, path, samples], capture_output=True, text=True, env=qgis.env)
    check(result.returncode == 0, f"no QGIS project: {result.stderr}")


def check_listing(qgis, apps):
    listing = qgis.output("list").stdout.splitlines()
    algorithms = {line.split("\t")[1] for line in listing if line.startswith("\t")}
    for app in apps:
        check(f"imclass:{app}" in algorithms, f"qgis_process list does not show imclass:{app}")
    otb = {a for a in algorithms if a.startswith("otb:")}
    check({"otb:BandMath", "otb:TrainImagesClassifier", "otb:Superimpose"} <= otb, f"OTB's own applications are not listed: {sorted(otb)[:5]}")
    print(f"listed: {len(apps)} ImCLASS and {len(otb)} OTB algorithms")


def check_sar_pair(qgis, sar_scene, out):
    """The SAR parameters and -grid reach ImclassChangeFeatures from the dialog."""
    stack = f"{out}/sar_change.tif"
    qgis.run("imclass:ImclassChangeFeatures", [
        ("pre", f"{sar_scene}/s1_pre.tif"), ("presensor", "s1"), ("post", f"{sar_scene}/s1_post.tif"), ("postsensor", "s1"),
        ("grid", f"{sar_scene}/pre.tif"), ("sar.filter", "frost"), ("sar.radius", "3"), ("sar.deramp", "0.2"), ("tex.band", "vh"),
        ("out", stack)])
    names = band_names(stack)
    check(names[:2] == ["pre_sar_vv_db", "pre_sar_vh_db"] and "d_sar_lr_vh_frost_r3" in names and "d_tex_entropy_vh_r2" in names
          and names[-1] == "d_sar_mr_vh_frost_r3", f"SAR stack bands {names}")
    stack_ds, optical_ds = gdal.Open(stack), gdal.Open(f"{sar_scene}/pre.tif")
    recipe = stack_ds.GetMetadataItem("IMCLASS_RECIPE_post")
    check("sar.filter=frost;sar.radius=3;" in recipe and "sar.deramp=0.2" in recipe, f"SAR settings not passed: {recipe}")
    check("reference=grid" in stack_ds.GetMetadataItem("IMCLASS_RECIPE_change"), "-grid not recorded")
    check(stack_ds.GetGeoTransform() == optical_ds.GetGeoTransform(), "the SAR stack is not on the grid of -grid")


def main(build, prefix, scene, sar_scene, out, *apps):
    skip_unless_qgis_runs(QGIS_PROCESS)
    qgis = QgisProcess(install_and_set_up(build, prefix, out))
    check_listing(qgis, apps)
    check_sar_pair(qgis, sar_scene, out)

    # Several indices, the generic sensor named band by band, a texture range from 0.
    stack = f"{out}/change.tif"
    qgis.run("imclass:ImclassChangeFeatures", [
        ("pre", f"{scene}/pre.tif"), ("presensor", "generic"), ("prebandnames", BAND_NAMES),
        ("post", f"{scene}/post.tif"), ("postmask", f"{scene}/post_mask.tif"),
        ("indices", "ndvi"), ("indices", "ndbi"), ("tex.min", "0"), ("tex.max", "5000"), ("out", stack)])
    names = band_names(stack)
    indices = {n for n in names if n.endswith(("ndvi", "ndbi", "ndwi", "mndwi", "ndmi", "nbr", "bsi", "savi", "brightness", "ndre"))}
    check(indices == {"pre_ndvi", "pre_ndbi", "post_ndvi", "post_ndbi", "d_ndvi", "d_ndbi"}, f"index bands {sorted(indices)}")
    check(names[:2] == ["pre_b_blue", "pre_b_green"] and "d_tex_entropy_nir_r2" in names, f"stack bands {names[:3]}...")
    recipe = gdal.Open(stack).GetMetadataItem("IMCLASS_RECIPE_pre")
    check("texture.min=0;texture.max=5000" in recipe, f"texture range not passed: {recipe}")

    topo = f"{out}/topo.tif"
    qgis.run("imclass:ImclassTopo", [("in", f"{scene}/post.tif"), ("dem", f"{scene}/dem.tif"), ("scales", "1 3"),
                                     ("attributes", "slope"), ("attributes", "tpi"), ("out", topo)])
    check(band_names(topo) == ["topo_slope_s1", "topo_tpi_s1", "topo_slope_s3", "topo_tpi_s3"], f"topo bands {band_names(topo)}")

    # A time series: a list of dates, its list of acquisition dates and bands of the catalogue.
    series = f"{out}/series.tif"
    qgis.run("imclass:ImclassSeriesFeatures", [
        ("il", f"{scene}/pre.tif"), ("il", f"{scene}/post.tif"), ("sensor", "generic"), ("bandnames", BAND_NAMES),
        ("dates", "2023-04-02 2023-09-14"), ("indices", "ndvi"), ("bands", "red"), ("bands", "swir1"), ("at", "2023-06-01"), ("out", series)])
    check(band_names(series)[:2] == ["ts_b_red_min", "ts_b_red_max"] and "ts_ndvi_at_20230601" in band_names(series)
          and not any("ndbi" in name for name in band_names(series)), f"series bands {band_names(series)}")
    check("dates=2023-04-02,2023-09-14" in gdal.Open(series).GetMetadataItem("IMCLASS_RECIPE_series"), "dates not passed")

    # A layer of a project and its field; the model named, the folds temporary.
    project = f"{out}/project.qgs"
    write_project(project, f"{scene}/samples.gpkg", qgis)
    model = f"{out}/model.yaml"
    results, log = qgis.run("imclass:ImclassTrain", [
        ("il", stack), ("il", topo), ("vec", "digitized landslides"), ("class.field", "label"), ("class.value", "1"),
        ("class.negvalue", "0"), ("out", model), ("outval", "TEMPORARY_OUTPUT")], project)
    check(model_features(model) == band_names(stack) + band_names(topo), "the model's features are not the stacks' bands")
    check(results["outval"].endswith(".gpkg"), f"temporary folds {results['outval']}")
    check(any("in 4 polygons" in line for line in log), "the positives are not the 4 landslides of the layer")
    # The filtered layer, the field left to its default (label = 1), a temporary model; the change
    # settings of imclass-run that the README gives for QGIS (gate, excluded negatives).
    results, log = qgis.run("imclass:ImclassTrain", [("il", stack), ("vec", "two landslides"), ("sampling.folds", "2"),
                                                     ("gate.feature", "d_cva"), ("pu.exclude", "0.05"), ("out", "TEMPORARY_OUTPUT")], project)
    check(results["out"].endswith(".yaml"), f"temporary model {results['out']}")
    check(any("in 2 polygons" in line for line in log), "ImclassTrain did not get the filtered layer")
    check(any("Gate d_cva >= 1: passed by" in line for line in log), "the gate did not reach ImclassTrain")
    check(any("Unlabelled negatives:" in line for line in log), "pu.exclude did not reach ImclassTrain")

    probability = f"{out}/probability.tif"
    qgis.run("imclass:ImclassPredict", [("il", stack), ("il", topo), ("model", model), ("out", probability)])
    probability_ds = gdal.Open(probability)
    values = probability_ds.ReadAsArray()
    valid = values != -9999
    check(probability_ds.GetRasterBand(1).DataType == gdal.GDT_Float32, "probability map not float32")
    check(valid.any() and (~valid).any() and values[valid].min() >= 0 and values[valid].max() <= 1, "probabilities outside [0, 1]")

    # The dialog's defaults: threshold from the model; temporary polygons and plot.
    binary, report = f"{out}/map.tif", f"{out}/report.json"
    results, _ = qgis.run("imclass:ImclassThreshold", [("in", probability), ("model", model), ("out", binary), ("report", report),
                                                       ("outvec", "TEMPORARY_OUTPUT"), ("plot", "TEMPORARY_OUTPUT")])
    check(results["outvec"].endswith(".gpkg") and results["plot"].endswith(".png"), f"temporary outputs {results}")
    map_ds = gdal.Open(binary)
    check(map_ds.GetRasterBand(1).DataType == gdal.GDT_Byte, "binary map not uint8")
    check(set(np.unique(map_ds.ReadAsArray())) == {0, 1, 255}, f"binary map values {np.unique(map_ds.ReadAsArray())}")
    with open(report) as file:
        threshold = json.load(file)["threshold"]
    check(0 < threshold < 1, f"report threshold {threshold}")

    # Threshold 0: every valid pixel is of the class (0.5, the application's default, would not).
    binary, report = f"{out}/map_threshold0.tif", f"{out}/report_threshold0.json"
    qgis.run("imclass:ImclassThreshold", [("in", probability), ("model", model), ("method", "user"), ("threshold", "0"), ("morpho", "none"),
                                          ("minarea", "0"), ("out", binary), ("report", report)])
    with open(report) as file:
        check(json.load(file)["threshold"] == 0, "threshold 0 was not passed")
    check(set(np.unique(gdal.Open(binary).ReadAsArray())) == {1, 255}, "threshold 0 left pixels out of the class")

    # A stack the model was not trained on: the application's message, a failed qgis_process.
    result = qgis.output("run", "imclass:ImclassPredict", f"--il={topo}", f"--model={model}", f"--out={out}/refused.tif")
    message = "(FATAL) ImclassPredict: -il: the model's feature 'pre_b_blue' (1 of 77) is not in the stacks, which have 4 features"
    check(result.returncode != 0, "qgis_process exit 0 for a failed application")
    check(message in result.stdout + result.stderr, f"no FATAL line in the output: {result.stderr[-1000:]}")
    # A model file name the application would refuse after the training is refused before it.
    result = qgis.output("run", "imclass:ImclassTrain", f"--il={stack}", f"--vec={scene}/samples.gpkg", f"--out={out}/model.file")
    check(result.returncode != 0 and f"-out: '{out}/model.file' must end with one of .yaml .yml .xml .json" in result.stderr,
          f"model.file not refused: {result.stderr[-1000:]}")
    check("otbcli_ImclassTrain" not in result.stdout, "ImclassTrain ran with an output it cannot write")
    print("OK")


if __name__ == "__main__":
    main(*sys.argv[1:])
