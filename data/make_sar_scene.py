#!/usr/bin/python3
"""Deterministic Sentinel-1-like pair over the landslide scene, with speckle of known statistics.

Writes into OUTDIR the landslide scene of make_landslide_scene.py (pre.tif, post.tif, post_mask.tif,
dem.tif, truth.tif, truth.gpkg, samples.gpkg, scene.json: the same files, the same values), and
over the same ground:
  s1_pre.tif, s1_post.tif   Sentinel-1-GRD-like sigma0 (linear power), Float32, bands VV and VH,
                            on the grid of the optical images (10 m, EPSG:32632).
  flood.tif                 UInt8, 1 where the river flooded the plain on the post date.
  sar_scene.json            what was drawn: looks, backscatter per cover, counts.

The backscatter of a pixel is the power-weighted mix of its covers' sigma0 (table BACKSCATTER, in
dB), brightened or darkened by the terrain's slope towards or away from the sensor (the same at
both dates: one orbit), times speckle: independent Gamma(L, 1/L) draws of mean 1 (L = 4.4 looks,
the equivalent number of looks of Sentinel-1 IW GRD high-resolution products), plus a noise floor.
Between the dates:
  - landslides strip the forest: debris lose the forest's volume scattering (VH drops about 5 dB);
  - the harvested field goes from meadow to bare soil (VH drops about 2.5 dB: a change that is
    not a landslide);
  - the storm wets the soil (+1 dB on meadow and soil, +0.3 dB on forest);
  - the river floods part of the plain (dark, specular water: a change that is not a landslide).

usage: make_sar_scene.py OUTDIR [--seed N] [--size PIXELS]
"""
import json
import math
import os

import numpy as np
from osgeo import gdal

import make_landslide_scene as ground
from scene_common import scene_arguments

gdal.UseExceptions()

LOOKS = 4.4
# sigma0 in dB of each cover: (VV, VH).
BACKSCATTER = {
    "forest": (-7.0, -12.5),
    "meadow": (-10.0, -16.5),
    "debris": (-8.0, -17.5),
    "soil": (-11.0, -19.0),
    "water": (-21.0, -27.0),
}
NOISE_FLOOR = 10 ** (-24.0 / 10)  # thermal noise power, about Sentinel-1's noise-equivalent sigma0
WET_SOIL_DB = {"forest": 0.3, "meadow": 1.0, "debris": 1.0, "soil": 1.0, "water": 0.0}
TERRAIN_DB_PER_SLOPE = 8.0  # brightening per unit of slope towards the sensor (east), clipped to +-6 dB


def power(db):
    return 10.0 ** (np.asarray(db) / 10.0)


def sigma0(fractions, polarisation, wet):
    """Power-weighted mix of the covers' backscatter; `fractions` sum to 1 per pixel."""
    total = 0.0
    for cover, fraction in fractions.items():
        db = BACKSCATTER[cover][polarisation] + (WET_SOIL_DB[cover] if wet else 0.0)
        total = total + fraction * power(db)
    return total


def covers(scene, stripped, harvested, flood):
    """Fraction of each cover per pixel, in the order the optical scene paints them."""
    forest = scene["forest_weight"]
    vegetation = {"forest": forest, "meadow": 1 - forest}
    result = {cover: fraction * (1 - stripped) for cover, fraction in vegetation.items()}
    result["debris"] = stripped
    bare = np.maximum(scene["bare_fraction"], harvested)
    result = {cover: fraction * (1 - bare) for cover, fraction in result.items()}
    result["soil"] = bare
    water = np.maximum(scene["water_fraction"], flood)
    result = {cover: fraction * (1 - water) for cover, fraction in result.items()}
    result["water"] = water
    return result


def main():
    args = scene_arguments(__doc__, seed=42, size=400)
    scene = ground.generate(args.outdir, args.seed, args.size)
    size = scene["size"]
    # Draws of their own: the optical scene is the one make_landslide_scene.py makes.
    rng = np.random.default_rng(args.seed + 1000)

    # The flood: the plain along the river over a stretch of its course, on the post date.
    y, x = np.mgrid[0:size, 0:size].astype(np.float64)
    start = rng.uniform(0.1, 0.5) * size
    stretch = (x > start) & (x < start + 0.35 * size)
    flood = ((scene["distance_to_river"] < 0.07 * size) & stretch).astype(np.float64)

    # Slopes facing the sensor (to the east: the elevation falls eastwards) look brighter.
    terrain = power(np.clip(-TERRAIN_DB_PER_SLOPE * scene["gx"], -6.0, 6.0))
    zeros = np.zeros((size, size))
    dates = {
        "s1_pre.tif": covers(scene, zeros, zeros, zeros),
        "s1_post.tif": covers(scene, scene["landslide_fraction"], scene["harvested_fraction"], flood),
    }
    for name, fractions in dates.items():
        wet = name == "s1_post.tif"
        bands = []
        for polarisation in (0, 1):
            mean = sigma0(fractions, polarisation, wet) * terrain + NOISE_FLOOR
            bands.append(mean * rng.gamma(LOOKS, 1.0 / LOOKS, (size, size)))
        ground.create_raster(os.path.join(args.outdir, name), np.array(bands, dtype=np.float32), gdal.GDT_Float32, ground.PIXEL, ["VV", "VH"])
    ground.create_raster(os.path.join(args.outdir, "flood.tif"), flood.astype(np.uint8), gdal.GDT_Byte, ground.PIXEL)

    truth = scene["truth"]
    summary = {
        "seed": args.seed, "size": size, "looks": LOOKS, "backscatter_db": BACKSCATTER, "wet_soil_db": WET_SOIL_DB,
        "noise_floor_db": round(10 * math.log10(NOISE_FLOOR), 1),
        "landslides": len(scene["landslides"]), "digitized_landslides": len(scene["digitized"]),
        "landslide_pixel_fraction": round(float(truth.mean()), 5),
        "flood_pixel_fraction": round(float(flood.mean()), 5),
    }
    with open(os.path.join(args.outdir, "sar_scene.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
