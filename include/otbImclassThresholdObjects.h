/*
 * ImCLASS — objects of a binary class map: polygons (8-connected pixels of value 1), their area
 * and mean probability, removal of objects smaller than a minimum area, and object-level
 * validation against reference polygons (the comparison users make against their inventory).
 *
 * Everything goes through GDAL on the files, window by window: GDALPolygonize reads the map by
 * rows, means are read per object in bounded row blocks.
 */
#ifndef otbImclassThresholdObjects_h
#define otbImclassThresholdObjects_h

#include "OTBImclassExport.h"
#include "otbImclassNoData.h"
#include "otbImclassThresholdReference.h"

#include <cstddef>
#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Values of the binary map ImclassThreshold writes. */
constexpr unsigned char BinaryBackground = 0, BinaryClass = 1, BinaryNoData = 255;

/** Where the probabilities of the map are, to average them per object.
 * \ingroup OTBImclass */
struct OTBImclass_EXPORT ProbabilitySource
{
  std::string path;
  double      scale  = 1.;          // probability = pixel value x scale
  double      noData = NoDataValue; // besides NaN
};

/** Object counts; "matching" = the polygons share some area.
 * \ingroup OTBImclass */
struct OTBImclass_EXPORT ObjectCounts
{
  std::size_t predicted            = 0; // objects kept in the map
  std::size_t removedSmall         = 0; // objects below the minimum area, removed from the map
  std::size_t referenceObjects     = 0; // positive reference polygons
  std::size_t detected             = 0; // reference objects matching a predicted object
  std::size_t missed               = 0; // reference objects matching none
  std::size_t unmatched            = 0; // predicted objects matching no reference object
  std::size_t unmatchedInNegatives = 0; // of those, the ones overlapping a negative reference polygon
};

/** Object counts, and the objects below the minimum area (to remove from the map).
 * \ingroup OTBImclass */
struct OTBImclass_EXPORT ObjectExtraction
{
  ObjectCounts                      counts;
  std::vector<OGRGeometryUniquePtr> removed;
};

/** Polygonizes the objects of the binary map at `mapPath`, sets aside those smaller than `minArea`
 * square metres, matches the others with the reference and, when `polygonsPath` is not empty,
 * writes them as a GeoPackage layer "objects" with the fields area_m2, mean_prob (mean
 * probability of its valid pixels) and matched (1 when it overlaps a positive reference polygon).
 * Throws InputError naming -outvec when the GeoPackage cannot be written. */
OTBImclass_EXPORT ObjectExtraction ExtractObjects(const std::string& mapPath, const ProbabilitySource& probability, double minArea,
                                                  const ReferencePolygons& reference, const std::string& polygonsPath);

} // namespace Imclass
} // namespace otb

#endif
