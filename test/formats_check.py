#!/usr/bin/python3
"""Output types and formats follow the user: feature stacks refuse integer pixel types (they would
round indices to integers); vector outputs take their format from the extension (.gpkg, .shp,
.geojson, .fgb) and refuse others; wrong extensions are refused before the first long step.

usage: formats_check.py OUTDIR SCENE_DIR   (OTB_APPLICATION_PATH must point at the build)
"""
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal, ogr, osr

from imclass_checks import check, expect_refusal

gdal.UseExceptions()


def otbcli(app, *arguments):
    return subprocess.run(["otbcli", app] + [str(a) for a in arguments], capture_output=True, text=True)


def integer_stacks(out, scene):
    for app, arguments in (("ImclassFeatures", ["-in", f"{scene}/post.tif", "-texture", "none"]),
                           ("ImclassChangeFeatures", ["-pre", f"{scene}/pre.tif", "-post", f"{scene}/post.tif", "-texture", "none"]),
                           ("ImclassTopo", ["-in", f"{scene}/post.tif", "-dem", f"{scene}/dem.tif"])):
        expect_refusal(app, arguments, "-out: pixel type int16 refused", os.path.join(out, f"{app}_int16.tif"), ["int16"])
    # float and double are what a feature stack is written as.
    double = os.path.join(out, "features_double.tif")
    result = otbcli("ImclassFeatures", "-in", f"{scene}/post.tif", "-texture", "none", "-indices", "ndvi", "-out", double, "double")
    check(result.returncode == 0, "a double stack is written: " + result.stderr)
    written = gdal.Open(double)  # kept alive while its band is read
    ndvi = written.GetRasterBand(11).ReadAsArray()
    check(written.GetRasterBand(11).GetDescription() == "ndvi" and written.GetRasterBand(11).DataType == gdal.GDT_Float64,
          "band 11 of the double stack is ndvi, in double")
    check(np.any((ndvi > 0.05) & (ndvi < 0.95)), "ndvi keeps its fractions in a double stack")


def vector_formats(out):
    """Three objects on a 40 x 40 map; the polygons in every format hold the same objects."""
    path = os.path.join(out, "probability.tif")
    probability = np.zeros((40, 40), np.float32)
    probability[2:8, 2:8] = 0.9    # 36 px
    probability[20:30, 5:9] = 0.8  # 40 px
    probability[30:39, 30:38] = 0.7  # 72 px
    dataset = gdal.GetDriverByName("GTiff").Create(path, 40, 40, 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((500000, 10, 0, 5000000, 0, -10))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32632)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).SetNoDataValue(-9999)
    dataset.GetRasterBand(1).WriteArray(probability)
    dataset = None
    reference = os.path.join(out, "reference.gpkg")
    vectors = ogr.GetDriverByName("GPKG").CreateDataSource(reference)
    layer = vectors.CreateLayer("reference", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("label", ogr.OFTInteger))
    for label, (x0, y0, x1, y1) in ((1, (500000, 4999900, 500100, 5000000)), (0, (500100, 4999600, 500400, 4999900))):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("label", label)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"))
        layer.CreateFeature(feature)
    vectors = None

    areas = {}
    for extension in (".gpkg", ".shp", ".geojson", ".fgb"):
        polygons = os.path.join(out, "objects" + extension)
        result = otbcli("ImclassThreshold", "-in", path, "-ref", reference, "-method", "user", "-threshold", 0.5, "-morpho", "none",
                        "-out", os.path.join(out, "map.tif"), "-outvec", polygons)
        check(result.returncode == 0, f"-outvec {extension}: " + result.stdout + result.stderr)
        source = ogr.Open(polygons)
        check(source.GetDriver().GetName() == {".gpkg": "GPKG", ".shp": "ESRI Shapefile", ".geojson": "GeoJSON", ".fgb": "FlatGeobuf"}[extension],
              f"{extension} written by its own driver, not {source.GetDriver().GetName()}")
        layer = source.GetLayer(0)
        areas[extension] = sorted(round(f.GetField("area_m2")) for f in layer)
        check([f.GetField("matched") for f in layer].count(1) == 1, f"{extension}: one object matches the reference")
        source = None
    print("object areas per format:", areas)
    check(areas[".gpkg"] == [3600, 4000, 7200], "three objects of 36, 40 and 72 pixels of 100 m2")
    check(all(value == areas[".gpkg"] for value in areas.values()), "every format holds the same objects")
    check(not [name for name in os.listdir(out) if ".partial-" in name], "no partial file is left")

    # A format ImCLASS does not write is refused before the run, and nothing is written.
    kml = os.path.join(out, "objects.kml")
    result = otbcli("ImclassThreshold", "-in", path, "-ref", reference, "-out", os.path.join(out, "refused.tif"), "-outvec", kml)
    fatal = [line for line in (result.stdout + result.stderr).splitlines() if "(FATAL)" in line]
    check(result.returncode != 0 and len(fatal) == 1 and "-outvec: '" + kml + "' must end with .gpkg, .shp, .geojson or .fgb" in fatal[0],
          f"-outvec .kml: {fatal}")
    check(not os.path.exists(kml) and not os.path.exists(os.path.join(out, "refused.tif")), "nothing written for a refused format")


def training_outputs(out, scene):
    stack = os.path.join(out, "stack.tif")
    result = otbcli("ImclassFeatures", "-in", f"{scene}/post.tif", "-texture", "none", "-out", stack)
    check(result.returncode == 0, result.stderr)
    common = ["-il", stack, "-vec", f"{scene}/samples.gpkg", "-class.field", "label", "-class.value", 1, "-rf.nbtrees", 5,
              "-sampling.folds", 2, "-sampling.max", 500]
    # The model's format is checked before any sample is drawn.
    result = otbcli("ImclassTrain", *common, "-out", os.path.join(out, "model.rf"))
    check(result.returncode != 0 and "-out: '" + os.path.join(out, "model.rf") + "' must end with .yaml, .yml, .xml or .json" in result.stdout + result.stderr,
          "unknown model format refused")
    check("Samples:" not in result.stdout + result.stderr, "refused before sampling")
    folds = os.path.join(out, "folds.geojson")
    result = otbcli("ImclassTrain", *common, "-out", os.path.join(out, "model.yaml"), "-outval", folds)
    check(result.returncode == 0, result.stdout + result.stderr)
    layer_source = ogr.Open(folds)
    layer = layer_source.GetLayer(0)
    labels = sorted({(f.GetField("label"), f.GetField("fold")) for f in layer})
    check(layer_source.GetDriver().GetName() == "GeoJSON" and {label for label, _ in labels} == {0, 1} and {fold for _, fold in labels} == {0, 1},
          f"-outval .geojson holds labels and folds: {labels}")


if __name__ == "__main__":
    out, scene = sys.argv[1:3]
    os.makedirs(out, exist_ok=True)
    integer_stacks(out, scene)
    vector_formats(out)
    training_outputs(out, scene)
    print("OK")
