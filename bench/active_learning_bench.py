#!/usr/bin/python3
"""Active learning against random labelling, with a simulated analyst, on change scenes with a full
change mask (the OSCD cities: CITY_t1.tif, CITY_t2.tif, CITY_change.tif, train_all.gpkg).

Both analysts start from the scene's digitized polygons (train_all.gpkg: a third of the change
objects and 40 no-change squares) and add BATCH labelled objects per round:
  - "active" visits the places imclass-serve proposes after each run (imclass_web.active.propose
    on the run's probability map and threshold, cells of CELL pixels, SPACING cells apart);
  - "random" visits cells of the same grid drawn at random among those not labelled yet.
At each place the analyst labels what the full mask says is there: every change object (8-connected
component of the mask) the cell holds becomes a class polygon, else the cell becomes a
"not the class" polygon; each polygon counts as one labelled object. imclass-run (defaults,
--class-negvalue 0, --seed 42) maps the scene after each round.

Scores: precision, recall and F1 of the map (1 = change, as evaluate.py reads it) against the full
mask, over the pixels that no polygon of any analyst in that round touches (one test set for both
strategies, ALL_TOUCHED as evaluate.py). Round 0 is also scored by the scene's own evaluate.py,
printed beside ours as a check.

usage: active_learning_bench.py IMCLASS_RUN WORK CITYDIR... [--rounds 4] [--batch 10]
       [--random-repeats 4] [--cell 12] [--spacing 4] [--criterion margin]
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys

import numpy as np
from osgeo import gdal, ogr
from scipy import ndimage

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
from imclass_web import active  # noqa: E402

gdal.UseExceptions()


class Scene:
    """A city: its images, its change objects (ids on the grid, polygons) and the cell grid."""

    def __init__(self, directory, cell):
        self.directory = directory
        self.name = os.path.basename(os.path.normpath(directory))
        self.pre = glob.glob(f"{directory}/*_t1.tif")[0]
        self.post = glob.glob(f"{directory}/*_t2.tif")[0]
        self.initial = f"{directory}/train_all.gpkg"
        truth_ds = gdal.Open(glob.glob(f"{directory}/*_change.tif")[0])
        self.geotransform, self.projection = truth_ds.GetGeoTransform(), truth_ds.GetProjection()
        self.truth = truth_ds.ReadAsArray() > 0
        self.objects, count = ndimage.label(self.truth, structure=np.ones((3, 3)))
        self.object_polygons = self._polygonize(count)
        self.cell = cell
        self.height, self.width = self.truth.shape

    def _polygonize(self, count):
        ids = self.memory_raster(gdal.GDT_Int32)
        ids.GetRasterBand(1).WriteArray(self.objects)
        source = ogr.GetDriverByName("Memory").CreateDataSource("")
        layer = source.CreateLayer("objects", ids.GetSpatialRef(), ogr.wkbPolygon)
        layer.CreateField(ogr.FieldDefn("id", ogr.OFTInteger))
        band = ids.GetRasterBand(1)
        gdal.Polygonize(band, band, layer, 0, ["8CONNECTED=8"])
        polygons = {}
        for feature in layer:
            object_id = feature.GetField("id")
            geometry = feature.GetGeometryRef().Clone()
            polygons[object_id] = polygons[object_id].Union(geometry) if object_id in polygons else geometry
        return polygons

    def memory_raster(self, kind):
        raster = gdal.GetDriverByName("MEM").Create("", self.truth.shape[1], self.truth.shape[0], 1, kind)
        raster.SetGeoTransform(self.geotransform)
        raster.SetProjection(self.projection)
        return raster

    def touched(self, label_paths):
        """Pixels that a polygon of any of the files touches."""
        raster = self.memory_raster(gdal.GDT_Byte)
        for path in label_paths:
            source = ogr.Open(path)
            gdal.RasterizeLayer(raster, [1], source.GetLayer(0), burn_values=[1], options=["ALL_TOUCHED=TRUE"])
        return raster.GetRasterBand(1).ReadAsArray() > 0

    def cell_window(self, row, column):
        y, x = row * self.cell, column * self.cell
        return slice(y, min(y + self.cell, self.height)), slice(x, min(x + self.cell, self.width))

    def cell_polygon(self, row, column):
        rows, columns = self.cell_window(row, column)
        x0, dx, _, y0, _, dy = self.geotransform
        left, right = x0 + columns.start * dx, x0 + columns.stop * dx
        top, bottom = y0 + rows.start * dy, y0 + rows.stop * dy
        return ogr.CreateGeometryFromWkt(f"POLYGON(({left} {top},{right} {top},{right} {bottom},{left} {bottom},{left} {top}))")


class Analyst:
    """One strategy's labels: the initial polygons plus what it labelled, in a GeoPackage."""

    def __init__(self, scene, name, work):
        self.scene, self.name = scene, name
        self.labels = os.path.join(work, f"{name}.gpkg")
        gdal.VectorTranslate(self.labels, scene.initial, format="GPKG", layerName="labels", accessMode="overwrite")
        touched = scene.touched([self.labels])
        self.labelled_objects = set(np.unique(scene.objects[touched & scene.truth])) - {0}
        self.added = 0

    def label_places(self, cells, budget):
        """Visits the cells in order, labelling what is there until `budget` objects are added."""
        source = ogr.Open(self.labels, update=1)
        layer = source.GetLayer(0)
        added = 0
        touched = self.scene.touched([self.labels])
        for row, column in cells:
            if added == budget:
                break
            window = self.scene.cell_window(row, column)
            if touched[window].any():
                continue  # labelled earlier in this round
            objects = [i for i in np.unique(self.scene.objects[window]) if i != 0 and i not in self.labelled_objects]
            if np.any(self.scene.objects[window] != 0) and not objects:
                continue  # only objects labelled already
            new = [(self.scene.object_polygons[i], 1) for i in objects] or [(self.scene.cell_polygon(row, column), 0)]
            for geometry, label in new[: budget - added]:
                feature = ogr.Feature(layer.GetLayerDefn())
                feature.SetField("label", label)
                feature.SetGeometry(geometry)
                layer.CreateFeature(feature)
                added += 1
            self.labelled_objects.update(objects)
            source.FlushCache()
            touched = self.scene.touched([self.labels])
        self.added += added
        return added


def run_chain(imclass_run, scene, labels, out):
    shutil.rmtree(out, ignore_errors=True)
    command = [imclass_run, "change", "--pre", scene.pre, "--post", scene.post, "--vec", labels,
               "--class-field", "label", "--class-value", "1", "--class-negvalue", "0", "--seed", "42", "--out", out]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"imclass-run failed on {labels}:\n{result.stdout}\n{result.stderr}")
    with open(os.path.join(out, "report.json")) as report:
        return json.load(report)["threshold"]


def scores(scene, map_path, test):
    map_ds = gdal.Open(map_path)
    binary = map_ds.ReadAsArray()
    predicted = (binary > 0) & (binary != 255)
    tp = np.count_nonzero(predicted & scene.truth & test)
    fp = np.count_nonzero(predicted & ~scene.truth & test)
    fn = np.count_nonzero(~predicted & scene.truth & test)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("imclass_run")
    parser.add_argument("work")
    parser.add_argument("cities", nargs="+")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--random-repeats", type=int, default=4)
    parser.add_argument("--cell", type=int, default=12)
    parser.add_argument("--spacing", type=int, default=4)
    parser.add_argument("--criterion", default="margin", choices=active.CRITERIA)
    parser.add_argument("--plot", help="PNG of the curves (F1 against labelled objects, per city and the mean)")
    args = parser.parse_args()

    curves = {}
    for directory in args.cities:
        scene = Scene(directory, args.cell)
        work = os.path.join(args.work, scene.name)
        os.makedirs(work, exist_ok=True)
        analysts = [Analyst(scene, "active", work)] + [Analyst(scene, f"random{i + 1}", work)
                                                         for i in range(args.random_repeats)]
        first = os.path.join(work, "round0")
        threshold = run_chain(args.imclass_run, scene, analysts[0].labels, first)
        outputs = {analyst.name: first for analyst in analysts}
        thresholds = {"active": threshold}
        evaluate = [path for path in (f"{directory}/evaluate.py", f"{directory}/../evaluate.py") if os.path.exists(path)][0]
        official = json.loads(subprocess.run([sys.executable, evaluate,
                                              os.path.join(first, "map.tif"), directory],
                                             capture_output=True, text=True, check=True).stdout)
        ours = scores(scene, os.path.join(first, "map.tif"), ~scene.touched([scene.initial]))
        print(f"{scene.name}: round 0 F1 {ours[2]:.4f} (evaluate.py {official['f1']:.4f}); "
              f"{len(scene.object_polygons)} change objects, {len(analysts[0].labelled_objects)} in the initial polygons",
              flush=True)
        city = []
        for round_index in range(args.rounds + 1):
            if round_index > 0:
                proposals = active.propose(os.path.join(outputs["active"], "probability.tif"), thresholds["active"],
                                           analysts[0].labels, count=args.batch * 5, cell=args.cell,
                                           spacing=args.spacing, criterion=args.criterion)
                analysts[0].label_places([(p.cell_row, p.cell_column) for p in proposals], args.batch)
                rows, columns = np.meshgrid(np.arange(-(-scene.height // args.cell)),
                                            np.arange(-(-scene.width // args.cell)), indexing="ij")
                cells = list(zip(rows.ravel().tolist(), columns.ravel().tolist()))
                for index, analyst in enumerate(analysts[1:]):
                    order = np.random.default_rng(1000 * round_index + index).permutation(len(cells))
                    analyst.label_places([cells[i] for i in order], args.batch)
                for analyst in analysts:
                    outputs[analyst.name] = os.path.join(work, f"round{round_index}_{analyst.name}")
                    threshold = run_chain(args.imclass_run, scene, analyst.labels, outputs[analyst.name])
                    thresholds[analyst.name] = threshold
            test = ~scene.touched([analyst.labels for analyst in analysts])
            row = {"added": round_index * args.batch}
            row["active"] = scores(scene, os.path.join(outputs["active"], "map.tif"), test)[2]
            row["random"] = float(np.mean([scores(scene, os.path.join(outputs[a.name], "map.tif"), test)[2]
                                           for a in analysts[1:]]))
            row["added_counts"] = [a.added for a in analysts]
            city.append(row)
            print(f"  {scene.name} +{row['added']:3d} objects: active F1 {row['active']:.3f}   random F1 {row['random']:.3f}"
                  f"   (objects added {row['added_counts']})", flush=True)
        curves[scene.name] = city

    print()
    print(f"F1 against labelled objects added to train_all.gpkg ({args.batch} per round; random: mean of "
          f"{args.random_repeats} draws; criterion {args.criterion}, cells of {args.cell} px, {args.spacing} cells apart)")
    header = "| city | strategy | " + " | ".join(f"+{r * args.batch}" for r in range(args.rounds + 1)) + " |"
    print(header)
    print("|" + "---|" * (args.rounds + 3))
    for strategy in ("random", "active"):
        for name, city in curves.items():
            print(f"| {name} | {strategy} | " + " | ".join(f"{row[strategy]:.3f}" for row in city) + " |")
        means = [np.mean([curves[name][r][strategy] for name in curves]) for r in range(args.rounds + 1)]
        print(f"| mean | {strategy} | " + " | ".join(f"{m:.3f}" for m in means) + " |")
    with open(os.path.join(args.work, "curves.json"), "w") as text:
        json.dump(curves, text, indent=1)
    if args.plot:
        plot(curves, args, args.plot)


def plot(curves, args, path):
    """F1 against labelled objects added, both strategies: one panel per city and one for the mean."""
    import matplotlib
    matplotlib.use("Agg")
    from matplotlib import pyplot

    names = list(curves) + ["mean"]
    columns = min(4, len(names))
    rows = -(-len(names) // columns)
    figure, axes = pyplot.subplots(rows, columns, figsize=(3.2 * columns, 2.6 * rows), squeeze=False)
    added = [row["added"] for row in next(iter(curves.values()))]
    for axis, name in zip(axes.ravel(), names):
        for strategy, colour in (("active", "tab:red"), ("random", "tab:blue")):
            values = ([np.mean([curves[c][r][strategy] for c in curves]) for r in range(len(added))] if name == "mean"
                      else [row[strategy] for row in curves[name]])
            axis.plot(added, values, "o-", color=colour, label=strategy)
        axis.set_title(name, fontsize=10)
        axis.set_xlabel("objects labelled (added)", fontsize=8)
        axis.set_ylabel("F1", fontsize=8)
        axis.tick_params(labelsize=8)
        axis.grid(alpha=0.3)
    for axis in axes.ravel()[len(names):]:
        axis.axis("off")
    axes[0][0].legend(fontsize=8)
    figure.suptitle(f"Active ({args.criterion}) against random labelling, {args.batch} objects per round", fontsize=10)
    figure.tight_layout()
    figure.savefig(path, dpi=90)


if __name__ == "__main__":
    main()
