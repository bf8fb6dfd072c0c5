"""Registers the ImCLASS provider with QGIS (desktop and qgis_process)."""

from qgis.core import QgsApplication

from .provider import ImclassProvider


class ImclassPlugin:

    def __init__(self):
        self.provider = None

    def initProcessing(self):
        self.provider = ImclassProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self):
        self.initProcessing()

    def unload(self):
        QgsApplication.processingRegistry().removeProvider(self.provider)
