/*
 * ImCLASS — polygon layers on an image grid: read from any OGR source and CRS (reprojected onto
 * the grid, invalid geometries repaired, polygons only), a class picked by a field value (the
 * samples of ImclassTrain, the reference of ImclassThreshold), geometry operations on them, and
 * labelled polygons written back as a GeoPackage.
 */
#ifndef otbImclassVectorLayers_h
#define otbImclassVectorLayers_h

#include "OTBImclassExport.h"
#include "otbImclassGrid.h"

#include "gdal_priv.h"
#include "ogr_geometry.h"

#include <functional>

#include <string>
#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Polygons of one class, in the CRS of the image. \ingroup OTBImclass */
struct OTBImclass_EXPORT PolygonLayer
{
  std::vector<OGRGeometryUniquePtr> polygons;
  std::vector<std::string>          warnings;    // repaired geometries, polygons outside the image...
  std::string                       description; // e.g. "samples.gpkg: label = 1"

  std::vector<const OGRGeometry*> Geometries() const;
};

/** A feature of a vector layer: the text of its field, and its polygons in the CRS of the image
 * (null when it has none).
 * \ingroup OTBImclass */
struct LayerFeature
{
  std::string          value;
  OGRGeometryUniquePtr polygon;
  bool                 insideImage = false; // holds at least a pixel's worth of the image
};

/** \ingroup OTBImclass */
struct LayerFeatures
{
  std::vector<LayerFeature> features;
  std::vector<std::string>  warnings; // no CRS, repaired geometries
};

/** Every feature of the first layer of `path` (any OGR format), its geometry reprojected into the
 * grid's CRS (a layer without CRS is taken to be in it), repaired when invalid (reported in
 * warnings) and reduced to its polygons. Throws InputError naming `parameter` (file, layer, a
 * geometry that cannot be reprojected or repaired) or `fieldParameter` (no field `field`, when
 * not empty). */
OTBImclass_EXPORT LayerFeatures ReadLayerFeatures(const std::string& path, const ImageGrid& grid, const std::string& parameter, const std::string& field,
                                                  const std::string& fieldParameter);

/** Reads the polygons of the first layer of `path` (any OGR format), reprojected into the grid's
 * CRS (a layer without CRS is taken to be in it). With a non-empty `field`, keeps only features
 * whose field reads `value`. Invalid geometries are repaired (reported in warnings); features
 * that are not polygons are skipped; polygons outside the image are dropped with a warning.
 * Throws InputError naming `parameter` (file, layer, nothing inside the image), `fieldParameter`
 * (missing field) or `valueParameter` (no feature with that value). */
OTBImclass_EXPORT PolygonLayer ReadPolygons(const std::string& path, const ImageGrid& grid, const std::string& parameter, const std::string& field = "",
                                            const std::string& value = "", const std::string& fieldParameter = "", const std::string& valueParameter = "");

/** Each polygon grown by `distance` (map units of the grid). */
OTBImclass_EXPORT std::vector<OGRGeometryUniquePtr> Buffered(const std::vector<const OGRGeometry*>& polygons, double distance);

/** The part of `area` inside one of `include` and outside all of `exclude`; null when nothing is left. */
OTBImclass_EXPORT OGRGeometryUniquePtr ClipArea(const OGRGeometry& area, const std::vector<const OGRGeometry*>& include,
                                                const std::vector<const OGRGeometry*>& exclude);

/** Extensions of the vector formats ImCLASS writes, each choosing its GDAL driver: .gpkg
 * (GeoPackage), .shp (ESRI Shapefile), .geojson (GeoJSON), .fgb (FlatGeobuf). */
OTBImclass_EXPORT const std::vector<std::string>& VectorOutputExtensions();

/** A new, empty vector dataset at `path` (an existing file there is replaced), its driver from
 * the extension. Throws InputError naming `parameter` for another extension or when it cannot be
 * created. */
OTBImclass_EXPORT GDALDatasetUniquePtr CreateVectorDataset(const std::string& path, const std::string& parameter);

/** Runs `write` inside a transaction where the format has them (GeoPackage: one commit instead of
 * one per feature); returns false when writing or committing failed. */
OTBImclass_EXPORT bool WriteInTransaction(GDALDataset& dataset, const std::function<bool()>& write);

/** A polygon with its class label (1 the class, 0 not) and cross-validation fold.
 * \ingroup OTBImclass */
struct LabelledPolygon
{
  OGRGeometryUniquePtr geometry;
  int                  label;
  int                  fold;
};

/** Writes polygons with integer fields "label" and "fold" into a new vector file (format from the
 * extension, see CreateVectorDataset) in the grid's CRS. Throws InputError naming `parameter`
 * when it cannot be written. */
OTBImclass_EXPORT void WriteLabelledPolygons(const std::string& path, const ImageGrid& grid, const std::vector<LabelledPolygon>& polygons,
                                             const std::string& parameter);

} // namespace Imclass
} // namespace otb

#endif
