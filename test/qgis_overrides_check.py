#!/usr/bin/python3
"""The QGIS plugin's overrides (qgis/imclass_processing/overrides.py) name parameters the
applications have, of the OTB types the override fits, and catalogues that exist: when an
application's keys change, this fails instead of a dialog silently falling back to a file picker.
Needs no QGIS.

usage: qgis_overrides_check.py APPLICATIONS_JSON OVERRIDES_PY
"""
import importlib.util
import json
import sys

from imclass_checks import check

# The OTB types each kind of override can replace.
KIND_TYPES = {
    "vector": {"InputFilename", "InputVectorData"},
    "field": {"String"},
    "names": {"StringList"},
    "name": {"String"},
    "vector_output": {"OutputFilename"},
}
OVERRIDE_KEYS = {"kind", "catalogue", "layer", "default", "optional", "only_with", "file_filter", "create"}


def main(description_path, overrides_path):
    with open(description_path) as file:
        description = json.load(file)
    spec = importlib.util.spec_from_file_location("overrides", overrides_path)
    overrides = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(overrides)
    types = {app["name"]: {p["key"]: p["type"] for p in app["parameters"]} for app in description["applications"]}

    for key in overrides.COMMON:
        check(any(key in keys for keys in types.values()), f"COMMON override '{key}': no application has it")
    for app, table in overrides.APPLICATIONS.items():
        check(app in types, f"overrides for {app}: no such application")
        for key in table:
            check(key in types[app], f"{app}: override of -{key}, which the application does not have")
    for app, keys in types.items():
        for key, otb_type in keys.items():
            override = overrides.override(app, key)
            where = f"{app} -{key} ({otb_type})"
            check(set(override) <= OVERRIDE_KEYS, f"{where}: unknown override fields {set(override) - OVERRIDE_KEYS}")
            kind = override.get("kind")
            if kind:
                check(otb_type in KIND_TYPES[kind], f"{where}: a '{kind}' override does not fit this type")
            if kind in ("names", "name"):
                check(description["catalogues"].get(override["catalogue"]), f"{where}: no catalogue '{override['catalogue']}'")
            if kind == "field":
                layer = override["layer"]
                check(overrides.override(app, layer).get("kind") == "vector", f"{where}: its layer -{layer} is not a vector layer")
            if "only_with" in override:
                check(override["only_with"] in keys, f"{where}: only with -{override['only_with']}, which does not exist")
            if "file_filter" in override:
                check(otb_type in ("InputFilename", "OutputFilename"), f"{where}: a file filter on a parameter that is not a file")
    print(f"overrides fit the {len(types)} applications")


if __name__ == "__main__":
    main(*sys.argv[1:])
