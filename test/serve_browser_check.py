#!/usr/bin/python3
"""imclass-serve's page in a real browser: headless Chromium driven by Selenium (Debian's chromium,
chromium-driver, python3-selenium) on the generated landslide scene.

usage: serve_browser_check.py SCENE_DIR OUT_DIR   (exit 77, skipped, when Chromium cannot run)

The test clicks as an analyst does: "Train and map" with no polygon (the page says to draw one
first); a polygon drawn off the image (the page says it lies outside); the scene's 4 digitized
landslides as class polygons and its 6 negative squares as "not the class", corner by corner on
the map; a corner of a square dragged in edit mode (the saved square grows); a triangle drawn and
clicked in delete mode (gone from the service); a reload (the 10 polygons are still there); "Train and map" twice (the page says a
training is already running); then, once the map is in, a screenshot: magenta pixels of the
binary map layer (opacity 100 %) are there, and they lie on the scene's true landslides (each
screen pixel taken back to the image grid through the map's view); the threshold slider moved up
with the keyboard: the map redraws with fewer magenta pixels; a click on the first proposal of
"Where to label next" centres the map on it. Screenshots are left in OUT_DIR.
"""
import json
import os
import shutil
import sys
import time

import numpy as np
from osgeo import gdal, ogr, osr
from scipy import ndimage

from imclass_checks import check
from serve_checks import Served, scene_arguments, scene_polygons_lonlat

try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.actions.action_builder import ActionBuilder
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("skipped: python3-selenium is not installed (scripts/setup.sh installs it)")
    sys.exit(77)

gdal.UseExceptions()
DRIVER = "/usr/bin/chromedriver"
WEB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web")


def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                     "--force-device-scale-factor=1"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service(DRIVER), options=options)


def wait_for(driver, condition, what, timeout=60):
    try:
        return WebDriverWait(driver, timeout, poll_frequency=0.3).until(lambda d: condition())
    except Exception:
        driver.save_screenshot(os.path.join(OUT, "failure.png"))
        check(False, f"timed out waiting for {what}; page message: {driver.find_element(By.ID, 'message').text!r}")


def rendered(driver):
    """Waits until the map has drawn every tile of its view."""
    driver.execute_async_script("const done = arguments[arguments.length - 1];"
                                "imclassMap.once('rendercomplete', () => done(true)); imclassMap.render();")


def message(driver):
    return driver.find_element(By.ID, "message").text


def to_screen(driver, lonlat_points):
    return driver.execute_script("""
        const map = imclassMap, box = map.getTargetElement().getBoundingClientRect();
        return arguments[0].map((p) => { const px = map.getPixelFromCoordinate(ol.proj.fromLonLat(p));
                                         return [px[0] + box.left, px[1] + box.top]; });""", lonlat_points)


def click_polygon(driver, points):
    """Clicks each corner, then the first one again, which closes the polygon."""
    actions = ActionBuilder(driver)
    for x, y in list(points) + [points[0]]:
        actions.pointer_action.move_to_location(int(round(x)), int(round(y))).click().pause(0.15)
    actions.perform()
    time.sleep(0.5)


def drag(driver, start, end):
    """Presses at `start`, moves to `end` in steps, releases: as a hand drags a corner."""
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(*start).pointer_down().pause(0.2)
    for step in range(1, 6):
        actions.pointer_action.move_to_location(start[0] + (end[0] - start[0]) * step // 5,
                                                start[1] + (end[1] - start[1]) * step // 5).pause(0.05)
    actions.pointer_action.pointer_up()
    actions.perform()
    time.sleep(0.5)


def saved_polygons(served):
    """{id: (label, area in square degrees)} of the polygons the service holds."""
    features = served.request("GET", "/api/labels")[1]["features"]
    return {f["id"]: (f["properties"]["label"], ogr.CreateGeometryFromJson(json.dumps(f["geometry"])).GetArea())
            for f in features}


def look_at(driver, lonlat_points):
    """Zooms the map onto the points, as an analyst zooms before drawing."""
    driver.execute_script("""
        const extent = ol.extent.boundingExtent(arguments[0].map((p) => ol.proj.fromLonLat(p)));
        imclassMap.getView().fit(extent, {padding: [200, 200, 200, 200]});""", lonlat_points)
    rendered(driver)


def mode(driver, name):
    driver.find_element(By.CSS_SELECTOR, f'.tools button[data-mode="{name}"]').click()


def counts(driver):
    return driver.find_element(By.ID, "count-class").text, driver.find_element(By.ID, "count-other").text


def magenta_pixels(driver, path):
    """(rows, columns) of the screenshot's binary-map pixels (magenta, possibly under a polygon's fill)."""
    driver.save_screenshot(path)
    shot_ds = gdal.Open(path)
    shot = shot_ds.ReadAsArray().astype(int)
    red, green, blue = shot[0], shot[1], shot[2]
    return np.nonzero((red > 200) & (green < 80) & (blue > 150))


def on_truth_share(driver, pixels, scene):
    """Share of screen pixels whose place on the image grid is a true landslide (within a pixel)."""
    left, top, corner, resolution = driver.execute_script("""
        const map = imclassMap, box = map.getTargetElement().getBoundingClientRect();
        return [box.left, box.top, map.getCoordinateFromPixel([0, 0]), map.getView().getResolution()];""")
    rows, columns = pixels
    x = corner[0] + (columns + 0.5 - left) * resolution
    y = corner[1] - (rows + 0.5 - top) * resolution
    truth_ds = gdal.Open(f"{scene}/truth.tif")
    truth = ndimage.binary_dilation(truth_ds.ReadAsArray() == 1)
    mercator, grid = osr.SpatialReference(), osr.SpatialReference()
    mercator.ImportFromEPSG(3857)
    grid.ImportFromWkt(truth_ds.GetProjection())
    for srs in (mercator, grid):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    points = np.array(osr.CoordinateTransformation(mercator, grid).TransformPoints(np.column_stack([x, y]).tolist()))
    x0, dx, _, y0, _, dy = truth_ds.GetGeoTransform()
    column = np.floor((points[:, 0] - x0) / dx).astype(int)
    row = np.floor((points[:, 1] - y0) / dy).astype(int)
    inside = (row >= 0) & (row < truth.shape[0]) & (column >= 0) & (column < truth.shape[1])
    return float(np.mean(truth[row[inside], column[inside]])) if inside.any() else 0.0


def main(scene):
    if not (os.path.exists("/usr/bin/chromium") and os.path.exists(DRIVER)):
        print("skipped: chromium and chromium-driver are not installed (scripts/setup.sh installs them)")
        sys.exit(77)
    check(os.path.exists(os.path.join(WEB, "node_modules", "ol", "dist", "ol.js")),
          "the page's map library is missing: scripts/setup.sh installs it (npm ci in web/)")
    served = Served(scene_arguments(scene), os.path.join(OUT, "workdir"))
    try:
        driver = browser()
    except WebDriverException as problem:
        served.stop()
        print(f"skipped: Chromium does not start here: {problem.msg}")
        sys.exit(77)
    try:
        run(driver, served, scene)
    finally:
        driver.quit()
        served.stop()


def run(driver, served, scene):
    driver.get(served.url)
    wait_for(driver, lambda: driver.execute_script("return !!window.imclassMap && imclassMap.getLayers().getLength() > 5"), "the map")
    rendered(driver)
    driver.save_screenshot(os.path.join(OUT, "page_start.png"))

    train = driver.find_element(By.ID, "train")
    train.click()
    wait_for(driver, lambda: "Draw at least one polygon of the class" in message(driver), "the no-polygon message")
    print("no polygon:", message(driver))

    # A polygon off the image: zoom out with the map's own button, draw left of the image.
    driver.find_element(By.CSS_SELECTOR, ".ol-zoom-out").click()
    time.sleep(0.6)
    extent = served.request("GET", "/api/session")[1]["extent"]
    image_left, left, middle = driver.execute_script("""
        const map = imclassMap, box = map.getTargetElement().getBoundingClientRect();
        return [map.getPixelFromCoordinate([arguments[0], arguments[1]])[0] + box.left, box.left, box.top + box.height / 2];""",
                                                     extent[0], extent[1])
    check(image_left > left + 60, f"no room left of the image to draw ({image_left}, {left})")
    mode(driver, "class")
    click_polygon(driver, [(left + 10, middle - 20), (left + 30, middle - 20), (left + 20, middle + 10)])
    wait_for(driver, lambda: "outside the image" in message(driver), "the outside message")
    check(counts(driver) == ("0", "0"), f"a polygon outside the image was kept: {counts(driver)}")
    print("outside:", message(driver))
    driver.find_element(By.CSS_SELECTOR, ".ol-zoom-in").click()
    time.sleep(0.6)

    for label, geometry in LONLAT:
        mode(driver, "class" if label == 1 else "other")
        look_at(driver, geometry["coordinates"][0])
        click_polygon(driver, to_screen(driver, geometry["coordinates"][0][:-1]))
        check(message(driver) == "", f"drawing a polygon: {message(driver)}")

    # Edit: a corner of the last square dragged outwards makes the saved square larger.
    before = saved_polygons(served)
    last = max(before)
    corners = np.array(to_screen(driver, LONLAT[-1][1]["coordinates"][0][:-1]))
    corner = np.round(corners[0]).astype(int)
    outwards = np.sign(corner - corners.mean(axis=0)).astype(int) * 120
    mode(driver, "edit")
    drag(driver, tuple(corner), tuple(corner + outwards))
    wait_for(driver, lambda: saved_polygons(served)[last][1] > before[last][1] * 1.15, "the edited polygon to be saved")
    # Delete: a triangle drawn left of the square, then clicked in delete mode, is gone.
    left, middle = int(corners[:, 0].min()) - 200, int(corners[:, 1].mean())
    mode(driver, "class")
    click_polygon(driver, [(left, middle - 30), (left + 60, middle - 30), (left + 30, middle + 30)])
    wait_for(driver, lambda: counts(driver) == ("5", "6"), "the triangle")
    mode(driver, "delete")
    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(left + 30, middle - 10).click()
    actions.perform()
    wait_for(driver, lambda: counts(driver) == ("4", "6"), "the deleted triangle")
    check(sorted(saved_polygons(served)) == sorted(before), "the service still holds the deleted triangle")
    print(f"edited: the square grew {saved_polygons(served)[last][1] / before[last][1]:.2f} times; a triangle drawn and deleted")
    mode(driver, "navigate")
    driver.execute_script("imclassMap.getView().fit(arguments[0], {padding: [20, 20, 20, 20]});", extent)
    check(counts(driver) == ("4", "6"), f"counts after drawing {counts(driver)}")
    code, saved = served.request("GET", "/api/labels")
    check(sorted(f["properties"]["label"] for f in saved["features"]) == [0] * 6 + [1] * 4, f"saved {saved}")
    driver.refresh()
    wait_for(driver, lambda: counts(driver) == ("4", "6"), "the polygons after a reload")
    print("drawn: 4 class and 6 not-the-class polygons, saved, still there after a reload")

    train = driver.find_element(By.ID, "train")
    train.click()
    train.click()
    wait_for(driver, lambda: "already running" in message(driver), "the busy message")
    print("twice:", message(driver))
    wait_for(driver, lambda: driver.find_element(By.ID, "job").get_attribute("data-state") == "done", "the training", timeout=600)
    wait_for(driver, lambda: driver.find_element(By.ID, "figures").text != "", "the figures")
    check(message(driver) == "", f"the message stays once the training is done: {message(driver)!r}")
    opacity = driver.find_element(By.ID, "opacity")
    driver.execute_script("arguments[0].value = 100; arguments[0].dispatchEvent(new Event('input'));", opacity)
    driver.find_element(By.ID, "show-proposals").click()  # proposals off: their outlines hide map pixels
    rendered(driver)
    first = magenta_pixels(driver, os.path.join(OUT, "page_map.png"))
    share = on_truth_share(driver, first, scene)
    check(len(first[0]) > 500, f"only {len(first[0])} pixels of the map layer on the screenshot")
    check(share > 0.7, f"{share:.2f} of the map layer's pixels lie on true landslides")
    threshold = float(driver.find_element(By.ID, "threshold").get_attribute("value"))
    print(f"map layer: {len(first[0])} magenta pixels, {share:.2f} on true landslides, threshold {threshold}")

    slider = driver.find_element(By.ID, "threshold")
    # To the top, one "change": a gated map's probabilities sit near 1, a tenth up may move nothing.
    slider.send_keys(Keys.END)
    moved = float(slider.get_attribute("value"))
    check(moved > threshold, f"the slider did not move: {moved}")
    wait_for(driver, lambda: driver.find_element(By.ID, "job").get_attribute("data-kind") == "threshold", "the threshold job")
    wait_for(driver, lambda: driver.find_element(By.ID, "job").get_attribute("data-state") == "done", "the new threshold", timeout=300)
    wait_for(driver, lambda: f"{moved:.3f}" in driver.find_element(By.ID, "figures").text, "the new figures")
    rendered(driver)
    second = magenta_pixels(driver, os.path.join(OUT, "page_threshold.png"))
    check(len(second[0]) < len(first[0]), f"threshold {moved}: {len(second[0])} magenta pixels, {len(first[0])} before")
    print(f"threshold {moved:.2f}: {len(second[0])} magenta pixels")

    driver.find_element(By.ID, "show-proposals").click()
    items = driver.find_elements(By.CSS_SELECTOR, "#proposals li")
    check(len(items) > 0, "no proposal listed")
    items[0].click()
    time.sleep(1)
    centred = driver.execute_script("""
        const feature = imclassMap.getLayers().getArray().find((l) => l.getSource && l.getSource().getFeatures
            && l.getSource().getFeatures().some((f) => f.get('rank') === 1)).getSource().getFeatures().find((f) => f.get('rank') === 1);
        return ol.extent.containsCoordinate(feature.getGeometry().getExtent(), imclassMap.getView().getCenter());""")
    check(centred, "the first proposal is not at the centre of the map after its click")
    driver.save_screenshot(os.path.join(OUT, "page_proposal.png"))
    print(f"{len(items)} proposals listed; the first one centred on a click")


if __name__ == "__main__":
    SCENE, OUT = sys.argv[1], sys.argv[2]
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    LONLAT = scene_polygons_lonlat(SCENE, simplify=8.0)
    main(SCENE)
