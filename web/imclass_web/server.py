"""imclass-serve's HTTP side (aiohttp): the page, its map library, tiles, and the JSON API.

  GET    /                                   the page
  GET    /api/session                        images, layers, extent, polygon counts
  GET    /api/labels                         the polygons (GeoJSON, longitude/latitude)
  POST   /api/labels                         add one (a GeoJSON feature, properties.label 1 or 0)
  PUT    /api/labels/{id}, DELETE /api/labels/{id}
  GET    /api/labels.gpkg                    the polygons as they are now (download)
  POST   /api/train                          run the chain on the polygons (202; 409 while a job runs)
  GET    /api/status                         the running or last job: state, step, output lines
  GET    /api/results                        the current run: threshold, scores, downloads
  POST   /api/threshold                      {"threshold": T}: ImclassThreshold -method user
  GET    /api/objects, /api/proposals        the map's polygons, the places to label next (GeoJSON)
  GET    /results/{file}                     a file of the current run
  GET    /tiles/{layer}/{stamp}/{z}/{x}/{y}.png

Requests are refused when their Host is not the address the service listens on (a page of another
site cannot reach it through a DNS name it controls) and when a request with a body is not JSON
(a page of another site cannot send one without the browser asking first). Every error is JSON
{"error": one line}, which the page shows.
"""
import asyncio
import ipaddress
import json
import os
from concurrent.futures import ThreadPoolExecutor

from aiohttp import web

from .service import RUN_FILES, Busy
from .workspace import InputError, OutsideWorkdir, inside

STATIC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "static")
VENDOR = {  # the map library, installed by scripts/setup.sh (npm ci in web/)
    "ol.js": os.path.join("node_modules", "ol", "dist", "ol.js"),
    "ol.css": os.path.join("node_modules", "ol", "ol.css"),
}


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def exposure_warning(host, port):
    """The warning printed when the service listens beyond this machine, or None."""
    if is_loopback(host):
        return None
    return (f"imclass-serve: warning: listening on {host}:{port}: anyone who can reach this address can see the "
            "images, change the polygons and start trainings (there is no password); the default, 127.0.0.1, "
            "keeps the service to this machine")


def error(status, message):
    return web.json_response({"error": message}, status=status)


@web.middleware
async def guard(request, handler):
    allowed = request.app["allowed_hosts"]
    if allowed is not None and request.host not in allowed:
        return error(403, f"host {request.host!r} refused: open the address imclass-serve printed")
    if request.method in ("POST", "PUT") and request.content_type != "application/json":
        return error(415, "send JSON (Content-Type: application/json)")
    try:
        return await handler(request)
    except InputError as problem:
        return error(400, str(problem))
    except Busy as problem:
        return error(409, str(problem))
    except OutsideWorkdir:
        return error(404, "no such file")


def make_app(service, web_dir):
    app = web.Application(middlewares=[guard], client_max_size=4 * 1024 * 1024)
    executor = ThreadPoolExecutor(max_workers=4)

    async def blocking(function, *arguments):
        return await asyncio.get_running_loop().run_in_executor(executor, function, *arguments)

    async def read_json(request):
        try:
            return await request.json()
        except json.JSONDecodeError:
            raise InputError("the request is not valid JSON")

    async def index(request):
        return web.FileResponse(os.path.join(STATIC, "index.html"))

    async def vendor(request):
        name = request.match_info["name"]
        if name not in VENDOR or not os.path.exists(os.path.join(web_dir, VENDOR[name])):
            return error(404, f"{name}: the map library is not installed (run scripts/setup.sh)")
        return web.FileResponse(os.path.join(web_dir, VENDOR[name]))

    async def session(request):
        return web.json_response(await blocking(service.session))

    async def labels(request):
        return web.json_response(await blocking(service.labels.as_geojson))

    async def add_label(request):
        identifier = await blocking(service.labels.add, await read_json(request))
        return web.json_response({"id": identifier, "counts": await blocking(service.labels.counts)}, status=201)

    def label_id(request):
        try:
            return int(request.match_info["id"])
        except ValueError:
            raise InputError(f"polygon id: {request.match_info['id']!r} is not a number")

    async def update_label(request):
        try:
            await blocking(service.labels.update, label_id(request), await read_json(request))
        except KeyError:
            return error(404, "no such polygon (deleted meanwhile?)")
        return web.json_response({"counts": await blocking(service.labels.counts)})

    async def delete_label(request):
        try:
            await blocking(service.labels.delete, label_id(request))
        except KeyError:
            return error(404, "no such polygon (deleted meanwhile?)")
        return web.json_response({"counts": await blocking(service.labels.counts)})

    async def labels_download(request):
        snapshot = service.workspace.path("layers", "labels-download.gpkg")
        await blocking(service.labels.snapshot, snapshot)
        return web.FileResponse(snapshot, headers={"Content-Disposition": 'attachment; filename="labels.gpkg"'})

    async def train(request):
        await service.start_training()
        return web.json_response(service.job, status=202)

    async def status(request):
        return web.json_response(service.job)

    async def results(request):
        return web.json_response(await blocking(service.results))

    async def threshold(request):
        body = await read_json(request)
        await service.start_threshold(body.get("threshold") if isinstance(body, dict) else None)
        return web.json_response(service.job, status=202)

    async def objects(request):
        return web.json_response(await blocking(service.objects))

    async def proposals(request):
        return web.json_response(await blocking(service.proposals))

    async def result_file(request):
        if not service.current:
            return error(404, "no results yet: train a model first")
        name = request.match_info["name"]
        path = inside(service.workspace.path("runs", service.current["run"]), name)
        if not os.path.isfile(path):
            return error(404, "no such file")
        headers = {"Cache-Control": "no-store"}
        if name in RUN_FILES and not name.endswith(".png"):
            headers["Content-Disposition"] = f'attachment; filename="{os.path.basename(path)}"'
        return web.FileResponse(path, headers=headers)

    async def tile(request):
        info = request.match_info
        try:
            z, x, y = int(info["z"]), int(info["x"]), int(info["y"])
            data = await blocking(service.renderer.tile, info["layer"], info["stamp"], z, x, y)
        except (KeyError, ValueError):
            return error(404, "no such tile")
        return web.Response(body=data, content_type="image/png", headers={"Cache-Control": "max-age=86400"})

    async def shutdown(app):
        service.stop()
        executor.shutdown(wait=False)

    app.router.add_get("/", index)
    app.router.add_static("/static", STATIC)
    app.router.add_get("/vendor/{name}", vendor)
    app.router.add_get("/api/session", session)
    app.router.add_get("/api/labels", labels)
    app.router.add_post("/api/labels", add_label)
    app.router.add_put("/api/labels/{id}", update_label)
    app.router.add_delete("/api/labels/{id}", delete_label)
    app.router.add_get("/api/labels.gpkg", labels_download)
    app.router.add_post("/api/train", train)
    app.router.add_get("/api/status", status)
    app.router.add_get("/api/results", results)
    app.router.add_post("/api/threshold", threshold)
    app.router.add_get("/api/objects", objects)
    app.router.add_get("/api/proposals", proposals)
    app.router.add_get("/results/{name:.+}", result_file)
    app.router.add_get("/tiles/{layer}/{stamp}/{z}/{x}/{y}.png", tile)
    app.on_shutdown.append(shutdown)
    app["allowed_hosts"] = None
    return app


def allowed_hosts(host, port):
    """Host headers accepted: the address listened on (and localhost's names when it is loopback);
    None (any) when listening on every interface, whose names the service cannot know."""
    if host in ("0.0.0.0", "::", ""):
        return None
    names = {host, f"[{host}]"} if ":" in host else {host}
    if is_loopback(host):
        names |= {"localhost", "127.0.0.1", "[::1]"}
    return {f"{name}:{port}" for name in names}


async def serve(service, web_dir, host, port):
    """Starts listening; returns (runner, URL)."""
    app = make_app(service, web_dir)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1]
    app["allowed_hosts"] = allowed_hosts(host, bound)
    shown = f"[{host}]" if ":" in host else host
    return runner, f"http://{shown}:{bound}/"
