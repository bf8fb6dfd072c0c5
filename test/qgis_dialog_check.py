#!/usr/bin/python3
"""The ImCLASS dialogs as a QGIS user meets them, on a virtual display (Xvfb).

usage: qgis_dialog_check.py BUILD_DIR PREFIX SCENE_DIR OUT_DIR

Installs the build into a fresh PREFIX and sets the plugin up in a new QGIS profile folder
(imclass-qgis-setup), starts QGIS's Processing with the plugin loaded from that profile, and
loads the landslide scene into the project (images, DEM, sample polygons). Then each application
runs from its dialog, the user choosing only the input layers and files, every other widget as
the dialog opens, outputs temporary: ImclassFeatures, ImclassChangeFeatures (its progress bar
must move through the application's own progress, and Cancel must stop it and leave no output),
ImclassTopo, ImclassTrain, ImclassPredict,
ImclassThreshold (polygons, report and plot written by default). The outputs are checked while
QGIS still holds its temporary folder.

The ImclassTrain dialog is grabbed to OUT_DIR/ImclassTrain_dialog.png before it runs; the image
must be the dialog's size and not blank, and its widgets must hold the defaults a user expects:
the sample layer of the project, class field 'label' and class value 1, a temporary model.
Exits 77 (skipped) when QGIS cannot run here: no PyQGIS, or no display and no xvfb-run.
"""
import json
import os
import sys
import time

import numpy as np
from osgeo import gdal, ogr

from imclass_checks import check
from qgis_checks import band_names, install_and_set_up, model_features, skip_unless_qgis_runs

gdal.UseExceptions()
TEMPORARY_OUTPUT = "TEMPORARY_OUTPUT"
DIALOG_SIZE = (900, 800)


class Qgis:
    """QGIS's application and Processing, with the plugin loaded from the profile as QGIS does."""

    def __init__(self, env):
        os.environ.clear()
        os.environ.update(env)
        os.environ.pop("QT_QPA_PLATFORM")  # the dialogs are drawn on Xvfb's display
        sys.path.insert(0, "/usr/share/qgis/python/plugins")
        from qgis.core import QgsApplication
        import qgis.utils
        self.application = QgsApplication([], True)
        self.application.initQgis()
        from processing.core.Processing import Processing
        Processing.initialize()
        sys.path.insert(0, f"{env['QGIS_CUSTOM_CONFIG_PATH']}/profiles/default/python/plugins")
        check(qgis.utils.loadPlugin("imclass_processing") and qgis.utils.startProcessingPlugin("imclass_processing"),
              "the plugin does not load from the profile")

    def wait(self, seconds):
        end = time.time() + seconds
        while time.time() < end:
            self.application.processEvents()
            time.sleep(0.02)

    def dialog(self, algorithm, choices):
        """The algorithm's dialog, shown, with the user's choices (input layers and files) made."""
        from qgis.core import QgsApplication
        from processing.gui.AlgorithmDialog import AlgorithmDialog
        dialog = AlgorithmDialog(QgsApplication.processingRegistry().algorithmById(algorithm).create())
        dialog.resize(*DIALOG_SIZE)
        dialog.show()
        dialog.setParameters(choices)
        self.wait(0.3)
        return dialog

    def run(self, dialog, cancel_at=None, timeout=300):
        """Presses Run (and Cancel once the progress bar passes cancel_at) and waits for the end;
        returns the results and the progress bar's values. A failure ends the test, unless canceled."""
        from qgis.PyQt.QtWidgets import QProgressBar, QTextEdit
        progress, finished = [], []
        bar = dialog.findChild(QProgressBar, "progressBar")
        bar.valueChanged.connect(progress.append)
        if cancel_at is not None:
            bar.valueChanged.connect(lambda value: value > cancel_at and dialog.cancelButton().click())
        dialog.algorithmFinished.connect(lambda successful, results: finished.append(successful))
        dialog.runAlgorithm()
        end = time.time() + timeout
        while not finished and time.time() < end:
            self.wait(0.1)
        log = dialog.findChild(QTextEdit, "txtLog").toPlainText()
        if cancel_at is not None:
            check(finished == [False] and "canceled" in log, f"{dialog.algorithm().id()} was not canceled: {log[-2000:]}")
            return {}, progress
        check(finished == [True], f"{dialog.algorithm().id()} failed: {log[-2000:]}")
        print(f"{dialog.algorithm().id()}: {dialog.results()}")
        return dialog.results(), progress


def running_with(argument):
    """The processes whose command line holds `argument`."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                if argument.encode() in cmdline.read().split(b"\0"):
                    found.append(int(pid))
        except OSError:  # ended meanwhile
            pass
    return found


def add_layers(scene):
    from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer
    layers = {name: QgsRasterLayer(f"{scene}/{name}.tif", name) for name in ("pre", "post", "post_mask", "dem")}
    layers["samples"] = QgsVectorLayer(f"{scene}/samples.gpkg", "digitized landslides", "ogr")
    for layer in layers.values():
        check(layer.isValid(), f"cannot load {layer.source()}")
        QgsProject.instance().addMapLayer(layer)
    return {name: layer.id() for name, layer in layers.items()}


def result_layer(path):
    """The layer the dialog loaded for an output, as the user finds it in the project."""
    from qgis.core import QgsProject
    matches = [layer.id() for layer in QgsProject.instance().mapLayers().values() if layer.source().split("|")[0] == path]
    check(matches, f"{path} was not loaded into the project")
    return matches[0]


def check_screenshot(dialog, layers, png):
    """The Train dialog as the user sees it: grabbed, not blank, its widgets at their defaults."""
    from qgis.PyQt.QtGui import QImage
    check(dialog.grab().save(png), f"cannot write {png}")
    image = QImage(png)
    # The dialog may grow past the size asked for to fit its labels.
    check((image.width(), image.height()) == (dialog.width(), dialog.height()) and image.width() >= DIALOG_SIZE[0] and
          image.height() >= DIALOG_SIZE[1], f"screenshot {image.width()} x {image.height()} of a {dialog.width()} x {dialog.height()} dialog")
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    check(len(colours) > 50, f"blank screenshot ({len(colours)} colours)")
    field_widget = dialog.mainWidget().wrappers["class.field"].wrappedWidget()
    check(field_widget.isVisible() and field_widget.currentText() == "label", f"class field shows '{field_widget.currentText()}'")
    values = dialog.createProcessingParameters()
    expected = {"vec": layers["samples"], "class.field": "label", "class.value": "1", "out": TEMPORARY_OUTPUT, "split": "polygon",
                "seed": 42, "rf.nbtrees": 100}
    shown = {key: values.get(key) for key in expected}
    check(shown == expected, f"Train dialog defaults {shown}, expected {expected}")
    print(f"screenshot: {png}")


def main(build, prefix, scene, out):
    if "DISPLAY" in os.environ:
        skip_unless_qgis_runs()
    else:
        skip_unless_qgis_runs("xvfb-run")
        os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24", sys.executable, *sys.argv])
    qgis = Qgis(install_and_set_up(build, prefix, out))
    try:
        run_chain(qgis, scene, out)
        print("OK")
        status = 0
    except SystemExit as failure:  # a failed check
        print(failure, file=sys.stderr)
        status = 1
    # Python's own exit would destroy the dialogs and layers after QGIS, and crash.
    qgis.application.exitQgis()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def run_chain(qgis, scene, out):
    layers = add_layers(scene)

    results, _ = qgis.run(qgis.dialog("imclass:ImclassFeatures", {"in": layers["post"]}))
    check(results["out"].endswith(".tif") and band_names(results["out"])[0] == "b_blue", f"ImclassFeatures: {results}")

    # Little memory: the stack is written in many blocks, each moving the progress bar.
    dialog = qgis.dialog("imclass:ImclassChangeFeatures", {"pre": layers["pre"], "post": layers["post"], "postmask": layers["post_mask"], "ram": 1})
    results, progress = qgis.run(dialog)
    stack = results["out"]
    check("d_ndvi" in band_names(stack), f"ImclassChangeFeatures bands {band_names(stack)[:5]}...")
    check(any(0 < value < 100 for value in progress) and 100 in progress, f"progress bar values {progress}")
    # Canceled at a quarter: the application stops, and no half-written stack is left.
    canceled = f"{out}/canceled.tif"
    dialog = qgis.dialog("imclass:ImclassChangeFeatures", {"pre": layers["pre"], "post": layers["post"], "ram": 1, "out": canceled})
    _, progress = qgis.run(dialog, cancel_at=25)
    # (the dialog itself sets 100 when a run ends; the application's progress must stop early)
    stopped = max(value for value in progress if value < 100)
    check(stopped < 50 and not os.path.exists(canceled), f"canceled at {stopped}% ({progress}), output left: {os.path.exists(canceled)}")
    # The application itself has ended, not only its launcher script: nothing writes the output later.
    time.sleep(1)
    check(not running_with(canceled), f"a process still writes {canceled} after the cancel")
    check(not os.path.exists(canceled), f"{canceled} appeared after the cancel")

    results, _ = qgis.run(qgis.dialog("imclass:ImclassTopo", {"in": layers["post"], "dem": layers["dem"]}))
    topo = results["out"]
    check(band_names(topo)[:2] == ["topo_elevation_s1", "topo_slope_s1"], f"ImclassTopo bands {band_names(topo)[:2]}")

    dialog = qgis.dialog("imclass:ImclassTrain", {"il": [result_layer(stack), result_layer(topo)]})
    check_screenshot(dialog, layers, f"{out}/ImclassTrain_dialog.png")
    results, _ = qgis.run(dialog)
    model = results["out"]
    check(model.endswith(".yaml") and model_features(model) == band_names(stack) + band_names(topo), f"ImclassTrain model {model}")

    dialog = qgis.dialog("imclass:ImclassPredict", {"il": [result_layer(stack), result_layer(topo)], "model": model})
    results, _ = qgis.run(dialog)
    probability = results["out"]

    results, _ = qgis.run(qgis.dialog("imclass:ImclassThreshold", {"in": result_layer(probability), "model": model}))
    map_ds = gdal.Open(results["out"])
    check(map_ds.GetRasterBand(1).DataType == gdal.GDT_Byte, "the binary map is not uint8")
    check(set(np.unique(map_ds.ReadAsArray())) == {0, 1, 255}, f"binary map values {np.unique(map_ds.ReadAsArray())}")
    with open(results["report"]) as report:
        check(results["report"].endswith(".json") and 0 < json.load(report)["threshold"] < 1, f"report {results['report']}")
    with open(results["plot"], "rb") as plot:
        check(results["plot"].endswith(".png") and plot.read(8) == b"\x89PNG\r\n\x1a\n", f"plot {results['plot']}")
    polygons = ogr.Open(results["outvec"])
    check(results["outvec"].endswith(".gpkg") and polygons.GetLayer(0).GetFeatureCount() > 0, f"polygons {results['outvec']}")


if __name__ == "__main__":
    main(*sys.argv[1:])
