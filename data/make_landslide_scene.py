#!/usr/bin/python3
"""Deterministic bi-date landslide scene with a DEM and ground truth, for ImCLASS tests and demo.

Writes into OUTDIR (all in EPSG:32632, UTM 32N):
  pre.tif, post.tif   Sentinel-2-like 10-band UInt16 images (B2 B3 B4 B5 B6 B7 B8 B8A B11 B12,
                      reflectance x 10000), 10 m pixels, band descriptions set.
  post_mask.tif       UInt8 validity mask of the post date (0 = cloud, 1 = valid).
  dem.tif             Float32 DEM at 20 m (a coarser grid than the images, as real DEMs are).
  truth.tif           UInt8 ground truth on the image grid (1 = landslide).
  truth.gpkg          every landslide polygon (layer "truth", field "label" = 1).
  samples.gpkg        what an analyst would digitize: two thirds of the landslides (label 1)
                      and a few negative polygons (label 0), field "label".
  scene.json          what was generated: seed, size, counts, landslide fraction.

What makes the task non-trivial (and realistic):
  - landslides strip vegetation between the dates, mostly on steep slopes (> 20 deg);
  - a harvested field on the flat plain also loses its vegetation between the dates (a change
    that is not a landslide: only topography tells them apart);
  - a bare field (bare at both dates), a river, natural noise and seasonal radiometric drift;
  - cloud-like bright blobs in the post date only.

usage: make_landslide_scene.py OUTDIR [--seed N] [--size PIXELS]
"""
import json
import math
import os

import numpy as np
from osgeo import gdal, ogr, osr

from scene_common import scene_arguments

gdal.UseExceptions()

BANDS = ["B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12"]
# Typical surface reflectances for those bands.
SIGNATURES = {
    "forest": [0.030, 0.050, 0.030, 0.080, 0.220, 0.280, 0.300, 0.310, 0.150, 0.070],
    "meadow": [0.040, 0.080, 0.050, 0.120, 0.280, 0.340, 0.380, 0.390, 0.220, 0.110],
    "debris": [0.110, 0.140, 0.170, 0.200, 0.220, 0.230, 0.240, 0.250, 0.320, 0.270],
    "soil":   [0.080, 0.100, 0.130, 0.160, 0.180, 0.200, 0.210, 0.220, 0.280, 0.220],
    "water":  [0.060, 0.060, 0.040, 0.030, 0.020, 0.020, 0.020, 0.020, 0.010, 0.010],
    "cloud":  [0.480, 0.490, 0.500, 0.500, 0.510, 0.510, 0.520, 0.520, 0.450, 0.380],
}
PIXEL = 10.0
ORIGIN = (350000.0, 5040000.0)  # upper-left corner, UTM 32N (Alps)
EPSG = 32632


def smooth_noise(rng, shape, scale_px, octaves=3):
    """Band-limited random field in [-1, 1]: sum of random cosine waves."""
    h, w = shape
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    field = np.zeros(shape)
    for octave in range(octaves):
        wavelength = scale_px / (2 ** octave)
        for _ in range(6):
            theta = rng.uniform(0, math.pi)
            phase = rng.uniform(0, 2 * math.pi)
            k = 2 * math.pi / wavelength
            field += np.cos(k * (x * math.cos(theta) + y * math.sin(theta)) + phase) / (2 ** octave)
    return field / np.abs(field).max()


def srs():
    s = osr.SpatialReference()
    s.ImportFromEPSG(EPSG)
    return s


def create_raster(path, array, dtype, pixel, names=None, nodata=None):
    bands = array if array.ndim == 3 else array[None]
    ds = gdal.GetDriverByName("GTiff").Create(path, bands.shape[2], bands.shape[1], bands.shape[0],
                                              dtype, ["COMPRESS=DEFLATE", "TILED=YES"])
    ds.SetGeoTransform((ORIGIN[0], pixel, 0, ORIGIN[1], 0, -pixel))
    ds.SetProjection(srs().ExportToWkt())
    for i, band_array in enumerate(bands):
        band = ds.GetRasterBand(i + 1)
        band.WriteArray(band_array)
        if names:
            band.SetDescription(names[i])
        if nodata is not None:
            band.SetNoDataValue(nodata)
    ds = None


def ellipse_polygon(cx, cy, half_length, half_width, angle, rng, vertices=24):
    """Irregular ellipse (map coordinates), long axis along `angle`."""
    ring = ogr.Geometry(ogr.wkbLinearRing)
    points = []
    for i in range(vertices):
        t = 2 * math.pi * i / vertices
        wobble = 1.0 + 0.15 * rng.uniform(-1, 1)
        u = half_length * math.cos(t) * wobble
        v = half_width * math.sin(t) * wobble
        points.append((cx + u * math.cos(angle) - v * math.sin(angle),
                       cy + u * math.sin(angle) + v * math.cos(angle)))
    for px, py in points + points[:1]:
        ring.AddPoint_2D(px, py)
    polygon = ogr.Geometry(ogr.wkbPolygon)
    polygon.AddGeometry(ring)
    return polygon


def rectangle_polygon(x0, y0, x1, y1):
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for px, py in [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]:
        ring.AddPoint_2D(px, py)
    polygon = ogr.Geometry(ogr.wkbPolygon)
    polygon.AddGeometry(ring)
    return polygon


def cover_fraction(polygons, size, supersample=4):
    """Fraction of each image pixel covered by the polygons (rasterized at 4x then averaged)."""
    fine = size * supersample
    mem = gdal.GetDriverByName("MEM").Create("", fine, fine, 1, gdal.GDT_Byte)
    mem.SetGeoTransform((ORIGIN[0], PIXEL / supersample, 0, ORIGIN[1], 0, -PIXEL / supersample))
    mem.SetProjection(srs().ExportToWkt())
    vector = ogr.GetDriverByName("Memory").CreateDataSource("")
    layer = vector.CreateLayer("p", srs(), ogr.wkbPolygon)
    for polygon in polygons:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(polygon)
        layer.CreateFeature(feature)
    gdal.RasterizeLayer(mem, [1], layer, burn_values=[1])
    grid = mem.GetRasterBand(1).ReadAsArray().astype(np.float64)
    return grid.reshape(size, supersample, size, supersample).mean(axis=(1, 3))


def write_polygons(path, layer_name, polygons_with_labels):
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = ds.CreateLayer(layer_name, srs(), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("label", ogr.OFTInteger))
    for polygon, label in polygons_with_labels:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(polygon)
        feature.SetField("label", int(label))
        layer.CreateFeature(feature)
    ds = None


def to_map(col, row):
    return ORIGIN[0] + (col + 0.5) * PIXEL, ORIGIN[1] - (row + 0.5) * PIXEL


def make_terrain(rng, size):
    """Mountains with a flat valley floor and a river along it. Returns (elevation, river line)."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float64)
    # River: a sinuous line from the left edge to the bottom edge.
    river_row = 0.72 * size + 0.06 * size * np.sin(x / size * 2.5 * math.pi) + 0.25 * x
    distance_to_river = np.abs(y - river_row)                       # pixels (vertical)
    valley = np.clip((distance_to_river - 0.10 * size) / (0.12 * size), 0.0, 1.0)
    valley = valley * valley * (3 - 2 * valley)                      # smoothstep: 0 on the plain
    relief = 0.5 * (smooth_noise(rng, (size, size), 0.9 * size, octaves=3) + 1.0)
    elevation = 900.0 + 1100.0 * valley * (0.35 + relief) + 2.0 * smooth_noise(rng, (size, size), 30)
    elevation -= 6.0 * np.exp(-(distance_to_river / 2.0) ** 2)      # river bed
    return elevation, river_row, distance_to_river


def slope_degrees(elevation):
    gy, gx = np.gradient(elevation, PIXEL)
    return np.degrees(np.arctan(np.hypot(gx, gy))), gx, gy


def generate(outdir, seed=42, size=400):
    """Writes the scene into outdir; returns what it is made of (terrain, land cover fractions,
    landslide polygons and truth), for scenes drawn over the same ground (data/make_sar_scene.py).
    outdir exists (scene_arguments makes it)."""
    rng = np.random.default_rng(seed)

    elevation, river_row, distance_to_river = make_terrain(rng, size)
    slope, gx, gy = slope_degrees(elevation)
    plain = (distance_to_river > 4) & (distance_to_river < 0.09 * size)

    # Landslides: elongated downslope, mostly where the slope is steep.
    landslides = []
    steep = np.argwhere((slope > 22) & (slope < 50))
    gentle = np.argwhere((slope > 8) & (slope < 18))
    count = max(6, int(round(22 * (size / 400.0) ** 2)))
    taken = np.zeros((size, size), bool)
    attempts = 0
    while len(landslides) < count and attempts < 5000:
        attempts += 1
        pool = steep if rng.uniform() < 0.85 or len(gentle) == 0 else gentle
        row, col = pool[rng.integers(len(pool))]
        if row < 8 or col < 8 or row > size - 9 or col > size - 9 or taken[row - 8:row + 9, col - 8:col + 9].any():
            continue
        downslope = math.atan2(gy[row, col], -gx[row, col])  # map y grows northwards
        half_length = rng.uniform(60, 150)
        half_width = rng.uniform(25, 55)
        cx, cy = to_map(col, row)
        landslides.append(ellipse_polygon(cx, cy, half_length, half_width, downslope, rng))
        taken[row - 12:row + 13, col - 12:col + 13] = True

    # Fields on the plain: one bare at both dates, one harvested between the dates.
    plain_cells = np.argwhere(plain & (elevation < 1000))
    fields = []
    for _ in range(2):
        row, col = plain_cells[rng.integers(len(plain_cells))]
        cx, cy = to_map(col, row)
        half = rng.uniform(60, 90)
        fields.append(rectangle_polygon(cx - half, cy - half * 0.7, cx + half, cy + half * 0.7))
    bare_field, harvested_field = fields

    landslide_fraction = cover_fraction(landslides, size)
    bare_fraction = cover_fraction([bare_field], size)
    harvested_fraction = cover_fraction([harvested_field], size)
    water_fraction = np.clip(1.5 - distance_to_river / 1.5, 0.0, 1.0)

    # Vegetation background: forest on slopes, meadow on the plain, smooth mixing.
    forest_weight = np.clip(0.5 + 0.6 * smooth_noise(rng, (size, size), 80) + (slope - 15) / 40, 0, 1)

    def date_image(stripped_fraction, field_fraction_bare, drift, clouds):
        image = np.zeros((len(BANDS), size, size))
        noise_rng = np.random.default_rng(rng.integers(1 << 31))
        for b in range(len(BANDS)):
            vegetation = (forest_weight * SIGNATURES["forest"][b]
                          + (1 - forest_weight) * SIGNATURES["meadow"][b]) * drift[b]
            value = vegetation
            value = value * (1 - stripped_fraction) + SIGNATURES["debris"][b] * stripped_fraction
            value = value * (1 - field_fraction_bare) + SIGNATURES["soil"][b] * field_fraction_bare
            value = value * (1 - water_fraction) + SIGNATURES["water"][b] * water_fraction
            value = value * (1 - clouds) + SIGNATURES["cloud"][b] * clouds
            # Illumination from the terrain (sun from the south-east) and sensor noise.
            value *= 1.0 + 0.004 * (gx[:, :] * -0.5 + gy[:, :] * 0.5).clip(-40, 40)
            value += noise_rng.normal(0.0, 0.006, (size, size))
            image[b] = value
        return np.clip(image * 10000.0, 1, 65535).astype(np.uint16)

    no_clouds = np.zeros((size, size))
    pre = date_image(np.zeros((size, size)), bare_fraction, [1.0] * len(BANDS), no_clouds)

    # Post date: landslides and the harvest strip vegetation, seasonal drift, clouds.
    y, x = np.mgrid[0:size, 0:size].astype(np.float64)
    clouds = np.zeros((size, size))
    for _ in range(3):
        cy, cx = rng.uniform(0.1, 0.9, 2) * size
        radius = rng.uniform(0.03, 0.06) * size
        clouds = np.maximum(clouds, np.exp(-(((x - cx) ** 2 + (y - cy) ** 2) / (2 * radius ** 2))))
    clouds = np.where(clouds > 0.1, clouds, 0.0)
    drift = [1.0 + rng.uniform(-0.05, 0.05) for _ in BANDS]
    post = date_image(landslide_fraction, np.maximum(bare_fraction, harvested_fraction), drift, clouds)
    post_mask = (clouds < 0.3).astype(np.uint8)

    truth = (landslide_fraction >= 0.5).astype(np.uint8)

    create_raster(os.path.join(outdir, "pre.tif"), pre, gdal.GDT_UInt16, PIXEL, BANDS)
    create_raster(os.path.join(outdir, "post.tif"), post, gdal.GDT_UInt16, PIXEL, BANDS)
    create_raster(os.path.join(outdir, "post_mask.tif"), post_mask, gdal.GDT_Byte, PIXEL)
    create_raster(os.path.join(outdir, "truth.tif"), truth, gdal.GDT_Byte, PIXEL)
    dem = elevation.reshape(size // 2, 2, size // 2, 2).mean(axis=(1, 3)).astype(np.float32)
    create_raster(os.path.join(outdir, "dem.tif"), dem, gdal.GDT_Float32, 2 * PIXEL, ["elevation"])

    write_polygons(os.path.join(outdir, "truth.gpkg"), "truth", [(p, 1) for p in landslides])
    digitized = [(p, 1) for i, p in enumerate(landslides) if i % 3 != 2]
    negatives = []
    for _ in range(6):
        row, col = rng.integers(20, size - 20, 2)
        if landslide_fraction[row - 10:row + 11, col - 10:col + 11].any():
            continue
        cx, cy = to_map(col, row)
        negatives.append((rectangle_polygon(cx - 60, cy - 60, cx + 60, cy + 60), 0))
    write_polygons(os.path.join(outdir, "samples.gpkg"), "samples", digitized + negatives)

    summary = {
        "seed": seed, "size": size, "pixel_m": PIXEL, "epsg": EPSG,
        "landslides": len(landslides), "digitized_landslides": len(digitized),
        "negative_polygons": len(negatives),
        "landslide_pixel_fraction": round(float(truth.mean()), 5),
        "steep_landslide_share": round(float((slope[truth == 1] > 20).mean()), 3) if truth.any() else 0.0,
        "cloud_pixel_fraction": round(float((post_mask == 0).mean()), 5),
    }
    with open(os.path.join(outdir, "scene.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps(summary))
    return {"size": size, "elevation": elevation, "slope": slope, "gx": gx, "gy": gy, "distance_to_river": distance_to_river,
            "plain": plain, "forest_weight": forest_weight, "landslide_fraction": landslide_fraction, "bare_fraction": bare_fraction,
            "harvested_fraction": harvested_fraction, "water_fraction": water_fraction, "truth": truth, "landslides": landslides,
            "digitized": digitized}


def main():
    args = scene_arguments(__doc__, seed=42, size=400)
    generate(args.outdir, args.seed, args.size)


if __name__ == "__main__":
    main()
