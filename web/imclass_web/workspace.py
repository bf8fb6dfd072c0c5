"""The work directory of an imclass-serve session: its inputs, its files, and the one way a path
from the page becomes a file (never outside the work directory).

Layout of --workdir:
  session.json      the images and options the session was started with (a restart must match)
  labels.gpkg       the analyst's polygons (layer "labels", field label: 1 class, 0 not the class)
  runs/<run>/       one imclass-run output (probability.tif, map.tif, map.gpkg, report.json,
                    report.png, model.yaml, folds.gpkg, the labels it was trained on, proposals)
  current.json      the run the page shows and the version of its threshold
  layers/           band selections (VRT) of the input images, with overviews when large
  tiles/            PNG tiles rendered so far (a cache: removing it loses nothing)
"""
import json
import os
import re
import subprocess
import tempfile

from osgeo import gdal, osr

gdal.UseExceptions()


class InputError(Exception):
    """Bad input from the command line or the page: one line naming the parameter and the problem."""


class OutsideWorkdir(Exception):
    """A path from the page that would leave the work directory."""


def inside(root, relative):
    """The real path of `relative` under `root`; OutsideWorkdir when it would leave it (absolute
    paths, '..', links pointing out, NUL bytes)."""
    if not relative or "\0" in relative or os.path.isabs(relative) or relative.startswith("~"):
        raise OutsideWorkdir(relative)
    base = os.path.realpath(root)
    path = os.path.realpath(os.path.join(base, relative))
    if not path.startswith(base + os.sep):
        raise OutsideWorkdir(relative)
    return path


def applications_path(script_dir):
    """OTB_APPLICATION_PATH as imclass-run finds it: the environment's, else the install prefix's."""
    return os.environ.get("OTB_APPLICATION_PATH") or os.path.join(os.path.dirname(script_dir), "lib", "otb", "applications")


def check_applications(script_dir):
    """Every ImCLASS application is where otbcli will look (as imclass-run checks)."""
    path = applications_path(script_dir)
    for application in ("ImclassFeatures", "ImclassChangeFeatures", "ImclassTopo", "ImclassTrain", "ImclassPredict",
                        "ImclassThreshold"):
        if not any(os.path.isfile(os.path.join(folder, f"otbapp_{application}.so")) for folder in path.split(":")):
            raise InputError(f"application {application} not found in OTB_APPLICATION_PATH ({path})")


def otb_environment(script_dir):
    environment = dict(os.environ)
    environment["OTB_APPLICATION_PATH"] = applications_path(script_dir)
    environment.setdefault("GDAL_CACHEMAX", "256")
    return environment


def band_names(image, sensor, bandnames, option, script_dir):
    """The band names ImCLASS gives `image` (sensor preset or explicit names), from the recipe
    ImclassFeatures writes: the catalogue of the applications, not a copy of it."""
    with tempfile.TemporaryDirectory() as scratch:
        recipe = os.path.join(scratch, "bands.recipe.txt")
        command = ["otbcli", "ImclassFeatures", "-in", image, "-sensor", sensor, "-texture", "none", "-recipe", recipe]
        if bandnames:
            command += ["-bandnames"] + bandnames.split()
        try:
            result = subprocess.run(command, capture_output=True, text=True, env=otb_environment(script_dir))
        except FileNotFoundError:
            raise InputError("otbcli not found: install otb-bin")
        if result.returncode != 0 or not os.path.exists(recipe):
            fatal = [line for line in (result.stdout + result.stderr).splitlines() if "FATAL" in line or "ERROR" in line]
            problem = fatal[0].split(":", 2)[-1].strip() if fatal else (result.stderr.strip() or "ImclassFeatures failed")
            raise InputError(f"{option}: {problem}")
        with open(recipe) as text:
            match = re.search(r"bands=([^;\n]*)", text.read())
    return match.group(1).split(",") if match else []


class Workspace:
    """Inputs of the session (images by role: pre/post or in; DEM and masks) and its files."""

    def __init__(self, root, mode, images, options):
        self.root = os.path.realpath(root)
        self.mode = mode  # "change" or "mono"
        self.images = images  # role -> absolute path: {"pre", "post"} or {"in"}
        self.options = options  # imclass-run options the page cannot change (dem, masks, sensors, seed, ram)
        self.band_names = {}
        for directory in ("runs", "layers", "tiles"):
            os.makedirs(os.path.join(self.root, directory), exist_ok=True)

    @property
    def grid_image(self):
        """The image whose grid the maps have (imclass-run maps on the post date)."""
        return self.images["post" if self.mode == "change" else "in"]

    @property
    def labels_path(self):
        return os.path.join(self.root, "labels.gpkg")

    def path(self, *parts):
        return os.path.join(self.root, *parts)

    def check_session_file(self):
        """Records the session, or checks that the work directory's session used the same inputs."""
        record = {"mode": self.mode, "images": self.images,
                  "options": {key: value for key, value in self.options.items() if key not in ("seed", "ram")}}
        path = self.path("session.json")
        if os.path.exists(path):
            with open(path) as text:
                earlier = json.load(text)
            if {key: earlier.get(key) for key in record} != record:
                shown = ", ".join(f"{role} {image}" for role, image in earlier.get("images", {}).items())
                raise InputError(f"--workdir: {self.root} holds a session on other inputs ({shown}); "
                                 "give the same inputs or another --workdir")
            return
        with open(path, "w") as text:
            json.dump(record, text, indent=1)

    def footprint(self):
        """(dataset projection WKT, geotransform, width, height) of the map grid."""
        dataset = gdal.Open(self.grid_image)
        return dataset.GetProjection(), dataset.GetGeoTransform(), dataset.RasterXSize, dataset.RasterYSize

    def grid_srs(self):
        srs = osr.SpatialReference()
        srs.ImportFromWkt(self.footprint()[0])
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        return srs


def check_image(option, path):
    if not os.path.isfile(path):
        raise InputError(f"{option}: no such file: {path}")
    if not os.access(path, os.R_OK):
        raise InputError(f"{option}: cannot read {path} (permission denied)")
    try:
        dataset = gdal.Open(path)
    except RuntimeError:
        raise InputError(f"{option}: GDAL cannot read {path} as an image")
    if not dataset.GetProjection():
        raise InputError(f"{option}: {path} has no coordinate reference system (georeference it)")
    return os.path.realpath(path)
