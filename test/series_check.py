#!/usr/bin/python3
"""ImclassSeriesFeatures checks against an independent numpy computation of the gap-filled series and
its temporal features (np.interp for the filling, np.polyfit for the slope, Python's calendar for
the day of the maximum), on small generated series with known dates, masks and no-data.

usage: series_check.py CHECK OUTDIR   (OTB_APPLICATION_PATH must point at the build)
  features   every temporal feature of bands and indices, masked and no-data dates, pixels with
             one or no valid date, values at chosen dates
  metadata   dates read from TIFFTAG_DATETIME, ACQUISITIONDATETIME (default and IMAGERY domains):
             the stack of the same dates given with -dates
  sensors    Sentinel-2 and Landsat-8 dates mixed (-sensors): bands matched by name, the indices
             both allow
  grids      dates on coarser and reprojected grids: against otbcli_Superimpose of each date onto
             the reference date, then numpy
  threads    same output with 1 thread in small blocks and 2 threads
  sar        Sentinel-1-like dates (-sensor s1, gamma speckle): the temporal features of the SAR
             features (dB, cross-ratio) against numpy; the speckle-filtered ones by default, with
             the preset's looks; polarisations refused as -bands, optical and radar dates mixed
             refused
  errors     bad input: one FATAL line naming the parameter, no output
"""
import datetime
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal, osr

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from features_check import read, run  # noqa: E402
from imclass_checks import check, expect_refusal  # noqa: E402

gdal.UseExceptions()
NODATA = -9999
EPSG = 32631
ORIGIN = (500000.0, 4800000.0)
DATES = ["2023-01-17", "2023-02-26", "2023-04-07", "2023-05-12", "2023-07-01", "2023-08-15", "2023-10-24"]
S2 = ["blue", "green", "red", "re1", "re2", "re3", "nir", "nir2", "swir1", "swir2"]
L8 = ["coastal", "blue", "green", "red", "nir", "swir1", "swir2"]
STATISTICS = ["min", "max", "mean", "std", "amplitude", "maxday", "slope"]
# Index formulas (doc/features.md), for the bands each needs.
INDICES = {
    "ndvi": (("red", "nir"), lambda red, nir: nd(nir, red)),
    "ndwi": (("green", "nir"), lambda green, nir: nd(green, nir)),
    "ndmi": (("nir", "swir1"), lambda nir, swir1: nd(nir, swir1)),
    "ndre": (("re1", "nir"), lambda re1, nir: nd(nir, re1)),
}


def nd(a, b):
    s = a + b
    return np.where(np.abs(s) < 1e-6, 0.0, (a - b) / np.where(s == 0, 1, s))


def day_number(text):
    return datetime.date.fromisoformat(text).toordinal()


def write_image(path, bands, pixel=10.0, epsg=EPSG, origin=ORIGIN, nodata=None, dtype=gdal.GDT_Float32):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    dataset = gdal.GetDriverByName("GTiff").Create(path, bands.shape[2], bands.shape[1], bands.shape[0], dtype)
    dataset.SetGeoTransform((origin[0], pixel, 0, origin[1], 0, -pixel))
    dataset.SetProjection(srs.ExportToWkt())
    for b, values in enumerate(bands):
        band = dataset.GetRasterBand(b + 1)
        band.WriteArray(values)
        if nodata is not None:
            band.SetNoDataValue(nodata)
    dataset = None
    return path


def make_series(out, size=(24, 30), seed=3, layouts=None, prefix="d", nodata_fraction=0.05):
    """Smooth reflectance curves plus noise, one image per date (layouts: the band names of each
    date), masks with ~30 % zeros, a declared no-data value at some pixels of some dates, and two
    rows where no date (row 0) or only the fourth date (row 1) is valid. Returns (images, masks,
    the bands of each date as {name: float32 array}, validity (dates, rows, cols))."""
    rng = np.random.default_rng(seed)
    layouts = layouts or [S2] * len(DATES)
    images, masks, values, valid = [], [], [], []
    phase = rng.uniform(0, 2 * np.pi, size)
    for k, date in enumerate(DATES):
        season = np.sin(2 * np.pi * (day_number(date) - day_number("2023-03-01")) / 365 + phase)
        bands = {name: (0.05 + 0.03 * i + 0.02 * season * (1 if name.startswith(("nir", "re")) else -1) + rng.normal(0, 0.01, size)).astype(np.float32)
                 for i, name in enumerate(S2 + ["coastal"])}
        mask = (rng.uniform(size=size) > 0.3).astype(np.uint8)
        nodata = rng.uniform(size=size) < nodata_fraction
        mask[0, :] = 0
        mask[1, :] = 1 if k == 3 else 0
        nodata[:2, :] = False
        stack = np.stack([np.where(nodata, NODATA, bands[name]) for name in layouts[k]])
        images.append(write_image(os.path.join(out, f"{prefix}{k}.tif"), stack, nodata=NODATA))
        masks.append(write_image(os.path.join(out, f"{prefix}{k}_mask.tif"), mask[None], dtype=gdal.GDT_Byte))
        values.append(bands)
        valid.append((mask != 0) & ~nodata)
    return images, masks, values, np.array(valid)


def oracle(days, series, valid, at_days):
    """The features of one variable: series and valid are (dates, rows, cols); NaN where no date is valid."""
    t = np.array(days, dtype=np.float64) - days[0]
    first = datetime.date.fromordinal(days[0])
    day_of_year = [(datetime.date.fromordinal(d) - datetime.date(first.year, 1, 1)).days + 1 for d in days]
    at = np.array(at_days, dtype=np.float64) - days[0]
    features = np.full((len(STATISTICS) + len(at_days),) + series.shape[1:], np.nan)
    for i, j in np.ndindex(*series.shape[1:]):
        ok = valid[:, i, j]
        if not ok.any():
            continue
        filled = np.interp(t, t[ok], series[ok, i, j].astype(np.float64))
        maximum = series[ok, i, j].max()
        features[:, i, j] = [filled.min(), filled.max(), filled.mean(), filled.std(), filled.max() - filled.min(),
                             day_of_year[np.flatnonzero(ok & (series[:, i, j] == maximum))[0]], np.polyfit(t, filled, 1)[0],
                             *np.interp(at, t, filled)]
    return features


def compare(stack, names, days, variables, valid, at_days, what, tolerance=2e-6):
    """variables: {name: (dates, rows, cols) values}; checks every ts_ band against the oracle."""
    expected_names = [f"ts_{v}_{s}" for v in variables for s in STATISTICS + [f"at_{d.replace('-', '')}" for d in at_days]]
    check(names == expected_names, f"{what}: band names {names[:10]}..., expected {expected_names[:10]}...")
    none_valid = ~valid.any(axis=0)
    check(np.all(stack[:, none_valid] == NODATA) and np.all(stack[:, ~none_valid] != NODATA), f"{what}: no-data exactly where no date is valid")
    position = 0
    for variable, series in variables.items():
        expected = oracle(days, series, valid, [day_number(d) for d in at_days])
        errors = []
        for f, feature in enumerate(STATISTICS + [f"at_{d}" for d in at_days]):
            ours, theirs = stack[position][~none_valid], expected[f][~none_valid]
            # Float32 rounding of the output; slopes (values per day) against their largest.
            scale = np.abs(theirs).max() if feature == "slope" else np.maximum(1.0, np.abs(theirs))
            errors.append(np.max(np.abs(ours - theirs) / scale))
            check(errors[-1] < tolerance, f"{what}: ts_{variable}_{feature}: max relative error {errors[-1]:.3g}")
            position += 1
        print(f"{what}: the {len(errors)} features of {variable} match numpy on {np.count_nonzero(~none_valid)} pixels "
              f"(max relative error {max(errors):.2g})")


def features(out):
    images, masks, values, valid = make_series(out)
    at = ["2023-01-17", "2023-03-15", "2023-10-24"]
    ours = os.path.join(out, "series.tif")
    run("ImclassSeriesFeatures", "-il", *images, "-sensor", "s2", "-masks", *masks, "-dates", *DATES, "-indices", "ndvi", "ndre",
        "-bands", "red", "swir1", "-at", *at, "-out", ours)
    stack, names = read(ours)
    days = [day_number(d) for d in DATES]
    variables = {"b_red": np.array([v["red"] for v in values]), "b_swir1": np.array([v["swir1"] for v in values])}
    for index in ("ndvi", "ndre"):
        bands, formula = INDICES[index]
        # ImCLASS evaluates each index in double from the float32 bands and stores it as float32.
        variables[index] = np.array([formula(*(v[b].astype(np.float64) for b in bands)).astype(np.float32) for v in values])
    check(not valid[:, 0].any(), "the first row has no valid date")
    compare(stack, names, days, variables, valid, at, "features")
    # Gap filling by hand at 2023-03-15, 17 days after 2023-02-26 (date 2): with 2023-04-07 (date 3,
    # 40 days after date 2) valid, or masked and bridged to 2023-05-12 (date 4, 75 days after).
    red, at_march = variables["b_red"].astype(np.float64), stack[names.index("ts_b_red_at_20230315")]
    for later, days, where in ((2, 40, valid[1] & valid[2]), (3, 75, valid[1] & ~valid[2] & valid[3])):
        by_hand = red[1] + (red[later] - red[1]) * 17 / days
        check(where.sum() > 20 and np.allclose(at_march[where], by_hand[where], rtol=1e-6, atol=0),
              f"ts_b_red_at_20230315 is not the interpolation between date 2 and date {later + 1}")
    print("gap filling at 2023-03-15 equals the linear interpolation by hand between the valid dates around it")
    one_valid = valid[3] & ~np.delete(valid, 3, axis=0).any(axis=0)
    check(one_valid[1].all() and np.all(stack[names.index("ts_ndvi_std")][1] == 0), "a pixel with one valid date has a flat series")
    check(np.all(stack[names.index("ts_ndvi_maxday")][1] == 132), "its maximum is on its valid date (2023-05-12, day 132)")
    dataset = gdal.Open(ours)
    series = dataset.GetMetadataItem("IMCLASS_RECIPE_series")
    check(series.startswith("dates=" + ",".join(DATES)) and "bands=red,swir1;indices=ndvi,ndre;at=2023-01-17,2023-03-15,2023-10-24" in series,
          f"the stack records its series recipe: {series}")
    check(dataset.GetMetadataItem("IMCLASS_RECIPE_t7").startswith("bands=" + ",".join(S2)), "and the recipe of each date")


def metadata(out):
    """Dates from each kind of metadata item give the stack of -dates."""
    images, masks, _, _ = make_series(out, prefix="m")
    items = [("", "TIFFTAG_DATETIME"), ("", "ACQUISITIONDATETIME"), ("IMAGERY", "ACQUISITIONDATETIME")]
    dated = []
    for k, image in enumerate(images):
        domain, key = items[k % len(items)]
        value = DATES[k].replace("-", ":") + " 10:56:31" if key == "TIFFTAG_DATETIME" else DATES[k] + "T10:56:31.024Z"
        dated.append(os.path.join(out, f"dated{k}.tif"))
        gdal.Translate(dated[-1], image)
        dataset = gdal.Open(dated[-1], gdal.GA_Update)
        dataset.SetMetadataItem(key, value, domain)
        dataset = None
    given, read_back = os.path.join(out, "given_dates.tif"), os.path.join(out, "metadata_dates.tif")
    run("ImclassSeriesFeatures", "-il", *images, "-masks", *masks, "-dates", *DATES, "-out", given)
    result = subprocess.run(["otbcli", "ImclassSeriesFeatures", "-il", *dated, "-masks", *masks, "-out", read_back], capture_output=True, text=True)
    check(result.returncode == 0, result.stdout + result.stderr)
    for k, (domain, key) in enumerate(items):
        said = f"date {k + 1} ({dated[k]}): {DATES[k]}, from GDAL's {key}" + (f" ({domain} domain)" if domain else "")
        check(said in result.stdout, f"the log says where date {k + 1} was read: {said}")
    check(np.array_equal(read(given)[0], read(read_back)[0]), "dates from the metadata give the stack of -dates")
    print("dates read from TIFFTAG_DATETIME, ACQUISITIONDATETIME and its IMAGERY domain: the stack of -dates")
    check("dates.source=metadata" in gdal.Open(read_back).GetMetadataItem("IMCLASS_RECIPE_series"), "the recipe says where the dates came from")
    expect_refusal("ImclassSeriesFeatures", ["-il", dated[0], images[1], dated[2]],
                   f"-dates: date 2 ({images[1]}) carries no acquisition date in its metadata", os.path.join(out, "refused.tif"))


def sensors(out):
    """Sentinel-2 and Landsat-8 dates: bands matched by name, the indices every date allows."""
    layouts = [S2, L8, S2, L8, S2, S2, L8]
    images, _, values, _ = make_series(out, layouts=layouts, prefix="mixed")
    ours = os.path.join(out, "mixed.tif")
    run("ImclassSeriesFeatures", "-il", *images, "-sensors", "s2", "l8", "s2", "l8", "s2", "s2", "l8", "-dates", *DATES, "-bands", "nir", "-out", ours)
    stack, names = read(ours)
    valid = np.array([read(image)[0][0] != NODATA for image in images])  # no masks given: the no-data pixels only
    variables = {"b_nir": np.array([v["nir"] for v in values])}
    # Landsat-8 has no red edge: no ndre; the other indices of both sensors, in catalogue order.
    indices = [name[3:-4] for name in names if name.endswith("_min")][1:]
    check(indices == ["ndvi", "savi", "ndwi", "mndwi", "ndbi", "ndmi", "nbr", "bsi", "brightness"], f"indices of every date: {indices}")
    for index in ("ndvi", "ndwi", "ndmi"):
        bands, formula = INDICES[index]
        variables[index] = np.array([formula(*(v[b].astype(np.float64) for b in bands)).astype(np.float32) for v in values])
    keep = [n for n in names if any(n.startswith(f"ts_{v}_") for v in variables)]
    compare(np.array([stack[names.index(n)] for n in keep]), keep, [day_number(d) for d in DATES], variables, valid, [], "Sentinel-2 + Landsat-8")


def dilate(flags, radius):
    """Flags spread to every pixel within `radius` pixels (a square), without wrapping around."""
    padded = np.pad(flags, radius)
    height, width = flags.shape
    return np.logical_or.reduce([padded[dy:dy + height, dx:dx + width] for dy in range(2 * radius + 1) for dx in range(2 * radius + 1)])


def onto_reference(out, name, flags, like, reference):
    """Flags on the grid of `like`, carried onto the reference grid by nearest neighbour (Superimpose nn)."""
    path = os.path.join(out, f"{name}.tif")
    gdal.Translate(path, like, bandList=[1], outputType=gdal.GDT_Float32, noData="none")
    dataset = gdal.Open(path, gdal.GA_Update)
    dataset.GetRasterBand(1).WriteArray(flags.astype(np.float32))
    dataset = None
    run("Superimpose", "-inr", reference, "-inm", path, "-interpolator", "nn", "-out", os.path.join(out, f"{name}_on_reference.tif"), "float")
    return read(os.path.join(out, f"{name}_on_reference.tif"))[0][0] > 0.5


def grids(out):
    """Dates on another grid (20 m with a cloud mask; 30 m in another UTM zone) are resampled onto
    the reference date as otbcli_Superimpose resamples them, masked pixels gap-filled."""
    images, _, _, _ = make_series(out, size=(120, 120), prefix="g", nodata_fraction=0)
    dates = DATES[:4]
    moved = images[:4]
    moved[1] = os.path.join(out, "g1_20m.tif")
    gdal.Warp(moved[1], images[1], xRes=20, yRes=20, resampleAlg="average")
    moved[2] = os.path.join(out, "g2_utm30.tif")
    gdal.Warp(moved[2], images[2], dstSRS="EPSG:32630", xRes=30, yRes=30, resampleAlg="bilinear", dstNodata=NODATA)
    cloud = np.zeros((60, 60), bool)
    cloud[20:40, 15:35] = True
    cloud_mask = write_image(os.path.join(out, "g1_20m_mask.tif"), (~cloud).astype(np.uint8)[None], pixel=20, dtype=gdal.GDT_Byte)
    all_valid = [write_image(os.path.join(out, f"g{k}_all_valid.tif"), np.ones((1,) + read(moved[k])[0].shape[1:], np.uint8),
                             pixel=10 if k != 2 else 30, dtype=gdal.GDT_Byte, **({"epsg": 32630, "origin": gdal.Open(moved[2]).GetGeoTransform()[::3]} if k == 2 else {}))
                 for k in (0, 2, 3)]
    ours = os.path.join(out, "grids.tif")
    log = run("ImclassSeriesFeatures", "-il", *moved, "-masks", all_valid[0], cloud_mask, *all_valid[1:], "-dates", *dates, "-indices", "ndvi",
              "-bands", "red", "-at", "2023-03-20", "-out", ours).stdout
    check("date 2 is resampled onto the grid of date 1" in log and "date 3 is resampled" in log and "date 4 is resampled" not in log,
          "the log names the resampled dates")
    stack, names = read(ours)

    # The oracle: Superimpose (bicubic) of each moved date, then numpy. ImCLASS makes a resampled
    # pixel invalid when a pixel it is interpolated from is (the bicubic kernel reaches 2 pixels):
    # the cloud's core (3 pixels in) is invalid, its rim and the reprojected date's no-data border
    # left out, with the image's outer margin.
    series = [read(moved[0])[0]]
    for k in (1, 2):
        superimposed = os.path.join(out, f"superimposed{k}.tif")
        run("Superimpose", "-inr", moved[0], "-inm", moved[k], "-interpolator", "bco", "-out", superimposed, "float")
        series.append(read(superimposed)[0])
    series = np.array(series + [read(moved[3])[0]])
    cloud_core = onto_reference(out, "cloud_core", ~dilate(~cloud, 3), moved[1], moved[0])
    left_out = onto_reference(out, "cloud_rim", dilate(cloud, 3), moved[1], moved[0]) & ~cloud_core
    left_out |= onto_reference(out, "border", dilate(read(moved[2])[0][0] == NODATA, 3), moved[2], moved[0])
    left_out[:6], left_out[-6:], left_out[:, :6], left_out[:, -6:] = True, True, True, True
    valid = np.ones((4,) + left_out.shape, bool)
    valid[1] = ~cloud_core
    check(cloud_core.sum() > 20 and (~left_out).sum() > 1000, f"{cloud_core.sum()} cloud pixels, {(~left_out).sum()} compared")
    red, nir = series[:, 2], series[:, 6]
    variables = {"b_red": red, "ndvi": nd(nir.astype(np.float64), red.astype(np.float64)).astype(np.float32)}
    days = [day_number(d) for d in dates]
    for variable, values in variables.items():
        expected = oracle(days, values, valid, [day_number("2023-03-20")])
        errors = []
        for f, feature in enumerate(STATISTICS + ["at_20230320"]):
            theirs, mine = expected[f][~left_out], stack[names.index(f"ts_{variable}_{feature}")][~left_out]
            scale = np.abs(theirs).max() if feature == "slope" else np.maximum(1.0, np.abs(theirs))
            errors.append(np.max(np.abs(mine - theirs) / scale))
            check(errors[-1] < 1e-5, f"ts_{variable}_{feature} against Superimpose + numpy: max relative error {errors[-1]:.3g}")
        print(f"grids: the features of {variable} on {np.count_nonzero(~left_out)} pixels ({np.count_nonzero(cloud_core & ~left_out)} under the "
              f"cloud of the 20 m date) match Superimpose + numpy (max relative error {max(errors):.2g})")


def threads(out):
    images, masks, _, _ = make_series(out, size=(300, 280), prefix="t")
    moved = os.path.join(out, "t2_20m.tif")
    gdal.Warp(moved, images[2], xRes=20, yRes=20, resampleAlg="average", srcNodata=NODATA, dstNodata=NODATA)
    images[2] = moved
    masks = masks[:2] + [None] + masks[3:]
    outputs = []
    for count, ram in ((1, 1), (2, 256)):
        path = os.path.join(out, f"series_threads{count}.tif")
        env = dict(os.environ, ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=str(count))
        arguments = ["-il", *images, "-dates", *DATES, "-bands", "red", "-at", "2023-06-01", "-ram", str(ram), "-out", path]
        result = subprocess.run(["otbcli", "ImclassSeriesFeatures", *arguments], capture_output=True, text=True, env=env)
        check(result.returncode == 0, result.stdout + result.stderr)
        check(count == 2 or "blocks" in result.stdout and "in 1 blocks" not in result.stdout, "one thread streams in several blocks")
        outputs.append(read(path)[0])
    check(np.array_equal(outputs[0], outputs[1]), "outputs differ with the number of threads or the streaming")
    print(f"identical: {outputs[0].shape[0]} bands, 1 thread in small blocks vs 2 threads")


def sar(out):
    """Three Sentinel-1-like dates: vv and vh powers with gamma speckle (4.4 looks), masks."""
    rng = np.random.default_rng(11)
    size, dates = (20, 26), DATES[:3]
    images, masks, powers, valid = [], [], [], []
    for k in range(len(dates)):
        mean = {"vv": 10 ** ((-9 + k + rng.normal(0, 2, size)) / 10), "vh": 10 ** ((-16 + 0.5 * k + rng.normal(0, 2, size)) / 10)}
        power = {pol: (mean[pol] * rng.gamma(4.4, 1 / 4.4, size)).astype(np.float32) for pol in ("vv", "vh")}
        mask = (rng.uniform(size=size) > 0.25).astype(np.uint8)
        images.append(write_image(os.path.join(out, f"s1_{k}.tif"), np.stack([power["vv"], power["vh"]])))
        masks.append(write_image(os.path.join(out, f"s1_{k}_mask.tif"), mask[None], dtype=gdal.GDT_Byte))
        powers.append(power)
        valid.append(mask != 0)
    valid = np.array(valid)
    ours = os.path.join(out, "s1_series.tif")
    run("ImclassSeriesFeatures", "-il", *images, "-sensor", "s1", "-masks", *masks, "-dates", *dates, "-sar.filter", "none", "-out", ours)
    stack, names = read(ours)
    db = {pol: np.array([10 * np.log10(np.maximum(p[pol].astype(np.float64), 1e-5)).astype(np.float32) for p in powers]) for pol in ("vv", "vh")}
    ratio = np.array([(np.maximum(p["vh"].astype(np.float64), 1e-5) / np.maximum(p["vv"].astype(np.float64), 1e-5)).astype(np.float32) for p in powers])
    variables = {"sar_vv_db": db["vv"], "sar_vh_db": db["vh"], "sar_cross_ratio_vv": ratio}
    # ImCLASS takes the logarithm in single precision: a date's dB value may differ from numpy's by
    # an ulp (2e-6 at -16 dB), and a difference of two (the amplitude) by two.
    compare(stack, names, [day_number(d) for d in dates], variables, valid, [], "Sentinel-1", tolerance=1e-5)
    # By default OTB's Lee filter (radius 2) with the preset's 4.4 looks, its outputs as variables too.
    filtered = os.path.join(out, "s1_lee.tif")
    run("ImclassSeriesFeatures", "-il", *images, "-sensor", "s1", "-dates", *dates, "-out", filtered)
    names = read(filtered)[1]
    variables = [name[3:-4] for name in names if name.endswith("_min")]
    check(variables == ["sar_vv_db", "sar_vh_db", "sar_vv_lee_r2", "sar_vh_lee_r2", "sar_cross_ratio_vv_lee_r2"], f"SAR variables: {variables}")
    recipe = gdal.Open(filtered).GetMetadataItem("IMCLASS_RECIPE_t1")
    check("looks=4.4" in recipe.replace(" ", ""), f"each date records the filter with the preset's looks: {recipe}")
    refused = os.path.join(out, "refused.tif")
    expect_refusal("ImclassSeriesFeatures", ["-il", *images, "-sensor", "s1", "-dates", *dates, "-bands", "vv"],
                   "-bands: 'vv' is a polarisation", refused)
    optical = make_series(out, prefix="o")[0]
    expect_refusal("ImclassSeriesFeatures", ["-il", optical[0], images[1], images[2], "-sensors", "s2", "s1", "s1", "-dates", *dates],
                   "-indices: nothing to compute", refused)
    print("Sentinel-1 series: SAR temporal features match numpy; Lee with the preset's looks by default; bad input refused")


def errors(out):
    images, masks, _, _ = make_series(out, prefix="e")
    refused = os.path.join(out, "refused.tif")

    def refuse(arguments, message):
        expect_refusal("ImclassSeriesFeatures", arguments, message, refused)

    small_mask = os.path.join(out, "small_mask.tif")
    gdal.Translate(small_mask, masks[1], srcWin=[0, 0, 10, 10])
    far = os.path.join(out, "far.tif")
    gdal.Translate(far, images[2], outputBounds=[700000, 4000000, 700300, 3999760])
    shuffled = [DATES[0], DATES[2], DATES[1]] + DATES[3:]
    refuse(["-il", *images, "-dates", *shuffled], "-dates: the dates must increase in the order of -il: date 3 (2023-02-26) is not after date 2 (2023-04-07)")
    refuse(["-il", *images, "-dates", *DATES[:-1]], "-dates: 6 dates for 7 images (-il)")
    refuse(["-il", *images[:3], "-dates", *DATES[:3], "-masks", masks[0], small_mask, masks[2]], "-masks: mask 2: 10 x 10 pixels, date 2 has 30 x 24")
    refuse(["-il", *images[:3], "-dates", *DATES[:3], "-masks", *masks[:2]], "-masks: 2 masks for 3 images (-il)")
    refuse(["-il", *images, "-dates", *DATES[:3], "2023-02-30", *DATES[4:]], "-dates: '2023-02-30' is not a date (YYYY-MM-DD)")
    refuse(["-il", images[0], "-dates", DATES[0]], "-il: a time series needs at least 2 dates (1 given)")
    refuse(["-il", *images, "-dates", *DATES, "-at", "2023-12-01"], "-at: 2023-12-01 is outside the series (2023-01-17 to 2023-10-24)")
    refuse(["-il", *images, "-dates", *DATES, "-ref", 8], "-ref: there is no date 8 (7 dates)")
    refuse(["-il", *images, "-dates", *DATES, "-bands", "pan"], "-bands: date 1 (2023-01-17) has no band 'pan'")
    refuse(["-il", *images, "-dates", *DATES, "-sensors", "s2", "l8"], "-sensors: 2 sensors for 7 images (-il)")
    refuse(["-il", *images[:3], "-dates", *DATES[:3], "-sensors", "s2", "l8", "s2"], f"-sensors: date 2 ({images[1]}): a Landsat-8")
    refuse(["-il", images[0], images[1], far, "-dates", *DATES[:3]], "-il: date 3: does not overlap date 1 (-ref)")
    refuse(["-il", *images, "-dates", *DATES, "-indices", "nbr", "-sensor", "generic", "-bandnames", *S2[:-1], "other"],
           "-indices: nbr needs band swir2, which date 1 (2023-01-17) does not have")


if __name__ == "__main__":
    check_name, out = sys.argv[1:3]
    os.makedirs(out, exist_ok=True)
    {"features": features, "metadata": metadata, "sensors": sensors, "grids": grids, "threads": threads, "sar": sar, "errors": errors}[check_name](out)
    print("OK")
