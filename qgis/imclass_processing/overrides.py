"""What the QGIS dialogs need beyond what the applications declare.

applications.json (written at build time from the applications) gives every parameter its key,
OTB type, name, description, default and choices; the plugin turns each into a QGIS parameter by
its type. This table says where a dialog needs more, by application and parameter key:

  kind          'vector': a polygon layer picker (the application reads a file: the layer's file,
                          or a temporary GeoPackage of it);
                'field': a field of the layer given by 'layer';
                'names': several names of the catalogue 'catalogue' (applications.json);
                'name': one name of that catalogue;
                'vector_output': a polygon layer output (a GeoPackage file, loaded when done).
  default       the default the dialog shows, instead of the application's (None: none shown).
  optional      True: may be left empty in QGIS (the application then uses its own default).
  only_with     passed only when that parameter is: for a default shown here that makes sense
                only with the other one.
  file_filter   file dialog filter; its first extension is the one of temporary outputs.
  create        True: an optional output written to a temporary file unless skipped.

No QGIS import here: test/qgis_overrides_check.py checks this table against applications.json
without QGIS.
"""

MODEL_FILTER = "ImCLASS model (*.yaml *.yml *.xml *.json)"

# For every application that has the key.
COMMON = {
    "indices": {"kind": "names", "catalogue": "indices"},
    "tex.band": {"kind": "name", "catalogue": "band_names"},
    # The feature applications write their stack unless skipped (-out is optional: -recipe alone
    # writes only the recipe, for ImclassTrain -recipes).
    "recipe": {"file_filter": "ImCLASS recipe (*.txt)"},
}
# The stack of a feature application, written unless skipped.
STACK_OUTPUT = {"out": {"create": True}}

APPLICATIONS = {
    "ImclassFeatures": dict(STACK_OUTPUT),
    "ImclassChangeFeatures": dict(STACK_OUTPUT),
    "ImclassSeriesFeatures": {
        **STACK_OUTPUT,
        "bands": {"kind": "names", "catalogue": "band_names"},
    },
    "ImclassTopo": {
        **STACK_OUTPUT,
        "attributes": {"kind": "names", "catalogue": "topo_attributes"},
        # A value given, even 0, fills the DEM voids with it; left empty they stay no-data.
        "elev.default": {"default": None, "optional": True},
    },
    "ImclassTrain": {
        "vec": {"kind": "vector"},
        "neg": {"kind": "vector"},
        "roi": {"kind": "vector"},
        # The ImCLASS convention (README, imclass-run): label = 1 marks the class. Clearing the
        # field makes every polygon of the layer the class.
        "class.field": {"kind": "field", "layer": "vec", "default": "label"},
        "class.value": {"default": "1", "only_with": "class.field"},
        "out": {"file_filter": MODEL_FILTER},
        "outval": {"kind": "vector_output"},
    },
    "ImclassPredict": {
        "model": {"file_filter": MODEL_FILTER},
    },
    "ImclassThreshold": {
        "ref": {"kind": "vector"},
        # Used with -ref only.
        "class.field": {"kind": "field", "layer": "ref", "optional": True},
        "model": {"file_filter": MODEL_FILTER},
        "outvec": {"kind": "vector_output", "create": True},
        "report": {"file_filter": "JSON report (*.json)", "create": True},
        "plot": {"file_filter": "PNG image (*.png)", "create": True},
    },
}


def override(application, key):
    """The override of one parameter of one application ({} when there is none)."""
    return {**COMMON.get(key, {}), **APPLICATIONS.get(application, {}).get(key, {})}
