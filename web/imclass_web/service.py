"""What imclass-serve does apart from HTTP: the layers, the polygons, the training and threshold
jobs (one at a time, in the background, their output lines kept for the page), the current run and
its proposals.

A training snapshots the polygons and runs `imclass-run` (its public options only) into
runs/<run>/; only when it succeeded does current.json point at the new run (the earlier one is
then removed), so a failed or interrupted run leaves the page's results as they were (a failed
run's folder stays, for its logs, until the next training). A new
threshold runs ImclassThreshold -method user on the current run's probability map and model.
"""
import asyncio
import json
import os
import re
import shutil
import signal
import time

from osgeo import gdal, ogr

from . import active
from .labels import LabelStore, label_counts, layer_as_geojson
from .tiles import Layer, TileRenderer, band_selection, percentile_range
from .workspace import InputError, otb_environment

gdal.UseExceptions()

PROPOSALS = 10
RUN_FILES = {  # what the page may download from the current run, and what it is
    "map.tif": "binary map (1 class, 0 other, 255 no data)",
    "map.gpkg": "polygons of the map, with area and mean probability",
    "probability.tif": "probability of the class",
    "report.json": "threshold, confusion matrix, curves",
    "report.png": "precision / recall plot and confusion matrix",
    "model.yaml": "the model",
    "labels.gpkg": "the polygons this run was trained on",
    "proposals.gpkg": "the places proposed for labelling next",
}
STEP = re.compile(r"^\[(\d+)/(\d+)\]")


def failure_message(lines, code):
    """The line that says why a job failed: the application's FATAL message without its timestamp,
    else imclass-run's own, else the exit code."""
    fatal = [line.split("(FATAL)", 1)[1].strip() for line in lines if "(FATAL)" in line]
    if fatal:
        return fatal[-1]
    own = [line for line in lines if line.startswith(("imclass-run:", "ERROR"))]
    return own[-1] if own else f"exit code {code}"


class Busy(Exception):
    """A job is running: the page is told which."""


class Service:
    def __init__(self, workspace, script_dir):
        self.workspace = workspace
        self.script_dir = script_dir
        self.environment = otb_environment(script_dir)
        projection, geotransform, width, height = workspace.footprint()
        x0, dx, _, y0, _, dy = geotransform
        footprint = ogr.CreateGeometryFromWkt(
            f"POLYGON(({x0} {y0},{x0 + width * dx} {y0},{x0 + width * dx} {y0 + height * dy},{x0} {y0 + height * dy},{x0} {y0}))")
        self.labels = LabelStore(workspace.labels_path, workspace.grid_srs(), footprint)
        self.renderer = TileRenderer(workspace.path("tiles"))
        self.image_layers = []
        self.job = {"state": "idle", "kind": None, "lines": [], "step": 0, "steps": 0, "message": ""}
        self.process = None
        self.current = self._read_current()
        self._remove_other_runs()

    # ---- Layers -----------------------------------------------------------------------------------
    def prepare_image_layers(self):
        """True- and false-colour layers of each date, stretched alike (blocking: at startup)."""
        colour_sets = [("true", ("red", "green", "blue")), ("false", ("nir", "red", "green"))]
        titles = {"pre": "Before", "post": "After", "in": "Image"}
        ranges = {}
        for role, path in self.workspace.images.items():
            names = self.workspace.band_names[role]
            for name in {n for _, wanted in colour_sets for n in wanted if n in names}:
                low, high = percentile_range(path, names.index(name) + 1)
                previous = ranges.get(name, (low, high))
                ranges[name] = (min(low, previous[0]), max(high, previous[1]))
        for role, path in self.workspace.images.items():
            names = self.workspace.band_names[role]
            for colours, wanted in colour_sets:
                if not all(name in names for name in wanted):
                    continue
                bands = [names.index(name) + 1 for name in wanted]
                vrt = band_selection(path, bands, self.workspace.path("layers", f"{role}_{colours}.vrt"))
                layer = Layer(f"{role}_{colours}", vrt, "rgb", bands=(1, 2, 3), ranges=[ranges[name] for name in wanted])
                self.renderer.set_layer(layer)
                self.image_layers.append({"name": layer.name, "date": role, "colours": colours,
                                          "title": f"{titles[role]}, {colours} colour"})
        if not self.image_layers:
            raise InputError("--sensor/--bandnames: the images have neither red, green and blue nor nir, red and "
                             "green bands to show (name them with --bandnames)")
        self._set_result_layers()

    def _set_result_layers(self):
        if not self.current:
            return
        stamp = f"{self.current['run']}-{self.current['version']}"
        run = self.run_path()
        self.renderer.set_layer(Layer("probability", os.path.join(run, "probability.tif"), "probability", stamp))
        self.renderer.set_layer(Layer("map", os.path.join(run, "map.tif"), "binary", stamp))

    def session(self):
        minx, miny, maxx, maxy = self.renderer.bounds[self.image_layers[0]["name"]]
        return {"mode": self.workspace.mode, "images": self.workspace.images, "extent": [minx, miny, maxx, maxy],
                "layers": self.image_layers, "counts": self.labels.counts()}

    # ---- Current run ------------------------------------------------------------------------------
    def _read_current(self):
        path = self.workspace.path("current.json")
        if not os.path.exists(path):
            return None
        with open(path) as text:
            current = json.load(text)
        return current if os.path.isdir(self.workspace.path("runs", current["run"])) else None

    def _write_current(self, current):
        path = self.workspace.path("current.json")
        with open(path + ".partial", "w") as text:
            json.dump(current, text)
        os.replace(path + ".partial", path)
        self.current = current
        self._set_result_layers()

    def _remove_other_runs(self):
        """Removes the runs the page does not show: a failed one (kept until then for its logs) or
        one left by a service stopped during a training."""
        for run in os.listdir(self.workspace.path("runs")):
            if not self.current or run != self.current["run"]:
                shutil.rmtree(self.workspace.path("runs", run), ignore_errors=True)

    def run_path(self, *parts):
        return self.workspace.path("runs", self.current["run"], *parts)

    def results(self):
        if not self.current:
            return None
        with open(self.run_path("report.json")) as text:
            report = json.load(text)
        counts = self.labels_in_run()
        return {"run": self.current["run"], "stamp": f"{self.current['run']}-{self.current['version']}",
                "threshold": report["threshold"], "method": report["method"],
                "threshold_source": report.get("threshold_source"), "scores": report["pixels_at_threshold"],
                "objects": report["objects"], "trained_on": counts,
                "downloads": [{"name": name, "what": what} for name, what in RUN_FILES.items()
                              if os.path.exists(self.run_path(name))]}

    def labels_in_run(self):
        source = ogr.Open(self.run_path("labels.gpkg"))
        return label_counts(source.GetLayer(0))

    def run_vector(self, name):
        """A vector file of the current run (map.gpkg, proposals.gpkg) as GeoJSON in longitude/latitude."""
        source = ogr.Open(self.run_path(name))
        return layer_as_geojson(source.GetLayer(0))

    def objects(self):
        if not self.current:
            return {"type": "FeatureCollection", "features": []}
        return self.run_vector("map.gpkg")

    def proposals(self):
        """The current run's proposals, each marked `labelled` once a polygon covers part of it."""
        if not self.current or not os.path.exists(self.run_path("proposals.gpkg")):
            return {"type": "FeatureCollection", "features": []}
        collection = self.run_vector("proposals.gpkg")
        drawn = [ogr.CreateGeometryFromJson(json.dumps(f["geometry"])) for f in self.labels.as_geojson()["features"]]
        for feature in collection["features"]:
            cell = ogr.CreateGeometryFromJson(json.dumps(feature["geometry"]))
            feature["properties"]["labelled"] = any(cell.Intersects(polygon) for polygon in drawn)
        return collection

    def write_proposals(self, run_dir, threshold, out_dir):
        """Ranks the places to label next on a run's probability map (imclass_web.active) into
        out_dir/proposals.gpkg."""
        probability = os.path.join(run_dir, "probability.tif")
        proposals = active.propose(probability, threshold, self.workspace.labels_path, count=PROPOSALS)
        active.write_proposals(proposals, os.path.join(out_dir, "proposals.gpkg"), gdal.Open(probability).GetProjection())

    # ---- Jobs -------------------------------------------------------------------------------------
    def _check_idle(self):
        if self.job["state"] == "running":
            what = "A training" if self.job["kind"] == "train" else "A new threshold"
            raise Busy(f"{what} is already running (started {time.strftime('%H:%M:%S', time.localtime(self.job['started']))}): "
                       "wait until it has finished")

    def train_command(self, run_dir, negatives):
        workspace, options = self.workspace, self.workspace.options
        command = [os.path.join(self.script_dir, "imclass-run"), workspace.mode]
        for role, path in workspace.images.items():
            command += [f"--{role}", path]
        for key, value in options.items():
            if value not in (None, ""):
                command += [f"--{key}", str(value)]
        command += ["--vec", os.path.join(run_dir, "labels.gpkg"), "--class-field", "label", "--class-value", "1",
                    "--out", run_dir]
        if negatives:
            command += ["--class-negvalue", "0"]
        return command

    async def start_training(self):
        self._check_idle()
        counts = self.labels.counts()
        if counts[1] == 0:
            drawn = (f"only {counts[0]} 'not the class' polygon{'s' if counts[0] > 1 else ''} so far" if counts[0]
                     else "none drawn yet")
            raise InputError(f"Draw at least one polygon of the class before training ({drawn})")
        self._remove_other_runs()
        run = time.strftime("run-%Y%m%d-%H%M%S")
        suffix = 0
        while os.path.exists(self.workspace.path("runs", run + (f"-{suffix}" if suffix else ""))):
            suffix += 1
        run += f"-{suffix}" if suffix else ""
        run_dir = self.workspace.path("runs", run)
        os.makedirs(run_dir)
        self.labels.snapshot(os.path.join(run_dir, "labels.gpkg"))
        command = self.train_command(run_dir, counts[0] > 0)
        await self._start("train", command, lambda: self._finish_training(run, run_dir))

    async def start_threshold(self, value):
        self._check_idle()
        if not self.current:
            raise InputError("Train a model first: there is no map to threshold yet")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise InputError(f"threshold: {value!r} is not a number from 0 to 1")
        run_dir = self.run_path()
        # The new outputs go to a folder of their own and replace the run's only once all are
        # written: tiles drawn meanwhile, and a failed or stopped job, see the earlier ones whole.
        outputs = os.path.join(run_dir, "next-threshold")
        shutil.rmtree(outputs, ignore_errors=True)
        os.makedirs(outputs)
        command = ["otbcli", "ImclassThreshold", "-in", os.path.join(run_dir, "probability.tif"),
                   "-model", os.path.join(run_dir, "model.yaml"), "-method", "user", "-threshold", str(value),
                   "-out", os.path.join(outputs, "map.tif"), "-outvec", os.path.join(outputs, "map.gpkg"),
                   "-report", os.path.join(outputs, "report.json"), "-plot", os.path.join(outputs, "report.png"),
                   "-ram", str(self.workspace.options.get("ram") or 512)]
        current = dict(self.current)

        def finish():
            self.write_proposals(run_dir, float(value), outputs)
            for name in os.listdir(outputs):
                os.replace(os.path.join(outputs, name), os.path.join(run_dir, name))
            os.rmdir(outputs)
            self._write_current({"run": current["run"], "version": current["version"] + 1})

        await self._start("threshold", command, finish)

    def _finish_training(self, run, run_dir):
        with open(os.path.join(run_dir, "report.json")) as text:
            threshold = json.load(text)["threshold"]
        self.write_proposals(run_dir, threshold, run_dir)
        previous = self.current
        self._write_current({"run": run, "version": 0})
        if previous and previous["run"] != run:
            shutil.rmtree(self.workspace.path("runs", previous["run"]), ignore_errors=True)

    async def _start(self, kind, command, on_success):
        self.job = {"state": "running", "kind": kind, "lines": [], "step": 0, "steps": 0, "message": "",
                    "started": time.time()}
        self.process = await asyncio.create_subprocess_exec(
            *command, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, env=self.environment,
            start_new_session=True)
        asyncio.get_running_loop().create_task(self._follow(self.process, on_success))

    async def _follow(self, process, on_success):
        """Keeps the job's output lines (the current one too, before its newline) and ends the job."""
        text = ""
        while True:
            chunk = await process.stdout.read(4096)
            if not chunk:
                break
            text += chunk.decode(errors="replace")
            self.job["lines"] = [line for line in text.splitlines() if line.strip()][-200:]
            steps = [STEP.match(line) for line in self.job["lines"]]
            steps = [match for match in steps if match]
            if steps:
                self.job["step"], self.job["steps"] = int(steps[-1].group(1)), int(steps[-1].group(2))
        code = await process.wait()
        if code == 0:
            try:
                await asyncio.get_running_loop().run_in_executor(None, on_success)
                self.job.update(state="done", message="Finished")
            except Exception as error:  # the outputs were not readable: say so, keep the earlier results
                self.job.update(state="failed", message=f"The run's outputs could not be read: {error}")
        else:
            self.job.update(state="failed", message=failure_message(self.job["lines"], code))
        self.process = None

    def stop(self):
        """Ends a running job (its applications remove their partial files on SIGTERM)."""
        if self.process and self.process.returncode is None:
            os.killpg(self.process.pid, signal.SIGTERM)
