/*
 * ImCLASS — reference polygons of ImclassThreshold: positives and negatives read from any OGR
 * source, reprojected into the CRS of the probability map, and what is measured on them (areas in
 * square metres, also on geographic maps).
 */
#ifndef otbImclassThresholdReference_h
#define otbImclassThresholdReference_h

#include "OTBImclassExport.h"
#include "otbImclassVectorLayers.h"
#include "otbOGRDataSourceWrapper.h"

#include "ogr_geometry.h"
#include "ogr_spatialref.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Reference polygons in the CRS of the map.
 * \ingroup OTBImclass */
struct OTBImclass_EXPORT ReferencePolygons
{
  std::vector<OGRGeometryUniquePtr> positives, negatives;
  std::vector<std::string>          warnings; // repaired or skipped geometries
};

/** Reads the first layer of `path` (ReadLayerFeatures: reprojected onto the map's grid, repaired,
 * polygons only): features whose `field` reads `positiveValue` are positives, all others
 * negatives; polygons outside the map are dropped with a warning. Throws InputError naming -ref
 * (unreadable, empty, no positive polygon on the map), -class.field (no such field) or
 * -class.value (no positive polygon at all). */
OTBImclass_EXPORT ReferencePolygons ReadReferencePolygons(const std::string& path, const ImageGrid& grid, const std::string& field,
                                                          const std::string& positiveValue);

/** An in-memory layer of the reference with an integer field "reference" (ReferencePositive or
 * ReferenceNegative), negatives first so that positives win where polygons overlap once burnt. */
OTBImclass_EXPORT ogr::DataSource::Pointer ReferenceDataSource(const ReferencePolygons& reference, const OGRSpatialReference& mapCrs);

/** Name of the burn field of ReferenceDataSource. */
OTBImclass_EXPORT const char* ReferenceField();

/** Area of a geometry in the units of its coordinates (0 for points and lines). */
OTBImclass_EXPORT double PlanarArea(const OGRGeometry& geometry);

/** Area of a polygon in square metres: planar in a projected CRS (in its linear unit converted
 * to metres), on a Lambert azimuthal equal-area projection centred on the polygon in a
 * geographic CRS. */
OTBImclass_EXPORT double AreaSquareMetres(const OGRGeometry& polygon, const OGRSpatialReference& crs);

} // namespace Imclass
} // namespace otb

#endif
