/*
 * ImCLASS — sample polygons for ImclassTrain: read from any OGR source, class picked by a field
 * value, reprojected onto the image grid, invalid geometries repaired; the validation layer
 * written back as a GeoPackage.
 */
#ifndef otbImclassSamplePolygons_h
#define otbImclassSamplePolygons_h

#include "OTBImclassExport.h"

#include "ogr_geometry.h"

#include <string>
#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

/** A window of pixels (x0, y0 = upper-left pixel). */
struct PixelWindow
{
  long x0 = 0, y0 = 0, width = 0, height = 0;
  bool Empty() const
  {
    return width <= 0 || height <= 0;
  }
};

/** The grid of the feature stack: size, GDAL geotransform (upper-left corner of the first pixel,
 * north up) and CRS. */
struct OTBImclass_EXPORT ImageGrid
{
  long        width = 0, height = 0;
  double      geoTransform[6] = { 0, 1, 0, 0, 0, -1 };
  std::string projectionWkt;

  double PixelSize() const;
  /** Metres per map unit: the CRS's linear unit, or for a geographic CRS the length of a degree
   * along the parallel through the image centre (the shorter way, so that a distance converted
   * with it is at least as long in metres in every direction). */
  double MetresPerMapUnit() const;
  /** The image rectangle as a polygon. */
  OGRGeometryUniquePtr Footprint() const;
  /** The pixels whose centres may fall in `envelope`, clipped to the image (may be empty). */
  PixelWindow WindowOf(const OGREnvelope& envelope) const;
  /** The rectangle covered by the pixels of `window`. */
  OGRGeometryUniquePtr Rectangle(const PixelWindow& window) const;
};

/** Polygons of one class, in the CRS of the image. */
struct OTBImclass_EXPORT PolygonLayer
{
  std::vector<OGRGeometryUniquePtr> polygons;
  std::vector<std::string>          warnings;    // repaired geometries, polygons outside the image...
  std::string                       description; // e.g. "samples.gpkg: label = 1"

  std::vector<const OGRGeometry*> Geometries() const;
};

/** A feature of a vector layer: the text of its field, and its polygons in the CRS of the image
 * (null when it has none). */
struct LayerFeature
{
  std::string          value;
  OGRGeometryUniquePtr polygon;
  bool                 insideImage = false; // holds at least a pixel's worth of the image
};

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
OTBImclass_EXPORT LayerFeatures ReadLayerFeatures(const std::string& path, const ImageGrid& grid, const std::string& parameter,
                                                  const std::string& field, const std::string& fieldParameter);

/** Reads the polygons of the first layer of `path` (any OGR format), reprojected into the grid's
 * CRS (a layer without CRS is taken to be in it). With a non-empty `field`, keeps only features
 * whose field reads `value`. Invalid geometries are repaired (reported in warnings); features
 * that are not polygons are skipped; polygons outside the image are dropped with a warning.
 * Throws InputError naming `parameter` (file, layer, nothing inside the image), `fieldParameter`
 * (missing field) or `valueParameter` (no feature with that value). */
OTBImclass_EXPORT PolygonLayer ReadPolygons(const std::string& path, const ImageGrid& grid, const std::string& parameter,
                                            const std::string& field = "", const std::string& value = "", const std::string& fieldParameter = "",
                                            const std::string& valueParameter = "");

/** Each polygon grown by `distance` (map units of the grid). */
OTBImclass_EXPORT std::vector<OGRGeometryUniquePtr> Buffered(const std::vector<const OGRGeometry*>& polygons, double distance);

/** The part of `area` inside one of `include` and outside all of `exclude`; null when nothing is left. */
OTBImclass_EXPORT OGRGeometryUniquePtr ClipArea(const OGRGeometry& area, const std::vector<const OGRGeometry*>& include,
                                                const std::vector<const OGRGeometry*>& exclude);

/** A polygon with its class label (1 the class, 0 not) and cross-validation fold. */
struct LabelledPolygon
{
  OGRGeometryUniquePtr geometry;
  int                  label;
  int                  fold;
};

/** Writes polygons with integer fields "label" and "fold" into a new GeoPackage in the grid's
 * CRS. Throws InputError naming `parameter` when it cannot be written. */
OTBImclass_EXPORT void WriteLabelledPolygons(const std::string& path, const ImageGrid& grid, const std::vector<LabelledPolygon>& polygons,
                                             const std::string& parameter);

} // namespace Imclass
} // namespace otb

#endif
