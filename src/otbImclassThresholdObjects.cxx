#include "otbImclassThresholdObjects.h"

#include "otbImclassFeatureCatalogue.h"

#include "cpl_string.h"
#include "gdal_alg.h"
#include "gdal_priv.h"
#include "ogrsf_frmts.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace otb
{
namespace Imclass
{

namespace
{
/** Rows read at once when averaging the probabilities of one object: memory stays bounded by
 * this many map rows whatever the size of the object. */
constexpr int BlockRows = 256;

struct MapObject
{
  OGRGeometryUniquePtr polygon;
  OGREnvelope          envelope;
  double               area     = 0.;
  double               meanProbability = std::nan("");
  bool                 matched  = false;
};

GDALDatasetUniquePtr OpenRaster(const std::string& path, unsigned int access)
{
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | access));
  if (!dataset)
    throw std::runtime_error("cannot open '" + path + "'");
  return dataset;
}

/** True when the two polygons share some area (touching is not enough). */
bool Overlap(const OGRGeometry& a, const OGREnvelope& aEnvelope, const OGRGeometry& b, const OGREnvelope& bEnvelope)
{
  if (!aEnvelope.Intersects(bEnvelope) || !a.Intersects(&b))
    return false;
  OGRGeometryUniquePtr common(a.Intersection(&b));
  return common && PlanarArea(*common) > 0.;
}

OGREnvelope EnvelopeOf(const OGRGeometry& geometry)
{
  OGREnvelope envelope;
  geometry.getEnvelope(&envelope);
  return envelope;
}

/** Objects of value BinaryClass, 8-connected. */
std::vector<MapObject> Polygonize(GDALDataset& map, const OGRSpatialReference& crs)
{
  GDALRasterBand*      band = map.GetRasterBand(1);
  GDALDatasetUniquePtr memory(GetGDALDriverManager()->GetDriverByName("Memory")->Create("objects", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer*            layer = memory->CreateLayer("objects", crs.IsEmpty() ? nullptr : const_cast<OGRSpatialReference*>(&crs), wkbPolygon, nullptr);
  OGRFieldDefn         value("value", OFTInteger);
  layer->CreateField(&value);
  char** options = CSLSetNameValue(nullptr, "8CONNECTED", "8");
  // The band is its own mask: background (0) pixels are not polygonized.
  const CPLErr status = GDALPolygonize(band, band, OGRLayer::ToHandle(layer), 0, options, nullptr, nullptr);
  CSLDestroy(options);
  if (status != CE_None)
    throw std::runtime_error("GDALPolygonize failed: " + std::string(CPLGetLastErrorMsg()));

  std::vector<MapObject> objects;
  for (auto& feature : *layer)
  {
    if (feature->GetFieldAsInteger(0) != BinaryClass)
      continue; // no-data regions
    MapObject object;
    object.polygon.reset(feature->StealGeometry());
    object.envelope = EnvelopeOf(*object.polygon);
    object.area     = AreaSquareMetres(*object.polygon, crs);
    objects.push_back(std::move(object));
  }
  return objects;
}

/** Mean of the valid probabilities of the pixels whose centre is inside the object. */
double MeanProbability(const MapObject& object, GDALDataset& probabilityMap, const ProbabilitySource& source, const double geoTransform[6])
{
  const int width = probabilityMap.GetRasterXSize(), height = probabilityMap.GetRasterYSize();
  const auto column = [&](double x) { return std::min(width, std::max(0, static_cast<int>(std::lround((x - geoTransform[0]) / geoTransform[1])))); };
  const auto row    = [&](double y) { return std::min(height, std::max(0, static_cast<int>(std::lround((y - geoTransform[3]) / geoTransform[5])))); };
  const int  x0 = column(object.envelope.MinX), x1 = column(object.envelope.MaxX);
  const int  y0 = row(object.envelope.MaxY), y1 = row(object.envelope.MinY);
  const int  windowWidth = x1 - x0;
  if (windowWidth <= 0 || y1 <= y0)
    return std::nan("");

  GDALDriver*         memoryDriver = GetGDALDriverManager()->GetDriverByName("MEM");
  std::vector<double> values;
  std::vector<GByte>  inside;
  double              sum   = 0.;
  std::size_t         count = 0;
  OGRGeometryH        polygon = OGRGeometry::ToHandle(object.polygon.get());
  for (int top = y0; top < y1; top += BlockRows)
  {
    const int            rows = std::min(BlockRows, y1 - top);
    GDALDatasetUniquePtr mask(memoryDriver->Create("", windowWidth, rows, 1, GDT_Byte, nullptr));
    double               blockTransform[6] = {geoTransform[0] + x0 * geoTransform[1], geoTransform[1], 0., geoTransform[3] + top * geoTransform[5], 0.,
                                geoTransform[5]};
    mask->SetGeoTransform(blockTransform);
    int    bandList[] = {1};
    double burn[]     = {1.};
    GDALRasterizeGeometries(mask.get(), 1, bandList, 1, &polygon, nullptr, nullptr, burn, nullptr, nullptr, nullptr);
    const std::size_t size = static_cast<std::size_t>(windowWidth) * rows;
    inside.resize(size);
    values.resize(size);
    if (mask->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, windowWidth, rows, inside.data(), windowWidth, rows, GDT_Byte, 0, 0) != CE_None ||
        probabilityMap.GetRasterBand(1)->RasterIO(GF_Read, x0, top, windowWidth, rows, values.data(), windowWidth, rows, GDT_Float64, 0, 0) != CE_None)
      throw std::runtime_error("cannot read the probabilities of an object: " + std::string(CPLGetLastErrorMsg()));
    for (std::size_t i = 0; i < size; ++i)
      if (inside[i] && !std::isnan(values[i]) && values[i] != source.noData)
      {
        sum += values[i] * source.scale;
        ++count;
      }
  }
  return count ? sum / count : std::nan("");
}

void WritePolygons(const std::string& path, const std::vector<MapObject>& objects, const OGRSpatialReference& crs)
{
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  VSIUnlink(path.c_str());
  GDALDatasetUniquePtr dataset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer*            layer = dataset ? dataset->CreateLayer("objects", crs.IsEmpty() ? nullptr : const_cast<OGRSpatialReference*>(&crs), wkbPolygon, nullptr)
                                       : nullptr;
  if (!layer)
    throw InputError("-outvec: cannot create the GeoPackage '" + path + "': " + CPLGetLastErrorMsg());
  OGRFieldDefn area("area_m2", OFTReal), mean("mean_prob", OFTReal), matched("matched", OFTInteger);
  layer->CreateField(&area);
  layer->CreateField(&mean);
  layer->CreateField(&matched);
  dataset->StartTransaction();
  for (const auto& object : objects)
  {
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    feature->SetField(0, object.area);
    if (!std::isnan(object.meanProbability))
      feature->SetField(1, object.meanProbability);
    feature->SetField(2, object.matched ? 1 : 0);
    feature->SetGeometry(object.polygon.get());
    if (layer->CreateFeature(feature.get()) != OGRERR_NONE)
      throw InputError("-outvec: cannot write to '" + path + "': " + CPLGetLastErrorMsg());
  }
  if (dataset->CommitTransaction() != OGRERR_NONE)
    throw InputError("-outvec: cannot write to '" + path + "': " + CPLGetLastErrorMsg());
}
} // namespace

ObjectExtraction ExtractObjects(const std::string& mapPath, const ProbabilitySource& probability, double minArea, const ReferencePolygons& reference,
                                const std::string& polygonsPath)
{
  GDALAllRegister();
  GDALDatasetUniquePtr map = OpenRaster(mapPath, GDAL_OF_READONLY);
  OGRSpatialReference  crs;
  if (map->GetSpatialRef())
    crs = *map->GetSpatialRef();
  crs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

  ObjectExtraction       extraction;
  ObjectCounts&          counts  = extraction.counts;
  std::vector<MapObject> objects = Polygonize(*map, crs);
  const auto firstSmall = std::stable_partition(objects.begin(), objects.end(), [minArea](const MapObject& o) { return o.area >= minArea; });
  for (auto small = firstSmall; small != objects.end(); ++small)
    extraction.removed.push_back(std::move(small->polygon));
  objects.erase(firstSmall, objects.end());
  counts.predicted    = objects.size();
  counts.removedSmall = extraction.removed.size();

  GDALDatasetUniquePtr probabilityMap = OpenRaster(probability.path, GDAL_OF_READONLY);
  double               geoTransform[6];
  map->GetGeoTransform(geoTransform);
  for (auto& object : objects)
    object.meanProbability = MeanProbability(object, *probabilityMap, probability, geoTransform);

  // Object-level validation.
  std::vector<OGREnvelope> negativeEnvelopes;
  for (const auto& negative : reference.negatives)
    negativeEnvelopes.push_back(EnvelopeOf(*negative));
  counts.referenceObjects = reference.positives.size();
  for (const auto& positive : reference.positives)
  {
    const OGREnvelope envelope = EnvelopeOf(*positive);
    bool              detected = false;
    for (auto& object : objects)
      if (Overlap(*positive, envelope, *object.polygon, object.envelope))
        detected = object.matched = true;
    counts.detected += detected ? 1 : 0;
  }
  counts.missed = counts.referenceObjects - counts.detected;
  for (const auto& object : objects)
  {
    if (object.matched)
      continue;
    ++counts.unmatched;
    for (size_t n = 0; n < reference.negatives.size(); ++n)
      if (Overlap(*object.polygon, object.envelope, *reference.negatives[n], negativeEnvelopes[n]))
      {
        ++counts.unmatchedInNegatives;
        break;
      }
  }

  if (!polygonsPath.empty())
    WritePolygons(polygonsPath, objects, crs);
  return extraction;
}

} // namespace Imclass
} // namespace otb
