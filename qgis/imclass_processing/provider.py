"""The ImCLASS Processing provider: one algorithm per application of applications.json."""

import json
import os

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider

from .algorithm import ImclassAlgorithm

PLUGIN_DIR = os.path.dirname(os.path.realpath(__file__))
# The plugin is installed in <prefix>/share/imclass/qgis/imclass_processing (qgis/CMakeLists.txt),
# the application launchers in <prefix>/bin. realpath: the profile holds a link to this folder.
BIN_DIR = os.path.normpath(os.path.join(PLUGIN_DIR, "..", "..", "..", "..", "bin"))


class ImclassProvider(QgsProcessingProvider):

    def id(self):
        return "imclass"

    def name(self):
        return "ImCLASS"

    def longName(self):
        return "ImCLASS: mapping one thematic class in satellite images"

    def loadAlgorithms(self):
        with open(os.path.join(PLUGIN_DIR, "applications.json"), encoding="utf-8") as file:
            description = json.load(file)
        for application in description["applications"]:
            launcher = os.path.join(BIN_DIR, "otbcli_" + application["name"])
            try:
                self.addAlgorithm(ImclassAlgorithm(application, description["catalogues"], launcher))
            except ValueError as error:  # a parameter type the plugin does not know: the others still load
                QgsMessageLog.logMessage("{}: {}".format(application["name"], error), "ImCLASS", Qgis.Critical)

    # The applications write files: no memory layers, and temporary outputs in formats they write.
    def supportsNonFileBasedOutput(self):
        return False

    def supportedOutputRasterLayerExtensions(self):
        return ["tif"]

    def supportedOutputVectorLayerExtensions(self):
        return ["gpkg"]

    def defaultVectorFileExtension(self, hasGeometry=True):
        return "gpkg"

    def defaultRasterFileExtension(self):
        return "tif"
