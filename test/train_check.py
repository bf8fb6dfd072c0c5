#!/usr/bin/python3
"""ImclassTrain checks: runs otbcli and compares with independent computations (GDAL rasterization
of the sample polygons, OGR geometry tests) and with itself under other threads, tiles and inputs.

Usage: train_check.py <check> <output dir> <args...>  (see CHECKS at the end)."""
import filecmp
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
from osgeo import gdal, ogr, osr

from imclass_checks import cross_validated_choice, model_metadata, pu_corrected_precision, votes_class_prior

gdal.UseExceptions()
ogr.UseExceptions()


def fail(message):
    print("FAIL: " + message)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
    print("ok: " + message)


def otbcli(app, *args, env=None, expect_fail=False):
    full_env = dict(os.environ, **(env or {}))
    result = subprocess.run(["otbcli", app, *map(str, args)], capture_output=True, text=True, env=full_env)
    output = result.stdout + result.stderr
    if expect_fail:
        if result.returncode == 0:
            fail("%s %s should have failed:\n%s" % (app, " ".join(map(str, args)), output))
    elif result.returncode != 0:
        fail("%s %s failed:\n%s" % (app, " ".join(map(str, args)), output))
    return output


def features(out, image, sensor, mask=None):
    stack = os.path.join(out, "features.tif")
    args = ["-in", image, "-sensor", sensor, "-texture", "simple", "-out", stack]
    if mask:
        args += ["-mask", mask]
    otbcli("ImclassFeatures", *args)
    return stack


def train(stack, vec, model, *extra, env=None):
    stacks = stack if isinstance(stack, list) else [stack]
    return otbcli("ImclassTrain", "-il", *stacks, "-vec", vec, "-out", model, "-rf.nbtrees", 30, *extra, env=env)


def check_cross_validation_record(meta):
    cv, counts = meta["cross_validation"], meta["counts"]
    check(sum(cv["positive_votes"]) == counts["positive"] and sum(cv["negative_votes"]) == counts["negative"],
          "every sample has out-of-fold votes (%d positive, %d negative)" % (counts["positive"], counts["negative"]))
    threshold, precision, recall, f1 = cross_validated_choice(meta)
    check(abs(cv["threshold"] - threshold) < 1e-12 and abs(cv["precision"] - precision) < 1e-9
          and abs(cv["recall"] - recall) < 1e-9 and abs(cv["f1"] - f1) < 1e-9,
          "recorded threshold %.3f and P/R/F1 %.4f %.4f %.4f = recomputed from the votes and areas (%.3f, %.4f %.4f %.4f)"
          % (cv["threshold"], cv["precision"], cv["recall"], cv["f1"], threshold, precision, recall, f1))


def valid_pixels_in(stack, vector, where=None):
    """Oracle: pixels whose centre is inside the polygons (GDAL's rasterization rule) and whose
    features are not no-data, on the grid of the stack."""
    ds = gdal.Open(stack)
    mask = gdal.GetDriverByName("MEM").Create("", ds.RasterXSize, ds.RasterYSize, 1, gdal.GDT_Byte)
    mask.SetGeoTransform(ds.GetGeoTransform())
    mask.SetProjection(ds.GetProjection())
    vds = ogr.Open(vector)
    layer = vds.GetLayer(0)
    if where:
        layer.SetAttributeFilter(where)
    gdal.RasterizeLayer(mask, [1], layer, burn_values=[1])
    inside = mask.ReadAsArray() == 1
    first = ds.GetRasterBand(1).ReadAsArray()
    return int(np.count_nonzero(inside & (first != -9999)))


def polygons(vector, where=None):
    vds = ogr.Open(vector)
    layer = vds.GetLayer(0)
    if where:
        layer.SetAttributeFilter(where)
    return [feature.GetGeometryRef().Clone() for feature in layer]


def scene_dir(out, name):
    path = os.path.join(out, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def folds_of(outval, label):
    vds = ogr.Open(outval)
    layer = vds.GetLayer(0)
    layer.SetAttributeFilter("label = %d" % label)
    return [(feature.GetField("fold"), feature.GetGeometryRef().Clone()) for feature in layer]


def check_scene(out, scene):
    """The landslide class is learned; sample counts match GDAL's rasterization of the polygons;
    every class polygon is in one fold, touching ones together, far from the other folds; the
    recorded scores are those of the out-of-fold votes."""
    out = scene_dir(out, "scene")
    stack = features(out, os.path.join(scene, "post.tif"), "s2", os.path.join(scene, "post_mask.tif"))
    samples = os.path.join(scene, "samples.gpkg")
    model, outval = os.path.join(out, "model.json"), os.path.join(out, "folds.gpkg")
    log = train(stack, samples, model, "-class.field", "label", "-class.value", 1, "-sampling.ratio", 4, "-sampling.folds", 3,
                "-outval", outval)
    meta = model_metadata(model)
    counts, cv = meta["counts"], meta["cross_validation"]
    print("landslide scene: cross-validated threshold %.3f precision %.3f recall %.3f F1 %.3f, counts %s"
          % (cv["threshold"], cv["precision"], cv["recall"], cv["f1"], counts))
    # Undigitized landslides are drawn as negatives and count as false positives: measured 0.86.
    check(cv["f1"] >= 0.75, "landslides learned: cross-validated F1 %.3f >= 0.75" % cv["f1"])
    check_cross_validation_record(meta)
    check("-sampling.folds:" not in log, "no fold warning when the polygons allow the folds asked for")
    small = counts["positive"] < 200
    check(small == ("pixels of the class were sampled" in log), "the small-class warning is given exactly when < 200 class pixels are sampled")
    positives = valid_pixels_in(stack, samples, "label = 1")
    check(counts["positive"] == positives and counts["positive_area"] == positives,
          "every valid pixel of the class polygons is a positive (%d, GDAL rasterization)" % positives)
    # Second oracle: OTB's PolygonClassStatistics (none of the class pixels of this scene is no-data).
    stats = os.path.join(out, "stats.xml")
    otbcli("PolygonClassStatistics", "-in", stack, "-vec", samples, "-field", "label", "-out", stats)
    root = ET.parse(stats).getroot()
    per_class = {m.get("key"): int(m.get("value")) for m in root.find("Statistic[@name='samplesPerClass']")}
    check(per_class["1"] == positives, "PolygonClassStatistics counts the same %d class pixels" % positives)
    negatives = counts["negative"]
    # Negatives on block borders are dropped (blocks of 50 pixels: 8 % of them).
    check(0.85 * 4 * positives <= negatives <= 4 * positives, "negatives follow -sampling.ratio 4 (%d for %d positives)" % (negatives, positives))
    stack_ds = gdal.Open(stack)  # kept alive while its band is read
    valid = int(np.count_nonzero(stack_ds.GetRasterBand(1).ReadAsArray() != -9999))
    check(0.8 * valid < counts["negative_area"] < valid - positives, "negative area: the valid pixels outside the buffer (%d of %d)"
          % (counts["negative_area"], valid))

    class_polygons = polygons(samples, "label = 1")
    same = lambda a, b: a.SymDifference(b).Area() < 1e-6
    folded = folds_of(outval, 1)
    check(len(folded) == len(class_polygons) and all(any(same(g, c) for _, g in folded) for c in class_polygons),
          "-outval holds every class polygon once")
    folds = sorted(set(f for f, _ in folded))
    check(folds == list(range(counts["folds"])) and counts["folds"] == min(3, len(class_polygons)),
          "folds 0..%d all used (%d class polygons)" % (counts["folds"] - 1, len(class_polygons)))
    apart = min((a.Distance(b), fa, fb) for fa, a in folded for fb, b in folded if fa != fb)
    check(apart[0] >= 15, "polygons of different folds are %.1f m apart or more (none touches)" % apart[0])
    touching = [(fa, fb) for fa, a in folded for fb, b in folded if a is not b and a.Distance(b) < 15]
    check(all(fa == fb for fa, fb in touching), "touching class polygons share a fold")
    blocks = folds_of(outval, 0)
    check(len(blocks) > 0 and set(f for f, _ in blocks) <= set(folds), "negative blocks written with label 0 and a fold")
    nearest = min(b.Distance(c) for _, b in blocks for c in class_polygons)
    check(nearest >= 49.5, "negative blocks stay 50 m (-sampling.buffer) away from class polygons (%.1f m)" % nearest)

    stack_ds = gdal.Open(stack)
    names = [stack_ds.GetRasterBand(b + 1).GetDescription() for b in range(stack_ds.RasterCount)]
    check(meta["feature_names"] == names, "the model records the stack's band names in order")
    importance = [item["value"] for item in meta["feature_importance"]]
    check(sorted(item["name"] for item in meta["feature_importance"]) == sorted(names)
          and importance == sorted(importance, reverse=True), "feature importance: every feature, most important first")
    check("Feature importance, top 10: 1. " + meta["feature_importance"][0]["name"] in log, "importance ranking logged")
    check(meta["class_definition"] == "samples.gpkg: label = 1" and meta["seed"] == "42", "class definition and seed recorded")


def check_reproducible(out, scene):
    """Byte-identical model and folds whatever the threads (the fold forests train in parallel)
    and the window size; another seed gives another model."""
    out = scene_dir(out, "reproducible")
    stack = features(out, os.path.join(scene, "post.tif"), "s2", os.path.join(scene, "post_mask.tif"))
    samples = os.path.join(scene, "samples.gpkg")
    runs = []
    for threads, ram in (("1", 1), ("2", 256)):
        model = os.path.join(out, "model_%s.yaml" % threads)
        outval = os.path.join(out, "folds_%s.gpkg" % threads)
        train(stack, samples, model, "-class.field", "label", "-class.value", 1, "-ram", ram, "-outval", outval,
              env={"ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS": threads, "OPENCV_FOR_THREADS_NUM": threads})
        vds = ogr.Open(outval)
        runs.append((model, [(f.GetField("label"), f.GetField("fold"), f.GetGeometryRef().ExportToWkt()) for f in vds.GetLayer(0)]))
    check(filecmp.cmp(runs[0][0], runs[1][0], shallow=False), "1 thread, 1 MB windows and 2 threads, 256 MB: byte-identical model")
    check(runs[0][1] == runs[1][1], "same folds")
    other = os.path.join(out, "model_seed7.yaml")
    train(stack, samples, other, "-class.field", "label", "-class.value", 1, "-seed", 7)
    check(not filecmp.cmp(runs[0][0], other, shallow=False), "another -seed gives another model")


def check_stacks(out, scene):
    """Two stacks in -il give the model of the one stack they were cut from; polygons in another
    CRS give the same samples."""
    out = scene_dir(out, "stacks")
    stack = features(out, os.path.join(scene, "post.tif"), "s2", os.path.join(scene, "post_mask.tif"))
    bands = gdal.Open(stack).RasterCount
    first, second = os.path.join(out, "first.tif"), os.path.join(out, "second.tif")
    gdal.Translate(first, stack, bandList=list(range(1, 6)))
    gdal.Translate(second, stack, bandList=list(range(6, bands + 1)))
    samples = os.path.join(scene, "samples.gpkg")
    single, double = os.path.join(out, "single.json"), os.path.join(out, "double.json")
    train(stack, samples, single, "-class.field", "label", "-class.value", 1)
    train([first, second], samples, double, "-class.field", "label", "-class.value", 1)
    with open(single) as a, open(double) as b:
        one, two = json.load(a), json.load(b)
    check(one["opencv_ml_rtrees"] == two["opencv_ml_rtrees"], "two stacks in -il: the forest of the single stack")
    check(one["imclass"]["feature_names"] == two["imclass"]["feature_names"], "two stacks in -il: same feature names")

    geographic = os.path.join(out, "samples_4326.geojson")
    gdal.VectorTranslate(geographic, samples, format="GeoJSON", dstSRS="EPSG:4326")
    reprojected = os.path.join(out, "reprojected.json")
    train(stack, geographic, reprojected, "-class.field", "label", "-class.value", 1)
    check(model_metadata(reprojected)["counts"] == model_metadata(single)["counts"], "polygons in EPSG:4326 GeoJSON: the same samples")


def check_modes(out, scene):
    """-split pixel deals each pixel into one of the folds; -class.negvalue, -roi and -neg draw
    negatives only where they say."""
    out = scene_dir(out, "modes")
    stack = features(out, os.path.join(scene, "post.tif"), "s2", os.path.join(scene, "post_mask.tif"))
    samples = os.path.join(scene, "samples.gpkg")
    model, outval = os.path.join(out, "pixel.json"), os.path.join(out, "pixel.gpkg")
    train(stack, samples, model, "-class.field", "label", "-class.value", 1, "-split", "pixel", "-sampling.folds", 4, "-outval", outval)
    meta = model_metadata(model)
    counts = meta["counts"]
    check_cross_validation_record(meta)
    # More folds than separate class polygons: one fold per polygon, and a warning saying so.
    many = os.path.join(out, "many_folds.json")
    log = train(stack, samples, many, "-class.field", "label", "-class.value", 1, "-sampling.folds", 9)
    groups = model_metadata(many)["counts"]["folds"]
    check(groups == len(polygons(samples, "label = 1")) and "-sampling.folds: %d folds instead of 9" % groups in log,
          "-sampling.folds 9 with %d class polygons: %d folds and a warning" % (len(polygons(samples, "label = 1")), groups))
    vds = ogr.Open(outval)
    folds = [f.GetField("fold") for f in vds.GetLayer(0)]
    check(len(folds) == counts["positive"] + counts["negative"], "pixel split: one -outval square per sample")
    shares = [folds.count(f) / len(folds) for f in range(4)]
    check(all(0.2 <= share <= 0.3 for share in shares), "pixel split: each of 4 folds holds about a quarter of the samples %s" % shares)

    model, outval = os.path.join(out, "negvalue.json"), os.path.join(out, "negvalue.gpkg")
    train(stack, samples, model, "-class.field", "label", "-class.value", 1, "-class.negvalue", 0, "-outval", outval,
          "-split.polygon.block", 300)
    counts = model_metadata(model)["counts"]
    negative_union = ogr.Geometry(ogr.wkbMultiPolygon)
    for geometry in polygons(samples, "label = 0"):
        negative_union = negative_union.Union(geometry)
    blocks = polygons(outval, "label = 0")
    check(len(blocks) > 0 and all(negative_union.Buffer(1e-6).Contains(b) for b in blocks),
          "-class.negvalue 0: negative blocks lie inside the label 0 polygons")
    available = valid_pixels_in(stack, samples, "label = 0")
    check(0 < counts["negative"] <= available and counts["negative_area"] == available,
          "-class.negvalue 0: at most the %d valid pixels of the label 0 polygons, which the negatives stand for" % available)


    # -roi: negatives only in the left half of the image; -neg: only in the given polygons.
    stack_ds = gdal.Open(stack)
    x0, size, _, y0, _, _ = stack_ds.GetGeoTransform()
    half = ogr.CreateGeometryFromWkt("POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))" % (
        x0, y0, x0 + 100 * size, y0, x0 + 100 * size, y0 - 200 * size, x0, y0 - 200 * size, x0, y0))
    roi = os.path.join(out, "roi.gpkg")
    vds = ogr.GetDriverByName("GPKG").CreateDataSource(roi)
    layer = vds.CreateLayer("roi", osr.SpatialReference(wkt=stack_ds.GetProjection()), ogr.wkbPolygon)
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(half)
    layer.CreateFeature(feature)
    vds = None
    model, outval = os.path.join(out, "roi.json"), os.path.join(out, "roi_val.gpkg")
    train(stack, samples, model, "-class.field", "label", "-class.value", 1, "-roi", roi, "-outval", outval, "-split.polygon.block", 300)
    blocks = polygons(outval, "label = 0")
    check(len(blocks) > 0 and all(half.Buffer(1e-6).Contains(b) for b in blocks), "-roi: negative blocks lie inside the area of interest")
    negatives = os.path.join(out, "negatives.geojson")
    gdal.VectorTranslate(negatives, samples, format="GeoJSON", where="label = 0")
    model, outval = os.path.join(out, "neg.json"), os.path.join(out, "neg_val.gpkg")
    train(stack, samples, model, "-class.field", "label", "-class.value", 1, "-neg", negatives, "-outval", outval, "-split.polygon.block", 300)
    blocks = polygons(outval, "label = 0")
    check(len(blocks) > 0 and all(negative_union.Buffer(1e-6).Contains(b) for b in blocks), "-neg: negative blocks lie inside -neg")

    # -sampling.max caps each class; -sampling.ratio sets negatives per positive.
    model = os.path.join(out, "capped.json")
    train(stack, samples, model, "-class.field", "label", "-class.value", 1, "-sampling.max", 100, "-sampling.ratio", 3, "-split", "pixel")
    counts = model_metadata(model)["counts"]
    check(counts["positive"] == 100, "-sampling.max 100: 100 positives")
    check(counts["negative"] == 100, "-sampling.max 100 also caps the 300 negatives of -sampling.ratio 3")
    model = os.path.join(out, "ratio.json")
    train(stack, samples, model, "-class.field", "label", "-class.value", 1, "-sampling.max", 100, "-sampling.ratio", 0.5, "-split", "pixel")
    counts = model_metadata(model)["counts"]
    check(counts["negative"] == 50, "-sampling.ratio 0.5: 50 negatives for 100 positives")


def check_olinda(out, debian_data, samples):
    """A real Landsat-7 scene (Olinda, Brazil) with urban polygons the project digitized."""
    out = scene_dir(out, "olinda")
    stack = features(out, os.path.join(debian_data, "l7_etms.tif"), "l57")
    model, outval = os.path.join(out, "urban.json"), os.path.join(out, "urban.gpkg")
    train(stack, samples, model, "-class.field", "label", "-class.value", 1, "-class.negvalue", 0, "-outval", outval)
    meta = model_metadata(model)
    cv = meta["cross_validation"]
    print("olinda urban: cross-validated threshold %.3f precision %.3f recall %.3f F1 %.3f, counts %s"
          % (cv["threshold"], cv["precision"], cv["recall"], cv["f1"], meta["counts"]))
    # Each of the 5 folds holds out one of the 5 urban polygons: measured 0.83.
    check(cv["f1"] >= 0.75, "urban learned on Landsat-7: cross-validated F1 %.3f >= 0.75" % cv["f1"])
    check_cross_validation_record(meta)
    positives = valid_pixels_in(stack, samples, "label = 1")
    check(meta["counts"]["positive"] == positives, "every pixel of the urban polygons is a positive (%d)" % positives)


def check_unlabelled(out, scene):
    """The gate (-gate.feature d_cva: only where Otsu's rule sees change) and the negatives a first
    cross-validation scores highest left out of training (-pu.exclude), on the landslide scene's
    change stack, against the same training without them."""
    out = scene_dir(out, "unlabelled")
    stack = os.path.join(out, "change.tif")
    otbcli("ImclassChangeFeatures", "-pre", os.path.join(scene, "pre.tif"), "-post", os.path.join(scene, "post.tif"),
           "-postmask", os.path.join(scene, "post_mask.tif"), "-texture", "none", "-out", stack)
    samples = os.path.join(scene, "samples.gpkg")
    cls = ["-class.field", "label", "-class.value", 1]
    models = {}
    for name, extra in (("plain", []), ("open", ["-gate.feature", "d_cva", "-gate.min", -1e30]), ("gated", ["-gate.feature", "d_cva"]),
                        ("closed", ["-gate.feature", "d_cva", "-gate.min", 1e30])):
        models[name] = os.path.join(out, name + ".json")
        train(stack, samples, models[name], *cls, *extra)
    meta = {name: model_metadata(path) for name, path in models.items()}
    forest = {name: json.loads(open(path).read().replace(": .Nan", ": NaN"))["opencv_ml_rtrees"] for name, path in models.items()}
    votes = {name: (m["cross_validation"]["positive_votes"], m["cross_validation"]["negative_votes"]) for name, m in meta.items()}
    check(all(forest[name] == forest["plain"] for name in models), "the gate does not change the forests, only how their votes count")
    check(votes["open"] == votes["plain"], "a gate every pixel passes keeps every vote")
    check(all(v[0] == sum(v) and v[0] > 0 for v in votes["closed"]), "a gate no pixel passes puts every sample at 0 votes")
    for side, (gated, plain) in enumerate(zip(votes["gated"], votes["plain"])):
        check(sum(gated) == sum(plain) and gated[0] > plain[0] and all(g <= p for g, p in zip(gated[1:], plain[1:])),
              "gated %s votes: the same samples, some moved to 0 votes (%d of %d)" % (("positive", "negative")[side], gated[0] - plain[0], sum(gated)))
    check(meta["gated"]["gate"] == {"feature": "d_cva", "minimum": 1.0}, "the model records the gate")
    check_cross_validation_record(meta["gated"])
    check(meta["gated"]["cross_validation"]["threshold"] > 0, "a gated model's threshold is above 0")

    # The negatives are drawn from the image: the class prior bounds the class's share among them,
    # from the votes alone without a gate, lower or equal with the gate feature as a second score.
    for name in ("plain", "gated"):
        cv = meta[name]["cross_validation"]
        votes_prior = votes_class_prior(meta[name])
        if name == "plain":
            check(abs(cv["class_prior"] - votes_prior) < 1e-9, "plain: class prior %.4f = the votes' mixture proportion (%.4f)" % (cv["class_prior"], votes_prior))
        check(0 < cv["class_prior"] <= votes_prior + 1e-12, "%s: class prior %.4f in (0, the votes' mixture proportion %.4f]" % (name, cv["class_prior"], votes_prior))
        corrected = pu_corrected_precision(meta[name], cv["class_prior"])
        check(abs(cv["precision_pu"] - corrected) < 1e-9 and cv["precision_pu"] >= cv["precision"],
              "%s: PU-corrected precision %.4f = recomputed (%.4f), above the lower bound %.4f" % (name, cv["precision_pu"], corrected, cv["precision"]))

    # ImclassPredict: probability 0 below the gate, the ungated forest's probability above it.
    d_cva = None
    stack_ds = gdal.Open(stack)
    for b in range(stack_ds.RasterCount):
        if stack_ds.GetRasterBand(b + 1).GetDescription() == "d_cva":
            d_cva = stack_ds.GetRasterBand(b + 1).ReadAsArray()
    probabilities = {}
    for name in ("plain", "gated"):
        path = os.path.join(out, name + "_probability.tif")
        otbcli("ImclassPredict", "-il", stack, "-model", models[name], "-out", path)
        probabilities[name] = gdal.Open(path).ReadAsArray()
    valid = d_cva != -9999
    below = valid & (d_cva < 1)
    check(below.any() and (valid & ~below).any(), "the scene has pixels on both sides of the gate (%d below)" % below.sum())
    check(np.all(probabilities["gated"][below] == 0), "gated probability 0 wherever d_cva < 1")
    check(np.array_equal(probabilities["gated"][~below], probabilities["plain"][~below]), "elsewhere the probability of the same forest")
    mapped = os.path.join(out, "gated_map.tif")
    otbcli("ImclassThreshold", "-in", os.path.join(out, "gated_probability.tif"), "-model", models["gated"], "-morpho", "none", "-out", mapped,
           "uint8")
    check(not np.any(gdal.Open(mapped).ReadAsArray()[below] == 1), "no class pixel below the gate in the unfiltered map")

    # -pu.exclude: the highest scored negatives leave the training, not the validation.
    excluded = os.path.join(out, "excluded.json")
    log = train(stack, samples, excluded, *cls, "-pu.exclude", 0.1)
    negatives = meta["plain"]["counts"]["negative"]
    left_out = [int(line.split("Unlabelled negatives: ")[1].split()[0]) for line in log.splitlines() if "Unlabelled negatives: " in line]
    plain_negative_votes = votes["plain"][1]
    scored = sum(plain_negative_votes[1:])  # negatives with at least one vote in the first cross-validation
    check(left_out == [min(round(0.1 * negatives), scored)], "%s negatives left out of training: 10 %% of %d, among the %d with a vote"
          % (left_out, negatives, scored))
    excluded_meta = model_metadata(excluded)
    check(sum(excluded_meta["cross_validation"]["negative_votes"]) == negatives and excluded_meta["counts"] == meta["plain"]["counts"],
          "every negative is still validated")
    check(json.load(open(excluded))["opencv_ml_rtrees"] != forest["plain"], "the forests are trained again without them")
    check_cross_validation_record(excluded_meta)
    output = otbcli("ImclassTrain", "-il", stack, "-vec", samples, *cls, "-gate.feature", "d_ndvi_max", "-out", os.path.join(out, "bad.json"),
                    expect_fail=True)
    check("-gate.feature: the stacks have no feature 'd_ndvi_max'" in output, "an unknown gate feature is refused")


def check_errors(out, scene):
    """Bad input: a non-zero exit, one line naming the parameter, no model left behind."""
    out = scene_dir(out, "errors")
    post = os.path.join(scene, "post.tif")
    stack = features(out, post, "s2", os.path.join(scene, "post_mask.tif"))
    samples = os.path.join(scene, "samples.gpkg")
    model = os.path.join(out, "model.yaml")

    def derived(name, sql):
        path = os.path.join(out, name)
        gdal.VectorTranslate(path, samples, SQLStatement=sql, SQLDialect="SQLite", layerName="samples")
        return path

    empty = derived("empty.gpkg", "SELECT * FROM samples WHERE label = 99")
    far = derived("far.gpkg", "SELECT label, ST_Translate(geom, 100000, 0, 0) AS geom FROM samples")
    points = derived("points.gpkg", "SELECT label, ST_Centroid(geom) AS geom FROM samples")
    one = derived("one.gpkg", "SELECT * FROM samples WHERE label = 1 LIMIT 1")
    tiny = derived("tiny.gpkg", "SELECT 1 AS label, ST_Buffer(ST_Centroid(geom), 1) AS geom FROM samples WHERE label = 1 LIMIT 1")
    bowtie = derived("bowtie.gpkg", "SELECT * FROM samples")
    vds = ogr.Open(bowtie, 1)
    layer = vds.GetLayer(0)
    feature = layer.GetFeature(1)
    x0, x1, y0, y1 = feature.GetGeometryRef().GetEnvelope()
    feature.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON((%f %f,%f %f,%f %f,%f %f,%f %f))" % (x0, y0, x1, y1, x1, y0, x0, y1, x0, y0)))
    layer.SetFeature(feature)
    vds = None
    nodata = os.path.join(out, "nodata.tif")
    all_nodata = gdal.Translate(nodata, stack)  # band names and no-data declaration kept
    for b in range(all_nodata.RasterCount):
        all_nodata.GetRasterBand(b + 1).Fill(-9999)
    all_nodata = None
    unnamed = os.path.join(out, "unnamed.tif")
    raw = gdal.Open(post)
    copy = gdal.GetDriverByName("GTiff").Create(unnamed, raw.RasterXSize, raw.RasterYSize, 1, gdal.GDT_UInt16)
    copy.SetGeoTransform(raw.GetGeoTransform())
    copy.SetProjection(raw.GetProjection())
    copy.GetRasterBand(1).WriteArray(raw.GetRasterBand(1).ReadAsArray())
    copy = None
    cropped = os.path.join(out, "cropped.tif")
    gdal.Translate(cropped, stack, srcWin=[0, 0, 100, 100])

    cls = ["-class.field", "label", "-class.value", 1]
    cases = [
        (["-il", stack, "-vec", samples, "-class.field", "kind", "-class.value", 1], "(FATAL) ImclassTrain: -class.field: '%s' has no field 'kind' (fields: label)" % samples),
        (["-il", stack, "-vec", samples, "-class.field", "label", "-class.value", 7], "-class.value: no feature of '%s' has label = '7' (values found: 0, 1)" % samples),
        (["-il", stack, "-vec", samples, "-class.value", 1], "-class.value: give -class.field too"),
        (["-il", stack, "-vec", empty], "-vec: layer 'samples' of '%s' is empty" % empty),
        (["-il", stack, "-vec", far] + cls, "-vec: none of the 4 polygons of '%s' with label = 1 overlaps the image" % far),
        (["-il", stack, "-vec", samples, "-roi", far] + cls, "-roi: none of the 10 polygons of '%s' overlaps the image" % far),
        (["-il", stack, "-vec", os.path.join(out, "missing.gpkg")], "-vec: cannot open"),
        (["-il", stack, "-vec", points] + cls, "-vec: '%s' holds no polygon with label = 1 (4 features without polygon geometry)" % points),
        (["-il", stack, "-vec", tiny], "-vec: the 1 polygons inside the image hold no pixel centre"),
        (["-il", stack, "-vec", one], "-split: the polygon split needs at least two separate positive polygons"),
        (["-il", nodata, "-vec", samples] + cls, "-il: all 608 pixels of the positive polygons are no-data"),
        (["-il", unnamed, "-vec", samples] + cls, "-il: band 1 of '%s' has no name" % unnamed),
        (["-il", stack, cropped, "-vec", samples] + cls, "-il: stack 2 (%s): 100 x 100 pixels, the first stack has 200 x 200" % cropped),
        (["-il", stack, stack, "-vec", samples] + cls, "-il: feature 'b_blue' is in '%s' and in '%s'" % (stack, stack)),
    ]
    for args, message in cases:
        # A model of an earlier run stands at -out: a failed run leaves it untouched, and no
        # partial file beside it.
        with open(model, "w") as earlier:
            earlier.write("an earlier model\n")
        output = otbcli("ImclassTrain", *args, "-out", model, expect_fail=True)
        check(message in output, "error names the parameter: " + message)
        with open(model) as earlier:
            check(earlier.read() == "an earlier model\n", "the earlier model is untouched")
        check(not [name for name in os.listdir(out) if ".partial-" in name], "no partial file is left")
    output = otbcli("ImclassTrain", "-il", stack, "-vec", samples, *cls, "-out", os.path.join(out, "model.rf"), expect_fail=True)
    check("-out: '%s' must end with .yaml, .yml, .xml or .json" % os.path.join(out, "model.rf") in output, "unknown model format refused")
    mixed = derived("mixed.gpkg", "SELECT label, geom FROM samples UNION ALL SELECT label, ST_Translate(geom, 100000, 0, 0) FROM samples")
    output = train(stack, mixed, model, *cls)
    check("4 polygons of mixed.gpkg lie outside the image: ignored" in output, "polygons outside the image are reported")
    output = train(stack, bowtie, model, *cls)
    check("1 invalid geometries of bowtie.gpkg repaired (feature ids 1)" in output and os.path.exists(model),
          "a self-intersecting polygon is repaired and reported")


CHECKS = {
    "scene": check_scene,              # out scene_dir
    "reproducible": check_reproducible,  # out scene_dir
    "stacks": check_stacks,            # out scene_dir
    "modes": check_modes,              # out scene_dir
    "unlabelled": check_unlabelled,    # out scene_dir
    "olinda": check_olinda,            # out debian_data samples.gpkg
    "errors": check_errors,            # out scene_dir
}

if __name__ == "__main__":
    CHECKS[sys.argv[1]](*sys.argv[2:])
