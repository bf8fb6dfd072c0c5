"""Helpers of the imclass-serve tests (serve_api_check.py, serve_browser_check.py): start the service
on the landslide scene, talk to its API, stop it."""
import http.client
import json
import os
import signal
import subprocess
import time
import urllib.parse

from osgeo import ogr, osr

from imclass_checks import check

SERVE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts", "imclass-serve")


def scene_arguments(scene):
    return ["--pre", f"{scene}/pre.tif", "--post", f"{scene}/post.tif", "--postmask", f"{scene}/post_mask.tif",
            "--dem", f"{scene}/dem.tif"]


class Served:
    """imclass-serve running on a free port; stop() ends it (SIGTERM) and returns its output."""

    def __init__(self, arguments, workdir):
        self.process = subprocess.Popen([SERVE] + arguments + ["--workdir", workdir, "--port", "0"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = []
        deadline = time.time() + 120
        while time.time() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line)
            if "open http://" in line:
                self.url = line.split("open ")[1].split()[0]
                parsed = urllib.parse.urlparse(self.url)
                self.host, self.port = parsed.hostname, parsed.port
                return
        check(False, f"imclass-serve did not start: {''.join(self.lines)} {self.process.stderr.read()}")

    def request(self, method, path, body=None, headers=None, raw=None):
        """(status, parsed JSON or bytes) of one request; `raw` sends a body as it is."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        sent_headers = dict(headers or {})
        data = raw
        if body is not None:
            data = json.dumps(body).encode()
            sent_headers.setdefault("Content-Type", "application/json")
        connection.request(method, path, body=data, headers=sent_headers)
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        if "json" in (response.getheader("Content-Type") or ""):
            return response.status, json.loads(payload)
        return response.status, payload

    def wait_for_job(self, timeout=600):
        deadline = time.time() + timeout
        while time.time() < deadline:
            status, job = self.request("GET", "/api/status")
            if job["state"] != "running":
                return job
            time.sleep(0.5)
        check(False, "the job did not finish in time")

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        out, err = self.process.communicate(timeout=60)
        return "".join(self.lines) + out, err


def scene_polygons_lonlat(scene, simplify=0.0):
    """[(label, GeoJSON geometry in longitude/latitude)] of the scene's digitized samples."""
    source = ogr.Open(f"{scene}/samples.gpkg")
    layer = source.GetLayer(0)
    lonlat = osr.SpatialReference()
    lonlat.ImportFromEPSG(4326)
    lonlat.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(layer.GetSpatialRef(), lonlat)
    polygons = []
    for feature in layer:
        geometry = feature.GetGeometryRef().Clone()
        if simplify:
            geometry = geometry.SimplifyPreserveTopology(simplify)
        geometry.Transform(transform)
        polygons.append((feature.GetField("label"), json.loads(geometry.ExportToJson())))
    return polygons


def feature(label, geometry):
    return {"type": "Feature", "properties": {"label": label}, "geometry": geometry}
