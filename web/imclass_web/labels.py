"""The analyst's polygons, kept in a GeoPackage of the work directory.

Every change is written at once (one SQLite transaction per change), so nothing is lost when the
page or the service stops. The layer "labels" is in the CRS of the map grid, with the field
"label" (1 = the class, 0 = not the class), the one imclass-run reads with --class-field label
--class-value 1 --class-negvalue 0. The page speaks GeoJSON in longitude/latitude (EPSG:4326).
"""
import json
import os
import threading

from osgeo import gdal, ogr, osr

from .workspace import InputError

gdal.UseExceptions()
ogr.UseExceptions()

LABELS = {1: "the class", 0: "not the class"}


def lonlat_srs():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def polygon_parts(geometry):
    """The polygons of a geometry (MakeValid may return a collection with lines and points)."""
    kind = ogr.GT_Flatten(geometry.GetGeometryType())
    if kind == ogr.wkbPolygon:
        return [geometry]
    if kind in (ogr.wkbMultiPolygon, ogr.wkbGeometryCollection):
        return [part for i in range(geometry.GetGeometryCount()) for part in polygon_parts(geometry.GetGeometryRef(i))]
    return []


def layer_as_geojson(layer):
    """A layer's features, with all their fields, as a GeoJSON collection in longitude/latitude."""
    to_lonlat = osr.CoordinateTransformation(layer.GetSpatialRef(), lonlat_srs())
    definition = layer.GetLayerDefn()
    fields = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())]
    features = []
    for record in layer:
        geometry = record.GetGeometryRef().Clone()
        geometry.Transform(to_lonlat)
        features.append({"type": "Feature", "id": record.GetFID(), "geometry": json.loads(geometry.ExportToJson()),
                         "properties": {name: record.GetField(name) for name in fields}})
    return {"type": "FeatureCollection", "features": features}


def label_counts(layer):
    """{label: number of polygons} of a layer with the field "label"."""
    counts = {label: 0 for label in LABELS}
    for record in layer:
        counts[record.GetField("label")] += 1
    return counts


class LabelStore:
    def __init__(self, path, grid_srs, footprint):
        """footprint: the map grid's extent as an OGR polygon in grid_srs."""
        self.path = path
        self.footprint = footprint
        self.to_grid = osr.CoordinateTransformation(lonlat_srs(), grid_srs)
        self.lock = threading.Lock()
        try:
            source = ogr.Open(path, update=1)
        except RuntimeError:
            source = None
        if source is None:
            source = ogr.GetDriverByName("GPKG").CreateDataSource(path)
        if source.GetLayerByName("labels") is None:
            layer = source.CreateLayer("labels", grid_srs, ogr.wkbMultiPolygon)
            layer.CreateField(ogr.FieldDefn("label", ogr.OFTInteger))
        source = None

    def _open(self, update=False):
        source = ogr.Open(self.path, update=1 if update else 0)
        return source, source.GetLayerByName("labels")

    def _grid_geometry(self, feature):
        """The geometry of a GeoJSON feature from the page, checked, repaired and in the grid's CRS."""
        if not isinstance(feature, dict) or not isinstance(feature.get("geometry"), dict):
            raise InputError("polygon: send a GeoJSON feature with a geometry")
        label = (feature.get("properties") or {}).get("label")
        if label not in LABELS:
            raise InputError(f"label: {label!r} is neither 1 (the class) nor 0 (not the class)")
        try:
            geometry = ogr.CreateGeometryFromJson(json.dumps(feature["geometry"]))
        except RuntimeError:
            geometry = None
        if geometry is None or geometry.GetGeometryType() not in (ogr.wkbPolygon, ogr.wkbMultiPolygon):
            raise InputError("polygon: the geometry is not a polygon")
        geometry.AssignSpatialReference(lonlat_srs())
        geometry.Transform(self.to_grid)
        if not geometry.IsValid():
            geometry = geometry.MakeValid()  # a ring drawn across itself
        polygons = ogr.Geometry(ogr.wkbMultiPolygon)
        for part in polygon_parts(geometry):
            polygons.AddGeometry(part.Clone())
        geometry = polygons
        if geometry.IsEmpty() or geometry.GetArea() <= 0:
            raise InputError("polygon: it has no area")
        if not geometry.Intersects(self.footprint):
            raise InputError("polygon: it lies outside the image; draw it over the image")
        return geometry, label

    def add(self, feature):
        geometry, label = self._grid_geometry(feature)
        with self.lock:
            source, layer = self._open(update=True)
            record = ogr.Feature(layer.GetLayerDefn())
            record.SetField("label", label)
            record.SetGeometry(geometry)
            layer.CreateFeature(record)
            identifier = record.GetFID()
            source = None
        return identifier

    def update(self, identifier, feature):
        geometry, label = self._grid_geometry(feature)
        with self.lock:
            source, layer = self._open(update=True)
            record = layer.GetFeature(identifier)
            if record is None:
                raise KeyError(identifier)
            record.SetField("label", label)
            record.SetGeometry(geometry)
            layer.SetFeature(record)
            source = None

    def delete(self, identifier):
        with self.lock:
            source, layer = self._open(update=True)
            if layer.GetFeature(identifier) is None:
                raise KeyError(identifier)
            layer.DeleteFeature(identifier)
            source = None

    def as_geojson(self):
        with self.lock:
            source, layer = self._open()
            collection = layer_as_geojson(layer)
            source = None
        return collection

    def counts(self):
        """{label: number of polygons}."""
        with self.lock:
            source, layer = self._open()
            counts = label_counts(layer)
            source = None
        return counts

    def snapshot(self, path):
        """A copy of the polygons as they are now (what a training reads while the analyst goes on),
        replacing `path`."""
        with self.lock:
            if os.path.exists(path):
                os.remove(path)
            gdal.VectorTranslate(path, self.path, format="GPKG", layers=["labels"])
