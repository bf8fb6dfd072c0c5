#include "otbImclassThresholdObjects.h"

#include "otbImclassInputError.h"

#include "cpl_string.h"
#include "gdal_alg.h"
#include "gdal_priv.h"
#include "ogrsf_frmts.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace otb
{
namespace Imclass
{

namespace
{
/** Rows of the map read at once when averaging the probabilities of the objects. */
constexpr int BlockRows = 256;

struct MapObject
{
  OGRGeometryUniquePtr polygon;
  OGREnvelope          envelope;
  double               area            = 0.;
  double               meanProbability = std::nan("");
  bool                 matched         = false;
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

/** Mean of the valid probabilities of the pixels whose centre is inside each object. The map is
 * read in blocks of BlockRows full rows; the objects crossing a block are burnt with their index
 * + 1 into a label block, and the probabilities summed per label: each object is rasterized about
 * once, and memory stays a few rows of the map. */
void MeanProbabilities(std::vector<MapObject>& objects, GDALDataset& probabilityMap, const ProbabilitySource& source, const double geoTransform[6])
{
  const int                width = probabilityMap.GetRasterXSize(), height = probabilityMap.GetRasterYSize();
  const auto               rowOf     = [&](double y) { return (y - geoTransform[3]) / geoTransform[5]; };
  const auto               topRow    = [&](const MapObject& o) { return std::floor(rowOf(o.envelope.MaxY)); };
  const auto               bottomRow = [&](const MapObject& o) { return std::ceil(rowOf(o.envelope.MinY)); };
  std::vector<std::size_t> order(objects.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return topRow(objects[a]) < topRow(objects[b]); });

  std::vector<double>      sums(objects.size(), 0.), values;
  std::vector<std::size_t> counts(objects.size(), 0), active;
  std::vector<GUInt32>     labels;
  GDALDriver*              memoryDriver = GetGDALDriverManager()->GetDriverByName("MEM");
  std::size_t              next         = 0;
  for (int top = 0; top < height && (next < order.size() || !active.empty()); top += BlockRows)
  {
    const int rows = std::min(BlockRows, height - top);
    while (next < order.size() && topRow(objects[order[next]]) < top + rows)
      active.push_back(order[next++]);
    active.erase(std::remove_if(active.begin(), active.end(), [&](std::size_t i) { return bottomRow(objects[i]) <= top; }), active.end());
    if (active.empty())
      continue;

    GDALDatasetUniquePtr block(memoryDriver->Create("", width, rows, 1, GDT_UInt32, nullptr));
    double               blockTransform[6] = {geoTransform[0], geoTransform[1], 0., geoTransform[3] + top * geoTransform[5], 0., geoTransform[5]};
    block->SetGeoTransform(blockTransform);
    std::vector<OGRGeometryH> geometries;
    std::vector<double>       burn;
    for (std::size_t i : active)
    {
      geometries.push_back(OGRGeometry::ToHandle(objects[i].polygon.get()));
      burn.push_back(static_cast<double>(i + 1));
    }
    int               bandList[] = {1};
    const std::size_t size       = static_cast<std::size_t>(width) * rows;
    labels.resize(size);
    values.resize(size);
    if (GDALRasterizeGeometries(block.get(), 1, bandList, static_cast<int>(geometries.size()), geometries.data(), nullptr, nullptr, burn.data(), nullptr,
                                nullptr, nullptr) != CE_None ||
        block->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, width, rows, labels.data(), width, rows, GDT_UInt32, 0, 0) != CE_None ||
        probabilityMap.GetRasterBand(1)->RasterIO(GF_Read, 0, top, width, rows, values.data(), width, rows, GDT_Float64, 0, 0) != CE_None)
      throw std::runtime_error("cannot read the probabilities of the objects: " + std::string(CPLGetLastErrorMsg()));
    probabilityMap.GetRasterBand(1)->FlushCache(); // the rows are read once: keep GDAL's block cache small
    for (std::size_t p = 0; p < size; ++p)
      if (labels[p] && !std::isnan(values[p]) && values[p] != source.noData)
      {
        sums[labels[p] - 1] += values[p] * source.scale;
        ++counts[labels[p] - 1];
      }
  }
  for (std::size_t i = 0; i < objects.size(); ++i)
    objects[i].meanProbability = counts[i] ? sums[i] / counts[i] : std::nan("");
}

void WritePolygons(const std::string& path, const std::vector<MapObject>& objects, const OGRSpatialReference& crs)
{
  GDALDatasetUniquePtr dataset = CreateVectorDataset(path, "-outvec");
  OGRLayer*            layer   = dataset->CreateLayer("objects", crs.IsEmpty() ? nullptr : const_cast<OGRSpatialReference*>(&crs), wkbPolygon, nullptr);
  OGRFieldDefn         area("area_m2", OFTReal), mean("mean_prob", OFTReal), matched("matched", OFTInteger);
  const bool           written = layer && layer->CreateField(&area) == OGRERR_NONE && layer->CreateField(&mean) == OGRERR_NONE &&
                       layer->CreateField(&matched) == OGRERR_NONE &&
                       WriteInTransaction(*dataset,
                                          [&]()
                                          {
                                            for (const auto& object : objects)
                                            {
                                              OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
                                              feature->SetField(0, object.area);
                                              if (!std::isnan(object.meanProbability))
                                                feature->SetField(1, object.meanProbability);
                                              feature->SetField(2, object.matched ? 1 : 0);
                                              feature->SetGeometry(object.polygon.get());
                                              if (layer->CreateFeature(feature.get()) != OGRERR_NONE)
                                                return false;
                                            }
                                            return true;
                                          });
  dataset.reset();
  if (!written)
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
  ObjectCounts&          counts     = extraction.counts;
  std::vector<MapObject> objects    = Polygonize(*map, crs);
  const auto             firstSmall = std::stable_partition(objects.begin(), objects.end(), [minArea](const MapObject& o) { return o.area >= minArea; });
  for (auto small = firstSmall; small != objects.end(); ++small)
    extraction.removed.push_back(std::move(small->polygon));
  objects.erase(firstSmall, objects.end());
  counts.predicted    = objects.size();
  counts.removedSmall = extraction.removed.size();

  GDALDatasetUniquePtr probabilityMap = OpenRaster(probability.path, GDAL_OF_READONLY);
  double               geoTransform[6];
  map->GetGeoTransform(geoTransform);
  MeanProbabilities(objects, *probabilityMap, probability, geoTransform);

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
