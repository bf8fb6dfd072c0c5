#!/usr/bin/python3
"""ImclassPredict's fused mode: from the raw images and the recipes the model records, the very
probabilities of the two-step chain (stacks written, then predicted), to the last bit; the inputs
a model needs are asked for by name. ImclassTrain from recipe files (stacks built in memory)
gives the model of the written stacks.

usage: fused_check.py OUTDIR SCENE_DIR DEBIAN_DATA SAR_SCENE_DIR   (OTB_APPLICATION_PATH must point at the build)
  bi-date: the landslide scene (Sentinel-2-like pair with a cloud mask, textures, DEM at 3 scales)
  mono-date: the Olinda Landsat-7 scene with its DEM (textures, advanced set too)
  SAR: the Sentinel-1-like pair of the SAR scene reprojected to EPSG:4326, on the grid of the
       Sentinel-2 pre image (-grid) beside that image's stack (speckle filters, mean-ratios,
       textures of vv), trained from the written stacks and from the recipes (the stack on the
       other's grid is built last but keeps its place: the same model); a Sentinel-2 pre /
       Sentinel-1 post pair
"""
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal

from imclass_checks import check, expect_refusal

gdal.UseExceptions()


def otbcli(app, *arguments):
    result = subprocess.run(["otbcli", app] + [str(a) for a in arguments], capture_output=True, text=True)
    check(result.returncode == 0, f"{app} {arguments} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return result.stdout + result.stderr


def pixels(path):
    dataset = gdal.Open(path)
    return dataset.GetRasterBand(1).ReadAsArray()


def same_to_the_bit(two_step, fused, what):
    a, b = pixels(two_step), pixels(fused)
    check(a.dtype == np.float32 and a.tobytes() == b.tobytes(), f"{what}: the fused map differs from the two-step map in "
          f"{np.count_nonzero(a != b)} pixels")
    valid = a != -9999
    check(valid.mean() > 0.5 and 0 < a[valid].mean() < 1, f"{what}: a real map ({valid.mean():.2f} valid, mean {a[valid].mean():.3f})")
    print(f"{what}: fused = two-step, {a.size} pixels, {np.count_nonzero(valid)} valid, bit for bit")


def same_model(model, from_recipes):
    """The model trained from recipes is the one trained from the written stacks."""
    with open(model) as a, open(from_recipes) as b:
        # The models differ only by what they name as their inputs (stacks or recipe files).
        differ = [(x, y) for x, y in zip(a, b) if x != y]
    check(len(differ) <= 3 and all("recipe.txt" in y for _, y in differ), f"the model from the recipes differs: {differ[:4]}")


def bi_date(out, scene):
    stack, topo, model = f"{out}/change.tif", f"{out}/topo.tif", f"{out}/change_model.yaml"
    otbcli("ImclassChangeFeatures", "-pre", f"{scene}/pre.tif", "-post", f"{scene}/post.tif", "-postmask", f"{scene}/post_mask.tif",
           "-texture", "all", "-out", stack)
    otbcli("ImclassTopo", "-in", f"{scene}/post.tif", "-dem", f"{scene}/dem.tif", "-scales", 1, 3, "-out", topo)
    otbcli("ImclassTrain", "-il", stack, topo, "-vec", f"{scene}/samples.gpkg", "-class.field", "label", "-class.value", 1, "-rf.nbtrees", 30,
           "-sampling.folds", 3, "-out", model)
    otbcli("ImclassPredict", "-il", stack, topo, "-model", model, "-out", f"{out}/change_two_step.tif")
    log = otbcli("ImclassPredict", "-model", model, "-pre", f"{scene}/pre.tif", "-post", f"{scene}/post.tif", "-postmask", f"{scene}/post_mask.tif",
                 "-dem", f"{scene}/dem.tif", "-ram", 16, "-out", f"{out}/change_fused.tif")
    check("Fused mode: 2 stacks rebuilt" in log, "the fused mode says what it rebuilt")
    same_to_the_bit(f"{out}/change_two_step.tif", f"{out}/change_fused.tif", "bi-date with textures and topography")
    # No stack written at all: the feature applications write their recipes, ImclassTrain builds
    # the stacks in memory from them and the raw images; the same model as from the written stacks.
    otbcli("ImclassChangeFeatures", "-pre", f"{scene}/pre.tif", "-post", f"{scene}/post.tif", "-postmask", f"{scene}/post_mask.tif",
           "-texture", "all", "-recipe", f"{out}/change_recipe.txt")
    otbcli("ImclassTopo", "-in", f"{scene}/post.tif", "-dem", f"{scene}/dem.tif", "-scales", 1, 3, "-recipe", f"{out}/topo_recipe.txt")
    check(not os.path.exists(f"{out}/change_recipe.tif"), "a recipe alone writes no stack")
    from_recipes = f"{out}/recipes_model.yaml"
    log = otbcli("ImclassTrain", "-recipes", f"{out}/change_recipe.txt", f"{out}/topo_recipe.txt", "-pre", f"{scene}/pre.tif", "-post",
                 f"{scene}/post.tif", "-postmask", f"{scene}/post_mask.tif", "-dem", f"{scene}/dem.tif", "-vec", f"{scene}/samples.gpkg",
                 "-class.field", "label", "-class.value", 1, "-rf.nbtrees", 30, "-sampling.folds", 3, "-out", from_recipes)
    check("built in memory from 2 recipe files" in log, "the training says it built the stacks from the recipes")
    same_model(model, from_recipes)
    otbcli("ImclassPredict", "-model", from_recipes, "-pre", f"{scene}/pre.tif", "-post", f"{scene}/post.tif", "-postmask", f"{scene}/post_mask.tif",
           "-dem", f"{scene}/dem.tif", "-out", f"{out}/recipes_fused.tif")
    same_to_the_bit(f"{out}/change_two_step.tif", f"{out}/recipes_fused.tif", "no stack written (recipes, training and prediction from raw images)")

    # What a model needs and was not given is asked for by name.
    expect_refusal("ImclassPredict", ["-model", model, "-pre", f"{scene}/pre.tif", "-post", f"{scene}/post.tif"],
                   "-dem: the model uses topographic features: give the DEM with -dem or -elev.dem", f"{out}/refused.tif")
    expect_refusal("ImclassPredict", ["-model", model, "-post", f"{scene}/post.tif", "-dem", f"{scene}/dem.tif"],
                   "-pre: the model's stack 1 was made from two dates (ImclassChangeFeatures): give -pre and -post", f"{out}/refused.tif")
    expect_refusal("ImclassPredict", ["-model", model, "-in", f"{scene}/post.tif"], "-pre: the model's stack 1 was made from two dates",
                   f"{out}/refused.tif")
    expect_refusal("ImclassPredict", ["-model", model], "-il: give the feature stacks (-il), or the raw images", f"{out}/refused.tif")
    # A model from before d_cva read 3 x 3 windows (no cva.radius in its recipe) is not predicted
    # with today's d_cva.
    text = open(model).read()
    check("cva.radius=1;" in text, "the model records the window of d_cva")
    with open(f"{out}/per_pixel_cva_model.yaml", "w") as old_model:
        old_model.write(text.replace("cva.radius=1;", ""))
    expect_refusal("ImclassPredict", ["-model", f"{out}/per_pixel_cva_model.yaml", "-pre", f"{scene}/pre.tif", "-post", f"{scene}/post.tif",
                                      "-postmask", f"{scene}/post_mask.tif", "-dem", f"{scene}/dem.tif"],
                   "-model: the model's stack 1 has the per-pixel d_cva of ImCLASS before d_cva read 3 x 3 windows: retrain", f"{out}/refused.tif")

    # A model that kept 10 features: the two-step map (features picked from the full stacks) and
    # the fused one (only what the 10 need is computed) are the same.
    selected = f"{out}/selected_model.yaml"
    log = otbcli("ImclassTrain", "-il", stack, topo, "-vec", f"{scene}/samples.gpkg", "-class.field", "label", "-class.value", 1, "-rf.nbtrees", 30,
                 "-sampling.folds", 3, "-select.count", 10, "-out", selected)
    check("Feature selection: 10 of " in log and "with all" in log, "the selection reports the out-of-fold F1 with all features and with the 10")
    all_names = []
    for path in (stack, topo):
        dataset = gdal.Open(path)  # kept alive while its bands are read
        all_names += [dataset.GetRasterBand(b + 1).GetDescription() for b in range(dataset.RasterCount)]
        dataset = None
    with open(selected) as model_file:
        text = model_file.read()
    kept = text.split("feature_names:")[1].split("input_stacks")[0].split()
    kept = [name.strip('-"') for name in kept if name.strip('-"')]
    check(len(kept) == 10 and kept == [name for name in all_names if name in kept], f"the model records its 10 features in stack order: {kept}")
    otbcli("ImclassPredict", "-il", stack, topo, "-model", selected, "-out", f"{out}/selected_two_step.tif")
    log = otbcli("ImclassPredict", "-model", selected, "-pre", f"{scene}/pre.tif", "-post", f"{scene}/post.tif", "-postmask",
                 f"{scene}/post_mask.tif", "-dem", f"{scene}/dem.tif", "-out", f"{out}/selected_fused.tif")
    computed = int(log.split(" bands computed for its 10 features")[0].split("(")[-1])
    check(computed < len(all_names), f"the fused mode computed {computed} bands, all the recipes make {len(all_names)}")
    print(f"selection: {computed} of {len(all_names)} bands computed for the model's 10 features")
    same_to_the_bit(f"{out}/selected_two_step.tif", f"{out}/selected_fused.tif", "bi-date, 10 features selected")


def mono_date(out, debian):
    image, dem = f"{debian}/l7_etms.tif", f"{debian}/olinda_dem.tif"
    stack, topo, model = f"{out}/mono.tif", f"{out}/mono_topo.tif", f"{out}/mono_model.yaml"
    samples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "train_olinda_urban.gpkg")
    otbcli("ImclassFeatures", "-in", image, "-sensor", "l57", "-texture", "all", "-tex.radius", 3, "-tex.bins", 24, "-out", stack)
    otbcli("ImclassTopo", "-in", image, "-dem", dem, "-out", topo)
    otbcli("ImclassTrain", "-il", stack, topo, "-vec", samples, "-class.field", "label", "-class.value", 1, "-class.negvalue", 0,
           "-rf.nbtrees", 30, "-out", model)
    otbcli("ImclassPredict", "-il", stack, topo, "-model", model, "-out", f"{out}/mono_two_step.tif")
    otbcli("ImclassPredict", "-model", model, "-in", image, "-dem", dem, "-ram", 8, "-out", f"{out}/mono_fused.tif")
    same_to_the_bit(f"{out}/mono_two_step.tif", f"{out}/mono_fused.tif", "mono-date Landsat-7 with 18 textures and topography")


def sar(out, scene):
    s2, s1 = f"{scene}/pre.tif", [f"{out}/s1_{date}_4326.tif" for date in ("pre", "post")]
    for date, path in zip(("pre", "post"), s1):
        gdal.Warp(path, f"{scene}/s1_{date}.tif", dstSRS="EPSG:4326", resampleAlg="near")
    optical, radar, model = f"{out}/s2_pre.tif", f"{out}/s1_on_s2.tif", f"{out}/sar_model.yaml"
    train = ["-vec", f"{scene}/samples.gpkg", "-class.field", "label", "-class.value", 1, "-rf.nbtrees", 30, "-sampling.folds", 3]
    radar_settings = ["-pre", s1[0], "-post", s1[1], "-presensor", "s1", "-postsensor", "s1", "-grid", s2, "-sar.filter", "gammamap", "-sar.radius", 3]
    otbcli("ImclassFeatures", "-in", s2, "-texture", "none", "-out", optical, "-recipe", f"{out}/s2_recipe.txt")
    otbcli("ImclassChangeFeatures", *radar_settings, "-out", radar, "-recipe", f"{out}/s1_recipe.txt")
    otbcli("ImclassTrain", "-il", radar, optical, *train, "-out", model)
    # The stacks built in memory from the recipes (the SAR one on the optical grid): the same model.
    from_recipes = f"{out}/sar_recipes_model.yaml"
    otbcli("ImclassTrain", "-recipes", f"{out}/s1_recipe.txt", f"{out}/s2_recipe.txt", "-pre", s1[0], "-post", s1[1], "-in", s2, *train,
           "-out", from_recipes)
    same_model(model, from_recipes)
    otbcli("ImclassPredict", "-il", radar, optical, "-model", model, "-out", f"{out}/sar_two_step.tif")
    # The SAR stack is rebuilt on the grid of the optical one, given or not.
    otbcli("ImclassPredict", "-model", model, "-pre", s1[0], "-post", s1[1], "-in", s2, "-ram", 8, "-out", f"{out}/sar_fused.tif")
    same_to_the_bit(f"{out}/sar_two_step.tif", f"{out}/sar_fused.tif", "Sentinel-1 pair on the grid of a Sentinel-2 stack")
    otbcli("ImclassPredict", "-model", model, "-pre", s1[0], "-post", s1[1], "-in", s2, "-grid", s2, "-out", f"{out}/sar_fused_grid.tif")
    same_to_the_bit(f"{out}/sar_two_step.tif", f"{out}/sar_fused_grid.tif", "the same with -grid")
    # A Sentinel-1 stack on another image's grid alone: that image is asked for.
    alone, alone_model = f"{out}/s1_alone.tif", f"{out}/s1_alone_model.yaml"
    otbcli("ImclassFeatures", "-in", s1[1], "-sensor", "s1", "-grid", s2, "-texture", "none", "-out", alone)
    otbcli("ImclassTrain", "-il", alone, *train, "-out", alone_model)
    expect_refusal("ImclassPredict", ["-model", alone_model, "-in", s1[1]],
                   "-grid: the model's stack 1 was made on the grid of another image (-grid): give that image with -grid", f"{out}/refused.tif")
    # A Sentinel-2 pre date and a Sentinel-1 post date in one stack.
    mixed, mixed_model = f"{out}/s2_s1.tif", f"{out}/s2_s1_model.yaml"
    otbcli("ImclassChangeFeatures", "-pre", s2, "-presensor", "s2", "-post", s1[1], "-postsensor", "s1", "-ref", "pre", "-out", mixed)
    otbcli("ImclassTrain", "-il", mixed, *train, "-out", mixed_model)
    otbcli("ImclassPredict", "-il", mixed, "-model", mixed_model, "-out", f"{out}/s2_s1_two_step.tif")
    otbcli("ImclassPredict", "-model", mixed_model, "-pre", s2, "-post", s1[1], "-out", f"{out}/s2_s1_fused.tif")
    same_to_the_bit(f"{out}/s2_s1_two_step.tif", f"{out}/s2_s1_fused.tif", "Sentinel-2 pre / Sentinel-1 post")


if __name__ == "__main__":
    out, scene, debian, sar_scene = sys.argv[1:5]
    os.makedirs(out, exist_ok=True)
    bi_date(out, scene)
    mono_date(out, debian)
    sar(out, sar_scene)
    print("OK")
