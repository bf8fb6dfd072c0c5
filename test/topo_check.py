#!/usr/bin/python3
"""ImclassTopo checks against analytic surfaces, gdaldem and numpy.

usage: topo_check.py CHECK OUTDIR [INPUTS...]   (OTB_APPLICATION_PATH must point at the build)
  plane-projected OUT          inclined plane in UTM, DEM on another grid: exact slope, aspect, elevation,
                               roughness, TPI and zero curvature at scales 1 3 4
  plane-geographic OUT         the same in EPSG:4326 at 45 N: slope in metres per metre from the published
                               lengths of a degree
  plane-reprojected OUT        UTM plane on an EPSG:4326 grid: slope and aspect through reprojection
  paraboloid OUT               z = a r^2 in UTM and in EPSG:4326: plan = 1/r, profile = 2a/(1+4a^2r^2)^1.5
  gdaldem OUT olinda_dem.tif   slope, aspect, TPI, roughness equal gdaldem's; scale 3 equals block mean +
                               gdaldem + bilinear interpolation done with numpy
  elev-dir OUT                 -elev.dem directory of an SRTM tile equals -dem on the same tile; voids
  errors OUT scene_dir         bad input: one FATAL line naming the parameter, no output
"""
import math
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal, osr

from imclass_checks import check, expect_refusal

gdal.UseExceptions()
ATTRIBUTES = ["elevation", "slope", "aspect_sin", "aspect_cos", "plan_curvature", "profile_curvature", "roughness", "tpi"]
# Published lengths of one degree on WGS 84 at 45 degrees of latitude (metres).
DEGREE_OF_LATITUDE_45 = 111131.78
DEGREE_OF_LONGITUDE_45 = 78846.81


def run(*args, expect_ok=True):
    result = subprocess.run(["otbcli"] + [str(a) for a in args], capture_output=True, text=True)
    if expect_ok and result.returncode != 0:
        sys.exit(f"command failed: {' '.join(map(str, args))}\n{result.stdout}\n{result.stderr}")
    return result


def within(actual, expected, tolerance, what):
    error = float(np.max(np.abs(np.asarray(actual) - expected)))
    check(error <= tolerance, f"{what}: max error {error:.3g} > {tolerance}")
    print(f"{what}: max error {error:.3g} (tolerance {tolerance})")


def write(path, array, origin, spacing, epsg, nodata=None, dtype=gdal.GDT_Float32):
    ds = gdal.GetDriverByName("GTiff").Create(path, array.shape[1], array.shape[0], 1, dtype)
    ds.SetGeoTransform([origin[0], spacing[0], 0, origin[1], 0, spacing[1]])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    ds.SetProjection(srs.ExportToWkt())
    if nodata is not None:
        ds.GetRasterBand(1).SetNoDataValue(nodata)
    ds.GetRasterBand(1).WriteArray(array)
    ds = None


def centres(shape, origin, spacing):
    """x and y of the pixel centres of a north-up grid whose corner is origin."""
    x = origin[0] + (np.arange(shape[1]) + 0.5) * spacing[0]
    y = origin[1] + (np.arange(shape[0]) + 0.5) * spacing[1]
    return np.meshgrid(x, y)


def read(path):
    ds = gdal.Open(path)
    bands = {ds.GetRasterBand(i + 1).GetDescription(): ds.GetRasterBand(i + 1).ReadAsArray().astype(np.float64)
             for i in range(ds.RasterCount)}
    nodata = [ds.GetRasterBand(i + 1).GetNoDataValue() for i in range(ds.RasterCount)]
    check(all(v == -9999 for v in nodata), f"{path}: no-data {nodata}, expected -9999")
    return bands


def topo(out, name, image, *options):
    path = os.path.join(out, name)
    run("ImclassTopo", "-in", image, *options, "-out", path)
    return read(path)


def plane_checks(bands, scales, gradient_east, gradient_north, elevation, pixel_metres, what):
    """Slope, aspect, elevation, curvature, roughness and TPI of an inclined plane."""
    norm = math.hypot(gradient_east, gradient_north)
    for s in scales:
        band = lambda a: bands[f"topo_{a}_s{s}"]
        within(band("slope"), math.degrees(math.atan(norm)), 1e-3, f"{what} slope s{s} (degrees)")
        within(band("aspect_sin"), -gradient_east / norm, 1e-4, f"{what} aspect sine s{s}")
        within(band("aspect_cos"), -gradient_north / norm, 1e-4, f"{what} aspect cosine s{s}")
        within(band("elevation"), elevation, 1e-2, f"{what} elevation s{s} (m)")
        within(band("plan_curvature"), 0, 1e-5, f"{what} plan curvature s{s}")
        within(band("profile_curvature"), 0, 1e-5, f"{what} profile curvature s{s}")
        # Over a 3 x 3 window of a plane: twice the rise across one pixel in each direction.
        rough = 2 * s * (abs(gradient_east) * pixel_metres[0] + abs(gradient_north) * pixel_metres[1])
        within(band("roughness"), rough, 2e-2, f"{what} roughness s{s} (m)")
        within(band("tpi"), 0, 2e-2, f"{what} TPI s{s} (m)")


def plane_projected(out):
    # -in: 64 x 47 pixels of 10 m; DEM: 20 m pixels over a wider area, z = 500 + 0.3 east + 0.4 north.
    image = os.path.join(out, "plane_in.tif")
    origin = (500000.0, 5000000.0)
    write(image, np.zeros((47, 64), np.float32), origin, (10.0, -10.0), 32632)
    dem = os.path.join(out, "plane_dem.tif")
    dem_origin = (origin[0] - 300, origin[1] + 300)
    x, y = centres((60, 65), dem_origin, (20.0, -20.0))
    write(dem, 500 + 0.3 * (x - origin[0]) + 0.4 * (y - origin[1]), dem_origin, (20.0, -20.0), 32632)
    bands = topo(out, "plane_topo.tif", image, "-dem", dem)
    check(list(bands) == [f"topo_{a}_s{s}" for s in (1, 3, 4) for a in ATTRIBUTES], f"band names {list(bands)}")
    x, y = centres((47, 64), origin, (10.0, -10.0))
    plane_checks(bands, (1, 3, 4), 0.3, 0.4, 500 + 0.3 * (x - origin[0]) + 0.4 * (y - origin[1]), (10, 10), "UTM plane")


def plane_geographic(out):
    # EPSG:4326 at 45 N, pixels of 0.0001 degree; z rises 20000 m per degree east and 40000 m per degree north.
    origin, spacing = (6.0, 45.003), (0.0001, -0.0001)
    image = os.path.join(out, "geoplane_in.tif")
    write(image, np.zeros((60, 60), np.float32), origin, spacing, 4326)
    # The DEM extends 10 pixels beyond -in, so that the coarse blocks at the border are full.
    plane = lambda lon, lat: 1000 + 20000 * (lon - 6.003) + 40000 * (lat - 45.0)
    dem_origin = (origin[0] - 10 * spacing[0], origin[1] - 10 * spacing[1])
    dem = os.path.join(out, "geoplane_dem.tif")
    write(dem, plane(*centres((80, 80), dem_origin, spacing)), dem_origin, spacing, 4326)
    elevation = plane(*centres((60, 60), origin, spacing))
    bands = topo(out, "geoplane_topo.tif", image, "-dem", dem, "-scales", 1, 3)
    east, north = 20000 / DEGREE_OF_LONGITUDE_45, 40000 / DEGREE_OF_LATITUDE_45
    # Degree lengths vary by 1e-4 over the image: the tolerances allow for it.
    pixel = (spacing[0] * DEGREE_OF_LONGITUDE_45, -spacing[1] * DEGREE_OF_LATITUDE_45)
    plane_checks(bands, (1, 3), east, north, elevation, pixel, "EPSG:4326 plane")


def plane_reprojected(out):
    """-in in EPSG:4326 on the central meridian of UTM 32N (9 E), DEM a plane in UTM 32N: there UTM
    north is true north and UTM metres are 0.9996 true metres, so the slope is known to 1e-3."""
    origin, spacing = (8.99, 45.01), (0.0001, -0.0001)
    image = os.path.join(out, "reprojected_in.tif")
    write(image, np.zeros((200, 200), np.float32), origin, spacing, 4326)
    dem = os.path.join(out, "reprojected_dem.tif")
    dem_origin = (497000.0, 4987000.0)  # covers the image (E 499200 to 500800, N 4981800 to 4984100) and more
    x, y = centres((300, 300), dem_origin, (20.0, -20.0))
    write(dem, 500 + 0.3 * (x - 500000) + 0.4 * (y - 4985000), dem_origin, (20.0, -20.0), 32632)
    bands = topo(out, "reprojected_topo.tif", image, "-dem", dem, "-scales", 1, 4)
    for s in (1, 4):
        slope = bands[f"topo_slope_s{s}"]
        check(np.all(slope != -9999), f"no-data in the reprojected plane at scale {s}")
        within(np.tan(np.radians(slope)) / 0.5, 1.0, 1e-3, f"UTM plane on an EPSG:4326 grid: gradient / 0.5, scale {s}")
        within(bands[f"topo_aspect_sin_s{s}"], -0.6, 2e-3, f"UTM plane on an EPSG:4326 grid: aspect sine, scale {s}")
        within(bands[f"topo_aspect_cos_s{s}"], -0.8, 2e-3, f"UTM plane on an EPSG:4326 grid: aspect cosine, scale {s}")


def paraboloid(out):
    a = 0.001
    # Projected: DEM on the grid of -in; z = a r^2 around the centre of pixel (40, 30).
    origin, spacing = (500000.0, 5000000.0), (10.0, -10.0)
    x, y = centres((60, 80), origin, spacing)
    cx, cy = x[30, 40], y[30, 40]
    dx, dy = x - cx, y - cy
    image = os.path.join(out, "paraboloid_utm.tif")
    write(image, (100 + a * (dx ** 2 + dy ** 2)).astype(np.float64), origin, spacing, 32632, dtype=gdal.GDT_Float64)
    bands = topo(out, "paraboloid_utm_topo.tif", image, "-dem", image, "-scales", 1)
    # The DEM is read as float32 (3e-5 m steps at 300 m): second differences over 10 m pixels keep
    # about 4 digits, hence 1e-3.
    paraboloid_checks(bands, dx, dy, a, 1e-3, "UTM paraboloid")
    # Geographic, at 45 N: distances from the published degree lengths.
    origin, spacing = (6.0, 45.003), (0.0001, -0.0001)
    lon, lat = centres((60, 80), origin, spacing)
    dx = (lon - lon[30, 40]) * DEGREE_OF_LONGITUDE_45
    dy = (lat - lat[30, 40]) * DEGREE_OF_LATITUDE_45
    image = os.path.join(out, "paraboloid_geo.tif")
    write(image, (100 + a * (dx ** 2 + dy ** 2)).astype(np.float64), origin, spacing, 4326, dtype=gdal.GDT_Float64)
    bands = topo(out, "paraboloid_geo_topo.tif", image, "-dem", image, "-scales", 1)
    paraboloid_checks(bands, dx, dy, a, 2e-3, "EPSG:4326 paraboloid")


def paraboloid_checks(bands, dx, dy, a, tolerance, what):
    r = np.hypot(dx, dy)
    # 1/r is steep near the vertex, and at the edge of the DEM the missing neighbours are
    # extrapolated linearly, which a paraboloid is not: the formulas are exact elsewhere.
    away = r > 30
    away[[0, -1], :] = away[:, [0, -1]] = False
    for band in bands.values():
        check(np.all(np.isfinite(band)), f"{what}: NaN or infinite values")
    plan = bands["topo_plan_curvature_s1"]
    profile = bands["topo_profile_curvature_s1"]
    within((plan * r)[away], 1.0, tolerance, f"{what}: plan curvature x r")
    expected = 2 * a / (1 + 4 * a * a * r ** 2) ** 1.5
    within((profile / expected)[away], 1.0, tolerance, f"{what}: profile curvature / (2a / (1 + 4a^2 r^2)^1.5)")
    slope = np.degrees(np.arctan(2 * a * r))
    within(bands["topo_slope_s1"][away], slope[away], 0.01, f"{what}: slope (degrees; Horn is exact on a quadratic)")


def gdaldem(out, dem):
    """Interior pixels: gdaldem has another rule at the image edge."""
    bands = topo(out, "olinda_topo.tif", dem, "-dem", dem, "-scales", 1, 3)
    inner = (slice(1, -1), slice(1, -1))
    theirs = {}
    for what in ("slope", "aspect", "TPI", "roughness"):
        path = os.path.join(out, f"olinda_gdaldem_{what}.tif")
        subprocess.run(["gdaldem", what, "-q", dem, path], check=True)
        theirs[what] = gdal.Open(path).ReadAsArray().astype(np.float64)
    elevation = gdal.Open(dem).ReadAsArray().astype(np.float64)
    within(bands["topo_elevation_s1"], elevation, 1e-4, "olinda elevation = DEM (m)")
    # Same formulas in double precision, output in float32: tolerances are float32 rounding.
    within(bands["topo_slope_s1"][inner], theirs["slope"][inner], 1e-4, "olinda slope vs gdaldem (degrees)")
    within(bands["topo_tpi_s1"][inner], theirs["TPI"][inner], 1e-4, "olinda TPI vs gdaldem (m)")
    within(bands["topo_roughness_s1"][inner], theirs["roughness"][inner], 1e-4, "olinda roughness vs gdaldem (m)")
    aspect = theirs["aspect"][inner]
    sloped = aspect != -9999  # gdaldem's flat pixels
    check(np.all((bands["topo_aspect_sin_s1"][inner] == 0)[~sloped]), "flat pixels: aspect sine is not 0")
    check(np.all((bands["topo_aspect_cos_s1"][inner] == 0)[~sloped]), "flat pixels: aspect cosine is not 0")
    print(f"olinda: {np.count_nonzero(~sloped)} flat pixels have aspect sine = cosine = 0")
    within(bands["topo_aspect_sin_s1"][inner][sloped], np.sin(np.radians(aspect[sloped])), 1e-5, "olinda aspect sine vs gdaldem")
    within(bands["topo_aspect_cos_s1"][inner][sloped], np.cos(np.radians(aspect[sloped])), 1e-5, "olinda aspect cosine vs gdaldem")
    scale3_oracle(out, dem, elevation, bands)


def scale3_oracle(out, dem, elevation, bands):
    """Scale 3 redone with numpy and gdaldem: 3 x 3 block means on a grid that starts one block
    before -in, gdaldem slope there, bilinear interpolation at the pixel centres of -in."""
    k = 3
    rows, cols = elevation.shape
    padded = np.full((((rows + k - 1) // k + 2) * k, ((cols + k - 1) // k + 2) * k), np.nan)
    padded[k:k + rows, k:k + cols] = elevation
    blocks = padded.reshape(padded.shape[0] // k, k, padded.shape[1] // k, k)
    coarse = np.nanmean(np.nanmean(blocks, axis=3), axis=1)
    ds = gdal.Open(dem)
    gt = ds.GetGeoTransform()
    coarse_path = os.path.join(out, "olinda_coarse3.tif")
    write(coarse_path, coarse, (gt[0] - k * gt[1], gt[3] - k * gt[5]), (k * gt[1], k * gt[5]), 31985)
    slope_path = os.path.join(out, "olinda_coarse3_slope.tif")
    subprocess.run(["gdaldem", "slope", "-q", coarse_path, slope_path], check=True)
    slope = gdal.Open(slope_path).ReadAsArray().astype(np.float64)
    # Pixel i of -in is at (i + k + 0.5) / k - 0.5 coarse pixels.
    u = (np.arange(cols) + k + 0.5) / k - 0.5
    v = (np.arange(rows) + k + 0.5) / k - 0.5
    x0, y0 = np.floor(u).astype(int), np.floor(v).astype(int)
    fx, fy = (u - x0)[None, :], (v - y0)[:, None]
    grid = lambda dy, dx: slope[np.ix_(y0 + dy, x0 + dx)]
    expected = (grid(0, 0) * (1 - fx) * (1 - fy) + grid(0, 1) * fx * (1 - fy) + grid(1, 0) * (1 - fx) * fy + grid(1, 1) * fx * fy)
    inner = (slice(2 * k, -2 * k), slice(2 * k, -2 * k))  # gdaldem leaves the coarse edge as no-data
    within(bands["topo_slope_s3"][inner], expected[inner], 1e-3, "olinda slope s3 vs numpy block mean + gdaldem + bilinear")


def elev_dir(out):
    """An SRTM tile N45E006.hgt (3 arc-seconds) holding a plane and a void."""
    tiles = os.path.join(out, "srtm")
    os.makedirs(tiles, exist_ok=True)
    size = 1201
    lon, lat = np.meshgrid(6 + np.arange(size) / 1200.0, 46 - np.arange(size) / 1200.0)
    heights = np.round(1000 + 2000 * (lon - 6) + 3000 * (lat - 45)).astype(np.int16)
    heights[600:640, 600:640] = -32768  # a void around 6.5 E, 45.5 N
    memory = gdal.GetDriverByName("MEM").Create("", size, size, 1, gdal.GDT_Int16)
    memory.SetGeoTransform([6 - 0.5 / 1200, 1 / 1200.0, 0, 46 + 0.5 / 1200, 0, -1 / 1200.0])
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    memory.SetProjection(srs.ExportToWkt())
    memory.GetRasterBand(1).WriteArray(heights)
    memory.GetRasterBand(1).SetNoDataValue(-32768)
    tile = os.path.join(tiles, "N45E006.hgt")
    gdal.GetDriverByName("SRTMHGT").CreateCopy(tile, memory)
    # -in: 30 m UTM 32N pixels around the void.
    transform = osr.CoordinateTransformation(srs, utm32())
    e, n, _ = transform.TransformPoint(45.5, 6.5)  # EPSG:4326 is latitude first in GDAL 3
    east_edge = transform.TransformPoint(45.5, 7.0)
    outside_tile(out, tiles, east_edge[0], east_edge[1])
    image = os.path.join(out, "elev_in.tif")
    origin = (round(e) - 1500.0, round(n) + 1500.0)
    write(image, np.zeros((100, 100), np.float32), origin, (30.0, -30.0), 32632)
    tiles_topo = topo(out, "elev_dir_topo.tif", image, "-elev.dem", tiles, "-scales", 1, 3)
    file_topo = topo(out, "elev_file_topo.tif", image, "-dem", tile, "-scales", 1, 3)
    void = file_topo["topo_elevation_s1"] == -9999
    check(void.any() and not void.all(), "-dem: the void of the tile is not no-data")
    check(np.array_equal(void, tiles_topo["topo_elevation_s1"] == -9999), "-elev.dem and -dem disagree on the void")
    print(f"SRTM void: {np.count_nonzero(void)} pixels of -in are no-data with -dem and with -elev.dem")
    # Both read the tile bilinearly; away from the void they agree.
    far = ~void
    for key in ("topo_elevation_s1", "topo_slope_s1", "topo_elevation_s3", "topo_slope_s3"):
        valid = (tiles_topo[key] != -9999) & (file_topo[key] != -9999)
        within(tiles_topo[key][valid], file_topo[key][valid], 0.05, f"-elev.dem vs -dem {key}")
    lon, lat = lonlat(image)
    plane = 1000 + 2000 * (lon - 6) + 3000 * (lat - 45)
    # Heights are whole metres in the tile: bilinear interpolation stays within 0.5 m of the plane.
    within(tiles_topo["topo_elevation_s1"][far], plane[far], 0.51, "-elev.dem elevation vs the plane (m)")
    # The plane's slope in metres per metre from the published degree lengths (a degree of longitude
    # shrinks with cos(latitude) from 45 to 45.5 N); heights rounded to whole metres make single pixels
    # noisy, so the median is compared.
    east = 2000 / (DEGREE_OF_LONGITUDE_45 * math.cos(math.radians(45.5)) / math.cos(math.radians(45)))
    expected = math.degrees(math.atan(math.hypot(east, 3000 / DEGREE_OF_LATITUDE_45)))
    within(np.median(tiles_topo["topo_slope_s1"][far]), expected, 0.01 * expected, "SRTM plane: median slope (degrees)")
    # -elev.geoid: heights above the ellipsoid = DEM + undulation (a constant 47.5 m grid here), the
    # shape of the ground unchanged; -elev.default given: voids take that height (above the geoid).
    geoid = os.path.join(out, "geoid.tif")
    geoid_ds = gdal.GetDriverByName("GTiff").Create(geoid, 40, 40, 1, gdal.GDT_Float32)
    geoid_ds.SetGeoTransform([4.0, 0.1, 0, 47.0, 0, -0.1])
    geoid_ds.SetProjection(srs.ExportToWkt())
    geoid_ds.GetRasterBand(1).Fill(47.5)
    geoid_ds = None
    with_geoid = topo(out, "elev_geoid_topo.tif", image, "-elev.dem", tiles, "-elev.geoid", geoid, "-scales", 1)
    within(with_geoid["topo_elevation_s1"][far], tiles_topo["topo_elevation_s1"][far] + 47.5, 1e-3, "-elev.geoid: elevation + 47.5 m")
    within(with_geoid["topo_slope_s1"][far], tiles_topo["topo_slope_s1"][far], 1e-3, "-elev.geoid: slope unchanged")
    check(np.array_equal(with_geoid["topo_elevation_s1"] == -9999, void), "-elev.geoid alone changed the no-data")
    filled = topo(out, "elev_default_topo.tif", image, "-elev.dem", tiles, "-elev.geoid", geoid, "-elev.default", 500, "-scales", 1)
    deep_void = void & (np.abs(filled["topo_elevation_s1"] - 547.5) < 1e-3)
    check(deep_void.any() and not (filled["topo_elevation_s1"] == -9999).any(),
          "-elev.default: voids are not filled with the default height above the geoid")
    print(f"-elev.geoid adds 47.5 m, slopes unchanged; -elev.default fills {np.count_nonzero(deep_void)} void pixels with 547.5 m")


def lonlat(image):
    """Longitude and latitude of the pixel centres of a UTM 32N image."""
    ds = gdal.Open(image)
    gt = ds.GetGeoTransform()
    x, y = centres((ds.RasterYSize, ds.RasterXSize), (gt[0], gt[3]), (gt[1], gt[5]))
    wgs84 = osr.SpatialReference()
    wgs84.ImportFromEPSG(4326)
    transform = osr.CoordinateTransformation(utm32(), wgs84)
    points = np.array(transform.TransformPoints(np.column_stack([x.ravel(), y.ravel()]).tolist()))
    return points[:, 1].reshape(x.shape), points[:, 0].reshape(x.shape)  # EPSG:4326 is latitude first


def outside_tile(out, tiles, e, n):
    """-in across the east edge of the tile (7 E): no-data east of it, values west of it."""
    image = os.path.join(out, "elev_edge_in.tif")
    write(image, np.zeros((40, 80), np.float32), (e - 1200.0, n + 600.0), (30.0, -30.0), 32632)
    bands = topo(out, "elev_edge_topo.tif", image, "-elev.dem", tiles, "-scales", 1, 3)
    lon, _ = lonlat(image)
    check(lon.min() < 6.99 and lon.max() > 7.01, "the image does not straddle 7 E")
    for key in ("topo_elevation_s1", "topo_slope_s1", "topo_tpi_s3"):
        band = bands[key]
        check(np.all(band[lon > 7 + 1 / 1200.0] == -9999), f"{key}: values east of the tile")
        check(np.all(band[lon < 7 - 1 / 1200.0] != -9999), f"{key}: no-data west of the tile edge")
        check(np.all(np.isfinite(band)), f"{key}: NaN")
    print(f"east of the tile: {np.count_nonzero(lon > 7 + 1 / 1200.0)} pixels are no-data in every band, none west of it")


def utm32():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32632)
    return srs


def errors(out, scene):
    image, dem = os.path.join(scene, "post.tif"), os.path.join(scene, "dem.tif")
    far_dem = os.path.join(out, "far_dem.tif")
    write(far_dem, np.ones((10, 10), np.float32), (100000.0, 1000000.0), (20.0, -20.0), 32632)
    cases = [
        (["-in", image, "-dem", dem, "-attributes", "slope", "hillshade"], "-attributes: unknown attribute 'hillshade'"),
        (["-in", image, "-dem", dem, "-scales", "1", "0"], "-scales: '0'"),
        (["-in", image, "-dem", dem, "-scales", "3", "3"], "-scales: scale 3 is given twice"),
        (["-in", image, "-dem", far_dem], "-dem: the DEM does not cover any part of -in"),
        (["-in", image], "-dem: give a DEM file"),
        (["-in", image, "-elev.dem", os.path.join(out, "no_such_dir")], "-elev.dem:"),
    ]
    for options, message in cases:
        expect_refusal("ImclassTopo", options, message, os.path.join(out, "error_topo.tif"))


if __name__ == "__main__":
    check_name, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    checks = {"plane-projected": plane_projected, "plane-geographic": plane_geographic,
              "plane-reprojected": plane_reprojected, "paraboloid": paraboloid,
              "gdaldem": gdaldem, "elev-dir": elev_dir, "errors": errors}
    checks[check_name.replace("_", "-")](out_dir, *sys.argv[3:])
