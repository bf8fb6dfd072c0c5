#!/usr/bin/python3
"""ImclassThreshold application checks (OTB_APPLICATION_PATH must point at the build).

usage: threshold_check.py tiny OUTDIR                      hand-computed curve, threshold, matrices
       threshold_check.py morphology OUTDIR                opening/closing/minimum area on a constructed map
       threshold_check.py scene OUTDIR TRUTH.tif SAMPLES.gpkg   landslide scene vs numpy and ComputeConfusionMatrix
       threshold_check.py threads OUTDIR TRUTH.tif SAMPLES.gpkg same outputs with 1 and 2 threads
       threshold_check.py geographic OUTDIR                areas in square metres on an EPSG:4326 map
       threshold_check.py errors OUTDIR                    bad input: one FATAL line, no output left
       threshold_check.py majority OUTDIR TRUTH.tif SAMPLES.gpkg  majority filter vs numpy and ClassificationMapRegularization
       threshold_check.py model OUTDIR TRUTH.tif SAMPLES.gpkg threshold from a model's cross-validation (-model)
"""
import json
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal, ogr, osr

from imclass_checks import check, cross_validated_choice, expect_refusal, model_metadata

gdal.UseExceptions()
ogr.UseExceptions()
PIXEL = 10.0
ORIGIN = (500000.0, 4000200.0)  # upper-left corner, UTM 32N


def run(arguments, env=None):
    result = subprocess.run(["otbcli", "ImclassThreshold"] + arguments, capture_output=True, text=True,
                            env=dict(os.environ, **(env or {})))
    if result.returncode != 0:
        sys.exit("FAILED: ImclassThreshold " + " ".join(arguments) + "\n" + result.stdout + result.stderr)
    return result


def write_map(path, array, gdal_type=gdal.GDT_Float32, nodata=-9999):
    dataset = gdal.GetDriverByName("GTiff").Create(path, array.shape[1], array.shape[0], 1, gdal_type)
    dataset.SetGeoTransform((ORIGIN[0], PIXEL, 0, ORIGIN[1], 0, -PIXEL))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32632)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).SetNoDataValue(nodata)
    dataset.GetRasterBand(1).WriteArray(array)


def write_polygons(path, boxes, epsg=32632):
    """boxes: (row0, col0, row1, col1 exclusive, label) in pixels of the test grid."""
    if os.path.exists(path):
        os.remove(path)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    utm = osr.SpatialReference()
    utm.ImportFromEPSG(32632)
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_layer = osr.CoordinateTransformation(utm, srs)
    dataset = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = dataset.CreateLayer("reference", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("label", ogr.OFTInteger))
    for row0, col0, row1, col1, label in boxes:
        x0, x1 = ORIGIN[0] + col0 * PIXEL, ORIGIN[0] + col1 * PIXEL
        y0, y1 = ORIGIN[1] - row0 * PIXEL, ORIGIN[1] - row1 * PIXEL
        polygon = ogr.CreateGeometryFromWkt(f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))")
        polygon.Transform(to_layer)
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("label", label)
        feature.SetGeometry(polygon)
        layer.CreateFeature(feature)


def read(path):
    return gdal.Open(path).ReadAsArray()


def report_of(path):
    with open(path) as stream:
        return json.load(stream)


def matrix(report, section):
    m = report[section]["confusion_matrix"]
    return m["true_positives"], m["false_positives"], m["false_negatives"], m["true_negatives"]


def confusion_matrix_app(out, map_path, reference):
    """The map's pixel confusion matrix according to otbcli_ComputeConfusionMatrix."""
    csv = os.path.join(out, "confusion.csv")
    subprocess.run(["otbcli_ComputeConfusionMatrix", "-in", map_path, "-ref", "vector", "-ref.vector.in", reference,
                    "-ref.vector.field", "label", "-ref.vector.nodata", "254", "-nodatalabel", "255", "-out", csv],
                   check=True, capture_output=True)
    lines = [line.strip() for line in open(csv) if line.strip()]
    rows = [int(v) for v in lines[0].split(":")[1].split(",")]
    columns = [int(v) for v in lines[1].split(":")[1].split(",")]
    counts = {(r, c): int(v) for r, line in zip(rows, lines[2:]) for c, v in zip(columns, line.split(","))}
    return counts.get((1, 1), 0), counts.get((0, 1), 0), counts.get((1, 0), 0), counts.get((0, 0), 0)


def tiny(out):
    """8 x 4 pixels. Positive polygon: 0.9 0.8 0.6 0.3 and two no-data pixels; negative polygon:
    0.7 0.4 0.2 0.1; everything else 0 and outside the reference. By hand (class when p >= t):
    t in (0.2, 0.3]: TP 4, FP 2, FN 0, TN 2 -> precision 2/3, recall 1, F1 0.8, the maximum
    (t in (0.1, 0.2]: F1 8/11; (0.3, 0.4]: 2/3; (0.4, 0.6]: 0.75); middle of the plateau: 0.25.
    kappa: observed 6/8, chance (6*4 + 2*4)/64 = 1/2 -> 0.5."""
    os.makedirs(out, exist_ok=True)
    probability = np.zeros((4, 8), np.float32)
    probability[1:3, 1:4] = [[0.9, 0.8, -9999], [0.6, 0.3, -9999]]
    probability[1:3, 5:7] = [[0.7, 0.4], [0.2, 0.1]]
    map_in, reference = os.path.join(out, "tiny_probability.tif"), os.path.join(out, "tiny_reference.gpkg")
    write_map(map_in, probability)
    # The reference in geographic coordinates: reprojected by the application.
    write_polygons(reference, [(1, 1, 3, 4, 1), (1, 5, 3, 7, 0)], epsg=4326)
    binary, report_path = os.path.join(out, "tiny_binary.tif"), os.path.join(out, "tiny_report.json")
    run(["-in", map_in, "-ref", reference, "-morpho", "none", "-out", binary, "-report", report_path])
    report = report_of(report_path)
    check(report["threshold"] == 0.25, f"F1 threshold {report['threshold']}, expected 0.25")
    check(matrix(report, "pixels_at_threshold") == (4, 2, 0, 2), f"matrix {matrix(report, 'pixels_at_threshold')}")
    at = report["pixels_at_threshold"]
    check(abs(at["precision"] - 2 / 3) < 1e-9 and at["recall"] == 1 and abs(at["f1"] - 0.8) < 1e-9, f"scores {at}")
    check(abs(at["kappa"] - 0.5) < 1e-9, f"kappa {at['kappa']}")
    check(report["curve_pixels"] == {"positive": 4, "negative": 4, "unlabelled": 30}, f"{report['curve_pixels']}")
    check(report["threshold_source"] == "reference" and report["model"] is None, "threshold chosen on the reference")
    curve = report["curve"]
    check(len(curve["threshold"]) == 1001 and curve["threshold"][500] == 0.5, "threshold grid")
    check((curve["true_positives"][500], curve["false_positives"][500]) == (3, 1), "curve at 0.5")
    check((curve["true_positives"][300], curve["false_positives"][300]) == (4, 2), "curve at 0.3 (p >= t)")
    check((curve["true_positives"][301], curve["false_positives"][301]) == (3, 2), "curve at 0.301")
    check(abs(curve["f_score"][150] - 8 / 11) < 1e-9, "F1 at 0.15")
    check(curve["precision"][1000] is None, "precision with nothing predicted is undefined (null)")
    expected_map = np.zeros((4, 8), np.uint8)
    expected_map[probability >= 0.25] = 1
    expected_map[probability == -9999] = 255
    check((read(binary) == expected_map).all(), f"binary map\n{read(binary)}")
    check(matrix(report, "map") == (4, 2, 0, 2), "map matrix")
    check(confusion_matrix_app(out, binary, reference) == matrix(report, "map"), "ComputeConfusionMatrix disagrees")

    # User threshold 0.65: 0.9, 0.8 (TP) and 0.7 (FP). F-beta 0.5 is maximal on (0.7, 0.8]: 0.75.
    run(["-in", map_in, "-ref", reference, "-method", "user", "-threshold", "0.65", "-morpho", "none", "-out", binary, "-report", report_path])
    report = report_of(report_path)
    check(report["threshold"] == 0.65 and matrix(report, "pixels_at_threshold") == (2, 1, 2, 3), "user threshold")
    check(confusion_matrix_app(out, binary, reference) == (2, 1, 2, 3), "ComputeConfusionMatrix at 0.65")
    run(["-in", map_in, "-ref", reference, "-method", "fbeta", "-beta", "0.5", "-out", binary, "-report", report_path])
    report = report_of(report_path)
    check(report["threshold"] == 0.75 and abs(report["pixels_at_threshold"]["f_score"] - 0.625 / 0.75) < 1e-9, "F0.5")

    # The same map as uint8 percent (255 = no-data) gives the same threshold and matrix.
    percent = np.where(probability == -9999, 255, np.round(probability * 100)).astype(np.uint8)
    percent_in = os.path.join(out, "tiny_percent.tif")
    write_map(percent_in, percent, gdal.GDT_Byte, 255)
    run(["-in", percent_in, "-ref", reference, "-morpho", "none", "-out", binary, "-report", report_path])
    report = report_of(report_path)
    check(report["threshold"] == 0.25 and matrix(report, "map") == (4, 2, 0, 2), "percent map")
    print("OK")


def morphology(out):
    """20 x 20 pixels of 10 m, probability 0.1 except objects at 0.9 (threshold 0.5):
    A 5x5 at rows 2-6, cols 2-6 (one pixel 0.7: mean (24 x 0.9 + 0.7) / 25 = 0.892); S one pixel
    at (2, 12); B 3x3 at rows 10-12, cols 2-4; H 5x5 at rows 10-14, cols 10-14 with a hole at
    (12, 12). Reference: positives over A and over rows 16-18, cols 16-18 (nothing there),
    negative over B. The disc of radius 1 is the 4-neighbour cross."""
    os.makedirs(out, exist_ok=True)
    probability = np.full((20, 20), 0.1, np.float32)
    probability[2:7, 2:7] = 0.9
    probability[3, 3] = 0.7
    probability[2, 12] = 0.9
    probability[10:13, 2:5] = 0.9
    probability[10:15, 10:15] = 0.9
    probability[12, 12] = 0.1
    map_in, reference = os.path.join(out, "morpho_probability.tif"), os.path.join(out, "morpho_reference.gpkg")
    write_map(map_in, probability)
    write_polygons(reference, [(2, 2, 7, 7, 1), (16, 16, 19, 19, 1), (9, 1, 14, 6, 0)])
    binary, polygons, report_path = (os.path.join(out, name) for name in ("morpho.tif", "morpho.gpkg", "morpho.json"))
    common = ["-in", map_in, "-ref", reference, "-method", "user", "-threshold", "0.5", "-morpho", "none", "-out", binary,
              "-outvec", polygons, "-report", report_path]
    thresholded = (probability >= 0.5).astype(np.uint8)

    run(common)
    objects = report_of(report_path)["objects"]
    check(objects == {"reference_objects": 2, "detected": 1, "missed": 1, "predicted_objects": 4,
                      "predicted_matching_no_reference": 3, "predicted_in_negative_reference": 1,
                      "removed_below_minimum_area": 0}, f"objects {objects}")
    dataset = ogr.Open(polygons)
    layer = dataset.GetLayer(0)
    features = sorted(((f["area_m2"], f["mean_prob"], f["matched"]) for f in layer), reverse=True)
    check([a for a, _, _ in features] == [2500, 2400, 900, 100], f"areas {features}")
    check(abs(features[0][1] - 0.892) < 1e-6 and features[0][2] == 1, f"object A {features[0]}")
    check(abs(features[1][1] - 0.9) < 1e-6 and features[1][2] == 0, f"object H {features[1]}")

    # Minimum area 1000 m2: S (100) and B (900) leave the map and the polygons.
    run(common + ["-minarea", "1000"])
    expected = thresholded.copy()
    expected[2, 12] = 0
    expected[10:13, 2:5] = 0
    check((read(binary) == expected).all(), "minimum area map")
    objects = report_of(report_path)["objects"]
    check(objects["predicted_objects"] == 2 and objects["removed_below_minimum_area"] == 2 and objects["predicted_in_negative_reference"] == 0,
          f"objects after minimum area {objects}")
    dataset = ogr.Open(polygons)
    check(dataset.GetLayer(0).GetFeatureCount() == 2, "polygons after minimum area")

    # Morphology against shifts of the 4-neighbour cross, streamed by rows of 3 pixels (tile margins).
    def shifted(a, fill):
        padded = np.pad(a, 1, constant_values=fill)
        return [padded[1:-1, 1:-1], padded[:-2, 1:-1], padded[2:, 1:-1], padded[1:-1, :-2], padded[1:-1, 2:]]

    def erode(a):
        return np.logical_and.reduce(shifted(a, 1)).astype(np.uint8)

    def dilate(a):
        return np.logical_or.reduce(shifted(a, 0)).astype(np.uint8)

    opened = dilate(erode(thresholded))
    expectations = {"opening": opened, "closing": erode(dilate(thresholded)), "openclose": erode(dilate(opened))}
    for name, expected in expectations.items():
        run(["-in", map_in, "-ref", reference, "-method", "user", "-threshold", "0.5", "-morpho", name, "-radius", "1",
             "-out", binary + "?&streaming:type=stripped&streaming:sizemode=height&streaming:sizevalue=3"])
        got = read(binary)
        check((got == expected).all(), f"{name}: differs from the cross oracle at {np.argwhere(got != expected).tolist()}")
    check(expectations["opening"][2, 12] == 0 and expectations["opening"][2, 2] == 0 and expectations["closing"][12, 12] == 1,
          "oracle sanity: opening removes S and the corners of A, closing fills the hole of H")
    print("OK")


def scene_probability(out, truth):
    """A probability map of the scene: the truth blurred by noise (deterministic)."""
    reference = gdal.Open(truth)
    classes = reference.ReadAsArray().astype(np.float32)
    rng = np.random.default_rng(7)
    probability = np.clip(0.6 * classes + 0.4 * rng.random(classes.shape) + 0.1 * rng.standard_normal(classes.shape), 0, 1)
    probability = probability.astype(np.float32)
    probability[:3, :] = -9999
    path = os.path.join(out, "scene_probability.tif")
    dataset = gdal.GetDriverByName("GTiff").Create(path, classes.shape[1], classes.shape[0], 1, gdal.GDT_Float32)
    dataset.SetGeoTransform(reference.GetGeoTransform())
    dataset.SetProjection(reference.GetProjection())
    dataset.GetRasterBand(1).SetNoDataValue(-9999)
    dataset.GetRasterBand(1).WriteArray(probability)
    return path, probability, reference


def reference_labels(grid, samples):
    """Independent rasterization of the reference on the grid of `grid` (pixel centres; positives
    burnt last): 1, 0, or 255 outside the polygons."""
    labels = gdal.GetDriverByName("MEM").Create("", grid.RasterXSize, grid.RasterYSize, 1, gdal.GDT_Byte)
    labels.SetGeoTransform(grid.GetGeoTransform())
    labels.SetProjection(grid.GetProjection())
    labels.GetRasterBand(1).Fill(255)
    vector = ogr.Open(samples)
    layer = vector.GetLayer(0)
    for label in (0, 1):
        layer.SetAttributeFilter(f"label = {label}")
        gdal.RasterizeLayer(labels, [1], layer, burn_values=[label])
    return labels.ReadAsArray()


def scene(out, truth, samples):
    os.makedirs(out, exist_ok=True)
    map_in, probability, grid = scene_probability(out, truth)
    binary, polygons, report_path, plot = (os.path.join(out, n) for n in ("scene.tif", "scene.gpkg", "scene.json", "scene.png"))
    run(["-in", map_in, "-ref", samples, "-morpho", "openclose", "-minarea", "300", "-out", binary, "-outvec", polygons,
         "-report", report_path, "-plot", plot])
    report = report_of(report_path)

    reference = reference_labels(grid, samples)
    valid = probability != -9999
    positive, negative = (reference == 1) & valid, (reference == 0) & valid
    best = None
    for k in range(1001):
        predicted = probability >= k / 1000
        tp, fp = int((predicted & positive).sum()), int((predicted & negative).sum())
        f1 = 2 * tp / (tp + fp + positive.sum()) if tp else 0
        best = (f1, k) if best is None or f1 > best[0] else best
    threshold = report["threshold"]
    predicted = probability >= threshold
    expected = (int((predicted & positive).sum()), int((predicted & negative).sum()), int((~predicted & positive).sum()),
                int((~predicted & negative).sum()))
    check(matrix(report, "pixels_at_threshold") == expected, f"pixels at threshold {matrix(report, 'pixels_at_threshold')} vs numpy {expected}")
    check(abs(report["pixels_at_threshold"]["f1"] - best[0]) < 1e-9, f"F1 {report['pixels_at_threshold']['f1']} vs best numpy {best}")

    # The delivered map: its matrix equals ComputeConfusionMatrix's and numpy's; its polygons cover its class pixels.
    produced = read(binary)
    map_dataset = gdal.Open(binary)
    band = map_dataset.GetRasterBand(1)
    check(band.GetNoDataValue() == 255 and band.GetDescription() == "class" and band.DataType == gdal.GDT_Byte,
          f"map band: no-data {band.GetNoDataValue()}, name '{band.GetDescription()}'")
    check(not os.path.exists(binary + ".objects.tif"), "the temporary map was left")
    check(set(np.unique(produced)) <= {0, 1, 255} and (produced[~valid] == 255).all() and (produced[valid] != 255).all(), "map values")
    expected = (int(((produced == 1) & positive).sum()), int(((produced == 1) & negative).sum()),
                int(((produced == 0) & positive).sum()), int(((produced == 0) & negative).sum()))
    check(matrix(report, "map") == expected, f"map matrix {matrix(report, 'map')} vs numpy {expected}")
    check(confusion_matrix_app(out, binary, samples) == expected, "ComputeConfusionMatrix disagrees on the scene")
    dataset = ogr.Open(polygons)
    areas = [f["area_m2"] for f in dataset.GetLayer(0)]
    pixel_area = abs(grid.GetGeoTransform()[1] * grid.GetGeoTransform()[5])
    check(abs(sum(areas) - (produced == 1).sum() * pixel_area) < 1e-6, f"polygon areas {sum(areas)} vs class pixels")
    check(min(areas) >= 300, "an object below -minarea was kept")
    check(os.path.getsize(plot) > 10000 and open(plot, "rb").read(8) == b"\x89PNG\r\n\x1a\n", "PNG")
    print("threshold", threshold, "F1", report["pixels_at_threshold"]["f1"], "objects", report["objects"])
    print("OK")


def threads(out, truth, samples):
    os.makedirs(out, exist_ok=True)
    map_in, _, _ = scene_probability(out, truth)
    results = []
    for count in (1, 2):
        binary, polygons, report_path = (os.path.join(out, f"threads{count}.{e}") for e in ("tif", "gpkg", "json"))
        run(["-in", map_in, "-ref", samples, "-morpho", "opening", "-radius", "2", "-minarea", "300", "-out", binary,
             "-outvec", polygons, "-report", report_path], env={"ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS": str(count)})
        report = report_of(report_path)
        dataset = ogr.Open(polygons)
        features = sorted((f.GetGeometryRef().ExportToWkt(), f["area_m2"], f["mean_prob"]) for f in dataset.GetLayer(0))
        results.append((read(binary).tobytes(), report["curve"], report["map"], report["objects"], features))
    check(results[0] == results[1], "outputs differ between 1 and 2 threads")
    print("OK")


def geographic(out):
    """A map in EPSG:4326 (0.0001 degree pixels near Nantes): object areas in square metres agree
    with the same polygons projected to UTM 30N by GDAL (scale factor within 0.1 %), and -minarea
    uses them."""
    os.makedirs(out, exist_ok=True)
    probability = np.full((40, 40), 0.1, np.float32)
    probability[5:15, 5:15] = 0.9   # 100 pixels, about 100 x 7.6 x 11.1 m2
    probability[25:27, 25:27] = 0.9  # 4 pixels, about 340 m2
    map_in = os.path.join(out, "geographic_probability.tif")
    dataset = gdal.GetDriverByName("GTiff").Create(map_in, 40, 40, 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((-1.56, 0.0001, 0, 47.22, 0, -0.0001))
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    dataset.SetProjection(wgs84.ExportToWkt())
    dataset.GetRasterBand(1).SetNoDataValue(-9999)
    dataset.GetRasterBand(1).WriteArray(probability)
    dataset = None
    reference = os.path.join(out, "geographic_reference.gpkg")
    if os.path.exists(reference):
        os.remove(reference)
    wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    vector = ogr.GetDriverByName("GPKG").CreateDataSource(reference)
    layer = vector.CreateLayer("reference", wgs84, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("label", ogr.OFTInteger))
    for wkt, label in (("POLYGON((-1.5595 47.2195,-1.5585 47.2195,-1.5585 47.2185,-1.5595 47.2185,-1.5595 47.2195))", 1),
                       ("POLYGON((-1.5575 47.2175,-1.5565 47.2175,-1.5565 47.2165,-1.5575 47.2165,-1.5575 47.2175))", 0)):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("label", label)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        layer.CreateFeature(feature)
    vector = None
    binary, polygons = os.path.join(out, "geographic.tif"), os.path.join(out, "geographic.gpkg")
    utm = osr.SpatialReference()
    utm.ImportFromEPSG(32630)
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_utm = osr.CoordinateTransformation(wgs84, utm)
    run(["-in", map_in, "-ref", reference, "-method", "user", "-threshold", "0.5", "-morpho", "none", "-out", binary, "-outvec", polygons])
    objects = ogr.Open(polygons)
    areas = []
    for feature in objects.GetLayer(0):
        geometry = feature.GetGeometryRef().Clone()
        geometry.Transform(to_utm)
        check(abs(feature["area_m2"] - geometry.GetArea()) < 1e-3 * geometry.GetArea(),
              f"area {feature['area_m2']} vs UTM {geometry.GetArea()}")
        areas.append(feature["area_m2"])
    check(sorted(round(a, -1) for a in areas)[0] > 300 and len(areas) == 2, f"areas {areas}")
    # -minarea 1000 m2 drops the 4-pixel object only.
    run(["-in", map_in, "-ref", reference, "-method", "user", "-threshold", "0.5", "-morpho", "none", "-minarea", "1000",
         "-out", binary, "-outvec", polygons])
    check(read(binary).sum() == 100, "-minarea on a geographic map")
    print("OK")


def errors(out):
    os.makedirs(out, exist_ok=True)
    probability = np.full((10, 10), 0.2, np.float32)
    probability[2:5, 2:5] = 0.8
    map_in, reference = os.path.join(out, "errors_probability.tif"), os.path.join(out, "errors_reference.gpkg")
    write_map(map_in, probability)
    write_polygons(reference, [(2, 2, 5, 5, 1), (6, 6, 9, 9, 0)])
    outside = os.path.join(out, "errors_outside.gpkg")
    write_polygons(outside, [(200, 200, 205, 205, 1), (6, 6, 9, 9, 0)])
    positives_only = os.path.join(out, "errors_positives_only.gpkg")
    write_polygons(positives_only, [(2, 2, 5, 5, 1)])
    hidden = os.path.join(out, "errors_hidden.tif")  # no-data under the positive polygon
    hidden_probability = probability.copy()
    hidden_probability[2:5, 2:5] = -9999
    write_map(hidden, hidden_probability)
    nodata = os.path.join(out, "errors_nodata.tif")
    write_map(nodata, np.full((10, 10), -9999, np.float32))
    binary = os.path.join(out, "errors_binary.tif")
    directory = os.path.join(out, "errors_directory.gpkg")  # a directory: the GeoPackage cannot be created
    os.makedirs(directory, exist_ok=True)
    cases = [
        (["-in", os.path.join(out, "missing.tif"), "-ref", reference], "-in"),
        (["-in", map_in, "-ref", os.path.join(out, "missing.gpkg")], "-ref"),
        (["-in", map_in, "-ref", reference, "-class.field", "class"], "-class.field: "),
        (["-in", map_in, "-ref", reference, "-class.value", "7"], "-class.value: no polygon"),
        (["-in", map_in, "-ref", outside], f"-ref: none of the 1 polygons of '{outside}' with label = 1 overlaps the map"),
        (["-in", hidden, "-ref", reference], "-ref: no positive polygon covers a valid pixel of -in"),
        (["-in", map_in, "-ref", positives_only], "-ref: no negative polygon"),
        (["-in", nodata, "-ref", reference], "-in: every pixel is no-data"),
        (["-in", map_in, "-ref", reference, "-outvec", directory], "-outvec: cannot create"),
    ]
    for arguments, message in cases:
        expect_refusal("ImclassThreshold", arguments, message, binary)
    # PU needs no negative polygon.
    run(["-in", map_in, "-ref", positives_only, "-method", "pu", "-morpho", "none", "-out", binary])
    check(read(binary)[2:5, 2:5].all() and read(binary).sum() == 9, "PU with positives only")
    print("OK")


def majority(out, truth, samples):
    """-morpho majority against a numpy majority vote in the 3 x 3 window (no-data pixels and the
    outside of the image do not vote, a tie keeps the pixel) and against
    otbcli_ClassificationMapRegularization on the unfiltered map, radius 1 and 2; streamed in rows
    of a few pixels to cross tile margins."""
    os.makedirs(out, exist_ok=True)
    map_in, _, _ = scene_probability(out, truth)
    raw = os.path.join(out, "majority_raw.tif")
    common = ["-in", map_in, "-ref", samples, "-method", "user", "-threshold", "0.5"]
    run(common + ["-morpho", "none", "-out", raw])
    unfiltered = read(raw)
    padded = np.pad(unfiltered, 1, constant_values=255)
    votes_class = sum((padded[1 + dy:1 + dy + unfiltered.shape[0], 1 + dx:1 + dx + unfiltered.shape[1]] == 1).astype(int)
                      for dy in (-1, 0, 1) for dx in (-1, 0, 1))
    votes_other = sum((padded[1 + dy:1 + dy + unfiltered.shape[0], 1 + dx:1 + dx + unfiltered.shape[1]] == 0).astype(int)
                      for dy in (-1, 0, 1) for dx in (-1, 0, 1))
    expected = np.where(votes_class > votes_other, 1, np.where(votes_other > votes_class, 0, unfiltered)).astype(np.uint8)
    expected[unfiltered == 255] = 255
    for radius in (1, 2):
        filtered = os.path.join(out, f"majority_r{radius}.tif")
        run(common + ["-morpho", "majority", "-radius", str(radius), "-out", filtered, "-ram", "1"])
        regularized = os.path.join(out, f"majority_otb_r{radius}.tif")
        subprocess.run(["otbcli_ClassificationMapRegularization", "-io.in", raw, "-io.out", regularized, "uint8", "-ip.radius", str(radius),
                        "-ip.suvbool", "1", "-ip.nodatalabel", "255", "-ip.onlyisolatedpixels", "0"], check=True, capture_output=True)
        ours = read(filtered)
        check((ours == read(regularized)).all(), f"radius {radius}: differs from ClassificationMapRegularization at "
              f"{int((ours != read(regularized)).sum())} pixels")
        if radius == 1:
            check((ours == expected).all(), f"radius 1: differs from the numpy 3 x 3 vote at {int((ours != expected).sum())} pixels")
            changed = int((ours != unfiltered).sum())
            check(changed > 100, f"the vote changed {changed} pixels of the noisy map")
    print("OK")


def model(out, truth, samples):
    """-model: the threshold and scores are those of the model's out-of-fold votes recomputed in
    Python; with -ref as well the threshold stays and the map is scored against -ref (numpy);
    neither, or votes that do not match the trees, are refused."""
    os.makedirs(out, exist_ok=True)
    scene_dir = os.path.dirname(truth)
    features, model_path = os.path.join(out, "model_features.tif"), os.path.join(out, "model.json")
    probability, binary, report_path = (os.path.join(out, n) for n in ("model_probability.tif", "model_map.tif", "model_report.json"))
    for app, arguments in (("ImclassFeatures", ["-in", os.path.join(scene_dir, "post.tif"), "-sensor", "s2", "-mask",
                                                os.path.join(scene_dir, "post_mask.tif"), "-texture", "none", "-out", features]),
                           ("ImclassTrain", ["-il", features, "-vec", samples, "-class.field", "label", "-class.value", "1",
                                             "-rf.nbtrees", "20", "-sampling.folds", "3", "-out", model_path]),
                           ("ImclassPredict", ["-il", features, "-model", model_path, "-out", probability])):
        subprocess.run(["otbcli", app, *arguments], check=True, capture_output=True)
    meta = model_metadata(model_path)
    threshold, precision, recall, f1 = cross_validated_choice(meta)
    run(["-in", probability, "-model", model_path, "-morpho", "none", "-out", binary, "-report", report_path])
    report = report_of(report_path)
    at = report["pixels_at_threshold"]
    check(report["threshold_source"] == "cross-validation" and report["threshold"] == threshold,
          f"threshold {report['threshold']} from the model, recomputed {threshold}")
    check(abs(at["precision"] - precision) < 1e-9 and abs(at["recall"] - recall) < 1e-9 and abs(at["f1"] - f1) < 1e-9,
          f"cross-validated scores {at} vs recomputed {precision} {recall} {f1}")
    check(report["map"]["f1"] is None and report["objects"]["reference_objects"] is None, "no reference: no map scores")
    probabilities = read(probability)
    valid = probabilities != -9999
    expected = np.where(valid, (np.floor(probabilities.astype(np.float64) * 1000 + 1e-4) >= round(threshold * 1000)).astype(np.uint8), 255)
    check((read(binary) == expected).all(), "the map is the probability >= the cross-validated threshold")

    run(["-in", probability, "-model", model_path, "-ref", samples, "-morpho", "none", "-out", binary, "-report", report_path])
    report = report_of(report_path)
    check(report["threshold"] == threshold, "-ref does not change the threshold -model chose")
    reference = reference_labels(gdal.Open(probability), samples)
    produced = read(binary)
    scored = (int(((produced == 1) & (reference == 1)).sum()), int(((produced == 1) & (reference == 0)).sum()),
              int(((produced == 0) & (reference == 1)).sum()), int(((produced == 0) & (reference == 0)).sum()))
    check(matrix(report, "map") == scored, f"map against -ref {matrix(report, 'map')} vs numpy {scored}")

    # ImclassPredict records which model made the map (FNV-1a 64 of the model file, recomputed here);
    # another model is refused, a map that records none is only warned about.
    fingerprint = 14695981039346656037
    for byte in open(model_path, "rb").read():
        fingerprint = ((fingerprint ^ byte) * 1099511628211) % 2 ** 64
    probability_ds = gdal.Open(probability)
    check(probability_ds.GetMetadataItem("IMCLASS_MODEL_FINGERPRINT") == f"{fingerprint:016x}",
          f"recorded model fingerprint {probability_ds.GetMetadataItem('IMCLASS_MODEL_FINGERPRINT')} vs {fingerprint:016x}")
    other_model = os.path.join(out, "model_other.json")
    subprocess.run(["otbcli", "ImclassTrain", "-il", features, "-vec", samples, "-class.field", "label", "-class.value", "1",
                    "-rf.nbtrees", "20", "-sampling.folds", "3", "-seed", "7", "-out", other_model], check=True, capture_output=True)
    expect_refusal("ImclassThreshold", ["-in", probability, "-model", other_model], "did not make -in", binary)
    anonymous, _, _ = scene_probability(out, truth)
    result = subprocess.run(["otbcli", "ImclassThreshold", "-in", anonymous, "-model", model_path, "-out", binary], capture_output=True, text=True)
    check(result.returncode == 0 and "-in does not record the model that made it" in result.stdout + result.stderr,
          "a map without a recorded model: a warning, and the map")
    expect_refusal("ImclassThreshold", ["-in", probability], "-model: give -model", binary)
    with open(model_path) as f:
        damaged = json.load(f)
    damaged["imclass"]["cross_validation"]["negative_votes"].pop()
    damaged_path = os.path.join(out, "model_damaged.json")
    with open(damaged_path, "w") as f:
        json.dump(damaged, f)
    expect_refusal("ImclassThreshold", ["-in", probability, "-model", damaged_path],
                   "is corrupt: its cross-validation votes do not match its 20 trees", binary)
    print("OK")


if __name__ == "__main__":
    modes = {"tiny": tiny, "morphology": morphology, "geographic": geographic, "scene": scene, "threads": threads, "errors": errors,
             "majority": majority, "model": model}
    if len(sys.argv) < 3 or sys.argv[1] not in modes:
        sys.exit(__doc__)
    modes[sys.argv[1]](*sys.argv[2:])
