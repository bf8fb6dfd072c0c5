#!/usr/bin/python3
"""A synthetic feature stack for the training benchmarks: Gaussian noise in BANDS named float32
bands (f01.. or f001..), georeferenced (UTM 32N, 10 m), written in strips of STRIP rows (each
strip's noise seeded by its first row), and 150 class squares (label 1 in a GeoPackage) drawn
with seed 1 in [0, EXTENT) with sides in [MIN_SIDE, MAX_SIDE), inside which band i is raised by
SHIFTS[i]. Existing files are kept.

usage: make_squares_stack.py STACK.tif SQUARES.gpkg SIZE BANDS EXTENT MIN_SIDE MAX_SIDE STRIP SHIFT [SHIFT ...]"""
import os
import sys

import numpy as np
from osgeo import gdal, ogr, osr


def main(stack_path, vec_path, size, bands, extent, min_side, max_side, strip, *shifts):
    size, bands, extent, min_side, max_side, strip = map(int, (size, bands, extent, min_side, max_side, strip))
    shift = np.array([float(s) for s in shifts], np.float32)
    squares = np.random.default_rng(1).integers([0, 0, min_side], [extent, extent, max_side], size=(150, 3))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32632)
    if not os.path.exists(stack_path):
        ds = gdal.GetDriverByName("GTiff").Create(stack_path, size, size, bands, gdal.GDT_Float32, ["TILED=YES", "INTERLEAVE=PIXEL"])
        ds.SetGeoTransform([500000, 10, 0, 5000000, 0, -10])
        ds.SetProjection(srs.ExportToWkt())
        width = max(2, len(str(bands)))
        for b in range(bands):
            ds.GetRasterBand(b + 1).SetDescription("f%0*d" % (width, b + 1))
            ds.GetRasterBand(b + 1).SetNoDataValue(-9999)
        for y0 in range(0, size, strip):
            rows = min(strip, size - y0)
            block = np.random.default_rng(y0).normal(0, 1, size=(bands, rows, size)).astype(np.float32)
            for x, y, side in squares:
                lo, hi = max(y, y0), min(y + side, y0 + rows)
                if lo < hi:
                    block[:len(shift), lo - y0:hi - y0, x:x + side] += shift[:, None, None]
            for b in range(bands):
                ds.GetRasterBand(b + 1).WriteArray(block[b], 0, y0)
        ds = None
    if not os.path.exists(vec_path):
        vds = ogr.GetDriverByName("GPKG").CreateDataSource(vec_path)
        layer = vds.CreateLayer("squares", srs, ogr.wkbPolygon)
        for x, y, side in squares:
            x0, y0 = 500000 + 10 * x, 5000000 - 10 * y
            ring = ogr.Geometry(ogr.wkbLinearRing)
            for px, py in ((x0, y0), (x0 + 10 * side, y0), (x0 + 10 * side, y0 - 10 * side), (x0, y0 - 10 * side), (x0, y0)):
                ring.AddPoint_2D(float(px), float(py))
            polygon = ogr.Geometry(ogr.wkbPolygon)
            polygon.AddGeometry(ring)
            feature = ogr.Feature(layer.GetLayerDefn())
            feature.SetGeometry(polygon)
            layer.CreateFeature(feature)
        vds = None


if __name__ == "__main__":
    main(*sys.argv[1:])
