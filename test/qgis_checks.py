"""Helpers of the QGIS checks (qgis_process_check.py, qgis_dialog_check.py): a fresh install with
the plugin set up in a new QGIS profile folder, as README's "QGIS" section tells a user."""
import os
import shutil
import subprocess
import sys

from osgeo import gdal

from imclass_checks import check

SKIP = 77  # CTest's SKIP_RETURN_CODE of the QGIS tests


def skip_unless_qgis_runs(*programs):
    """Exits 77 with the reason when QGIS cannot run here: PyQGIS or one of the programs missing."""
    for program in programs:
        if not shutil.which(program):
            print(f"SKIPPED: {program} is missing (Debian packages qgis, xvfb): QGIS cannot run here")
            sys.exit(SKIP)
    try:
        import qgis.core  # noqa: F401
    except ImportError:
        print("SKIPPED: PyQGIS is missing (Debian package python3-qgis): QGIS cannot run here")
        sys.exit(SKIP)


def install_and_set_up(build, prefix, work):
    """Installs the build into a fresh prefix and runs its imclass-qgis-setup for a new profile
    folder, work/profiles; checks the link and the settings it leaves. Returns the QGIS
    environment: offscreen, that profile folder, temporary files in work/tmp (QGIS leaves its
    temporary outputs there when it is ended abruptly), no OTB_APPLICATION_PATH."""
    shutil.rmtree(prefix, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    profiles = f"{work}/profiles"
    os.makedirs(f"{work}/tmp")
    subprocess.run(["cmake", "--install", build, "--prefix", prefix], check=True, capture_output=True)
    result = subprocess.run([f"{prefix}/bin/imclass-qgis-setup", "--profiles-path", profiles], capture_output=True, text=True)
    print(result.stdout)
    check(result.returncode == 0, f"imclass-qgis-setup failed: {result.stderr}")
    link = f"{profiles}/profiles/default/python/plugins/imclass_processing"
    check(os.path.realpath(link) == os.path.realpath(f"{prefix}/share/imclass/qgis/imclass_processing"), f"{link} does not lead to the plugin")
    with open(f"{profiles}/profiles/default/QGIS/QGIS3.ini") as ini:
        settings = ini.read()
    check("imclass_processing=true" in settings, "the plugin is not enabled in QGIS3.ini")
    check("Configuration\\OTB_FOLDER=/usr" in settings, "the OTB provider's folder is not Debian's OTB")
    env = {key: value for key, value in os.environ.items() if key != "OTB_APPLICATION_PATH"}
    env.update(QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=profiles, TMPDIR=f"{work}/tmp")
    return env


def model_features(path):
    """Feature names recorded in an ImCLASS model (YAML, the list under feature_names)."""
    features, inside = [], False
    with open(path) as model:
        for line in model:
            if line.strip() == "feature_names:":
                inside = True
            elif inside and line.strip().startswith("- "):
                features.append(line.strip()[2:])
            elif inside:
                break
    return features


def band_names(path):
    """The band descriptions of a raster: ImCLASS's feature names."""
    dataset = gdal.Open(path)
    return [dataset.GetRasterBand(b + 1).GetDescription() for b in range(dataset.RasterCount)]
