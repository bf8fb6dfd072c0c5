#!/usr/bin/python3
"""SAR features of ImclassFeatures and ImclassChangeFeatures against independent computations
(OTB's Despeckle, HaralickTextureExtraction, BandMath and Superimpose applications, numpy).

usage: sar_check.py CHECK OUTDIR INPUTS...   (OTB_APPLICATION_PATH must point at the build)
  despeckle  OUT s1_pre.tif              each speckle filter against otbcli_Despeckle (same filter,
                                         radius, looks or damping), dB and cross-ratio against numpy
  units      OUT s1_pre.tif              the same image in dB and in amplitude gives the same features
  textures   OUT s1_pre.tif              textures of vv against otbcli_HaralickTextureExtraction of
                                         otbcli_BandMath's dB
  change     OUT s1_pre.tif s1_post.tif  dB differences, log-ratios and mean-ratios against numpy on
                                         otbcli_Despeckle's outputs
  grids      OUT pre.tif s1_pre.tif s1_post.tif   Sentinel-1 reprojected to EPSG:4326: a stack on the
                                         grid of the Sentinel-2 image (-grid) and an S2 / S1 pair
                                         against otbcli_Superimpose
  nodata     OUT s1_pre.tif              no-data grows by the filter's window, never into valid values
  errors     OUT s1_pre.tif pre.tif      bad input: one FATAL line naming the parameter, no output
  real       OUT SAR_DATA_DIR            the RADARSAT-2 quad-pol extract and the ERS pair of OTB's
                                         examples (skipped, 77, without them)
"""
import os
import sys

import numpy as np
from osgeo import gdal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from features_check import close, read, run, texture_args  # noqa: E402
from imclass_checks import check, expect_refusal  # noqa: E402

gdal.UseExceptions()
NODATA = -9999
FLOOR = 1e-5
# otbcli_Despeckle's settings per filter: (key of its third setting, value given to both).
FILTERS = {"lee": ("nblooks", 4.4), "frost": ("deramp", 0.25), "gammamap": ("nblooks", 4.4), "kuan": ("nblooks", 4.4)}


def band(stack, names, name):
    check(name in names, f"no band {name} in {names}")
    return stack[names.index(name)]


def despeckle(out, image, channel, filter_name, radius, setting):
    """otbcli_Despeckle of one band of the image."""
    path = os.path.join(out, f"otb_{filter_name}_r{radius}_b{channel}.tif")
    key, value = setting
    run("Despeckle", "-in", f"{image}?&bands={channel}", "-filter", filter_name, f"-filter.{filter_name}.rad", radius,
        f"-filter.{filter_name}.{key}", value, "-out", path, "float")
    return read(path)[0][0]


def decibels(power):
    return 10 * np.log10(np.maximum(power, FLOOR))


def despeckle_check(out, image):
    raw, _ = read(image)
    for filter_name, setting in FILTERS.items():
        ours = os.path.join(out, f"s1_{filter_name}.tif")
        sar = ["-sar.filter", filter_name, "-sar.radius", 2]
        sar += ["-sar.deramp", setting[1]] if setting[0] == "deramp" else []  # -sar.looks: the s1 preset's 4.4
        run("ImclassFeatures", "-in", image, "-sensor", "s1", *sar, "-texture", "none", "-out", ours)
        stack, names = read(ours)
        suffix = f"_{filter_name}_r2"
        check(names == ["sar_vv_db", "sar_vh_db", f"sar_vv{suffix}", f"sar_vh{suffix}", f"sar_cross_ratio_vv{suffix}"], f"names {names}")
        filtered = [despeckle(out, image, c, filter_name, 2, setting) for c in (1, 2)]
        for k, polarisation in enumerate(("vv", "vh")):
            difference = np.max(np.abs(band(stack, names, f"sar_{polarisation}{suffix}") - filtered[k]))
            check(difference == 0, f"sar_{polarisation}{suffix} differs from otbcli_Despeckle by {difference}")
        print(f"{filter_name}: sar_vv{suffix}, sar_vh{suffix} = otbcli_Despeckle -filter {filter_name} to the last bit")
        close(band(stack, names, f"sar_cross_ratio_vv{suffix}"), np.maximum(filtered[1], FLOOR) / np.maximum(filtered[0], FLOOR), 1e-6,
              f"sar_cross_ratio_vv{suffix} vs numpy")
    close(band(stack, names, "sar_vv_db"), decibels(raw[0]), 1e-6, "sar_vv_db vs numpy")
    close(band(stack, names, "sar_vh_db"), decibels(raw[1]), 1e-6, "sar_vh_db vs numpy")


def write_like(path, like, bands, names=None):
    source = gdal.Open(like)
    target = gdal.GetDriverByName("GTiff").Create(path, source.RasterXSize, source.RasterYSize, len(bands), gdal.GDT_Float32)
    target.SetGeoTransform(source.GetGeoTransform())
    target.SetProjection(source.GetProjection())
    for i, values in enumerate(bands):
        target.GetRasterBand(i + 1).WriteArray(values.astype(np.float32))
        if names:
            target.GetRasterBand(i + 1).SetDescription(names[i])
    target = None


def units(out, image):
    raw, _ = read(image)
    power = raw.astype(np.float32)
    given = {"power": power, "db": 10 * np.log10(power), "amplitude": np.sqrt(power)}
    stacks = {}
    for unit, values in given.items():
        path = os.path.join(out, f"unit_{unit}.tif")
        write_like(path, image, values)
        ours = os.path.join(out, f"unit_{unit}_features.tif")
        run("ImclassFeatures", "-in", path, "-sensor", "s1", "-sar.unit", unit, "-texture", "none", "-out", ours)
        stacks[unit] = read(ours)[0]
    # The same backscatter in three units: the same dB (to float rounding of the conversions), and
    # filtered powers and ratios within the rounding of a power rebuilt from dB or amplitude.
    for unit in ("db", "amplitude"):
        close(stacks[unit][:2], stacks["power"][:2], 1e-5, f"sar dB from {unit} vs from power")
        error = np.max(np.abs(stacks[unit][2:] / stacks["power"][2:] - 1))
        check(error < 1e-5, f"filtered powers from {unit}: relative error {error:.3g}")
        print(f"filtered powers and cross-ratio from {unit}: max relative error {error:.3g} against power")


def textures(out, image):
    ours = os.path.join(out, "s1_textures.tif")
    low, high = -25.0, 0.0
    run("ImclassFeatures", "-in", image, "-sensor", "s1", "-sar.filter", "none", "-texture", "all", "-tex.min", low, "-tex.max", high,
        "-tex.radius", 3, "-out", ours)
    stack, names = read(ours)
    check(names[3].startswith("tex_") and names[3].endswith("_vv_r3"), f"textures of vv by default: {names[3]}")
    db = os.path.join(out, "otb_vv_db.tif")
    run("BandMath", "-il", image, "-exp", f"10 * log10(max(im1b1, {FLOOR}))", "-out", db, "float")
    theirs = os.path.join(out, "otb_vv_textures.tif")
    for texture_set in ("simple", "advanced"):
        run("HaralickTextureExtraction", "-in", db, "-texture", texture_set, *texture_args(1, low, high, radius=3, bins=16), "-out", theirs)
        reference, _ = read(theirs)
        first = 3 if texture_set == "simple" else 11
        close(stack[first:first + reference.shape[0]], reference, 1e-5, f"{texture_set} textures of vv in dB vs HaralickTextureExtraction")
    # The default range is the 1st and 99th percentiles of vv in dB.
    run("ImclassFeatures", "-in", image, "-sensor", "s1", "-out", os.path.join(out, "s1_default_range.tif"))
    recipe = dict(item.split("=", 1) for item in gdal.Open(os.path.join(out, "s1_default_range.tif")).GetMetadataItem("IMCLASS_RECIPE").split(";"))
    vv = np.sort(read(db)[0][0].astype(np.float32).ravel())
    expected = [float(vv[int(np.floor(q * (vv.size - 1) + 0.5))]) for q in (0.01, 0.99)]
    actual = [float(recipe["texture.min"]), float(recipe["texture.max"])]
    check(np.allclose(actual, expected, atol=1e-5), f"texture range {actual}, expected the percentiles of vv in dB {expected}")
    print(f"default texture range of vv: {actual} dB (1st, 99th percentiles)")


def box_mean(values, radius):
    """Mean over the (2r+1)^2 window, the border replicated (ITK's zero-flux Neumann condition)."""
    padded = np.pad(values, radius, mode="edge")
    total = np.zeros_like(values)
    side = 2 * radius + 1
    for dy in range(side):
        for dx in range(side):
            total += padded[dy:dy + values.shape[0], dx:dx + values.shape[1]]
    return total / side ** 2


def change(out, pre, post):
    ours = os.path.join(out, "s1_change.tif")
    run("ImclassChangeFeatures", "-pre", pre, "-post", post, "-presensor", "s1", "-postsensor", "s1", "-sar.radius", 3, "-out", ours)
    stack, names = read(ours)
    expected = ["d_sar_vv_db", "d_sar_vh_db", "d_sar_lr_vv_lee_r3", "d_sar_lr_vh_lee_r3"] + [
        n for n in names if n.startswith("d_tex_")] + ["d_sar_mr_vv_lee_r3", "d_sar_mr_vh_lee_r3"]
    check([n for n in names if n.startswith("d_")] == expected and len(expected) == 14, f"change features {expected}")
    check(np.all(stack != NODATA), "a valid pair gave no-data")
    raw = [read(pre)[0], read(post)[0]]
    setting = ("nblooks", 4.4)
    for k, polarisation in enumerate(("vv", "vh")):
        close(band(stack, names, f"d_sar_{polarisation}_db"), decibels(raw[1][k]) - decibels(raw[0][k]), 1e-5, f"d_sar_{polarisation}_db vs numpy")
        lee = [despeckle(out, image, k + 1, "lee", 3, setting) for image in (pre, post)]
        check(np.array_equal(band(stack, names, f"pre_sar_{polarisation}_lee_r3"), lee[0]), "pre date filtered as otbcli_Despeckle")
        close(band(stack, names, f"d_sar_lr_{polarisation}_lee_r3"), np.log(np.maximum(lee[1], FLOOR) / np.maximum(lee[0], FLOOR)), 1e-6,
              f"d_sar_lr_{polarisation}_lee_r3 vs numpy on otbcli_Despeckle")
        means = [box_mean(values, 3) for values in lee]
        ratio = np.where(means[0] == means[1], 0.0, 1 - np.minimum(means[0], means[1]) / np.maximum(means[0], means[1]))
        close(band(stack, names, f"d_sar_mr_{polarisation}_lee_r3"), ratio, 1e-5, f"d_sar_mr_{polarisation}_lee_r3 vs numpy on otbcli_Despeckle")


def warp(out, image, name):
    """The image reprojected to EPSG:4326 (as some Sentinel-1 products are delivered)."""
    path = os.path.join(out, name)
    gdal.Warp(path, image, dstSRS="EPSG:4326", resampleAlg="near")
    return path


def grids(out, optical, pre, post):
    pre4326, post4326 = warp(out, pre, "s1_pre_4326.tif"), warp(out, post, "s1_post_4326.tif")
    superimposed = os.path.join(out, "otb_superimposed.tif")
    # A deformation grid of 4 pixels of the 10 m grid, as ImCLASS's resampling.
    run("Superimpose", "-inr", optical, "-inm", pre4326, "-interpolator", "bco", "-lms", 40, "-out", superimposed, "float")
    moved, _ = read(superimposed)
    grid_of = lambda path: (gdal.Open(path).GetGeoTransform(), gdal.Open(path).RasterXSize, gdal.Open(path).RasterYSize)
    # One date on the grid of another image: the Sentinel-2 pre image.
    ours = os.path.join(out, "s1_on_s2_grid.tif")
    run("ImclassFeatures", "-in", pre4326, "-sensor", "s1", "-grid", optical, "-texture", "none", "-out", ours)
    stack, names = read(ours)
    check(grid_of(ours) == grid_of(optical), "the stack is on the grid of -grid")
    inside = (stack[0] != NODATA) & np.all(moved > 0, axis=0)
    check(inside.mean() > 0.8, f"{inside.mean():.2f} of the pixels valid")
    close(band(stack, names, "sar_vv_db")[inside], decibels(moved[0])[inside], 1e-5, "sar_vv_db on the -grid grid vs Superimpose + numpy")
    check("grid=other;interpolator=bco" in gdal.Open(ours).GetMetadataItem("IMCLASS_RECIPE"), "the recipe records the grid")
    # The pair on the grid of the Sentinel-2 image; an S2 pre date and an S1 post date.
    pair = os.path.join(out, "s1_pair_on_s2_grid.tif")
    run("ImclassChangeFeatures", "-pre", pre4326, "-post", post4326, "-presensor", "s1", "-postsensor", "s1", "-grid", optical, "-texture", "none",
        "-out", pair)
    stack, names = read(pair)
    check(grid_of(pair) == grid_of(optical) and "d_sar_mr_vv_lee_r2" in names, "the pair on the -grid grid")
    close(band(stack, names, "pre_sar_vv_db")[inside], decibels(moved[0])[inside], 1e-5, "pre_sar_vv_db of the pair vs Superimpose + numpy")
    mixed = os.path.join(out, "s2_s1_pair.tif")
    log = run("ImclassChangeFeatures", "-pre", optical, "-presensor", "s2", "-post", post4326, "-postsensor", "s1", "-ref", "pre", "-out", mixed)
    stack, names = read(mixed)
    pre_names = [n for n in names if n.startswith("pre_")]
    post_names = [n for n in names if n.startswith("post_")]
    check(len(pre_names) == 28 and pre_names[-1] == "pre_tex_haralick_correlation_nir_r2", f"the optical date's own features {pre_names[-3:]}")
    check(len(post_names) == 13 and post_names[-1] == "post_tex_haralick_correlation_vv_r2", f"the SAR date's own features {post_names}")
    check(len(names) == 41 and not any(n.startswith("d_") for n in names), "an optical and a SAR date share no change feature")
    check("-post is resampled onto the grid of -pre" in log.stdout + log.stderr, "the log says which date is resampled")
    print(f"S2 pre / S1 post: {len(pre_names)} + {len(post_names)} features, no change feature")


def nodata(out, image):
    raw, _ = read(image)
    holed = raw.copy()
    holed[:, 40:50, 60:80] = np.nan
    path = os.path.join(out, "s1_holed.tif")
    write_like(path, image, holed)
    ours = os.path.join(out, "s1_holed_features.tif")
    run("ImclassFeatures", "-in", path, "-sensor", "s1", "-sar.radius", 2, "-texture", "none", "-out", ours)
    stack, names = read(ours)
    invalid = stack[0] == NODATA
    expected = np.zeros(invalid.shape, bool)
    expected[38:52, 58:82] = True  # the hole grown by the radius: every window that reads it
    check(np.array_equal(invalid, expected), f"no-data: {invalid.sum()} pixels, expected {expected.sum()} (the hole and its 2-pixel rim)")
    check(np.all(stack[:, invalid] == NODATA) and not np.any(np.isnan(stack)), "no-data in every band, no NaN")
    print("a 10 x 20 hole is no-data with its 2-pixel rim in every band, no NaN")


def errors(out, image, optical):
    target = os.path.join(out, "refused.tif")
    expect_refusal("ImclassFeatures", ["-in", image, "-sensor", "sar"], "-sensor: 'sar' needs -bandnames (one name per band: vv vh hh hv)", target)
    expect_refusal("ImclassFeatures", ["-in", image, "-sensor", "sar", "-bandnames", "vv", "red"], "-bandnames: 'red' is not a polarisation", target)
    expect_refusal("ImclassFeatures", ["-in", image, "-sensor", "s1", "-sar.radius", 0], "-sar.radius: 0 is out of range (at least 1)", target)
    expect_refusal("ImclassFeatures", ["-in", image, "-sensor", "s1", "-sar.filter", "median"], "-sar.filter: 'median' is not one of none, lee, frost",
                   target)
    expect_refusal("ImclassFeatures", ["-in", image, "-sensor", "s1", "-sar.unit", "linear"], "-sar.unit: 'linear' is not one of power, db, amplitude",
                   target)
    expect_refusal("ImclassFeatures", ["-in", image, "-sensor", "s1", "-tex.band", "nir"], "-tex.band: the image has no band 'nir'", target)
    expect_refusal("ImclassFeatures", ["-in", image, "-sensor", "s1", "-indices", "ndvi"], "-indices: ndvi needs band red", target)
    expect_refusal("ImclassFeatures", ["-in", image, "-sensor", "s1", "-sar.deramp", 0, "-sar.filter", "frost"], "-sar.deramp: must be positive", target)
    expect_refusal("ImclassChangeFeatures", ["-pre", optical, "-presensor", "s2", "-post", image, "-postsensor", "s1", "-tex.band", "nir"],
                   "-tex.band: the image has no band 'nir'", target)
    far = os.path.join(out, "s1_far.tif")
    gdal.Translate(far, image, outputBounds=[500000, 5000000, 503000, 4997000])
    expect_refusal("ImclassFeatures", ["-in", far, "-sensor", "s1", "-grid", optical], "-in: does not overlap -grid", target)


def real(out, data):
    ers = [os.path.join(data, f"ERS{date}.png") for date in ("Before", "After")]
    rsat = [os.path.join(data, f"RSAT_imagery_{p}.tif") for p in ("HH", "HV", "VH", "VV")]
    if not all(os.path.exists(path) for path in ers + rsat):
        print(f"no SAR samples in {data}: skipped")
        sys.exit(77)
    # RADARSAT-2 quad-pol: complex values (real, imaginary bands) to intensity, four polarisations.
    intensities = []
    for path in rsat:
        complex_values, _ = read(path)
        intensities.append(complex_values[0] ** 2 + complex_values[1] ** 2)
    quad = os.path.join(out, "rsat_quad.tif")
    write_like(quad, rsat[0], intensities)
    ours = os.path.join(out, "rsat_features.tif")
    run("ImclassFeatures", "-in", quad, "-sensor", "sar", "-bandnames", "hh", "hv", "vh", "vv", "-sar.filter", "gammamap", "-sar.radius", 2,
        "-out", ours)
    stack, names = read(ours)
    check(names[:10] == ["sar_hh_db", "sar_hv_db", "sar_vh_db", "sar_vv_db", "sar_hh_gammamap_r2", "sar_hv_gammamap_r2", "sar_vh_gammamap_r2",
                         "sar_vv_gammamap_r2", "sar_cross_ratio_vv_gammamap_r2", "sar_cross_ratio_hh_gammamap_r2"], f"names {names[:10]}")
    check(names[10] == "tex_energy_vv_r2" and np.all(np.isfinite(stack)) and np.all(stack != NODATA), "quad-pol features all valid")
    for k, polarisation in enumerate(("hh", "hv", "vh", "vv")):
        filtered = despeckle(out, quad, k + 1, "gammamap", 2, ("nblooks", 1))
        check(np.array_equal(band(stack, names, f"sar_{polarisation}_gammamap_r2"), filtered), f"{polarisation} differs from otbcli_Despeckle")
    hv_vh = np.median(band(stack, names, "sar_hv_db") - band(stack, names, "sar_vh_db"))
    print(f"RADARSAT-2 quad-pol: {len(names)} features, Gamma-MAP = otbcli_Despeckle for hh hv vh vv; median hv - vh {hv_vh:.2f} dB "
          f"(reciprocity), median cross-ratios vv {np.median(stack[8]):.3f}, hh {np.median(stack[9]):.3f}")
    check(abs(hv_vh) < 0.5, "hv and vh agree (reciprocity)")
    # The ERS amplitude pair of OTB's change-detection examples: 8-bit amplitude, first band.
    pair = os.path.join(out, "ers_change.tif")
    run("ImclassChangeFeatures", "-pre", ers[0] + "?&bands=1", "-post", ers[1] + "?&bands=1", "-presensor", "sar", "-prebandnames", "vv",
        "-postsensor", "sar", "-postbandnames", "vv", "-sar.unit", "amplitude", "-out", pair)
    stack, names = read(pair)
    mr = band(stack, names, "d_sar_mr_vv_lee_r2")
    lr = band(stack, names, "d_sar_lr_vv_lee_r2")
    check(np.all(np.isfinite(stack)) and np.all(stack != NODATA) and 0 <= mr.min() and mr.max() <= 1, "ERS pair: every feature valid")
    print(f"ERS pair (amplitude): {len(names)} bands; mean-ratio above 0.5 on {np.mean(mr > 0.5):.3f} of the pixels, "
          f"|log-ratio| above 1 on {np.mean(np.abs(lr) > 1):.3f}")


if __name__ == "__main__":
    check_name, out, inputs = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(out, exist_ok=True)
    {"despeckle": despeckle_check, "units": units, "textures": textures, "change": change, "grids": grids, "nodata": nodata, "errors": errors,
     "real": real}[check_name](out, *inputs)
    print("OK")
