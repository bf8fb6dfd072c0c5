"""One application parameter in QGIS: its QGIS parameter definitions and its otbcli arguments.

A parameter of applications.json becomes a QGIS parameter chosen by its OTB type, or by the
'kind' of its override (overrides.py). A value is passed to the application when it is given: a
number is given even when it is 0, a text or a list when it is not empty.
"""

import re

from qgis.PyQt.QtCore import QVariant
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingParameterBoolean, QgsProcessingParameterDefinition,
                       QgsProcessingParameterEnum, QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFile, QgsProcessingParameterFileDestination, QgsProcessingParameterMultipleLayers,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination, QgsProcessingParameterRasterLayer,
                       QgsProcessingParameterString, QgsProcessingParameterVectorDestination)

# Pixel types otbcli accepts after an output image file name.
PIXEL_TYPES = ["uint8", "int16", "uint16", "int32", "uint32", "float", "double"]

# Vector formats the applications read as they are (any OGR format would do; others are converted).
VECTOR_FORMATS = ["gpkg", "shp", "geojson", "json", "sqlite", "fgb", "gml", "kml"]


def _is_empty(value):
    """No value: None, NULL (what file widgets give when empty), an empty text or list."""
    return value is None or (isinstance(value, QVariant) and value.isNull()) or (isinstance(value, (str, list)) and len(value) == 0)


class Parameter:
    """Base: the definition from the description and the override, and the given-value rule."""

    def __init__(self, spec, override, catalogues):
        self.key = spec["key"]
        self.spec = spec
        self.override = override
        self.catalogues = catalogues

    @property
    def default(self):
        return self.override.get("default", self.spec["default"])

    @property
    def optional(self):
        return not self.spec["mandatory"] or self.override.get("optional", False)

    def help(self):
        return self.spec["description"]

    def definitions(self):
        """The QGIS parameter definitions, help set."""
        definition = self.definition()
        definition.setHelp(self.help())
        return [definition]

    def given(self, parameters):
        """True when the user gave a value (or the default stands): the application gets it."""
        return not _is_empty(parameters.get(self.key, self.default))

    def arguments(self, algorithm, parameters, context, feedback):
        """The values after -key on the command line, or [] when the parameter is not passed."""
        if not self.given(parameters):
            return []
        return self.values(algorithm, parameters, context, feedback)


class Number(Parameter):
    @property
    def integer(self):
        return self.spec["type"] in ("Int", "RAM", "Radius")

    def definition(self):
        bounds = {}
        if "minimum" in self.spec:
            bounds["minValue"] = self.spec["minimum"]
        if "maximum" in self.spec:
            bounds["maxValue"] = self.spec["maximum"]
        return QgsProcessingParameterNumber(
            self.key, self.spec["name"], type=QgsProcessingParameterNumber.Integer if self.integer else QgsProcessingParameterNumber.Double,
            defaultValue=self.default, optional=self.optional, **bounds)

    def values(self, algorithm, parameters, context, feedback):
        if self.integer:
            return [str(algorithm.parameterAsInt(parameters, self.key, context))]
        return [repr(algorithm.parameterAsDouble(parameters, self.key, context))]


class Ram(Number):
    """-ram: OTB's default comes from the environment at run time (OTB_MAX_RAM_HINT), not from
    the machine that built the plugin, so none is shown."""

    @property
    def default(self):
        return None

    @property
    def optional(self):
        return True

    def help(self):
        return self.spec["description"] + " (empty: OTB's default, OTB_MAX_RAM_HINT or 256 MB)"

    def definition(self):
        definition = super().definition()
        definition.setFlags(definition.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        return definition


class Boolean(Parameter):
    def definition(self):
        return QgsProcessingParameterBoolean(self.key, self.spec["name"], defaultValue=self.default, optional=self.optional)

    def values(self, algorithm, parameters, context, feedback):
        return ["true" if algorithm.parameterAsBoolean(parameters, self.key, context) else "false"]


class Text(Parameter):
    def definition(self):
        return QgsProcessingParameterString(self.key, self.spec["name"], defaultValue=self.default, optional=self.optional)

    def values(self, algorithm, parameters, context, feedback):
        return [algorithm.parameterAsString(parameters, self.key, context)]


class TextList(Text):
    """A list of words typed in one field, separated by spaces or commas: "blue green red nir"."""

    def help(self):
        return self.spec["description"] + " (several values: separate them by spaces or commas)"

    def given(self, parameters):
        return super().given(parameters) and bool(self.words(parameters.get(self.key, self.default)))

    @staticmethod
    def words(text):
        return [word for word in re.split(r"[\s,;]+", str(text)) if word]

    def values(self, algorithm, parameters, context, feedback):
        return self.words(algorithm.parameterAsString(parameters, self.key, context))


class Choice(Parameter):
    """An OTB choice: the keys are the values, as on the command line (-method user)."""

    def definition(self):
        return QgsProcessingParameterEnum(self.key, self.spec["name"], options=[choice["key"] for choice in self.spec["choices"]],
                                          defaultValue=self.default, optional=self.optional, usesStaticStrings=True)

    def help(self):
        lines = [self.spec["description"]]
        lines += ["{}: {}{}".format(choice["key"], choice["name"], ". " + choice["description"] if choice["description"] != choice["name"] else "")
                  for choice in self.spec["choices"]]
        return "\n".join(lines)

    def values(self, algorithm, parameters, context, feedback):
        return [algorithm.parameterAsEnumString(parameters, self.key, context)]


class Names(Parameter):
    """Names of a catalogue (indices, topographic attributes, band names): several, or one."""

    @property
    def entries(self):
        return self.catalogues[self.override["catalogue"]]

    @property
    def multiple(self):
        return self.override["kind"] == "names"

    def definition(self):
        return QgsProcessingParameterEnum(self.key, self.spec["name"], options=[entry["name"] for entry in self.entries],
                                          allowMultiple=self.multiple, defaultValue=self.default, optional=self.optional,
                                          usesStaticStrings=True)

    def help(self):
        return "\n".join([self.spec["description"]] +
                         ["{}: {}".format(entry["name"], entry["description"]) for entry in self.entries if entry["description"]])

    def values(self, algorithm, parameters, context, feedback):
        if self.multiple:
            return algorithm.parameterAsEnumStrings(parameters, self.key, context)
        return [algorithm.parameterAsEnumString(parameters, self.key, context)]


class Field(Parameter):
    def definition(self):
        return QgsProcessingParameterField(self.key, self.spec["name"], defaultValue=self.default,
                                           parentLayerParameterName=self.override["layer"], optional=self.optional)

    def values(self, algorithm, parameters, context, feedback):
        return algorithm.parameterAsFields(parameters, self.key, context)[:1]


class RasterLayer(Parameter):
    def definition(self):
        return QgsProcessingParameterRasterLayer(self.key, self.spec["name"], defaultValue=self.default, optional=self.optional)

    def source(self, layer):
        if layer.providerType() != "gdal":
            raise QgsProcessingException("-{}: layer '{}' is not a raster file ({} layer)".format(self.key, layer.name(), layer.providerType()))
        return layer.source()

    def values(self, algorithm, parameters, context, feedback):
        return [self.source(algorithm.parameterAsRasterLayer(parameters, self.key, context))]


class RasterLayers(RasterLayer):
    def definition(self):
        return QgsProcessingParameterMultipleLayers(self.key, self.spec["name"], layerType=QgsProcessing.TypeRaster,
                                                    defaultValue=self.default, optional=self.optional)

    def values(self, algorithm, parameters, context, feedback):
        return [self.source(layer) for layer in algorithm.parameterAsLayerList(parameters, self.key, context)]


class VectorLayer(Parameter):
    """Polygons: a layer of the project or a file; a layer the application cannot read as it is
    (selection, filter, memory layer, database...) is written to a temporary GeoPackage."""

    def definition(self):
        return QgsProcessingParameterFeatureSource(self.key, self.spec["name"], types=[QgsProcessing.TypeVectorPolygon],
                                                   defaultValue=self.default, optional=self.optional)

    def values(self, algorithm, parameters, context, feedback):
        return [algorithm.parameterAsCompatibleSourceLayerPath(parameters, self.key, context, VECTOR_FORMATS, "gpkg", feedback)]


class File(Parameter):
    def definition(self):
        folder = self.spec["type"] == "Directory"
        return QgsProcessingParameterFile(self.key, self.spec["name"],
                                          behavior=QgsProcessingParameterFile.Folder if folder else QgsProcessingParameterFile.File,
                                          fileFilter=self.override.get("file_filter", ""), defaultValue=self.default, optional=self.optional)

    def values(self, algorithm, parameters, context, feedback):
        return [algorithm.parameterAsFile(parameters, self.key, context)]


class Files(Parameter):
    """A list of files (ImclassTrain's recipe files)."""

    def definition(self):
        return QgsProcessingParameterMultipleLayers(self.key, self.spec["name"], layerType=QgsProcessing.TypeFile, defaultValue=self.default,
                                                    optional=self.optional)

    def values(self, algorithm, parameters, context, feedback):
        return algorithm.parameterAsFileList(parameters, self.key, context)


class Output(Parameter):
    """Outputs are given when not skipped; a temporary output gets the extension of the filter."""

    @property
    def create(self):
        return not self.optional or self.override.get("create", False)

    def given(self, parameters):
        return not _is_empty(parameters.get(self.key))

    def path(self, algorithm, parameters, context):
        return algorithm.parameterAsOutputLayer(parameters, self.key, context)

    def values(self, algorithm, parameters, context, feedback):
        return [self.path(algorithm, parameters, context)]


class FileOutput(Output):
    def definition(self):
        return QgsProcessingParameterFileDestination(self.key, self.spec["name"], fileFilter=self.override.get("file_filter", ""),
                                                     optional=self.optional, createByDefault=self.create)

    def path(self, algorithm, parameters, context):
        return algorithm.parameterAsFileOutput(parameters, self.key, context)

    def extension_problem(self, algorithm, parameters, context):
        """What is wrong with the extension of the output file, checked before the application
        runs (ImclassTrain checks its model's only after the training): '' when nothing."""
        extensions = re.findall(r"\*\.(\w+)", self.override.get("file_filter", ""))
        if not extensions or not self.given(parameters):
            return ""
        path = self.path(algorithm, parameters, context)
        if path.lower().endswith(tuple("." + extension for extension in extensions)):
            return ""
        return "-{}: '{}' must end with one of .{}".format(self.key, path, " .".join(extensions))


class VectorOutput(Output):
    def definition(self):
        return QgsProcessingParameterVectorDestination(self.key, self.spec["name"], type=QgsProcessing.TypeVectorPolygon,
                                                       optional=self.optional, createByDefault=self.create)


class RasterOutput(Output):
    """An output image and, beside it, its pixel type (-out map.tif uint8)."""

    @property
    def pixel_type_key(self):
        return self.key + "_pixeltype"

    def definitions(self):
        image = QgsProcessingParameterRasterDestination(self.key, self.spec["name"], optional=self.optional, createByDefault=self.create)
        image.setHelp(self.help())
        pixel_type = QgsProcessingParameterEnum(self.pixel_type_key, self.spec["name"] + ": pixel type", options=PIXEL_TYPES,
                                                defaultValue=self.spec["pixel_type"], usesStaticStrings=True)
        pixel_type.setHelp("Pixel type of -{} (default {})".format(self.key, self.spec["pixel_type"]))
        pixel_type.setFlags(pixel_type.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        return [image, pixel_type]

    def values(self, algorithm, parameters, context, feedback):
        return super().values(algorithm, parameters, context, feedback) + [
            algorithm.parameterAsEnumString(parameters, self.pixel_type_key, context)]


BY_TYPE = {
    "Int": Number, "Float": Number, "Double": Number, "Radius": Number, "RAM": Ram,
    "Bool": Boolean, "String": Text, "StringList": TextList, "Choice": Choice,
    "InputImage": RasterLayer, "InputImageList": RasterLayers, "InputVectorData": VectorLayer,
    "InputFilename": File, "InputFilenameList": Files, "Directory": File,
    "OutputFilename": FileOutput, "OutputImage": RasterOutput,
}
BY_KIND = {"vector": VectorLayer, "field": Field, "names": Names, "name": Names, "vector_output": VectorOutput}


def make_parameter(spec, override, catalogues):
    """The Parameter of one entry of applications.json; ValueError for an OTB type the plugin does not know."""
    kind = override.get("kind")
    cls = BY_KIND[kind] if kind else BY_TYPE.get(spec["type"])
    if cls is None:
        raise ValueError("-{}: OTB parameter type {} has no QGIS parameter".format(spec["key"], spec["type"]))
    return cls(spec, override, catalogues)
