#!/usr/bin/python3
"""Deterministic phenology scene: a year of monthly Sentinel-2-like dates over fields of vineyards,
grassland, crops and forest, with clouds, for ImCLASS's time-series tests and demo.

Writes into OUTDIR (all in EPSG:32632, UTM 32N, 10 m pixels):
  date01.tif ... date12.tif   Sentinel-2-like 10-band UInt16 images (B2 B3 B4 B5 B6 B7 B8 B8A B11
                              B12, reflectance x 10000), one around the middle of each month; the
                              acquisition date in TIFFTAG_DATETIME ("YYYY:MM:DD HH:MM:SS").
  mask01.tif ... mask12.tif   UInt8 validity masks (0 = cloud, 1 = valid).
  dates.txt                   the acquisition dates, one per line (YYYY-MM-DD).
  truth.tif                   UInt8 ground truth (1 = vineyard, 0 = other).
  truth.gpkg                  every field, field "label" (1 = vineyard, 0 = other), "class" its class.
  samples.gpkg                what an analyst would digitize: part of the vineyards (label 1).
  scene.json                  what was generated: seed, size, dates, field counts, cloud cover.

Each pixel is a mixture of green vegetation and the bare soil of its field; the vegetation cover
follows the class's curve through the year (keypoints of day of year below), shifted, stretched
and offset per field, with noise per pixel. At every single date the vineyards' cover lies within
the range of another class (maize in winter and spring, grassland in summer, wheat and rapeseed in
autumn), so a single date cannot separate them; their curve through the year can.

usage: make_phenology_scene.py OUTDIR [--seed N] [--size PIXELS]
"""
import datetime
import json
import os

import numpy as np
from osgeo import gdal, ogr, osr

from scene_common import scene_arguments

gdal.UseExceptions()

BANDS = ["B2", "B3", "B4", "B5", "B6", "B7", "B8", "B8A", "B11", "B12"]
# Typical surface reflectances of green vegetation, and of bright and dark soils (mixed per field).
VEGETATION = np.array([0.030, 0.060, 0.035, 0.110, 0.300, 0.380, 0.420, 0.430, 0.200, 0.100])
SOIL_BRIGHT = np.array([0.100, 0.130, 0.170, 0.200, 0.220, 0.235, 0.250, 0.260, 0.340, 0.290])
SOIL_DARK = np.array([0.050, 0.070, 0.090, 0.110, 0.125, 0.135, 0.145, 0.150, 0.200, 0.170])
CLOUD = np.array([0.480, 0.490, 0.500, 0.500, 0.510, 0.510, 0.520, 0.520, 0.450, 0.380])
# Vegetation cover through the year: (day of year, cover) keypoints, linear in between.
CURVES = {
    "vineyard": [(1, 0.18), (120, 0.18), (150, 0.30), (180, 0.46), (220, 0.52), (260, 0.45), (290, 0.34), (320, 0.20), (366, 0.18)],
    "grassland": [(1, 0.45), (60, 0.50), (110, 0.70), (150, 0.72), (165, 0.45), (200, 0.56), (230, 0.45), (270, 0.55), (320, 0.55), (366, 0.45)],
    "wheat": [(1, 0.33), (60, 0.40), (110, 0.75), (150, 0.82), (175, 0.55), (195, 0.15), (280, 0.12), (300, 0.24), (366, 0.32)],
    "maize": [(1, 0.18), (130, 0.18), (160, 0.35), (190, 0.65), (220, 0.85), (250, 0.80), (285, 0.45), (305, 0.15), (366, 0.18)],
    "rapeseed": [(1, 0.55), (60, 0.60), (100, 0.80), (130, 0.70), (175, 0.40), (190, 0.12), (240, 0.20), (260, 0.45), (300, 0.60), (366, 0.55)],
    "forest": [(1, 0.30), (100, 0.35), (130, 0.75), (160, 0.85), (260, 0.82), (300, 0.55), (330, 0.32), (366, 0.30)],
}
# Field classes and their shares; crops are wheat, maize or rapeseed.
CLASSES = [("vineyard", 0.28), ("grassland", 0.24), ("crops", 0.34), ("forest", 0.14)]
CROPS, CROP_SHARES = ["wheat", "maize", "rapeseed"], [0.25, 0.5, 0.25]
PIXEL = 10.0
ORIGIN = (390000.0, 5340000.0)  # upper-left corner, UTM 32N (Alsace)
EPSG = 32632
YEAR = 2023


def srs():
    s = osr.SpatialReference()
    s.ImportFromEPSG(EPSG)
    return s


def create_raster(path, array, dtype, names=None, metadata=None):
    bands = array if array.ndim == 3 else array[None]
    ds = gdal.GetDriverByName("GTiff").Create(path, bands.shape[2], bands.shape[1], bands.shape[0], dtype, ["COMPRESS=DEFLATE", "TILED=YES"])
    ds.SetGeoTransform((ORIGIN[0], PIXEL, 0, ORIGIN[1], 0, -PIXEL))
    ds.SetProjection(srs().ExportToWkt())
    for i, band_array in enumerate(bands):
        ds.GetRasterBand(i + 1).WriteArray(band_array)
        if names:
            ds.GetRasterBand(i + 1).SetDescription(names[i])
    for key, value in (metadata or {}).items():
        ds.SetMetadataItem(key, value)
    ds = None


def rectangle(col0, row0, col1, row1):
    """The polygon of pixels [col0, col1) x [row0, row1), in map coordinates."""
    ring = ogr.Geometry(ogr.wkbLinearRing)
    x0, x1 = ORIGIN[0] + col0 * PIXEL, ORIGIN[0] + col1 * PIXEL
    y0, y1 = ORIGIN[1] - row0 * PIXEL, ORIGIN[1] - row1 * PIXEL
    for x, y in [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]:
        ring.AddPoint_2D(x, y)
    polygon = ogr.Geometry(ogr.wkbPolygon)
    polygon.AddGeometry(ring)
    return polygon


def write_polygons(path, fields):
    if os.path.exists(path):
        os.remove(path)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    layer = ds.CreateLayer("fields", srs(), ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("label", ogr.OFTInteger))
    layer.CreateField(ogr.FieldDefn("class", ogr.OFTString))
    for polygon, label, name in fields:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(polygon)
        feature.SetField("label", label)
        feature.SetField("class", name)
        layer.CreateFeature(feature)
    ds = None


def make_fields(rng, size):
    """Strips of fields separated by 1-pixel tracks. Returns [(col0, row0, col1, row1, class, crop)]."""
    names, shares = zip(*CLASSES)
    fields, row = [], 0
    while row < size:
        height = min(int(rng.integers(14, 30)), size - row)
        col = 0
        while col < size:
            width = min(int(rng.integers(16, 40)), size - col)
            kind = str(rng.choice(names, p=shares))
            crop = str(rng.choice(CROPS, p=CROP_SHARES)) if kind == "crops" else kind
            fields.append((col, row, col + width - 1, row + height - 1, kind, crop))  # the last column and row are the track
            col += width
        row += height
    return fields


def main():
    args = scene_arguments(__doc__, seed=7, size=200)
    rng = np.random.default_rng(args.seed)
    size = args.size

    # Per pixel: the field's curve, its shift (days), stretch and offset of the cover, its soil.
    days_of_year = np.arange(1, 367)
    curve_of_field, cover_tables, truth = np.zeros((size, size), int), [], np.zeros((size, size), np.uint8)
    soil = np.zeros((size, size))
    cover_tables.append(np.full(days_of_year.shape, 0.08))  # field 0: the tracks
    polygons = []
    for index, (col0, row0, col1, row1, kind, crop) in enumerate(make_fields(rng, size), start=1):
        keypoints = np.array(CURVES[crop])
        shift, stretch, offset = rng.uniform(-12, 12), rng.uniform(0.85, 1.15), rng.uniform(-0.05, 0.05)
        cover_tables.append(np.clip(np.interp(days_of_year - shift, keypoints[:, 0], keypoints[:, 1], period=366) * stretch + offset, 0.02, 0.95))
        curve_of_field[row0:row1, col0:col1] = index
        soil[row0:row1, col0:col1] = rng.uniform(0, 1)
        truth[row0:row1, col0:col1] = kind == "vineyard"
        polygons.append((rectangle(col0, row0, col1, row1), int(kind == "vineyard"), kind))
    soil[curve_of_field == 0] = 0.5
    cover_tables = np.array(cover_tables)
    background = soil[None] * SOIL_BRIGHT[:, None, None] + (1 - soil[None]) * SOIL_DARK[:, None, None]

    # One date around the 15th of each month; clouds on a third of the dates.
    y, x = np.mgrid[0:size, 0:size].astype(np.float64)
    dates, cloud_cover = [], []
    for month in range(1, 13):
        date = datetime.date(YEAR, month, 15) + datetime.timedelta(days=int(rng.integers(-5, 6)))
        dates.append(date)
        cover = cover_tables[curve_of_field, date.timetuple().tm_yday - 1] + rng.normal(0, 0.03, (size, size))
        cover = np.clip(cover, 0, 1)
        clouds = np.zeros((size, size))
        if month in (1, 4, 7, 10, 11):
            for _ in range(int(rng.integers(2, 5))):
                cy, cx = rng.uniform(0, 1, 2) * size
                radius = rng.uniform(0.06, 0.14) * size
                clouds = np.maximum(clouds, np.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * radius**2)))
            clouds = np.where(clouds > 0.15, clouds, 0.0)
        reflectance = cover[None] * VEGETATION[:, None, None] + (1 - cover[None]) * background
        reflectance = reflectance * (1 - clouds[None]) + CLOUD[:, None, None] * clouds[None]
        reflectance += rng.normal(0, 0.004, reflectance.shape)
        image = np.clip(reflectance * 10000, 1, 65535).astype(np.uint16)
        mask = (clouds < 0.2).astype(np.uint8)
        cloud_cover.append(round(float(1 - mask.mean()), 3))
        create_raster(os.path.join(args.outdir, f"date{month:02d}.tif"), image, gdal.GDT_UInt16, BANDS,
                      {"TIFFTAG_DATETIME": date.strftime("%Y:%m:%d 10:30:21")})
        create_raster(os.path.join(args.outdir, f"mask{month:02d}.tif"), mask, gdal.GDT_Byte)

    create_raster(os.path.join(args.outdir, "truth.tif"), truth, gdal.GDT_Byte)
    write_polygons(os.path.join(args.outdir, "truth.gpkg"), polygons)
    vineyards = [p for p in polygons if p[1] == 1]
    digitized = [p for i, p in enumerate(vineyards) if i % 5 < 3]  # three vineyards in five
    write_polygons(os.path.join(args.outdir, "samples.gpkg"), digitized)
    with open(os.path.join(args.outdir, "dates.txt"), "w") as f:
        f.write("".join(f"{date.isoformat()}\n" for date in dates))

    summary = {
        "seed": args.seed, "size": size, "pixel_m": PIXEL, "epsg": EPSG,
        "dates": [date.isoformat() for date in dates], "cloud_fraction": cloud_cover,
        "fields": {name: sum(1 for p in polygons if p[2] == name) for name, _ in CLASSES},
        "digitized_vineyards": len(digitized), "vineyard_pixel_fraction": round(float(truth.mean()), 4),
    }
    with open(os.path.join(args.outdir, "scene.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
