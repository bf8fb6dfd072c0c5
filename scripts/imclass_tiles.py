#!/usr/bin/python3
"""ImCLASS: the prediction of imclass-run cut into tiles, run on this machine or as a SLURM job array,
then mosaicked and thresholded once per scene.

imclass-run calls it once the model is trained:

  imclass_tiles.py run OUT --model MODEL [--tiles N | --tile-size PIXELS] [--engine local|slurm]
      [--jobs J] [--ram MB] [--partition P] [--cpus-per-task C] [--time T] [--sbatch-args "..."]
      [--no-wait] [--threshold-args "-method f1 ..."]
      --scene NAME GRID_IMAGE SCENE_OUT RAW_INPUT_ARGS... [--scene ...]

A tile is ImclassPredict in fused mode (the raw images and the model) writing only its window of the
scene's grid: OTB's writer option `?&box=x:y:w:h` requests that window, and every filter of the
pipeline asks its input for the window plus the margin it needs (texture radius, topographic
windows, resampling kernel), so a tile's probabilities are those of the whole-scene run, bit for bit.
The merge builds a GDAL VRT of the tiles, writes it as a compressed, tiled GeoTIFF (COG) with the
metadata ImclassPredict records, and runs ImclassThreshold on it: one threshold (the model's), the
majority filter and the objects over the whole scene, so no object is cut at a seam.

Everything lives in OUT/tiles: plan.json (the tiles and commands), one folder of tiles per scene,
logs/, jobs.json (SLURM job ids). A tile is there or not (ImclassPredict writes it under a temporary
name); a scene is complete when its `merged` mark is, and its maps are removed as soon as they are
not those of its tiles (a tile missing, another plan). A second call with the same plan runs only
the missing tiles and the merges not done; a call with another plan (other model, inputs or tiles)
starts again.

SLURM runs `imclass_tiles.py tile PLAN` (the task's SLURM_ARRAY_TASK_ID picks the tile) and
`imclass_tiles.py merge PLAN SCENE`.
"""
import argparse
import concurrent.futures
import hashlib
import json
import math
import os
import shlex
import shutil
import subprocess
import sys
import time

from osgeo import gdal

gdal.UseExceptions()

PROBABILITY_NODATA = -9999.0
# ImclassPredict refuses to write a map without a valid pixel; a tile of sea or clouds is one.
ALL_NODATA_MESSAGE = "-out: every pixel is no-data"
# Memory a SLURM task asks beyond -ram and GDAL's block cache: a margin for the process (libraries,
# model, OTB's buffers). bench/bench-tiles.sh measures a tile's peak below -ram + GDAL_CACHEMAX.
PROCESS_OVERHEAD_MB = 512
# GDAL's block cache of a tile's process when GDAL_CACHEMAX is not set (its default, 5 % of the
# machine's memory, would not fit a SLURM task's --mem).
DEFAULT_GDAL_CACHEMAX_MB = "256"
DEFAULT_CPUS_PER_TASK = 2
DEFAULT_LOCAL_JOBS = 2  # --jobs of the local engine; SLURM runs as many tasks at once as it can
FINAL_OUTPUTS = ("probability.tif", "map.tif", "map.gpkg", "report.json", "report.png")
POLL_SECONDS = 2


class TileError(Exception):
    """A problem of the user's to report in one line."""


# ---- The plan: tiles of each scene and what runs them ------------------------------------------

def tile_grid(width, height, tiles=None, tile_size=None):
    """Windows (x, y, w, h) covering a width x height grid: `tiles` windows in the rows x columns
    layout whose windows are closest to squares, or windows of `tile_size` pixels (smaller at the
    right and bottom edges). Row by row, from the top left."""
    if tile_size:
        columns, rows = math.ceil(width / tile_size), math.ceil(height / tile_size)
        xs = [min(i * tile_size, width) for i in range(columns + 1)]
        ys = [min(j * tile_size, height) for j in range(rows + 1)]
    else:
        layouts = [(c, tiles // c) for c in range(1, tiles + 1) if tiles % c == 0 and c <= width and tiles // c <= height]
        if not layouts:
            raise TileError(f"--tiles: {tiles} tiles do not fit in a grid of {width} x {height} pixels")
        columns, rows = min(layouts, key=lambda cr: abs(math.log((width / cr[0]) / (height / cr[1]))))
        xs = [round(i * width / columns) for i in range(columns + 1)]
        ys = [round(j * height / rows) for j in range(rows + 1)]
    return [(xs[i], ys[j], xs[i + 1] - xs[i], ys[j + 1] - ys[j]) for j in range(rows) for i in range(columns)]


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_plan(options, scenes):
    """The plan of this call: everything a tile or a merge needs, and what decides whether earlier
    tiles still hold (the model's bytes, the inputs, the windows)."""
    root = os.path.join(options.out, "tiles")
    planned = []
    for name, grid_image, scene_out, raw in scenes:
        dataset = gdal.Open(grid_image)
        width, height = dataset.RasterXSize, dataset.RasterYSize
        windows = tile_grid(width, height, options.tiles, options.tile_size)
        folder = os.path.join(root, name)
        planned.append({
            "name": name, "grid": os.path.abspath(grid_image), "out": os.path.abspath(scene_out), "size": [width, height],
            "raw": raw, "inputs": {path: [os.path.getsize(path), os.path.getmtime(path)] for path in raw if os.path.isfile(path)},
            "tiles": [{"window": list(window), "file": os.path.join(os.path.abspath(folder), f"tile_{i:04d}.tif")}
                      for i, window in enumerate(windows)],
        })
    return {
        "model": os.path.abspath(options.model), "model_sha256": file_sha256(options.model), "ram": options.ram,
        "threshold_args": shlex.split(options.threshold_args), "scenes": planned,
    }


def tasks_of(plan):
    """(scene index, tile index) of every tile, in the order of the SLURM array's task ids."""
    return [(s, t) for s, scene in enumerate(plan["scenes"]) for t in range(len(scene["tiles"]))]


def tiles_folder(plan_path):
    return os.path.dirname(os.path.abspath(plan_path))


def tile_log(plan_path, scene, tile_index):
    return os.path.join(tiles_folder(plan_path), "logs", f"{scene['name']}_tile_{tile_index:04d}.log")


def merged_mark(plan_path, scene):
    return os.path.join(tiles_folder(plan_path), scene["name"], "merged")


def unmerge(plan_path, scene):
    """The scene's mosaic and maps are no longer those of its tiles and options: gone until the next merge."""
    for path in [merged_mark(plan_path, scene)] + [os.path.join(scene["out"], name) for name in FINAL_OUTPUTS]:
        if os.path.exists(path):
            os.remove(path)


def tile_done(scene, tile_index):
    return os.path.isfile(scene["tiles"][tile_index]["file"])


def missing_tiles(scene):
    return [t for t in range(len(scene["tiles"])) if not tile_done(scene, t)]


def tile_finished(log):
    """Whether a tile's log records a prediction that ended well (its file may have been removed since)."""
    if not os.path.isfile(log):
        return False
    with open(log, errors="replace") as stream:
        return any(line.startswith("imclass_tiles: ") and " ended with status 0 " in line for line in stream)


def load_plan(plan_path):
    with open(plan_path) as stream:
        return json.load(stream)


def write_atomically(path, text):
    partial = f"{path}.partial-{os.getpid()}"
    with open(partial, "w") as stream:
        stream.write(text)
    os.replace(partial, path)


def without_threshold(plan):
    return {key: value for key, value in plan.items() if key != "threshold_args"}


def install_plan(plan, plan_path):
    """Keeps the tiles of an earlier call of the same plan; otherwise removes them and the scenes'
    outputs (of another run: nothing looks complete before this plan's merge) and writes the new plan."""
    folder = tiles_folder(plan_path)
    if os.path.isfile(plan_path):
        earlier = load_plan(plan_path)
        if without_threshold(earlier) == without_threshold(plan):
            if earlier["threshold_args"] != plan["threshold_args"]:  # the tiles hold, the merges do not
                for scene in plan["scenes"]:
                    unmerge(plan_path, scene)
                write_atomically(plan_path, json.dumps(plan, indent=1))
            return False
        active = active_jobs(folder)
        if active:
            raise TileError(f"SLURM jobs {', '.join(active)} of an earlier plan are still queued or running in {folder}: "
                            "wait for them or cancel them (scancel)")
    for scene in plan["scenes"]:
        unmerge(plan_path, scene)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.join(folder, "logs"))
    for scene in plan["scenes"]:
        os.makedirs(os.path.join(folder, scene["name"]), exist_ok=True)
    write_atomically(plan_path, json.dumps(plan, indent=1))
    return True


# ---- One tile ------------------------------------------------------------------------------------

def otb_environment(threads):
    environment = dict(os.environ)
    environment.setdefault("GDAL_CACHEMAX", DEFAULT_GDAL_CACHEMAX_MB)
    if threads:
        environment["ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS"] = str(threads)
    return environment


def run_logged(command, log, threads, mode="w"):
    """Runs `command`, its output into `log`, ending the log with its status, wall and CPU time and
    peak memory (what bench/bench-tiles.sh reads, and what a tile's --mem must hold). Returns the status."""
    with open(log, mode) as stream:
        stream.write(shlex.join(command) + "\n")
        stream.flush()
        start = time.time()
        process = subprocess.Popen(command, stdout=stream, stderr=subprocess.STDOUT, env=otb_environment(threads))
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        stream.write(f"imclass_tiles: {command[1]} ended with status {process.returncode} in {time.time() - start:.1f} s "
                     f"(CPU {usage.ru_utime + usage.ru_stime:.1f} s), peak memory {usage.ru_maxrss // 1024} MiB\n")
    return process.returncode


def write_nodata_tile(scene, tile):
    """The tile of a window without a valid pixel: -9999 on the window of the scene's grid."""
    x, y, w, h = tile["window"]
    grid = gdal.Open(scene["grid"])
    x0, dx, rx, y0, ry, dy = grid.GetGeoTransform()
    partial = f"{tile['file']}.partial-{os.getpid()}.tif"
    dataset = gdal.GetDriverByName("GTiff").Create(partial, w, h, 1, gdal.GDT_Float32, ["COMPRESS=DEFLATE", "TILED=YES"])
    dataset.SetGeoTransform((x0 + x * dx + y * rx, dx, rx, y0 + x * ry + y * dy, ry, dy))
    dataset.SetProjection(grid.GetProjection())
    band = dataset.GetRasterBand(1)
    band.SetNoDataValue(PROBABILITY_NODATA)
    band.Fill(PROBABILITY_NODATA)
    dataset.SetMetadataItem("IMCLASS_EMPTY_TILE", "1")
    del band, dataset
    os.replace(partial, tile["file"])


def run_tile(plan, plan_path, scene_index, tile_index, threads=None):
    """Predicts one tile (ImclassPredict writes only its window). Returns True when the tile is there."""
    scene = plan["scenes"][scene_index]
    tile = scene["tiles"][tile_index]
    x, y, w, h = tile["window"]
    command = ["otbcli", "ImclassPredict", *scene["raw"], "-model", plan["model"],
               "-out", f"{tile['file']}?&box={x}:{y}:{w}:{h}", "-ram", str(plan["ram"])]
    log = tile_log(plan_path, scene, tile_index)
    with open(log, "w") as stream:
        stream.write(f"tile {tile_index} of {scene['name']}: window x {x}, y {y}, {w} x {h} pixels\n")
    status = run_logged(command, log, threads, mode="a")
    if status != 0:
        with open(log) as stream:
            if ALL_NODATA_MESSAGE in stream.read():
                write_nodata_tile(scene, tile)
                with open(log, "a") as out:
                    out.write("no valid pixel in this window: written as a no-data tile\n")
                return True
    return status == 0 and tile_done(scene, tile_index)


def failure_summary(log, lines=5):
    """The lines of a log that say what went wrong (OTB's FATAL and errors), else its last lines."""
    if not os.path.isfile(log):
        return "(no log)"
    with open(log, errors="replace") as stream:
        text = stream.read().splitlines()
    errors = [line for line in text if "FATAL" in line or "error" in line.lower()]
    return "\n".join("    " + line for line in (errors or text)[-lines:])


# ---- The merge of a scene ---------------------------------------------------------------------------

def copy_prediction_metadata(source_path, target):
    """What ImclassPredict records (model fingerprint, recipes, band name, no-data) onto the mosaic."""
    source = gdal.Open(source_path)
    target.SetMetadata(source.GetMetadata())
    source_band, target_band = source.GetRasterBand(1), target.GetRasterBand(1)
    target_band.SetDescription(source_band.GetDescription())
    target_band.SetMetadata(source_band.GetMetadata())
    target_band.SetNoDataValue(source_band.GetNoDataValue())


def merge_scene(plan, plan_path, scene_index, threads=None):
    """Mosaics the scene's tiles into probability.tif and thresholds it (map, polygons, report, plot).
    Returns an error message, or None."""
    scene = plan["scenes"][scene_index]
    missing = missing_tiles(scene)
    if missing:
        return f"scene {scene['name']}: tiles {', '.join(map(str, missing))} missing: nothing merged"
    files = [tile["file"] for tile in scene["tiles"]]
    predicted = [f for f in files if not gdal.Open(f).GetMetadataItem("IMCLASS_EMPTY_TILE")]
    if not predicted:
        return f"scene {scene['name']}: every pixel is no-data: the inputs have no valid pixel in common"
    folder = os.path.join(tiles_folder(plan_path), scene["name"])
    start = time.time()
    mosaic = gdal.BuildVRT(os.path.join(folder, "mosaic.vrt"), files)
    if [mosaic.RasterXSize, mosaic.RasterYSize] != scene["size"]:
        return f"scene {scene['name']}: the tiles make a {mosaic.RasterXSize} x {mosaic.RasterYSize} mosaic, not the grid's {scene['size']}"
    copy_prediction_metadata(predicted[0], mosaic)
    probability = os.path.join(scene["out"], "probability.tif")
    partial = os.path.join(scene["out"], f".probability.tif.partial-{os.getpid()}.tif")
    gdal.Translate(partial, mosaic, format="COG",
                   creationOptions=["COMPRESS=DEFLATE", "PREDICTOR=YES", "BIGTIFF=IF_SAFER", "OVERVIEWS=NONE",
                                    f"NUM_THREADS={threads or 'ALL_CPUS'}"])
    del mosaic
    os.replace(partial, probability)
    say(f"  scene {scene['name']}: {len(files)} tiles mosaicked into {probability} in {time.time() - start:.1f} s")

    out = scene["out"]
    command = ["otbcli", "ImclassThreshold", "-in", probability, "-model", plan["model"], *plan["threshold_args"],
               "-out", os.path.join(out, "map.tif") + "?&gdal:co:TILED=YES&gdal:co:COMPRESS=DEFLATE",
               "-outvec", os.path.join(out, "map.gpkg"), "-report", os.path.join(out, "report.json"),
               "-plot", os.path.join(out, "report.png"), "-ram", str(plan["ram"])]
    log = os.path.join(out, "log_ImclassThreshold.txt")
    if run_logged(command, log, threads) != 0:
        return f"scene {scene['name']}: ImclassThreshold failed; its log: {log}\n{failure_summary(log)}"
    write_atomically(merged_mark(plan_path, scene), "")
    return None


# ---- Engines -------------------------------------------------------------------------------------

def say(message):
    print(message, flush=True)


def run_local(plan, plan_path, jobs):
    """The missing tiles in `jobs` processes at once (the machine's cores shared among them), then
    the merges not done. Returns the exit status."""
    pending = [task for task in tasks_of(plan) if not tile_done(plan["scenes"][task[0]], task[1])]
    total = len(tasks_of(plan))
    threads = max(1, (os.cpu_count() or 1) // jobs)
    say(f"  tiles: {len(pending)} of {total} to predict, {jobs} at a time ({threads} threads each)")
    failed = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        started = {pool.submit(run_tile, plan, plan_path, s, t, threads): (s, t, time.time()) for s, t in pending}
        for done, future in enumerate(concurrent.futures.as_completed(started), 1):
            s, t, start = started[future]
            scene = plan["scenes"][s]
            ok = future.result()
            say(f"  tile {t} of {scene['name']} {'done' if ok else 'FAILED'} in {time.time() - start:.0f} s ({done}/{len(pending)})")
            if not ok:
                failed.append((s, t))
    if failed:
        report_failed_tiles(plan, plan_path, failed)
        return 1
    return merge_pending(plan, plan_path, threads=None)


def merge_pending(plan, plan_path, threads):
    status = 0
    for s, scene in enumerate(plan["scenes"]):
        if os.path.isfile(merged_mark(plan_path, scene)):
            continue
        start = time.time()
        error = merge_scene(plan, plan_path, s, threads)
        if error:
            print(f"imclass-run: {error}", file=sys.stderr)
            status = 1
        else:
            say(f"  scene {scene['name']}: mosaic, threshold and polygons done in {time.time() - start:.1f} s")
    return status


def report_failed_tiles(plan, plan_path, failed, slurm_logs=None, conclusion=None):
    for s, t in failed:
        scene = plan["scenes"][s]
        log = tile_log(plan_path, scene, t)
        print(f"imclass-run: tile {t} of {scene['name']} failed; its log: {log}\n{failure_summary(log)}", file=sys.stderr)
        if slurm_logs:
            print(f"  SLURM's log of the task: {slurm_logs(s, t)}", file=sys.stderr)
    print(f"imclass-run: {len(failed)} tile(s) failed: " + (conclusion or "no map was made; run the same command again to "
          "predict only the missing tiles"), file=sys.stderr)


def slurm(command):
    """Runs a SLURM command; its output, or TileError with SLURM's message."""
    try:
        result = subprocess.run(command, capture_output=True, text=True)
    except FileNotFoundError:
        raise TileError(f"--engine slurm: {command[0]} not found (install SLURM's client, Debian's slurm-client)")
    if result.returncode != 0:
        raise TileError(f"--engine slurm: {shlex.join(command)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def active_jobs(folder):
    """The recorded SLURM jobs of this folder still queued or running."""
    record = os.path.join(folder, "jobs.json")
    if not os.path.isfile(record):
        return []
    with open(record) as stream:
        jobs = json.load(stream)["jobs"]
    if not jobs or not shutil.which("squeue"):
        return []
    result = subprocess.run(["squeue", "--noheader", "--format=%F", f"--jobs={','.join(jobs)}"], capture_output=True, text=True)
    if result.returncode != 0:  # squeue refuses job ids it no longer knows: all of them ended
        return []
    return sorted(set(result.stdout.split()) & set(jobs), key=int)


def task_memory_mb(ram):
    """The --mem of a SLURM task: -ram, GDAL's block cache (GDAL reads GDAL_CACHEMAX below 100000
    as MB, above as bytes) and the process's margin."""
    cache = os.environ.get("GDAL_CACHEMAX", DEFAULT_GDAL_CACHEMAX_MB)
    if not cache.isdigit():
        raise TileError(f"--engine slurm: GDAL_CACHEMAX={cache}: give it in MB (a task asks for -ram + GDAL_CACHEMAX + "
                        f"{PROCESS_OVERHEAD_MB} MB of memory)")
    cache_mb = int(cache) if int(cache) < 100000 else math.ceil(int(cache) / (1 << 20))
    return ram + cache_mb + PROCESS_OVERHEAD_MB


def run_slurm(plan, plan_path, options, memory_mb):
    """Submits the missing tiles as one job array and a merge job per scene that waits for it
    (afterok), records the job ids, and waits for them unless --no-wait. Returns the exit status."""
    folder = tiles_folder(plan_path)
    active = active_jobs(folder)
    if active:
        say(f"  SLURM jobs {', '.join(active)} of this run are still queued or running: nothing submitted")
        return 0 if options.no_wait else wait_slurm(plan, plan_path)
    tasks = tasks_of(plan)
    pending = [i for i, (s, t) in enumerate(tasks) if not tile_done(plan["scenes"][s], t)]
    unmerged = [s for s, scene in enumerate(plan["scenes"]) if not os.path.isfile(merged_mark(plan_path, scene))]
    if not unmerged:
        say("  every scene is mosaicked and thresholded: nothing to submit")
        return 0
    report_unfinished(plan, plan_path, "submitted again below")
    cpus = options.cpus_per_task or DEFAULT_CPUS_PER_TASK
    common = ["--parsable", f"--cpus-per-task={cpus}", f"--mem={memory_mb}M", "--export=ALL", f"--chdir={folder}"]
    if options.partition:
        common.append(f"--partition={options.partition}")
    if options.time:
        common.append(f"--time={options.time}")
    common += shlex.split(options.sbatch_args)
    script = os.path.abspath(__file__)
    python = sys.executable or "/usr/bin/python3"
    jobs, dependency, array_job = [], [], None
    if pending:
        array = ",".join(map(str, pending)) + (f"%{options.jobs}" if options.jobs else "")
        array_job = slurm(["sbatch", *common, f"--array={array}", "--job-name=imclass-tiles",
                           f"--output={folder}/logs/slurm-%A_%a.log",
                           "--wrap", shlex.join([python, script, "tile", plan_path])]).split(";")[0]
        jobs.append(array_job)
        dependency = [f"--dependency=afterok:{array_job}", "--kill-on-invalid-dep=yes"]
        say(f"  tiles: job array {array_job} ({len(pending)} of {len(tasks)} tiles, {cpus} CPUs and {memory_mb} MB each)")
    for s in unmerged:
        name = plan["scenes"][s]["name"]
        merge_job = slurm(["sbatch", *common, *dependency, f"--job-name=imclass-merge-{name}",
                           f"--output={folder}/logs/slurm-merge-{name}-%j.log",
                           "--wrap", shlex.join([python, script, "merge", plan_path, name])]).split(";")[0]
        jobs.append(merge_job)
        say(f"  scene {name}: mosaic and threshold in job {merge_job}{' once the tiles are done' if dependency else ''}")
    write_atomically(os.path.join(folder, "jobs.json"), json.dumps({"jobs": jobs, "array": array_job, "tasks": pending}))
    if options.no_wait:
        say(f"  submitted: jobs {' '.join(jobs)}. The outputs appear once the merge jobs end; run the same command "
            "again to see where they are (it resubmits only failed or missing tiles)")
        return 0
    return wait_slurm(plan, plan_path)


def wait_slurm(plan, plan_path):
    folder = tiles_folder(plan_path)
    while active_jobs(folder):
        time.sleep(POLL_SECONDS)
    if report_unfinished(plan, plan_path):
        return 1
    unmerged = [scene["name"] for scene in plan["scenes"] if not os.path.isfile(merged_mark(plan_path, scene))]
    if unmerged:  # a tile removed while the jobs ran
        print(f"imclass-run: scene(s) {', '.join(unmerged)} not mosaicked: run the same command again", file=sys.stderr)
        return 1
    return 0


def report_unfinished(plan, plan_path, conclusion=None):
    """Reports what the recorded SLURM submission, whose jobs all ended, left undone: its tiles that
    failed (or were cancelled), with their logs, else the scenes it did not merge. Tiles removed
    since (a finished log) are not failures. Returns how many things failed."""
    record = os.path.join(tiles_folder(plan_path), "jobs.json")
    if not os.path.isfile(record):
        return 0
    with open(record) as stream:
        submission = json.load(stream)
    logs = os.path.join(tiles_folder(plan_path), "logs")
    tasks = tasks_of(plan)
    failed = [tasks[i] for i in submission.get("tasks", []) if not tile_done(plan["scenes"][tasks[i][0]], tasks[i][1])
              and not tile_finished(tile_log(plan_path, plan["scenes"][tasks[i][0]], tasks[i][1]))]
    if failed:
        report_failed_tiles(plan, plan_path, failed, lambda s, t: os.path.join(logs, f"slurm-{submission['array']}_{tasks.index((s, t))}.log"),
                            conclusion)
        return len(failed)
    unmerged = [scene for scene in plan["scenes"] if not os.path.isfile(merged_mark(plan_path, scene))
                and not missing_tiles(scene)]
    for scene in unmerged:
        print(f"imclass-run: the merge of scene {scene['name']} failed; SLURM's log: {logs}/slurm-merge-{scene['name']}-*.log; "
              f"ImclassThreshold's: {scene['out']}/log_ImclassThreshold.txt" + (f"; {conclusion}" if conclusion else ""), file=sys.stderr)
    return len(unmerged)


# ---- Command line ---------------------------------------------------------------------------------

def split_scenes(arguments):
    """The options before the first --scene, and each scene's NAME GRID OUT RAW_ARGS..."""
    if "--scene" not in arguments:
        raise TileError("no --scene given")
    first = arguments.index("--scene")
    scenes, current = [], None
    for argument in arguments[first:]:
        if argument == "--scene":
            current = []
            scenes.append(current)
        else:
            current.append(argument)
    for scene in scenes:
        if len(scene) < 4:
            raise TileError("--scene needs NAME GRID_IMAGE OUT and the raw input arguments")
    return arguments[:first], [(s[0], s[1], s[2], s[3:]) for s in scenes]


def positive(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is out of range (at least 1)")
    return value


def run_command(arguments):
    options_part, scenes = split_scenes(arguments)
    parser = argparse.ArgumentParser(prog="imclass_tiles.py run")
    parser.add_argument("out")
    parser.add_argument("--model", required=True)
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--tiles", type=positive)
    size.add_argument("--tile-size", type=positive)
    parser.add_argument("--engine", choices=("local", "slurm"), default="local")
    parser.add_argument("--jobs", type=positive)
    parser.add_argument("--ram", type=positive, default=512)
    parser.add_argument("--partition", default="")
    parser.add_argument("--cpus-per-task", type=positive)
    parser.add_argument("--time", default="")
    parser.add_argument("--sbatch-args", default="")
    parser.add_argument("--no-wait", action="store_true")
    parser.add_argument("--threshold-args", default="")
    options = parser.parse_args(options_part)
    if not options.tiles and not options.tile_size:
        options.tiles = 1
    memory_mb = task_memory_mb(options.ram) if options.engine == "slurm" else None  # checked before anything is removed
    plan = make_plan(options, scenes)
    plan_path = os.path.join(options.out, "tiles", "plan.json")
    if not install_plan(plan, plan_path):
        say("  tiles: the plan of an earlier call (same model, inputs and tiles): its finished tiles are kept")
    for scene in plan["scenes"]:  # a scene missing a tile is merged again once the tile is there
        if missing_tiles(scene):
            unmerge(plan_path, scene)
    if options.engine == "local":
        return run_local(plan, plan_path, options.jobs or DEFAULT_LOCAL_JOBS)
    return run_slurm(plan, plan_path, options, memory_mb)


def main(arguments):
    try:
        if arguments[:1] == ["run"]:
            return run_command(arguments[1:])
        if arguments[:1] == ["tile"] and len(arguments) == 2:
            plan = load_plan(arguments[1])
            scene_index, tile_index = tasks_of(plan)[int(os.environ["SLURM_ARRAY_TASK_ID"])]
            threads = os.environ.get("SLURM_CPUS_PER_TASK")
            return 0 if run_tile(plan, arguments[1], scene_index, tile_index, threads) else 1
        if arguments[:1] == ["merge"] and len(arguments) == 3:
            plan = load_plan(arguments[1])
            scene_index = [scene["name"] for scene in plan["scenes"]].index(arguments[2])
            error = merge_scene(plan, arguments[1], scene_index, os.environ.get("SLURM_CPUS_PER_TASK"))
            if error:
                print(f"imclass-run: {error}", file=sys.stderr)
            return 1 if error else 0
    except TileError as error:
        print(f"imclass-run: {error}", file=sys.stderr)
        return 2
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
