"""Where to label next: the places of a probability map where the forest is least sure.

The image is cut into square cells of `cell` pixels. A cell's score is the mean uncertainty of its
valid pixels:
  - "margin" (default): 1 on the threshold t of the map, falling linearly to 0 at p = 0 and at
    p = 1 (1 - (t - p) / t below t, 1 - (p - t) / (1 - t) above): pixels the threshold decides by a
    hair, where a label moves the map most;
  - "disagreement": 4 p (1 - p), the Gini impurity of the trees' votes scaled to [0, 1], 1 when
    half the trees vote for the class.
Cells holding fewer than half valid pixels, and cells that a labelled polygon touches, are never
proposed. Cells are taken by decreasing score (ties: top to bottom, left to right), each at least
`spacing` cells away (Chebyshev distance) from those already taken, so the proposals spread over
the image instead of piling up on one uncertain field.

The probability map is read in strips of one row of cells: memory is a strip and one value per
cell, whatever the size of the image.
"""
import math
from dataclasses import dataclass

import numpy as np
from osgeo import gdal, ogr, osr

gdal.UseExceptions()

CRITERIA = ("margin", "disagreement")
NO_DATA = -9999.0


@dataclass
class Proposal:
    rank: int
    cell_row: int
    cell_column: int
    pixel_window: tuple  # (x offset, y offset, width, height) on the probability map's grid
    score: float
    mean_probability: float
    polygon_wkt: str  # the cell as a polygon, in the map's CRS


def uncertainty(probability, threshold, criterion="margin"):
    """Uncertainty in [0, 1] of each probability (numpy array) for a map thresholded at `threshold`."""
    if criterion == "margin":
        below = probability < threshold
        side = np.where(below, threshold, 1.0 - threshold)
        return np.where(side > 0, 1.0 - np.abs(probability - threshold) / np.where(side > 0, side, 1.0), 1.0)
    if criterion == "disagreement":
        return 4.0 * probability * (1.0 - probability)
    raise ValueError(f"criterion: '{criterion}' is not one of {', '.join(CRITERIA)}")


def cell_scores(probability_path, threshold, cell, criterion="margin"):
    """Mean uncertainty and mean probability of each cell (2-D arrays, NaN where under half valid)."""
    if cell < 1:
        raise ValueError(f"cell: {cell} is out of range (at least 1 pixel)")
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(f"threshold: {threshold} is out of range (0 to 1)")
    dataset = gdal.Open(probability_path)
    band = dataset.GetRasterBand(1)
    declared_no_data = band.GetNoDataValue()
    width, height = dataset.RasterXSize, dataset.RasterYSize
    columns, rows = math.ceil(width / cell), math.ceil(height / cell)
    scores = np.full((rows, columns), np.nan)
    means = np.full((rows, columns), np.nan)
    for row in range(rows):
        y = row * cell
        strip = band.ReadAsArray(0, y, width, min(cell, height - y)).astype(np.float64)
        valid = np.isfinite(strip) & (strip != NO_DATA)
        if declared_no_data is not None:
            valid &= strip != declared_no_data
        probability = np.where(valid, strip, 0.0)
        strip_uncertainty = np.where(valid, uncertainty(probability, threshold, criterion), 0.0)
        counts = _sum_per_cell(valid.astype(np.float64), cell, columns)
        enough = counts >= cell * cell / 2.0
        scores[row, enough] = _sum_per_cell(strip_uncertainty, cell, columns)[enough] / counts[enough]
        means[row, enough] = _sum_per_cell(probability, cell, columns)[enough] / counts[enough]
    return scores, means


def _sum_per_cell(strip, cell, columns):
    """Sums of a strip (at most `cell` rows) over each of its `columns` cells."""
    padded = np.zeros((cell, columns * cell))
    padded[: strip.shape[0], : strip.shape[1]] = strip
    return padded.reshape(cell, columns, cell).sum(axis=(0, 2))


def labelled_cells(probability_path, cell, labels_path):
    """Boolean grid of the cells that a polygon of `labels_path` touches (any CRS: reprojected)."""
    dataset = gdal.Open(probability_path)
    columns, rows = math.ceil(dataset.RasterXSize / cell), math.ceil(dataset.RasterYSize / cell)
    touched = np.zeros((rows, columns), dtype=bool)
    if not labels_path:
        return touched
    x0, dx, rx, y0, ry, dy = dataset.GetGeoTransform()
    grid = gdal.GetDriverByName("MEM").Create("", columns, rows, 1, gdal.GDT_Byte)
    grid.SetGeoTransform((x0, dx * cell, rx * cell, y0, ry * cell, dy * cell))
    grid.SetProjection(dataset.GetProjection())
    labels = ogr.Open(labels_path)
    for index in range(labels.GetLayerCount()):
        gdal.RasterizeLayer(grid, [1], labels.GetLayer(index), burn_values=[1], options=["ALL_TOUCHED=TRUE"])
    return grid.GetRasterBand(1).ReadAsArray() > 0


def spread_ranking(scores, excluded, count, spacing):
    """(row, column) of up to `count` cells by decreasing score, `spacing` cells apart at least."""
    rows, columns = scores.shape
    blocked = excluded | ~np.isfinite(scores)
    order = np.lexsort((np.arange(scores.size), -np.nan_to_num(scores.ravel(), nan=-np.inf)))
    chosen = []
    for index in order:
        if len(chosen) == count:
            break
        row, column = divmod(int(index), columns)
        if blocked[row, column]:
            continue
        chosen.append((row, column))
        reach = max(spacing - 1, 0)
        blocked[max(row - reach, 0): row + reach + 1, max(column - reach, 0): column + reach + 1] = True
    return chosen


def propose(probability_path, threshold, labels_path=None, count=10, cell=12, spacing=4, criterion="margin"):
    """The `count` places to label next on a probability map thresholded at `threshold`.

    labels_path: polygons already labelled (any OGR source; their cells are never proposed).
    Returns Proposals, most uncertain first.
    """
    if count < 1:
        raise ValueError(f"count: {count} is out of range (at least 1)")
    if spacing < 1:
        raise ValueError(f"spacing: {spacing} is out of range (at least 1 cell)")
    scores, means = cell_scores(probability_path, threshold, cell, criterion)
    excluded = labelled_cells(probability_path, cell, labels_path)
    dataset = gdal.Open(probability_path)
    width, height = dataset.RasterXSize, dataset.RasterYSize
    x0, dx, rx, y0, ry, dy = dataset.GetGeoTransform()
    proposals = []
    for rank, (row, column) in enumerate(spread_ranking(scores, excluded, count, spacing), start=1):
        window = (column * cell, row * cell, min(cell, width - column * cell), min(cell, height - row * cell))
        ring = ogr.Geometry(ogr.wkbLinearRing)
        for i, j in ((0, 0), (1, 0), (1, 1), (0, 1), (0, 0)):
            px, py = window[0] + i * window[2], window[1] + j * window[3]
            ring.AddPoint_2D(x0 + px * dx + py * rx, y0 + px * ry + py * dy)
        polygon = ogr.Geometry(ogr.wkbPolygon)
        polygon.AddGeometry(ring)
        proposals.append(Proposal(rank, row, column, window, float(scores[row, column]), float(means[row, column]),
                                  polygon.ExportToWkt()))
    return proposals


def write_proposals(proposals, path, projection_wkt):
    """The proposals as a GeoPackage layer "proposals" (fields rank, score, probability)."""
    srs = osr.SpatialReference()
    srs.ImportFromWkt(projection_wkt)
    driver = ogr.GetDriverByName("GPKG")
    if driver.Open(path) is not None:
        driver.DeleteDataSource(path)
    source = driver.CreateDataSource(path)
    layer = source.CreateLayer("proposals", srs, ogr.wkbPolygon)
    for name, kind in (("rank", ogr.OFTInteger), ("score", ogr.OFTReal), ("probability", ogr.OFTReal)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    for proposal in proposals:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetField("rank", proposal.rank)
        feature.SetField("score", proposal.score)
        feature.SetField("probability", proposal.mean_probability)
        feature.SetGeometry(ogr.CreateGeometryFromWkt(proposal.polygon_wkt))
        layer.CreateFeature(feature)
    source = None
