#!/usr/bin/python3
"""The active-learning ranking (web/imclass_web/active.py) on probability maps built for it.

usage: active_check.py OUT_DIR

- Cell scores against a whole-array numpy oracle, cell by cell (partial cells at the right and
  bottom edges, no data, the half-valid rule), for both criteria.
- Ranking by hand: a background at p = 0.02 (margin 1 - 0.28 / 0.3 = 0.067) and the threshold
  t = 0.3; cells planted at p = t (margin 1), p = 0.5 (margin 1 - 0.2 / 0.7 = 0.714,
  disagreement 1) and p = 0.9 (margin 1 - 0.6 / 0.7 = 0.143, disagreement 0.36): "margin" puts
  the p = t cells first, then 0.5, 0.9 and the background; "disagreement" the p = 0.5 cell first.
- Spread: two neighbouring uncertain cells give one proposal at spacing 2, both at spacing 1; no
  two proposals closer than the spacing.
- Labelled places: a polygon (in longitude/latitude, the map is in UTM) over the best cell removes
  it, and only it, from the proposals.
- A cell mostly without data is never proposed, however uncertain its few valid pixels.
- The proposal's polygon is its cell on the map's grid; the GeoPackage holds the proposals.
"""
import os
import sys

import numpy as np
from osgeo import gdal, ogr, osr

from imclass_checks import check

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
from imclass_web import active  # noqa: E402

gdal.UseExceptions()
ORIGIN, PIXEL, EPSG = (500000.0, 5000000.0), 10.0, 32631
CELL = 8


def write_map(path, probability):
    dataset = gdal.GetDriverByName("GTiff").Create(path, probability.shape[1], probability.shape[0], 1, gdal.GDT_Float32)
    dataset.SetGeoTransform((ORIGIN[0], PIXEL, 0, ORIGIN[1], 0, -PIXEL))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    dataset.SetProjection(srs.ExportToWkt())
    dataset.GetRasterBand(1).WriteArray(probability)
    dataset.GetRasterBand(1).SetNoDataValue(-9999)
    dataset = None


def oracle_scores(probability, threshold, criterion):
    rows, columns = -(-probability.shape[0] // CELL), -(-probability.shape[1] // CELL)
    scores = np.full((rows, columns), np.nan)
    for row in range(rows):
        for column in range(columns):
            window = probability[row * CELL:(row + 1) * CELL, column * CELL:(column + 1) * CELL]
            values = window[window != -9999]
            if values.size * 2 < CELL * CELL:
                continue
            if criterion == "margin":
                side = np.where(values < threshold, threshold, 1 - threshold)
                scores[row, column] = np.mean(1 - np.abs(values - threshold) / side)
            else:
                scores[row, column] = np.mean(4 * values * (1 - values))
    return scores


def plant(probability, row, column, value):
    probability[row * CELL:(row + 1) * CELL, column * CELL:(column + 1) * CELL] = value


def lonlat_polygon_over_cell(row, column):
    """A polygon in EPSG:4326 a little inside the cell (row, column)."""
    utm, lonlat = osr.SpatialReference(), osr.SpatialReference()
    utm.ImportFromEPSG(EPSG)
    lonlat.ImportFromEPSG(4326)
    lonlat.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(utm, lonlat)
    x0, y0 = ORIGIN[0] + column * CELL * PIXEL, ORIGIN[1] - row * CELL * PIXEL
    corners = [(x0 + 20, y0 - 20), (x0 + 60, y0 - 20), (x0 + 60, y0 - 60), (x0 + 20, y0 - 60), (x0 + 20, y0 - 20)]
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in corners:
        ring.AddPoint_2D(*transform.TransformPoint(x, y)[:2])
    polygon = ogr.Geometry(ogr.wkbPolygon)
    polygon.AddGeometry(ring)
    return polygon, lonlat


def write_labels(path, polygon, srs):
    driver = ogr.GetDriverByName("GPKG")
    if os.path.exists(path):
        driver.DeleteDataSource(path)
    source = driver.CreateDataSource(path)
    layer = source.CreateLayer("labels", srs, ogr.wkbPolygon)
    feature = ogr.Feature(layer.GetLayerDefn())
    feature.SetGeometry(polygon)
    layer.CreateFeature(feature)
    source = None


def main(out):
    os.makedirs(out, exist_ok=True)

    # Scores against the oracle on a random map with no data and partial edge cells (99 x 77).
    rng = np.random.default_rng(7)
    probability = rng.uniform(0, 1, (99, 77)).astype(np.float32)
    probability[rng.uniform(size=probability.shape) < 0.2] = -9999
    probability[:20, :30] = -9999  # whole cells without data
    probability[40:45, 0:8] = -9999  # a cell with 5 of 8 rows missing: under half valid
    random_map = os.path.join(out, "random_probability.tif")
    write_map(random_map, probability)
    for criterion in active.CRITERIA:
        scores, _ = active.cell_scores(random_map, 0.3, CELL, criterion)
        expected = oracle_scores(probability.astype(np.float64), 0.3, criterion)
        check(scores.shape == (13, 10), f"cell grid {scores.shape}")
        check(np.array_equal(np.isnan(scores), np.isnan(expected)), f"{criterion}: cells without score differ from the oracle")
        check(np.isnan(scores[5, 0]), "a cell with under half valid pixels got a score")
        check(np.allclose(scores[~np.isnan(scores)], expected[~np.isnan(expected)], atol=1e-6),
              f"{criterion}: scores differ from the oracle by {np.nanmax(np.abs(scores - expected))}")
    print("cell scores: equal to the oracle for both criteria")

    # Ranking by hand.
    probability = np.full((80, 96), 0.02, dtype=np.float32)
    plant(probability, 1, 1, 0.3)
    plant(probability, 8, 10, 0.3)
    plant(probability, 5, 5, 0.5)
    plant(probability, 2, 9, 0.9)
    probability[6 * CELL:7 * CELL, 1 * CELL:2 * CELL] = -9999
    probability[6 * CELL + 3, 1 * CELL + 3] = 0.3  # one valid pixel, on the threshold, in a cell of no data
    planted = os.path.join(out, "planted_probability.tif")
    write_map(planted, probability)
    margin = active.propose(planted, 0.3, count=5, spacing=1, cell=CELL)
    cells = [(p.cell_row, p.cell_column) for p in margin]
    check(cells == [(1, 1), (8, 10), (5, 5), (2, 9), (0, 0)], f"margin ranking {cells}")
    check(np.allclose([p.score for p in margin], [1, 1, 1 - 0.2 / 0.7, 1 - 0.6 / 0.7, 1 - 0.28 / 0.3], atol=1e-6),
          f"margin scores {[p.score for p in margin]}")
    check(abs(margin[2].mean_probability - 0.5) < 1e-6, f"mean probability {margin[2].mean_probability}")
    disagreement = active.propose(planted, 0.3, count=2, spacing=1, cell=CELL, criterion="disagreement")
    check((disagreement[0].cell_row, disagreement[0].cell_column) == (5, 5) and abs(disagreement[0].score - 1) < 1e-6,
          f"disagreement ranking {disagreement}")
    check((6, 1) not in [(p.cell_row, p.cell_column) for p in active.propose(planted, 0.3, count=80, spacing=1, cell=CELL)],
          "the cell without data was proposed")
    print("ranking: margin and disagreement as worked out by hand; the cell without data never proposed")

    # Spread.
    plant(probability, 1, 2, 0.3)  # a neighbour of the best cell, as uncertain
    write_map(planted, probability)
    near = [(p.cell_row, p.cell_column) for p in active.propose(planted, 0.3, count=3, spacing=1, cell=CELL)]
    check(near[:2] == [(1, 1), (1, 2)], f"spacing 1: {near}")
    apart = [(p.cell_row, p.cell_column) for p in active.propose(planted, 0.3, count=3, spacing=2, cell=CELL)]
    check(apart == [(1, 1), (8, 10), (5, 5)], f"spacing 2: {apart}")
    many = active.propose(planted, 0.3, count=30, spacing=3, cell=CELL)
    for a in many:
        for b in many:
            check(a is b or max(abs(a.cell_row - b.cell_row), abs(a.cell_column - b.cell_column)) >= 3,
                  f"proposals {a.rank} and {b.rank} closer than 3 cells")
    print(f"spread: neighbours kept apart, {len(many)} proposals at least 3 cells apart")

    # Labelled places, in another CRS.
    polygon, lonlat = lonlat_polygon_over_cell(1, 1)
    labels = os.path.join(out, "labels.gpkg")
    write_labels(labels, polygon, lonlat)
    after = [(p.cell_row, p.cell_column) for p in active.propose(planted, 0.3, labels, count=3, spacing=1, cell=CELL)]
    check(after == [(1, 2), (8, 10), (5, 5)], f"with the cell (1, 1) labelled: {after}")
    print("labelled cell excluded, its neighbour kept")

    # Geometry and file.
    best = active.propose(planted, 0.3, labels, count=1, spacing=1, cell=CELL)[0]
    envelope = ogr.CreateGeometryFromWkt(best.polygon_wkt).GetEnvelope()
    expected = (ORIGIN[0] + 2 * CELL * PIXEL, ORIGIN[0] + 3 * CELL * PIXEL, ORIGIN[1] - 2 * CELL * PIXEL, ORIGIN[1] - 1 * CELL * PIXEL)
    check(np.allclose(envelope, expected), f"polygon of cell (1, 2): {envelope}, expected {expected}")
    path = os.path.join(out, "proposals.gpkg")
    active.write_proposals(many, path, gdal.Open(planted).GetProjection())
    source = ogr.Open(path)
    ranks = [feature.GetField("rank") for feature in source.GetLayer(0)]
    check(ranks == list(range(1, len(many) + 1)), f"ranks in the GeoPackage {ranks}")
    for bad, message in ((lambda: active.propose(planted, 0.3, criterion="entropy"), "criterion"),
                         (lambda: active.propose(planted, 1.5), "threshold"),
                         (lambda: active.propose(planted, 0.3, cell=0), "cell")):
        try:
            bad()
            check(False, f"bad {message} accepted")
        except ValueError as problem:
            check(str(problem).startswith(message), f"message {problem}")
    print("polygons on the grid, GeoPackage written, bad settings refused")


if __name__ == "__main__":
    main(sys.argv[1])
