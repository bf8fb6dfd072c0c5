#!/usr/bin/python3
"""ImCLASS as a hostile user meets it: bad inputs and faults across the six applications and
imclass-run. Each case asserts the exit code, the one message naming the parameter and the
problem, and what is left on disk (no output that looks complete, an earlier output untouched,
no partial file).

usage: reliability_check.py FAMILY OUTDIR SCENE_DIR DEBIAN_DATA IMCLASS_RUN
(OTB_APPLICATION_PATH must point at the build)

Families: inputs, bands, grids, polygons, rasters, models, outputs, disk, values, signals, determinism, run.
"""
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time

import numpy as np
from osgeo import gdal, ogr, osr

from imclass_checks import check

gdal.UseExceptions()
EARLIER = b"an earlier output\n"


def digest(path):
    with open(path, "rb") as f:
        return hashlib.md5(f.read()).hexdigest()


def partial_files(directory):
    return [name for name in os.listdir(directory) if ".partial-" in name]


def group_running(group):
    """Whether a process of the process group is still running (zombies aside)."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                state, _, process_group = f.read().rsplit(")", 1)[1].split()[:3]
        except OSError:
            continue
        if int(process_group) == group and state != "Z":
            return True
    return False


def without_georeferencing(source, path, size=150):
    """A copy of the top-left corner of `source` with neither CRS nor geotransform."""
    data = gdal.Open(source)
    copy = gdal.GetDriverByName("GTiff").Create(path, size, size, data.RasterCount, gdal.GDT_Float32)
    for b in range(data.RasterCount):
        copy.GetRasterBand(b + 1).WriteArray(data.GetRasterBand(b + 1).ReadAsArray(0, 0, size, size).astype(np.float32))
    copy = None


class Checker:
    def __init__(self, out, scene, debian, run_script):
        self.out, self.scene, self.debian, self.run_script = out, scene, debian, run_script
        self.count = 0
        os.makedirs(out, exist_ok=True)

    def path(self, name):
        return os.path.join(self.out, name)

    def refuse(self, app, arguments, message, outputs=(), earlier=()):
        """otbcli APP ARGUMENTS must exit non-zero with exactly one FATAL line holding `message`;
        `outputs` must not exist afterwards, `earlier` (written before the run) must be untouched."""
        for path in outputs:
            if os.path.exists(path):
                os.remove(path)
        for path in earlier:
            with open(path, "wb") as f:
                f.write(EARLIER)
        result = subprocess.run(["otbcli", app] + [str(a) for a in arguments], capture_output=True, text=True)
        fatal = [line for line in (result.stdout + result.stderr).splitlines() if "(FATAL)" in line]
        check(result.returncode != 0, f"{app} {arguments}: exit 0")
        check(len(fatal) == 1 and message in fatal[0], f"{app} {arguments}: expected one FATAL line with '{message}', got {fatal}")
        for path in outputs:
            check(not os.path.exists(path), f"{app} {arguments}: {path} was left")
        for path in earlier:
            with open(path, "rb") as f:
                check(f.read() == EARLIER, f"{app} {arguments}: the earlier {path} was changed")
        check(not partial_files(self.out), f"{app} {arguments}: partial files left: {partial_files(self.out)}")
        self.count += 1
        print("refused:", fatal[0].split("(FATAL)")[1].strip())

    def succeed(self, app, arguments):
        result = subprocess.run(["otbcli", app] + [str(a) for a in arguments], capture_output=True, text=True)
        check(result.returncode == 0, f"{app} {arguments}: failed\n{result.stdout}{result.stderr}")
        return result

    # Inputs of every kind.
    @property
    def post(self):
        return f"{self.scene}/post.tif"

    def stack(self):
        path = self.path("stack.tif")
        if not os.path.exists(path):
            self.succeed("ImclassFeatures", ["-in", self.post, "-texture", "none", "-out", path])
        return path

    def model(self):
        path = self.path("model.yaml")
        if not os.path.exists(path):
            self.succeed("ImclassTrain", ["-il", self.stack(), "-vec", f"{self.scene}/samples.gpkg", "-class.field", "label", "-class.value", 1,
                                          "-rf.nbtrees", 10, "-sampling.folds", 2, "-sampling.max", 500, "-out", path])
        return path

    def probability(self):
        path = self.path("probability.tif")
        if not os.path.exists(path):
            self.succeed("ImclassPredict", ["-il", self.stack(), "-model", self.model(), "-out", path])
        return path


def inputs(c):
    """Missing, unreadable, wrong-kind and corrupt inputs."""
    out = c.path("features_out.tif")
    text = c.path("not_an_image.tif")
    with open(text, "w") as f:
        f.write("not an image\n")
    truncated = c.path("truncated.tif")
    gdal.Translate(truncated, c.post, creationOptions=["TILED=NO"])
    size = os.path.getsize(truncated)
    with open(truncated, "r+b") as f:
        f.truncate(size * 2 // 3)
    c.refuse("ImclassFeatures", ["-in", c.path("missing.tif"), "-out", out], f"-in: cannot open '{c.path('missing.tif')}': no such file", [out])
    c.refuse("ImclassFeatures", ["-in", c.out, "-out", out], f"-in: '{c.out}' is a directory, not a file", [out])
    c.refuse("ImclassFeatures", ["-in", text, "-out", out], f"-in: GDAL cannot read '{text}' as an image", [out])
    c.refuse("ImclassFeatures", ["-in", c.post, "-mask", text, "-out", out], f"-mask: GDAL cannot read '{text}' as an image", [out])
    c.refuse("ImclassTopo", ["-in", c.post, "-dem", c.path("missing_dem.tif"), "-out", out], "-dem: cannot open", [out])
    c.refuse("ImclassTrain", ["-il", c.stack(), "-vec", c.path("missing.gpkg"), "-out", c.path("m.yaml")], "-vec: cannot open", [c.path("m.yaml")])
    c.refuse("ImclassTrain", ["-il", c.stack(), "-vec", text, "-out", c.path("m.yaml")], "-vec: cannot open", [c.path("m.yaml")])
    c.refuse("ImclassPredict", ["-il", c.stack(), c.path("missing.tif"), "-model", c.model(), "-out", out], "-il: cannot open", [out])
    # A file cut short: the reading fails midway (OTB's reader names the file and the block); the
    # earlier output stays.
    c.refuse("ImclassFeatures", ["-in", truncated, "-texture", "none", "-out", out], f"'{truncated}' : {truncated}, band 1: IReadBlock failed", [],
             earlier=[out])
    if os.geteuid() != 0:  # root reads anything
        unreadable = c.path("unreadable.tif")
        gdal.Translate(unreadable, c.post)
        os.chmod(unreadable, 0)
        c.refuse("ImclassFeatures", ["-in", unreadable, "-out", out], f"-in: cannot open '{unreadable}': permission denied", [out])
    else:
        print("skipped: an unreadable input (root reads every file)")


def bands(c):
    """Sensor presets, band names, indices and texture bands."""
    out = c.path("bands_out.tif")
    three = c.path("three_bands.tif")
    gdal.Translate(three, c.post, bandList=[1, 2, 3])
    c.refuse("ImclassFeatures", ["-in", three, "-sensor", "s2", "-out", out], "-sensor", [out])
    c.refuse("ImclassFeatures", ["-in", three, "-sensor", "generic", "-out", out], "-bandnames", [out])
    c.refuse("ImclassFeatures", ["-in", three, "-bandnames", "blue", "green", "-out", out], "-bandnames", [out])
    c.refuse("ImclassFeatures", ["-in", three, "-bandnames", "blue", "green", "purple", "-out", out], "-bandnames", [out])
    c.refuse("ImclassFeatures", ["-in", three, "-bandnames", "blue", "green", "red", "-indices", "ndvi", "-out", out], "-indices: ndvi needs band nir", [out])
    c.refuse("ImclassFeatures", ["-in", c.post, "-indices", "ndvi", "greenness", "-out", out], "-indices", [out])
    c.refuse("ImclassFeatures", ["-in", three, "-bandnames", "blue", "green", "nir", "-indices", "ndwi", "-tex.band", "red", "-out", out],
             "-tex.band: the image has no band 'red'", [out])
    c.refuse("ImclassChangeFeatures", ["-pre", three, "-prebandnames", "coastal", "wv", "cirrus", "-post", c.post, "-texture", "none", "-out", out],
             "have no band in common", [out])


def grids(c):
    """Georeferencing and grids."""
    out = c.path("grids_out.tif")
    bare = c.path("no_georeferencing.tif")
    without_georeferencing(c.post, bare)
    small_mask = c.path("mask_10px.tif")
    gdal.Translate(small_mask, f"{c.scene}/post_mask.tif", srcWin=[0, 0, 10, 10])
    shifted_mask = c.path("mask_shifted.tif")
    gdal.Translate(shifted_mask, f"{c.scene}/post_mask.tif", options="-a_ullr 100 200 300 0")
    far_dem = c.path("dem_far.tif")
    gdal.Translate(far_dem, f"{c.scene}/dem.tif", options="-a_ullr 100000 200000 104000 196000")
    c.refuse("ImclassChangeFeatures", ["-pre", bare, "-post", c.post, "-out", out], "-pre: the image has no coordinate reference system", [out])
    c.refuse("ImclassFeatures", ["-in", c.post, "-mask", small_mask, "-out", out], "-mask: 10 x 10 pixels, -in has", [out])
    c.refuse("ImclassFeatures", ["-in", c.post, "-mask", shifted_mask, "-out", out], "-mask: origin or pixel size differs from -in's", [out])
    c.refuse("ImclassTopo", ["-in", c.post, "-dem", far_dem, "-out", out], "-dem", [out])
    bare_stack = c.path("bare_stack.tif")
    c.succeed("ImclassFeatures", ["-in", bare, "-texture", "none", "-out", bare_stack])
    c.refuse("ImclassTrain", ["-il", bare_stack, "-vec", f"{c.scene}/samples.gpkg", "-out", c.path("m.yaml")],
             "-vec: '%s/samples.gpkg' is in" % c.scene, [c.path("m.yaml")])
    cropped = c.path("cropped_stack.tif")
    gdal.Translate(cropped, c.stack(), srcWin=[0, 0, 100, 100])
    c.refuse("ImclassPredict", ["-il", c.stack(), cropped, "-model", c.model(), "-out", out], "-il: stack 2", [out])


def polygons(c):
    """Sample and reference polygons."""
    out_model = c.path("p.yaml")
    points = c.path("points.gpkg")
    gdal.VectorTranslate(points, f"{c.scene}/samples.gpkg", SQLStatement="SELECT label, ST_Centroid(geom) AS geom FROM samples", SQLDialect="SQLite")
    empty = c.path("empty.gpkg")
    gdal.VectorTranslate(empty, f"{c.scene}/samples.gpkg", where="label = 99")
    common = ["-il", c.stack(), "-class.field", "label", "-class.value", 1, "-out", out_model]
    c.refuse("ImclassTrain", ["-vec", points] + common, "holds no polygon", [out_model])
    c.refuse("ImclassTrain", ["-vec", empty] + common, "is empty", [out_model])
    c.refuse("ImclassTrain", ["-vec", f"{c.scene}/samples.gpkg", "-il", c.stack(), "-class.field", "kind", "-class.value", 1, "-out", out_model],
             "-class.field: ", [out_model])
    c.refuse("ImclassTrain", ["-vec", f"{c.scene}/samples.gpkg", "-il", c.stack(), "-class.field", "label", "-class.value", 5, "-out", out_model],
             "-class.value: no feature", [out_model])
    c.refuse("ImclassThreshold", ["-in", c.probability(), "-ref", points, "-out", c.path("t.tif")], "-ref", [c.path("t.tif")])


def rasters(c):
    """Degenerate rasters: all no-data, a window larger than the image."""
    out = c.path("rasters_out.tif")
    nodata = c.path("all_nodata.tif")
    gdal.Translate(nodata, c.post, noData=0)
    dataset = gdal.Open(nodata, gdal.GA_Update)
    for b in range(dataset.RasterCount):
        dataset.GetRasterBand(b + 1).Fill(0)
    dataset = None
    tiny = c.path("tiny.tif")
    gdal.Translate(tiny, c.post, srcWin=[0, 0, 3, 3])
    c.refuse("ImclassFeatures", ["-in", nodata, "-texture", "none", "-out", out], "-out: every pixel is no-data", [], earlier=[out])
    c.refuse("ImclassFeatures", ["-in", tiny, "-out", out], "-tex.radius: a window of 5 pixels does not fit in a 3 x 3 image", [out])


def models(c):
    """Models: corrupt, another model's map, features in another order."""
    out = c.path("models_out.tif")
    corrupt = c.path("corrupt.yaml")
    with open(corrupt, "w") as f:
        f.write("%YAML:1.0\nopencv_ml_rtrees:\n  format: [ unfinished\n")
    foreign = c.path("foreign.yaml")
    with open(foreign, "w") as f:
        f.write("%YAML:1.0\nsomething: 1\n")
    c.refuse("ImclassPredict", ["-il", c.stack(), "-model", corrupt, "-out", out], "-model: ", [out])
    c.refuse("ImclassPredict", ["-il", c.stack(), "-model", foreign, "-out", out], "is not an ImCLASS model", [out])
    topo = c.path("topo_stack.tif")
    c.succeed("ImclassTopo", ["-in", c.post, "-dem", f"{c.scene}/dem.tif", "-scales", 1, "-out", topo])
    c.refuse("ImclassPredict", ["-il", topo, "-model", c.model(), "-out", out], "-il: the model's feature 'b_blue' (1 of 20) is not in the stacks", [out])
    other = c.path("other_model.yaml")
    c.succeed("ImclassTrain", ["-il", c.stack(), "-vec", f"{c.scene}/samples.gpkg", "-class.field", "label", "-class.value", 1, "-rf.nbtrees", 5,
                               "-sampling.folds", 2, "-sampling.max", 300, "-seed", 7, "-out", other])
    c.refuse("ImclassThreshold", ["-in", c.probability(), "-model", other, "-out", out], "did not make -in", [out])


def outputs(c):
    """Outputs: an output that is an input, a missing directory, a directory, earlier outputs."""
    out = c.path("outputs_out.tif")
    copy = c.path("post_copy.tif")
    gdal.Translate(copy, c.post)
    link = c.path("post_link.tif")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(copy, link)
    before = digest(copy)
    c.refuse("ImclassFeatures", ["-in", copy, "-out", copy], f"-out: '{copy}' is also the input -in", [])
    c.refuse("ImclassFeatures", ["-in", copy, "-out", link], f"-out: '{link}' is also the input -in", [])
    check(digest(copy) == before, "the input was changed")
    samples = c.path("samples_copy.gpkg")
    gdal.VectorTranslate(samples, f"{c.scene}/samples.gpkg")
    before = digest(samples)
    c.refuse("ImclassTrain", ["-il", c.stack(), "-vec", samples, "-out", samples], "-out: ", [])
    c.refuse("ImclassTrain", ["-il", c.stack(), "-vec", samples, "-out", c.path("o.yaml"), "-outval", samples], f"-outval: '{samples}' is also the input -vec",
             [c.path("o.yaml")])
    check(digest(samples) == before, "the polygons were changed")
    probability = c.probability()
    before = digest(probability)
    c.refuse("ImclassThreshold", ["-in", probability, "-model", c.model(), "-out", probability], "is also the input -in", [])
    check(digest(probability) == before, "the probability map was changed")
    c.refuse("ImclassFeatures", ["-in", c.post, "-out", c.path("no/such/dir/f.tif")], "-out: cannot create", [])
    c.refuse("ImclassFeatures", ["-in", c.post, "-out", c.out], "-out: cannot create", [])
    c.refuse("ImclassThreshold", ["-in", probability, "-model", c.model(), "-out", out, "-outvec", c.path("objects.kml")], "-outvec: ", [out])
    c.refuse("ImclassTrain", ["-il", c.stack(), "-vec", f"{c.scene}/samples.gpkg", "-out", c.path("model.txt")], "must end with .yaml", [c.path("model.txt")])
    c.refuse("ImclassFeatures", ["-in", c.post, "-out", out, "uint8"], "-out: pixel type uint8 refused", [out])
    # A failure after the writing started (an all no-data map) leaves the earlier map untouched.
    nodata = c.path("nodata_probability.tif")
    gdal.Translate(nodata, probability)
    dataset = gdal.Open(nodata, gdal.GA_Update)
    dataset.GetRasterBand(1).Fill(-9999)
    dataset = None
    c.refuse("ImclassThreshold", ["-in", nodata, "-method", "user", "-ref", f"{c.scene}/samples.gpkg", "-out", out], "-in: every pixel is no-data", [],
             earlier=[out])


def disk(c):
    """A full disk while writing: a small tmpfs, mounted in a private namespace."""
    mount_point = c.path("full_disk")
    os.makedirs(mount_point, exist_ok=True)
    out = os.path.join(mount_point, "features.tif")
    script = f"""set -e
mount -t tmpfs -o size=700k tmpfs {mount_point}
printf 'an earlier output\\n' > {out}
set +e
otbcli ImclassFeatures -in {c.post} -texture none -out {out} > {mount_point}.log 2>&1
echo "exit=$?"
ls -A {mount_point}
cat {out}
"""
    result = subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script], capture_output=True, text=True)
    if result.returncode != 0 and "exit=" not in result.stdout:
        print(f"skipped: no tmpfs can be mounted here ({result.stderr.strip()})")
        return
    log = open(f"{mount_point}.log").read()
    fatal = [line for line in log.splitlines() if "(FATAL)" in line]
    lines = result.stdout.splitlines()
    check(lines[0] != "exit=0", f"a full disk exits 0: {log[-500:]}")
    check(len(fatal) == 1 and "-out: writing" in fatal[0] and "No space left on device" in fatal[0], f"full disk message: {fatal}")
    check(lines[1:] == ["features.tif", "an earlier output"], f"on the full disk after the run: {lines[1:]}")
    c.count += 1
    print("refused:", fatal[0].split("(FATAL)")[1].strip())


def values(c):
    """Every numeric and choice parameter, out of range or not a number."""
    out = c.path("values_out.tif")
    feature = ["-in", c.post, "-out", out]
    for arguments, message in [
        (["-tex.radius", "-1"], "-tex.radius: -1 is out of range (at least 1)"),
        (["-tex.radius", "0"], "-tex.radius: 0 is out of range (at least 1)"),
        (["-tex.radius", "abc"], "-tex.radius: 'abc' is not a whole number (at least 1)"),
        (["-tex.radius", "2.5"], "-tex.radius: '2.5' is not a whole number"),
        (["-tex.bins", "1"], "-tex.bins: 1 is out of range (at least 2)"),
        (["-texture", "haralick"], "-texture: 'haralick' is not one of none, simple, advanced, all"),
        (["-sensor", "sentinel2"], "-sensor: 'sentinel2' is not one of s2, l8, l57, spot67, pleiades, s1, sar, generic"),
        (["-tex.min", "0"], "-tex.min: give both -tex.min and -tex.max"),
        (["-tex.min", "5", "-tex.max", "1"], "-tex.max: must be greater than -tex.min"),
    ]:
        c.refuse("ImclassFeatures", feature + arguments, message, [out])
    model = c.path("values.yaml")
    train = ["-il", c.stack(), "-vec", f"{c.scene}/samples.gpkg", "-class.field", "label", "-class.value", 1, "-out", model]
    for arguments, message in [
        (["-rf.nbtrees", "0"], "-rf.nbtrees: 0 is out of range (at least 1)"),
        (["-rf.nbtrees", "ten"], "-rf.nbtrees: 'ten' is not a whole number"),
        (["-sampling.folds", "1"], "-sampling.folds: 1 is out of range (at least 2)"),
        (["-sampling.ratio", "0"], "-sampling.ratio: 0 is out of range (at least 0.01)"),
        (["-sampling.buffer", "-3"], "-sampling.buffer: -3 is out of range"),
        (["-rf.var", "500"], "-rf.var: 500 features per node, but the stacks have"),
        (["-split", "random"], "-split: 'random' is not one of polygon, pixel"),
        (["-split.polygon.block", "5"], "-split.polygon.block: 5 m is"),
        (["-seed", "-4"], "-seed: -4 is out of range (at least 0)"),
    ]:
        c.refuse("ImclassTrain", train + arguments, message, [model])
    threshold = ["-in", c.probability(), "-model", c.model(), "-out", out]
    for arguments, message in [
        (["-method", "user", "-threshold", "1.5"], "-threshold: 1.5 is out of range (0 to 1)"),
        (["-method", "user", "-threshold", "-0.2"], "-threshold: -0.2 is out of range (0 to 1)"),
        (["-minarea", "-5"], "-minarea: -5 is out of range (at least 0)"),
        (["-minarea", "12abc"], "-minarea: '12abc' is not a number"),
        (["-radius", "0"], "-radius: 0 is out of range (at least 1)"),
        (["-radius", "abc"], "-radius: 'abc' is not a whole number"),
        (["-morpho", "median"], "-morpho: 'median' is not one of majority, none, opening, closing, openclose"),
        (["-method", "otsu"], "-method: 'otsu' is not one of f1, fbeta, user, pu"),
        (["-beta", "0"], "-beta: 0 is out of range (at least 0.01)"),
    ]:
        c.refuse("ImclassThreshold", threshold + arguments, message, [out])


def signals(c):
    """Interrupted runs: SIGTERM removes the partial file; after SIGKILL the next run removes it;
    an earlier output stays untouched either way."""
    large = c.path("large.tif")
    if not os.path.exists(large):
        gdal.Translate(large, f"{c.debian}/l7_etms.tif", width=1400, height=1400)
    out = c.path("interrupted.tif")
    with open(out, "wb") as f:
        f.write(EARLIER)
    for name, number in (("SIGTERM", signal.SIGTERM), ("SIGKILL", signal.SIGKILL)):
        process = subprocess.Popen(["otbcli", "ImclassFeatures", "-in", large, "-sensor", "l57", "-texture", "all", "-tex.radius", "4", "-ram", "16",
                                    "-out", out], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        # Interrupted as soon as its output is being written: the run lasts about a second on a
        # quiet machine.
        deadline = time.time() + 60
        while not partial_files(c.out) and time.time() < deadline and process.poll() is None:
            time.sleep(0.02)
        check(process.poll() is None and partial_files(c.out), f"{name}: the run ended before it could be interrupted")
        os.killpg(process.pid, number)
        process.wait(timeout=60)
        # otbcli is a shell script: the application it started may end a moment after it.
        deadline = time.time() + 60
        while group_running(process.pid) and time.time() < deadline:
            time.sleep(0.1)
        check(process.returncode != 0, f"{name}: exit 0")
        with open(out, "rb") as f:
            check(f.read() == EARLIER, f"{name}: the earlier output was changed")
        left = partial_files(c.out)
        if number == signal.SIGTERM:
            check(not left, f"SIGTERM left {left}")
        else:
            check(left and all(name.startswith(".interrupted.tif.partial-") for name in left), f"SIGKILL left {left}")
            # The next run of the same output removes what the killed one left.
            c.succeed("ImclassFeatures", ["-in", c.post, "-texture", "none", "-out", out])
            check(not partial_files(c.out), f"the files of the killed run are still there: {partial_files(c.out)}")
        c.count += 1
        print(f"{name}: earlier output untouched, partial files {'removed' if number == signal.SIGTERM else 'removed by the next run'}")


def determinism(c):
    """Same inputs and seed: the same bytes whatever the threads and -ram, for every step."""
    runs = {}
    for threads, ram in ((1, 8), (2, 512)):
        env = dict(os.environ, ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=str(threads))
        tag = f"t{threads}_r{ram}"
        files = {name: c.path(f"{name}_{tag}.{extension}") for name, extension in
                 (("change", "tif"), ("model", "yaml"), ("probability", "tif"), ("map", "tif"), ("polygons", "gpkg"))}
        steps = [("ImclassChangeFeatures", ["-pre", f"{c.scene}/pre.tif", "-post", c.post, "-postmask", f"{c.scene}/post_mask.tif", "-out", files["change"]]),
                 ("ImclassTrain", ["-il", files["change"], "-vec", f"{c.scene}/samples.gpkg", "-class.field", "label", "-class.value", 1, "-rf.nbtrees", 20,
                                   "-sampling.folds", 3, "-out", files["model"]]),
                 ("ImclassPredict", ["-il", files["change"], "-model", files["model"], "-out", files["probability"]]),
                 ("ImclassThreshold", ["-in", files["probability"], "-model", files["model"], "-out", files["map"], "-outvec", files["polygons"]])]
        for app, arguments in steps:
            result = subprocess.run(["otbcli", app] + [str(a) for a in arguments] + ["-ram", str(ram)], capture_output=True, text=True, env=env)
            check(result.returncode == 0, f"{app} ({tag}) failed: {result.stderr[-500:]}")
        runs[tag] = files
    first, second = runs.values()
    check(digest(first["change"]) == digest(second["change"]), "the stacks' bytes differ between 1 thread -ram 8 and 2 threads -ram 512")
    for name in ("probability", "map"):  # their metadata names the model, whose recorded stack paths differ
        check(np.array_equal(gdal.Open(first[name]).ReadAsArray(), gdal.Open(second[name]).ReadAsArray()),
              f"{name}: pixels differ between 1 thread -ram 8 and 2 threads -ram 512")
    models = []
    for files in (first, second):
        with open(files["model"]) as f:  # the model records the paths of its stacks: compare the rest
            models.append([line for line in f if "change_t" not in line])
    check(models[0] == models[1], "the models differ between 1 thread -ram 8 and 2 threads -ram 512")
    c.count += 4
    print("determinism: stack, model, probabilities and map identical with 1 thread and -ram 8 or 2 threads and -ram 512")


def run(c):
    """imclass-run: every value and input checked before the first step; --out created."""
    scene = c.scene
    base = [c.run_script, "change", "--pre", f"{scene}/pre.tif", "--post", f"{scene}/post.tif", "--vec", f"{scene}/samples.gpkg"]
    points = c.path("points.gpkg")
    if not os.path.exists(points):
        gdal.VectorTranslate(points, f"{scene}/samples.gpkg", SQLStatement="SELECT label, ST_Centroid(geom) AS geom FROM samples", SQLDialect="SQLite")
    far_dem = c.path("run_dem_far.tif")
    gdal.Translate(far_dem, f"{scene}/dem.tif", options="-a_ullr 100000 200000 104000 196000")
    bare = c.path("run_bare.tif")
    without_georeferencing(f"{scene}/pre.tif", bare)
    for arguments, message in [
        (["--method", "user", "--threshold", "1.5"], "--threshold: 1.5 is out of range (0 to 1)"),
        (["--method", "user", "--threshold", "x"], "--threshold: 'x' is not a number"),
        (["--radius", "0"], "--radius: 0 is out of range (at least 1)"),
        (["--radius", "abc"], "--radius: 'abc' is not a whole number"),
        (["--minarea", "-5"], "--minarea: -5 is out of range (at least 0)"),
        (["--minarea", "12abc"], "--minarea: '12abc' is not a number"),
        (["--pu-exclude", "0.7"], "--pu-exclude: 0.7 is out of range (0 to 0.5)"),
        (["--seed", "x"], "--seed: 'x' is not a whole number"),
        (["--class-value", "7"], "--class-value: no polygon of"),
        (["--class-field", "kind"], "--class-field: "),
        (["--dem", far_dem], f"--dem: {far_dem} does not overlap"),
        (["--morpho", "median"], "--morpho: majority, none"),
        (["--sar-filter", "median"], "--sar-filter: lee, frost, gammamap, kuan or none"),
        (["--sar-unit", "linear"], "--sar-unit: power, db or amplitude"),
        (["--sar-radius", "0"], "--sar-radius: 0 is out of range (at least 1)"),
        (["--sar-looks", "x"], "--sar-looks: 'x' is not a number"),
        (["--optical", far_dem], f"--pre: {scene}/pre.tif does not overlap {far_dem}"),
        (["--tiles", "0"], "--tiles: 0 is out of range (at least 1)"),
        (["--tiles", "2", "--tile-size", "64"], "give --tiles or --tile-size, not both"),
        (["--tile-size", "8"], "--tile-size: 8 is out of range (at least 16)"),
        (["--engine", "pbs"], "--engine: local or slurm"),
        (["--partition", "gpu"], "--partition is for --engine slurm"),
        (["--no-wait"], "--no-wait is for --engine slurm"),
        (["--jobs", "two"], "--jobs: 'two' is not a whole number"),
    ]:
        target = c.path("run_refused")
        shutil.rmtree(target, ignore_errors=True)
        result = subprocess.run(base + arguments + ["--out", target], capture_output=True, text=True)
        check(result.returncode != 0 and message in result.stderr, f"imclass-run {arguments}: {result.returncode} {result.stderr}")
        check(not os.path.exists(os.path.join(target, "log_ImclassChangeFeatures.txt")), f"imclass-run {arguments}: a step ran")
        c.count += 1
        print("imclass-run refused:", result.stderr.strip().splitlines()[-1])
    for arguments, message in [
        ([c.run_script, "change", "--pre", bare, "--post", f"{scene}/post.tif", "--vec", f"{scene}/samples.gpkg"], "--pre: "),
        ([c.run_script, "change", "--pre", f"{scene}/pre.tif", "--post", f"{scene}/post.tif", "--vec", points], f"--vec: {points} holds point"),
    ]:
        result = subprocess.run(arguments + ["--out", c.path("run_refused")], capture_output=True, text=True)
        check(result.returncode != 0 and message in result.stderr, f"imclass-run {arguments}: {result.stderr}")
        c.count += 1
        print("imclass-run refused:", result.stderr.strip().splitlines()[-1])
    # --out that does not exist yet is created (with its parents), as the README says.
    fresh = c.path("run_new/results")
    result = subprocess.run(base + ["--out", fresh + "/"], capture_output=True, text=True)
    check(result.returncode == 0 and os.path.exists(os.path.join(fresh, "map.tif")), f"--out in a new directory: {result.stderr}")
    c.count += 1


FAMILIES = {"inputs": inputs, "bands": bands, "grids": grids, "polygons": polygons, "rasters": rasters, "models": models, "outputs": outputs,
            "disk": disk, "values": values, "signals": signals, "determinism": determinism, "run": run}

if __name__ == "__main__":
    family, out, scene, debian, run_script = sys.argv[1:6]
    checker = Checker(os.path.join(out, family), scene, debian, run_script)
    FAMILIES[family](checker)
    print(f"OK: {checker.count} cases")
