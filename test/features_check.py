#!/usr/bin/python3
"""ImclassFeatures checks against independent computations (OTB's own applications, numpy).

usage: features_check.py CHECK OUTDIR INPUTS...   (OTB_APPLICATION_PATH must point at the build)
  oracle-indices  OUT l7_etms.tif        indices equal otbcli_RadiometricIndices
  oracle-textures OUT l7_etms.tif SET    textures equal otbcli_HaralickTextureExtraction (SET simple|advanced)
  robust-range    OUT l7_etms.tif        default texture range = 1st/99th percentiles of the band
  scene           OUT post.tif mask.tif  bands, names, no-data and mask on the generated scene
  pan             OUT post.tif           VHR mode: output on the pan grid, fused bands follow the truth
  errors          OUT post.tif           bad input: one FATAL line naming the parameter, no output
"""
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal

from imclass_checks import check, expect_refusal

gdal.UseExceptions()
L57_BANDS = ["blue", "green", "red", "nir", "swir1", "swir2"]
S2_BANDS = ["blue", "green", "red", "re1", "re2", "re3", "nir", "nir2", "swir1", "swir2"]


def run(*args, expect_ok=True):
    result = subprocess.run(["otbcli"] + [str(a) for a in args], capture_output=True, text=True)
    if expect_ok and result.returncode != 0:
        sys.exit(f"command failed: {' '.join(map(str, args))}\n{result.stdout}\n{result.stderr}")
    return result


def read(path):
    ds = gdal.Open(path)
    names = [ds.GetRasterBand(i + 1).GetDescription() for i in range(ds.RasterCount)]
    return ds.ReadAsArray().astype(np.float64).reshape(ds.RasterCount, ds.RasterYSize, ds.RasterXSize), names


def close(actual, expected, tolerance, what):
    error = np.max(np.abs(actual - expected) / np.maximum(1.0, np.abs(expected)))
    check(error <= tolerance, f"{what}: max relative error {error:.3g} > {tolerance}")
    print(f"{what}: max relative error {error:.3g} (tolerance {tolerance})")


def oracle_indices(out, image):
    ours = os.path.join(out, "feat_indices.tif")
    run("ImclassFeatures", "-in", image, "-sensor", "l57", "-texture", "none",
        "-indices", "ndvi", "savi", "ndwi", "mndwi", "ndmi", "brightness", "-out", ours)
    theirs = os.path.join(out, "otb_indices.tif")
    # OTB's mir channel is ImCLASS's swir1 (band 5 of Landsat-7 B1-B5, B7).
    run("RadiometricIndices", "-in", image, "-channels.blue", 1, "-channels.green", 2, "-channels.red", 3,
        "-channels.nir", 4, "-channels.mir", 5, "-list", "Vegetation:NDVI", "Vegetation:SAVI", "Water:NDWI2",
        "Water:MNDWI", "Water:NDWI", "Soil:BI2", "-out", theirs)
    stack, names = read(ours)
    reference, _ = read(theirs)
    check(names[:6] == ["b_" + b for b in L57_BANDS], f"band names {names[:6]}")
    # Both compute in float32 with the same formulas; the tolerance covers float rounding only.
    for k, name in enumerate(["ndvi", "savi", "ndwi", "mndwi", "ndmi", "brightness"]):
        check(names[6 + k] == name, f"band {7 + k} is {names[6 + k]}, expected {name}")
        close(stack[6 + k], reference[k], 1e-5, name + " vs RadiometricIndices")


def texture_args(band, low, high, radius=2, bins=16):
    return ["-parameters.xrad", radius, "-parameters.yrad", radius, "-parameters.xoff", 1, "-parameters.yoff", 1,
            "-parameters.min", low, "-parameters.max", high, "-parameters.nbbin", bins, "-channel", band]


def oracle_textures(out, image, texture_set):
    ours = os.path.join(out, f"feat_textures_{texture_set}.tif")
    low, high = 20, 120
    run("ImclassFeatures", "-in", image, "-sensor", "l57", "-indices", "ndvi", "-texture", texture_set,
        "-tex.band", "nir", "-tex.radius", 3, "-tex.bins", 12, "-tex.min", low, "-tex.max", high, "-out", ours)
    theirs = os.path.join(out, f"otb_textures_{texture_set}.tif")
    run("HaralickTextureExtraction", "-in", image, "-texture", texture_set,
        *texture_args(4, low, high, radius=3, bins=12), "-out", theirs)
    stack, names = read(ours)
    reference, _ = read(theirs)
    count = reference.shape[0]
    check(len(names) == 6 + 1 + count, f"{len(names)} bands")
    check(names[7].startswith("tex_") and names[7].endswith("_nir_r3"), f"texture name {names[7]}")
    # The same OTB filter computes both: equal up to float32 rounding.
    close(stack[7:], reference, 1e-5, f"{count} {texture_set} textures vs HaralickTextureExtraction")


def robust_range(out, image):
    ours = os.path.join(out, "feat_range.tif")
    run("ImclassFeatures", "-in", image, "-sensor", "l57", "-indices", "ndvi", "-out", ours)
    ours_ds = gdal.Open(ours)
    recipe = dict(item.split("=", 1) for item in ours_ds.GetMetadataItem("IMCLASS_RECIPE").split(";"))
    image_ds = gdal.Open(image)  # kept alive while its band is read (GDAL's Python bindings need it)
    nir = np.sort(image_ds.GetRasterBand(4).ReadAsArray().ravel().astype(np.float64))
    expected = [nir[int(np.floor(q * (nir.size - 1) + 0.5))] for q in (0.01, 0.99)]
    actual = [float(recipe["texture.min"]), float(recipe["texture.max"])]
    check(actual == expected, f"texture range {actual}, expected percentiles {expected}")
    print(f"default texture range {actual} = 1st/99th percentiles of nir")
    # The same range given explicitly gives the same textures: the default is only that range.
    explicit = os.path.join(out, "feat_range_explicit.tif")
    run("ImclassFeatures", "-in", image, "-sensor", "l57", "-indices", "ndvi", "-tex.min", actual[0],
        "-tex.max", actual[1], "-out", explicit)
    check(np.array_equal(read(ours)[0], read(explicit)[0]), "explicit range gives other textures")


def scene(out, post, mask):
    ours = os.path.join(out, "feat_scene.tif")
    run("ImclassFeatures", "-in", post, "-sensor", "s2", "-mask", mask, "-texture", "simple", "-out", ours)
    stack, names = read(ours)
    image, _ = read(post)
    valid = gdal.Open(mask).ReadAsArray() != 0
    check(len(names) == 10 + 10 + 8, f"{len(names)} bands, expected 28 (10 bands, 10 indices, 8 textures)")
    check(names[:10] == ["b_" + b for b in S2_BANDS], f"band names {names[:10]}")
    check(names[10:20] == ["ndvi", "savi", "ndwi", "mndwi", "ndbi", "ndmi", "nbr", "bsi", "brightness", "ndre"],
          f"index names {names[10:20]}")
    check(names[20] == "tex_energy_nir_r2", f"first texture {names[20]}")
    ds = gdal.Open(ours)
    check(all(ds.GetRasterBand(i + 1).GetNoDataValue() == -9999 for i in range(ds.RasterCount)), "no-data not declared")
    check(np.all(stack[:, ~valid] == -9999), "masked pixels are not -9999 in every band")
    check(np.all(stack[:, valid] != -9999), "valid pixels hold -9999")
    check(np.array_equal(stack[:10][:, valid], image[:, valid]), "b_ bands differ from the input")
    swir1, nir = image[8][valid], image[6][valid]
    close(stack[14][valid], (swir1 - nir) / (swir1 + nir), 1e-5, "ndbi vs numpy")
    print(f"{valid.size - valid.sum()} masked pixels are no-data in all 28 bands")


def pan(out, post):
    # A VHR pair made from the scene: pan = mean of blue, green, red, nir at 10 m; XS at 40 m.
    post_ds = gdal.Open(post)
    truth = post_ds.ReadAsArray().astype(np.float32)
    pan_path, xs_path = os.path.join(out, "vhr_pan.tif"), os.path.join(out, "vhr_xs.tif")
    pan_ds = gdal.GetDriverByName("GTiff").Create(pan_path, post_ds.RasterXSize, post_ds.RasterYSize, 1, gdal.GDT_Float32)
    pan_ds.SetGeoTransform(post_ds.GetGeoTransform())
    pan_ds.SetProjection(post_ds.GetProjection())
    pan_ds.GetRasterBand(1).WriteArray(truth[[0, 1, 2, 6]].mean(axis=0))
    pan_ds = None
    gdal.Translate(xs_path, post, bandList=[1, 2, 3, 7], xRes=40, yRes=40, resampleAlg="average")
    ours = os.path.join(out, "feat_vhr.tif")
    run("ImclassFeatures", "-in", xs_path, "-sensor", "spot67", "-pan", pan_path, "-out", ours)
    stack, names = read(ours)
    check(stack.shape[1:] == truth.shape[1:], f"output {stack.shape[1:]} is not on the pan grid {truth.shape[1:]}")
    check(names[:5] == ["b_blue", "b_green", "b_red", "b_nir", "b_pan"], f"names {names[:5]}")
    check(names[-1] == "tex_haralick_correlation_pan_r2", f"textures are not on pan: {names[-1]}")
    # Fusion restores detail: the fused red is closer to the true 10 m red than the 40 m red is.
    inner = (slice(8, -8), slice(8, -8))
    upsampled = np.kron(gdal.Open(xs_path).ReadAsArray()[2].astype(np.float32), np.ones((4, 4)))
    fused_error = np.abs(stack[2][inner] - truth[2][inner]).mean()
    coarse_error = np.abs(upsampled[inner] - truth[2][inner]).mean()
    check(fused_error < 0.9 * coarse_error, f"fused red error {fused_error:.1f} not below 40 m red error {coarse_error:.1f}")
    print(f"VHR mode: fused red mean error {fused_error:.1f}, 40 m red {coarse_error:.1f}")


def errors(out, post):
    tiny = os.path.join(out, "tiny.tif")
    gdal.Translate(tiny, post, srcWin=[0, 0, 4, 4])
    empty = os.path.join(out, "all_nodata.tif")
    gdal.Translate(empty, post, noData=0)
    empty_ds = gdal.Open(empty, gdal.GA_Update)
    for b in range(empty_ds.RasterCount):
        empty_ds.GetRasterBand(b + 1).Fill(0)
    empty_ds = None
    cases = [
        (["-in", post, "-indices", "ndvi", "evi"], "-indices: unknown index 'evi'"),
        (["-in", post, "-sensor", "l8"], "-sensor: a Landsat-8/9 OLI image has 6 or 7 bands, this one has 10"),
        (["-in", post, "-sensor", "generic"], "-sensor: 'generic' needs -bandnames"),
        (["-in", post, "-sensor", "generic", "-bandnames", "red", "nir"], "-bandnames: 2 names given for an image of 10 bands"),
        (["-in", post, "-bandnames", "blue", "green", "red", "re1", "re2", "re3", "nir", "nir2", "swir1", "other",
          "-indices", "nbr"], "-indices: nbr needs band swir2"),
        (["-in", post, "-tex.band", "pan"], "-tex.band: the image has no band 'pan'"),
        (["-in", post, "-tex.min", "10"], "-tex.min: give both -tex.min and -tex.max"),
        (["-in", post, "-tex.min", "10", "-tex.max", "5"], "-tex.max: must be greater than -tex.min"),
        (["-in", tiny, "-tex.radius", "2"], "-tex.radius: a window of 5 pixels does not fit in a 4 x 4 image"),
        (["-in", os.path.join(out, "missing.tif")], "missing.tif"),
        (["-in", empty, "-texture", "none"], "-out: every pixel is no-data"),
        (["-in", empty], "the texture band has no valid pixel"),
    ]
    for k, (arguments, message) in enumerate(cases):
        expect_refusal("ImclassFeatures", arguments, message, os.path.join(out, f"feat_error_{k}.tif"))


if __name__ == "__main__":
    check_name, outdir, inputs = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(outdir, exist_ok=True)
    {"oracle-indices": oracle_indices, "oracle-textures": oracle_textures, "robust-range": robust_range,
     "scene": scene, "pan": pan, "errors": errors}[check_name](outdir, *inputs)
    print("OK")
