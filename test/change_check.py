#!/usr/bin/python3
"""ImclassChangeFeatures checks against independent computations (OTB's own applications, numpy).

usage: change_check.py CHECK OUTDIR INPUTS...   (OTB_APPLICATION_PATH must point at the build)
  pair     OUT l7_2001.tif l8_2013.tif   co-registered Landsat-7 / Landsat-8: every change feature
                                         against numpy, BandMath and HaralickTextureExtraction
  warped   OUT l7_2001.tif l8_2013.tif   post reprojected and resampled with gdalwarp: -ref pre and
                                         -ref post against otbcli_Superimpose + otbcli_BandMath
  l8s2     OUT pre.tif post.tif          Landsat-8-like 30 m pre / Sentinel-2-like 10 m post of the scene,
                                         against otbcli_Superimpose + otbcli_BandMath
  masks    OUT pre.tif post.tif mask.tif masks of both dates combine, input no-data propagates
  threads  OUT l7_2001.tif l8_2013.tif   same output with 1 thread in small blocks and 2 threads
  decimated OUT                          a generated 1100 x 1000 pair (above 1 000 000 pixels: d_cva's
                                         statistics and split from every second pixel of every second
                                         row), streamed in small blocks: d_cva and its split against numpy
  errors   OUT l7_2001.tif l8_2013.tif   bad input: one FATAL line naming the parameter, no output
"""
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal, osr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from features_check import close, read, run, texture_args  # noqa: E402
from imclass_checks import check, expect_refusal  # noqa: E402
from sar_check import box_mean  # noqa: E402

gdal.UseExceptions()
COMMON = ["blue", "green", "red", "nir", "swir1", "swir2"]
L57 = ["-presensor", "l57"]
L8 = ["-postsensor", "l8"]
NODATA = -9999


def band(stack, names, name):
    check(name in names, f"no band {name}")
    return stack[names.index(name)]


def recipe(path, date):
    items = gdal.Open(path).GetMetadataItem(f"IMCLASS_RECIPE_{date}").split(";")
    return dict(item.split("=", 1) for item in items)


def bandmath(out, name, expression, *images):
    path = os.path.join(out, f"bm_{name}.tif")
    run("BandMath", "-il", *images, "-exp", expression, "-out", path, "float")
    return read(path)[0][0]


def ndvi_expression(image, red, nir):
    r, n = f"im{image}b{red}", f"im{image}b{nir}"
    return f"(({n} + {r}) == 0 ? 0 : ({n} - {r}) / ({n} + {r}))"


def percentiles(values):
    """1st and 99th percentiles by nearest rank, as ImCLASS's robust texture range."""
    ordered = np.sort(values.ravel())
    return tuple(float(ordered[int(np.floor(q * (ordered.size - 1) + 0.5))]) for q in (0.01, 0.99))


def otsu_split(values):
    """Otsu's split in Otsu's own terms (1979): at each cut between two distinct sorted values, the
    class probability w and the first moment mu of the lower class give the between-class variance
    (mu_T w - mu)^2 / (w (1 - w)); the middle of the best cut (the first on ties)."""
    ordered = np.sort(values.ravel().astype(np.float64))
    cuts = np.nonzero(np.diff(ordered) > 0)[0] + 1  # lower class: ordered[:k]
    w = cuts / ordered.size
    mu = np.cumsum(ordered)[cuts - 1] / ordered.size
    between = (ordered.mean() * w - mu) ** 2 / (w * (1 - w))
    k = cuts[np.argmax(between)]
    return (ordered[k - 1] + ordered[k]) / 2


def standardised_change(pre_bands, post_bands, valid, step=1):
    """d_cva by numpy: each band standardised by its mean and deviation in its date over the valid
    pixels, the magnitude of the difference, its mean over the valid pixels of each 3 x 3 window
    (edge pixels repeated past the border); the smaller of the magnitude and that mean, divided by
    Otsu's split of the mean over the valid pixels. `step` > 1: the statistics and the split from every step-th pixel of every step-th row
    only (ImCLASS's decimation of large images). Returns d_cva and the split."""
    sampled = np.zeros_like(valid)
    sampled[::step, ::step] = valid[::step, ::step]

    def z(bands):
        return np.stack([(b - b[sampled].mean()) / b[sampled].std() for b in bands])
    magnitude = np.sqrt(((z(post_bands) - z(pre_bands)) ** 2).sum(0))

    with np.errstate(invalid="ignore", divide="ignore"):  # windows without a valid pixel: invalid centres
        mean = box_mean(np.where(valid, magnitude, 0.0), 1) / box_mean(valid.astype(np.float64), 1)
    split = otsu_split(mean[sampled])
    return np.minimum(magnitude, mean) / split, split


def recorded_split(path):
    return float(recipe(path, "change")["cva.split"])


def pair(out, l7, l8):
    """Same grid (no resampling): values are exact functions of the input pixels."""
    ours = os.path.join(out, "change_pair.tif")
    run("ImclassChangeFeatures", "-pre", l7, *L57, "-post", l8, *L8, "-out", ours)
    stack, names = read(ours)
    pre, _ = read(l7)
    post, _ = read(l8)
    pre_bands = dict(zip(COMMON, pre))                # l57: blue green red nir swir1 swir2
    post_bands = dict(zip(["coastal"] + COMMON, post))  # l8: coastal first
    # 6 + 9 indices + 8 textures per date (l8 adds b_coastal); change: 6 + 9 + 6 + 3 + 8.
    change = [n for n in names if n.startswith("d_")]
    check(len(names) == 23 + 24 + 32, f"{len(names)} bands, expected 79")
    check(change[:6] == ["d_b_" + b for b in COMMON] and "d_b_coastal" not in names, f"band differences {change[:6]}")
    check(change[21:24] == ["d_sam", "d_cvm", "d_cva"], f"{change[21:24]}")
    check(np.all(stack != NODATA), "a valid pair gave no-data")

    for name in COMMON:
        check(np.array_equal(band(stack, names, "d_b_" + name), post_bands[name] - pre_bands[name]), f"d_b_{name} != post - pre")
        expected = np.log((np.maximum(post_bands[name], 0) + 1e-3) / (np.maximum(pre_bands[name], 0) + 1e-3))
        close(band(stack, names, "d_lr_" + name), expected, 1e-5, f"d_lr_{name} vs numpy")
    a = np.stack([pre_bands[b] for b in COMMON])
    b = np.stack([post_bands[b] for b in COMMON])
    cosine = (a * b).sum(0) / np.sqrt((a * a).sum(0) * (b * b).sum(0))
    close(band(stack, names, "d_sam"), np.arccos(np.clip(cosine, -1, 1)), 1e-4, "d_sam vs numpy")
    close(band(stack, names, "d_cvm"), np.sqrt(((b - a) ** 2).sum(0)), 1e-5, "d_cvm vs numpy")
    cva, split = standardised_change(a, b, np.ones(a.shape[1:], bool))
    close(band(stack, names, "d_cva"), cva, 1e-5, "d_cva vs numpy")
    check(abs(recorded_split(ours) / split - 1) < 1e-6, f"recorded Otsu split {recorded_split(ours)}, numpy {split}")  # the mean is in single precision
    # Indices from OTB's BandMath (independent of ImCLASS's index code): l57 red=3 nir=4, l8 red=4 nir=5.
    d_ndvi = bandmath(out, "pair_ndvi", f"{ndvi_expression(2, 4, 5)} - {ndvi_expression(1, 3, 4)}", l7, l8)
    close(band(stack, names, "d_ndvi"), d_ndvi, 1e-5, "d_ndvi vs BandMath")

    # Textures: one range for both dates (the union of their robust ranges), and d_tex = the
    # difference of OTB's HaralickTextureExtraction of each date over that range.
    pre_recipe, post_recipe = recipe(ours, "pre"), recipe(ours, "post")
    low, high = float(pre_recipe["texture.min"]), float(pre_recipe["texture.max"])
    check((low, high) == (float(post_recipe["texture.min"]), float(post_recipe["texture.max"])), "texture ranges differ")
    ranks = [percentiles(pre_bands["nir"]), percentiles(post_bands["nir"])]
    expected = (min(ranks[0][0], ranks[1][0]), max(ranks[0][1], ranks[1][1]))
    check((low, high) == expected, f"shared range [{low}, {high}], expected the union of both dates' {ranks}")
    haralick = []
    for date, image, channel in (("pre", l7, 4), ("post", l8, 5)):
        path = os.path.join(out, f"haralick_{date}.tif")
        run("HaralickTextureExtraction", "-in", image, "-texture", "simple", *texture_args(channel, low, high), "-out", path)
        haralick.append(read(path)[0])
    d_tex = np.stack([band(stack, names, n) for n in change[24:]])
    close(d_tex, haralick[1] - haralick[0], 1e-4, "8 d_tex vs HaralickTextureExtraction(post) - (pre)")

    # Per-date ranges on request: each date's own robust range is recorded.
    perdate = os.path.join(out, "change_pair_perdate.tif")
    run("ImclassChangeFeatures", "-pre", l7, *L57, "-post", l8, *L8, "-tex.perdate", "1", "-texture", "advanced", "-out", perdate)
    ranges = [(recipe(perdate, d)["texture.min"], recipe(perdate, d)["texture.max"]) for d in ("pre", "post")]
    check(ranges[0] != ranges[1], f"-tex.perdate gave one range {ranges}")
    check(read(perdate)[1][-1] == "d_tex_ic2_nir_r2", "advanced texture differences missing")
    print(f"shared texture range [{low}, {high}]; per date {ranges}")


def warp(out, l8):
    """The post image reprojected to UTM 31N (the pair is in 32N), 45 m pixels, 0 outside."""
    warped = os.path.join(out, "l8_utm31_45m.tif")
    gdal.Warp(warped, l8, dstSRS="EPSG:32631", xRes=45, yRes=45, resampleAlg="bilinear", dstNodata=0)
    return warped


def compare_with_superimpose(out, ours, reference, moving, moving_is_post, tag, post_red=4, post_nir=5):
    """d_b_red and d_ndvi against otbcli_Superimpose (bicubic, as ours) + otbcli_BandMath. The pre
    image has the Landsat 6-band layout (red 3, nir 4); post_red, post_nir: bands of the post image."""
    stack, names = read(ours)
    superimposed = os.path.join(out, f"superimposed_{tag}.tif")
    run("Superimpose", "-inr", reference, "-inm", moving, "-interpolator", "bco", "-out", superimposed, "float")
    pre, post = (reference, superimposed) if moving_is_post else (superimposed, reference)
    d_red = bandmath(out, f"{tag}_red", f"im2b{post_red} - im1b3", pre, post)
    d_ndvi = bandmath(out, f"{tag}_ndvi", f"{ndvi_expression(2, post_red, post_nir)} - {ndvi_expression(1, 3, 4)}", pre, post)
    valid = stack[0] != NODATA
    moved = read(superimposed)[0]
    # Pixels Superimpose fills (outside the footprint) or interpolates from the warp's 0 border are no-data in ours.
    check(not np.any(valid & np.any(moved == 0, axis=0)), "pixels outside the resampled footprint are not no-data")
    check(valid.mean() > 0.5, f"only {valid.mean():.0%} valid pixels")
    check(np.all(stack[:, ~valid] == NODATA), "invalid pixels are not no-data in every band")
    close(band(stack, names, "d_b_red")[valid], d_red[valid], 1e-5, f"{tag}: d_b_red vs Superimpose + BandMath")
    close(band(stack, names, "d_ndvi")[valid], d_ndvi[valid], 1e-4, f"{tag}: d_ndvi vs Superimpose + BandMath")
    print(f"{tag}: {valid.sum()} valid pixels of {valid.size}")


def warped(out, l7, l8):
    post = warp(out, l8)
    # -ref pre: the warped post goes back onto the Landsat-7 grid.
    ours = os.path.join(out, "change_warped_refpre.tif")
    run("ImclassChangeFeatures", "-pre", l7, *L57, "-post", post, *L8, "-ref", "pre", "-out", ours)
    check(gdal.Open(ours).GetGeoTransform() == gdal.Open(l7).GetGeoTransform(), "-ref pre: output not on the -pre grid")
    compare_with_superimpose(out, ours, l7, post, True, "refpre")
    # -ref post (default): the Landsat-7 image goes onto the 45 m UTM 31N grid.
    ours = os.path.join(out, "change_warped_refpost.tif")
    run("ImclassChangeFeatures", "-pre", l7, *L57, "-post", post, *L8, "-texture", "none", "-out", ours)
    out_ds, post_ds = gdal.Open(ours), gdal.Open(post)
    check(out_ds.GetGeoTransform() == post_ds.GetGeoTransform() and out_ds.RasterXSize == post_ds.RasterXSize,
          "-ref post: output not on the -post grid")
    compare_with_superimpose(out, ours, post, l7, False, "refpost")
    # The mask of the resampled date follows it: -premask (on the -pre grid) hides its west half.
    pre_mask = os.path.join(out, "l7_west_masked.tif")
    gdal.Translate(pre_mask, l7, bandList=[1], outputType=gdal.GDT_Byte, noData="none")
    ds = gdal.Open(pre_mask, gdal.GA_Update)
    west = np.ones((ds.RasterYSize, ds.RasterXSize), np.uint8)
    west[:, : ds.RasterXSize // 2] = 0
    ds.GetRasterBand(1).WriteArray(west)
    ds = None
    masked = os.path.join(out, "change_warped_premask.tif")
    run("ImclassChangeFeatures", "-pre", l7, *L57, "-premask", pre_mask, "-post", post, *L8, "-texture", "none", "-out", masked)
    moved_mask = os.path.join(out, "superimposed_mask.tif")
    run("Superimpose", "-inr", post, "-inm", pre_mask, "-interpolator", "nn", "-out", moved_mask, "uint8")
    hidden = gdal.Open(moved_mask).ReadAsArray() == 0
    valid = read(masked)[0][0] != NODATA
    unmasked_valid = read(ours)[0][0] != NODATA
    check(not np.any(valid & hidden), "pixels under the resampled -premask are valid")
    check(valid.sum() > 0.3 * unmasked_valid.sum() and valid.sum() < 0.7 * unmasked_valid.sum(),
          f"{valid.sum()} valid pixels with the west half masked, {unmasked_valid.sum()} without")
    print(f"-premask on the resampled date: {valid.sum()} valid pixels of {unmasked_valid.sum()}")


def landsat8_sentinel2(out, pre, post):
    """A Landsat-8-like pre image (6 bands of the scene, 30 m) with the Sentinel-2-like post (10 m):
    bands matched by name, the 30 m date resampled onto the 10 m grid."""
    l8 = os.path.join(out, "pre_l8_30m.tif")
    gdal.Translate(l8, pre, bandList=[1, 2, 3, 7, 9, 10], xRes=30, yRes=30, resampleAlg="average")
    ours = os.path.join(out, "change_l8_s2.tif")
    run("ImclassChangeFeatures", "-pre", l8, "-presensor", "l8", "-post", post, "-postsensor", "s2", "-out", ours)
    names = read(ours)[1]
    change = [n for n in names if n.startswith("d_")]
    check(len(change) == 32 and change[:6] == ["d_b_" + b for b in COMMON], f"change features {change}")
    check("d_ndre" not in names and "post_ndre" in names, "ndre: the Landsat-8 date has no red edge")
    compare_with_superimpose(out, ours, post, l8, False, "l8s2", post_red=3, post_nir=7)


def masks(out, pre, post, cloud_mask):
    """Scene pair on one grid: the pre mask hides the left third, the post mask has clouds; input
    no-data of the pre image is honoured too."""
    pre_ds = gdal.Open(pre)
    width, height = pre_ds.RasterXSize, pre_ds.RasterYSize
    pre_mask = os.path.join(out, "pre_mask.tif")
    ds = gdal.GetDriverByName("GTiff").Create(pre_mask, width, height, 1, gdal.GDT_Byte)
    ds.SetGeoTransform(pre_ds.GetGeoTransform())
    ds.SetProjection(pre_ds.GetProjection())
    left = np.ones((height, width), np.uint8)
    left[:, : width // 3] = 0
    ds.GetRasterBand(1).WriteArray(left)
    ds = None
    # The pre image with a declared no-data square.
    holed = os.path.join(out, "pre_holed.tif")
    gdal.Translate(holed, pre, noData=0)
    ds = gdal.Open(holed, gdal.GA_Update)
    for b in range(ds.RasterCount):
        block = ds.GetRasterBand(b + 1).ReadAsArray()
        block[150:160, 150:160] = 0
        ds.GetRasterBand(b + 1).WriteArray(block)
    ds = None
    ours = os.path.join(out, "change_masks.tif")
    run("ImclassChangeFeatures", "-pre", holed, "-presensor", "s2", "-premask", pre_mask, "-post", post, "-postsensor", "s2",
        "-postmask", cloud_mask, "-texture", "none", "-out", ours)
    stack, names = read(ours)
    expected_valid = (left != 0) & (gdal.Open(cloud_mask).ReadAsArray() != 0)
    expected_valid[150:160, 150:160] = False
    valid = np.all(stack != NODATA, axis=0)
    check(np.array_equal(valid, expected_valid), f"{np.sum(valid != expected_valid)} pixels differ from pre mask AND post mask AND input data")
    check(np.all(stack[:, ~valid] == NODATA), "invalid pixels are not no-data in every band")
    check(len(names) == 2 * 20 + 10 + 10 + 10 + 3, f"{len(names)} bands for an s2 / s2 pair without textures")
    # d_cva's statistics come from the pixels valid in both dates only.
    pre_bands, post_bands = read(holed)[0].astype(np.float64), read(post)[0].astype(np.float64)
    cva, split = standardised_change(pre_bands, post_bands, valid)
    close(band(stack, names, "d_cva")[valid], cva[valid], 1e-5, "d_cva over the valid pixels vs numpy")
    check(abs(recorded_split(ours) / split - 1) < 1e-6, f"recorded Otsu split {recorded_split(ours)}, numpy {split}")  # the mean is in single precision
    print(f"{(~valid).sum()} invalid pixels = pre mask, post mask and input no-data")


def threads(out, l7, l8):
    """The resampled pipeline with textures: one thread in 1 MB blocks against two threads."""
    post = warp(out, l8)
    outputs = []
    for count, ram in ((1, 1), (2, 256)):
        path = os.path.join(out, f"change_threads{count}.tif")
        env = dict(os.environ, ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=str(count))
        result = subprocess.run(["otbcli", "ImclassChangeFeatures", "-pre", l7, *L57, "-post", post, *L8, "-ref", "pre",
                                 "-texture", "all", "-ram", str(ram), "-out", path], capture_output=True, text=True, env=env)
        check(result.returncode == 0, result.stdout + result.stderr)
        outputs.append(read(path)[0])
    check(np.array_equal(outputs[0], outputs[1]), "outputs differ with the number of threads or the streaming")
    print(f"identical: {outputs[0].shape[0]} bands, 1 thread in small blocks vs 2 threads")


def decimated(out):
    """Above 1 000 000 pixels d_cva's statistics come from a decimation by 2; the windowed mean of
    the magnitude is still computed at every pixel, here streamed in blocks of a few rows."""
    rng = np.random.default_rng(3)
    height, width = 1100, 1000
    pre = rng.normal(1000, 100, (4, height, width))
    post = 0.9 * pre + rng.normal(0, 60, (4, height, width))
    post[:, 300:420, 500:640] += rng.normal(400, 80, (4, 1, 1))  # a change object
    paths = []
    for name, bands in (("pre", pre), ("post", post)):
        path = os.path.join(out, f"decimated_{name}.tif")
        ds = gdal.GetDriverByName("GTiff").Create(path, width, height, 4, gdal.GDT_Float32)
        ds.SetGeoTransform([600000, 10, 0, 5000000, 0, -10])
        utm = osr.SpatialReference()
        utm.ImportFromEPSG(32631)
        ds.SetProjection(utm.ExportToWkt())
        for b in range(4):
            ds.GetRasterBand(b + 1).WriteArray(bands[b].astype(np.float32))
        ds = None
        paths.append(path)
    ours = os.path.join(out, "change_decimated.tif")
    run("ImclassChangeFeatures", "-pre", paths[0], "-presensor", "s2", "-post", paths[1], "-postsensor", "s2", "-texture", "none",
        "-indices", "ndvi", "-ram", "8", "-out", ours)
    stack, names = read(ours)
    cva, split = standardised_change(read(paths[0])[0].astype(np.float64), read(paths[1])[0].astype(np.float64), np.ones((height, width), bool), 2)
    close(band(stack, names, "d_cva"), cva, 1e-5, "d_cva vs numpy, statistics from the decimation")
    check(abs(recorded_split(ours) / split - 1) < 1e-6, f"recorded Otsu split {recorded_split(ours)}, numpy {split}")  # the mean is in single precision
    changed = band(stack, names, "d_cva")[300:420, 500:640] >= 1
    check(changed[2:-2, 2:-2].all() and (band(stack, names, "d_cva") >= 1).mean() < 0.03, "d_cva >= 1 is the change object")


def refuse(out, arguments, message, name):
    expect_refusal("ImclassChangeFeatures", arguments, message, os.path.join(out, f"change_error_{name}.tif"))


def errors(out, l7, l8):
    far = os.path.join(out, "l8_far.tif")
    gdal.Translate(far, l8, outputBounds=[600000, 5000000, 601230, 4998770])
    small_mask = os.path.join(out, "mask_10px.tif")
    gdal.Translate(small_mask, l7, bandList=[1], srcWin=[0, 0, 10, 10], outputType=gdal.GDT_Byte, noData="none")
    empty = os.path.join(out, "l7_all_nodata.tif")
    gdal.Translate(empty, l7, noData=-32768)
    ds = gdal.Open(empty, gdal.GA_Update)
    for b in range(ds.RasterCount):
        ds.GetRasterBand(b + 1).Fill(-32768)
    ds = None
    pair = ["-pre", l7, *L57, "-post", l8, *L8]
    refuse(out, ["-pre", l7, *L57, "-post", far, *L8], "-pre: does not overlap -post", "overlap")
    refuse(out, ["-pre", l7, *L57, "-post", far, *L8, "-ref", "pre"], "-post: does not overlap -pre", "overlap_refpre")
    refuse(out, ["-pre", l7, *L57, "-post", l8, "-postsensor", "generic", "-postbandnames", *["other"] * 7,
                 "-texture", "none"],
           "-postbandnames: -pre and -post have no band in common", "common")
    refuse(out, [*pair, "-premask", small_mask], "-premask: 10 x 10 pixels, -pre has 41 x 41 (all inputs must be on one grid)", "mask")
    refuse(out, ["-pre", l7, *L57, "-post", l8, "-postsensor", "s2"],
           "-postsensor: a Sentinel-2 MSI image has 4 or 10 or 12 or 13 bands, this one has 7; give -postbandnames", "sensor")
    refuse(out, [*pair, "-indices", "ndre"], "-indices: ndre needs band re1, which the -pre image does not have", "index")
    refuse(out, [*pair, "-lr.eps", "0"], "-lr.eps: must be positive", "eps")
    refuse(out, ["-pre", empty, *L57, "-post", l8, *L8, "-tex.perdate", "1"], "-pre: band nir has no valid pixel", "empty")


if __name__ == "__main__":
    check_name, outdir, inputs = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(outdir, exist_ok=True)
    {"pair": pair, "warped": warped, "l8s2": landsat8_sentinel2, "masks": masks, "threads": threads, "errors": errors,
     "decimated": decimated}[check_name](outdir, *inputs)
    print("OK")
