"""ImCLASS Processing plugin: the ImCLASS applications in QGIS's Processing toolbox and qgis_process."""


def classFactory(iface):
    from .plugin import ImclassPlugin
    return ImclassPlugin()
