"""PNG map tiles (XYZ, Web Mercator, 256 x 256) of the images and the results, rendered on demand
with GDAL and kept in the work directory.

A layer is a raster and a way to colour it:
  - "rgb": three bands stretched between per-band low and high values (2nd and 98th percentiles,
    the same for both dates so that before and after compare);
  - "probability": the probability map through a colour ramp (no data transparent);
  - "binary": the class pixels of the binary map in one colour, the rest transparent.
A tile is the layer warped by gdal.Warp onto the tile's Web Mercator grid (nearest neighbour;
overviews when zoomed out) and coloured; tiles are cached under tiles/<layer>/<stamp>/z/x/y.png,
where the stamp changes with what the layer shows (a new run, a new threshold).
"""
import functools
import math
import os
import threading

import numpy as np
from osgeo import gdal

from .active import NO_DATA

gdal.UseExceptions()

TILE = 256
EARTH_HALF_CIRCUMFERENCE = 20037508.342789244
CLASS_COLOUR = (255, 0, 255)
OVERVIEW_THRESHOLD = 2048  # images wider or higher than this get overviews


def tile_bounds(z, x, y):
    """(min x, min y, max x, max y) of XYZ tile z/x/y in EPSG:3857 metres."""
    size = 2 * EARTH_HALF_CIRCUMFERENCE / (2 ** z)
    left = -EARTH_HALF_CIRCUMFERENCE + x * size
    top = EARTH_HALF_CIRCUMFERENCE - y * size
    return left, top - size, left + size, top


def probability_ramp():
    """256 RGB colours from dark blue (0) through green to yellow (1): matplotlib's viridis."""
    import matplotlib

    return (matplotlib.colormaps["viridis"](np.linspace(0, 1, 256))[:, :3] * 255).round().astype(np.uint8)


def encode_png(rgba):
    """PNG bytes of a (4, h, w) uint8 array."""
    memory = gdal.GetDriverByName("MEM").Create("", rgba.shape[2], rgba.shape[1], 4, gdal.GDT_Byte)
    for index in range(4):
        memory.GetRasterBand(index + 1).WriteArray(rgba[index])
    name = f"/vsimem/tile_{threading.get_ident()}.png"
    gdal.GetDriverByName("PNG").CreateCopy(name, memory)
    handle = gdal.VSIFOpenL(name, "rb")
    gdal.VSIFSeekL(handle, 0, 2)
    size = gdal.VSIFTellL(handle)
    gdal.VSIFSeekL(handle, 0, 0)
    data = gdal.VSIFReadL(1, size, handle)
    gdal.VSIFCloseL(handle)
    gdal.Unlink(name)
    return data


@functools.lru_cache(maxsize=1)
def empty_tile():
    return encode_png(np.zeros((4, TILE, TILE), dtype=np.uint8))


def percentile_range(path, band_index, low=2, high=98, sample_side=1024):
    """2nd and 98th percentiles of a band's valid values, from a read decimated to sample_side."""
    dataset = gdal.Open(path)
    band = dataset.GetRasterBand(band_index)
    scale = max(1.0, max(dataset.RasterXSize, dataset.RasterYSize) / sample_side)
    values = band.ReadAsArray(buf_xsize=max(1, int(dataset.RasterXSize / scale)),
                              buf_ysize=max(1, int(dataset.RasterYSize / scale))).astype(np.float64)
    valid = np.isfinite(values)
    if band.GetNoDataValue() is not None:
        valid &= values != band.GetNoDataValue()
    if not valid.any():
        return 0.0, 1.0
    lo, hi = np.percentile(values[valid], [low, high])
    return float(lo), float(max(hi, lo + 1e-6))


class Layer:
    def __init__(self, name, path, kind, stamp="inputs", bands=(1,), ranges=None):
        self.name, self.path, self.kind, self.stamp = name, path, kind, stamp
        self.bands, self.ranges = list(bands), ranges

    def bounds_3857(self):
        dataset = gdal.Open(self.path)
        info = gdal.Info(dataset, format="json")
        ring = info["wgs84Extent"]["coordinates"][0]
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]

        def mercator(lon, lat):
            lat = max(min(lat, 85.0511), -85.0511)
            return (lon * EARTH_HALF_CIRCUMFERENCE / 180.0,
                    math.log(math.tan((90 + lat) * math.pi / 360.0)) * EARTH_HALF_CIRCUMFERENCE / math.pi)

        xs, ys = zip(*(mercator(lon, lat) for lon, lat in zip(lons, lats)))
        return min(xs), min(ys), max(xs), max(ys)


def band_selection(source, bands, vrt_path):
    """A VRT of some bands of `source`, with overviews when the image is large (built once)."""
    if not os.path.exists(vrt_path):
        gdal.Translate(vrt_path, source, format="VRT", bandList=list(bands))
        dataset = gdal.Open(vrt_path)
        if max(dataset.RasterXSize, dataset.RasterYSize) > OVERVIEW_THRESHOLD:
            factors, side = [], max(dataset.RasterXSize, dataset.RasterYSize)
            while side / (2 ** (len(factors) + 1)) >= TILE:
                factors.append(2 ** (len(factors) + 1))
            dataset.BuildOverviews("AVERAGE", factors)  # vrt_path.ovr, beside the VRT
        dataset = None
    return vrt_path


class TileRenderer:
    def __init__(self, cache_dir):
        self.cache_dir = cache_dir
        self.layers = {}
        self.bounds = {}
        self.ramp = probability_ramp()

    def set_layer(self, layer):
        self.layers[layer.name] = layer
        self.bounds[layer.name] = layer.bounds_3857()

    def tile(self, name, stamp, z, x, y):
        """PNG bytes of a tile; KeyError for an unknown layer or a stamp that is not the layer's."""
        layer = self.layers[name]
        if stamp != layer.stamp:
            raise KeyError(stamp)
        if not (0 <= z <= 24 and 0 <= x < 2 ** z and 0 <= y < 2 ** z):
            raise KeyError((z, x, y))
        bounds = tile_bounds(z, x, y)
        minx, miny, maxx, maxy = self.bounds[name]
        if bounds[0] >= maxx or bounds[2] <= minx or bounds[1] >= maxy or bounds[3] <= miny:
            return empty_tile()
        cached = os.path.join(self.cache_dir, name, stamp, str(z), str(x), f"{y}.png")
        if os.path.exists(cached):
            with open(cached, "rb") as png:
                return png.read()
        data = encode_png(self.render(layer, bounds))
        os.makedirs(os.path.dirname(cached), exist_ok=True)
        partial = f"{cached}.partial-{os.getpid()}-{threading.get_ident()}"
        with open(partial, "wb") as png:
            png.write(data)
        os.replace(partial, cached)
        return data

    def render(self, layer, bounds):
        """(4, 256, 256) uint8 RGBA of the layer over `bounds` (EPSG:3857)."""
        warped = gdal.Warp("", layer.path, format="MEM", outputBounds=bounds, width=TILE, height=TILE,
                           dstSRS="EPSG:3857", resampleAlg="near", dstAlpha=True, multithread=False)
        arrays = warped.ReadAsArray()
        inside = arrays[-1] > 0
        rgba = np.zeros((4, TILE, TILE), dtype=np.uint8)
        if layer.kind == "rgb":
            for index, (low, high) in enumerate(layer.ranges):
                stretched = (arrays[index].astype(np.float64) - low) / (high - low)
                rgba[index] = np.clip(stretched * 255, 0, 255).round().astype(np.uint8)
            rgba[3] = np.where(inside, 255, 0)
        elif layer.kind == "probability":
            probability = arrays[0]
            valid = inside & np.isfinite(probability) & (probability != NO_DATA)
            levels = np.clip(np.nan_to_num(probability) * 255, 0, 255).round().astype(np.intp)
            rgba[:3] = np.where(valid, self.ramp[levels].transpose(2, 0, 1), 0)
            rgba[3] = np.where(valid, 255, 0)
        elif layer.kind == "binary":
            mapped = inside & (arrays[0] == 1)
            for index, value in enumerate(CLASS_COLOUR):
                rgba[index] = np.where(mapped, value, 0)
            rgba[3] = np.where(mapped, 255, 0)
        return rgba
