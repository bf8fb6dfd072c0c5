#include "otbImclassVectorLayers.h"

#include "otbImclassInputError.h"

#include "gdal_priv.h"
#include "ogrsf_frmts.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>

namespace otb
{
namespace Imclass
{

std::vector<const OGRGeometry*> PolygonLayer::Geometries() const
{
  std::vector<const OGRGeometry*> geometries;
  for (const auto& polygon : polygons)
    geometries.push_back(polygon.get());
  return geometries;
}

namespace
{

/** The polygonal part of a geometry (MakeValid may return a collection with lines and points). */
OGRGeometryUniquePtr PolygonalPart(const OGRGeometry& geometry)
{
  const auto type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPolygon || type == wkbMultiPolygon)
    return OGRGeometryUniquePtr(geometry.clone());
  if (type != wkbGeometryCollection)
    return nullptr;
  auto multi = std::make_unique<OGRMultiPolygon>();
  for (const auto* part : *geometry.toGeometryCollection())
    if (auto polygonal = PolygonalPart(*part))
    {
      if (wkbFlatten(polygonal->getGeometryType()) == wkbPolygon)
        multi->addGeometry(polygonal.get());
      else
        for (const auto* polygon : *polygonal->toMultiPolygon())
          multi->addGeometry(polygon);
    }
  if (multi->IsEmpty())
    return nullptr;
  return OGRGeometryUniquePtr(multi.release());
}

std::string FileName(const std::string& path)
{
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

} // namespace

LayerFeatures ReadLayerFeatures(const std::string& path, const ImageGrid& grid, const std::string& parameter, const std::string& field,
                                const std::string& fieldParameter)
{
  GDALAllRegister();
  std::unique_ptr<GDALDataset> dataset(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
  if (!dataset)
    throw InputError(parameter + ": cannot open '" + path + "' as a vector file");
  if (dataset->GetLayerCount() == 0)
    throw InputError(parameter + ": '" + path + "' has no layer");
  OGRLayer* layer = dataset->GetLayer(0);
  if (layer->GetFeatureCount() == 0)
    throw InputError(parameter + ": layer '" + layer->GetName() + "' of '" + path + "' is empty");

  int fieldIndex = -1;
  if (!field.empty())
  {
    fieldIndex = layer->GetLayerDefn()->GetFieldIndex(field.c_str());
    if (fieldIndex < 0)
    {
      std::string names;
      for (int i = 0; i < layer->GetLayerDefn()->GetFieldCount(); ++i)
        names += std::string(i ? ", " : "") + layer->GetLayerDefn()->GetFieldDefn(i)->GetNameRef();
      throw InputError(fieldParameter + ": '" + path + "' has no field '" + field + "' (fields: " + (names.empty() ? "none" : names) + ")");
    }
  }

  OGRSpatialReference                          imageSrs;
  std::unique_ptr<OGRCoordinateTransformation> toImage;
  const OGRSpatialReference*                   layerSrs = layer->GetSpatialRef();
  LayerFeatures                                result;
  if (layerSrs && !grid.projectionWkt.empty() && imageSrs.importFromWkt(grid.projectionWkt.c_str()) == OGRERR_NONE)
  {
    imageSrs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (!layerSrs->IsSame(&imageSrs))
    {
      OGRSpatialReference source(*layerSrs);
      source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
      toImage.reset(OGRCreateCoordinateTransformation(&source, &imageSrs));
      if (!toImage)
        throw InputError(parameter + ": cannot reproject '" + path + "' into the CRS of the image");
    }
  }
  else if (!layerSrs)
    result.warnings.push_back(FileName(path) + " declares no CRS: taken to be in the CRS of the image");
  else if (grid.projectionWkt.empty())
    throw InputError(parameter + ": '" + path + "' is in " + (layerSrs->GetName() ? layerSrs->GetName() : "a CRS") +
                     " but the image has no coordinate reference system: the polygons cannot be placed on it (georeference the image)");

  std::vector<long long> repaired;
  OGREnvelope            imageEnvelope;
  grid.Footprint()->getEnvelope(&imageEnvelope);
  layer->ResetReading();
  for (auto& feature : *layer)
  {
    LayerFeature read;
    read.value = fieldIndex >= 0 ? feature->GetFieldAsString(fieldIndex) : std::string();
    if (const OGRGeometry* source = feature->GetGeometryRef())
    {
      OGRGeometryUniquePtr geometry(source->clone());
      if (toImage && geometry->transform(toImage.get()) != OGRERR_NONE)
        throw InputError(parameter + ": feature " + std::to_string(feature->GetFID()) + " of '" + path + "' cannot be reprojected into the CRS of the image");
      if (!geometry->IsValid())
      {
        std::unique_ptr<OGRGeometry> valid(geometry->MakeValid());
        if (!valid || valid->IsEmpty())
          throw InputError(parameter + ": feature " + std::to_string(feature->GetFID()) + " of '" + path + "' has an invalid geometry that cannot be repaired");
        geometry.reset(valid.release());
        repaired.push_back(feature->GetFID());
      }
      read.polygon = PolygonalPart(*geometry);
      if (read.polygon)
      {
        OGREnvelope envelope;
        read.polygon->getEnvelope(&envelope);
        read.insideImage = envelope.Intersects(imageEnvelope) && !grid.WindowOf(envelope).Empty();
      }
    }
    result.features.push_back(std::move(read));
  }
  if (!repaired.empty())
  {
    std::string ids;
    for (const auto id : repaired)
      ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    result.warnings.push_back(std::to_string(repaired.size()) + " invalid geometries of " + FileName(path) + " repaired (feature ids " + ids + ")");
  }
  return result;
}

PolygonLayer ReadPolygons(const std::string& path, const ImageGrid& grid, const std::string& parameter, const std::string& field, const std::string& value,
                          const std::string& fieldParameter, const std::string& valueParameter)
{
  LayerFeatures layer = ReadLayerFeatures(path, grid, parameter, field, fieldParameter);
  PolygonLayer  result;
  result.description = FileName(path) + (field.empty() ? ": all polygons" : ": " + field + " = " + value);
  result.warnings    = layer.warnings;
  std::set<std::string> valuesSeen;
  long                  outside = 0, notPolygon = 0, matching = 0;
  for (auto& feature : layer.features)
  {
    valuesSeen.insert(feature.value);
    if (!field.empty() && feature.value != value)
      continue;
    ++matching;
    if (!feature.polygon)
      ++notPolygon;
    else if (!feature.insideImage)
      ++outside;
    else
      result.polygons.push_back(std::move(feature.polygon));
  }

  if (!field.empty() && matching == 0)
  {
    std::string seen;
    for (const auto& v : valuesSeen)
      seen += (seen.empty() ? "" : ", ") + v;
    throw InputError(valueParameter + ": no feature of '" + path + "' has " + field + " = '" + value + "' (values found: " + seen + ")");
  }
  if (notPolygon > 0)
    result.warnings.push_back(std::to_string(notPolygon) + " features of " + FileName(path) + " are not polygons: skipped");
  if (notPolygon == matching)
    throw InputError(parameter + ": '" + path + "' holds no polygon" + (field.empty() ? "" : " with " + field + " = " + value) + " (" +
                     std::to_string(matching) + " features without polygon geometry)");
  if (result.polygons.empty())
    throw InputError(parameter + ": none of the " + std::to_string(matching - notPolygon) + " polygons of '" + path + "'" +
                     (field.empty() ? "" : " with " + field + " = " + value) + " overlaps the image");
  if (outside > 0)
    result.warnings.push_back(std::to_string(outside) + " polygons of " + FileName(path) + " lie outside the image: ignored");
  return result;
}

std::vector<OGRGeometryUniquePtr> Buffered(const std::vector<const OGRGeometry*>& polygons, double distance)
{
  std::vector<OGRGeometryUniquePtr> buffered;
  for (const auto* polygon : polygons)
    buffered.emplace_back(polygon->Buffer(distance));
  return buffered;
}

OGRGeometryUniquePtr ClipArea(const OGRGeometry& area, const std::vector<const OGRGeometry*>& include, const std::vector<const OGRGeometry*>& exclude)
{
  OGREnvelope areaEnvelope;
  area.getEnvelope(&areaEnvelope);
  auto intersectsArea = [&](const OGRGeometry* geometry)
  {
    OGREnvelope envelope;
    geometry->getEnvelope(&envelope);
    return envelope.Intersects(areaEnvelope) && geometry->Intersects(&area);
  };
  OGRGeometryUniquePtr result(new OGRMultiPolygon());
  for (const auto* geometry : include)
    if (intersectsArea(geometry))
      result.reset(result->Union(std::unique_ptr<OGRGeometry>(area.Intersection(geometry)).get()));
  for (const auto* geometry : exclude)
    if (!result->IsEmpty() && intersectsArea(geometry))
      result.reset(result->Difference(geometry));
  return result && !result->IsEmpty() ? PolygonalPart(*result) : nullptr;
}

const std::vector<std::string>& VectorOutputExtensions()
{
  static const std::vector<std::string> extensions{".gpkg", ".shp", ".geojson", ".fgb"};
  return extensions;
}

GDALDatasetUniquePtr CreateVectorDataset(const std::string& path, const std::string& parameter)
{
  static const char* const drivers[] = {"GPKG", "ESRI Shapefile", "GeoJSON", "FlatGeobuf"};
  const size_t             dot       = path.find_last_of('.');
  std::string              extension = dot == std::string::npos ? std::string() : path.substr(dot);
  for (auto& c : extension)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const auto& extensions = VectorOutputExtensions();
  const auto  found      = std::find(extensions.begin(), extensions.end(), extension);
  if (found == extensions.end())
    throw InputError(parameter + ": '" + path + "' must end with .gpkg, .shp, .geojson or .fgb (the vector format)");
  GDALAllRegister();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(drivers[found - extensions.begin()]);
  if (driver)
    driver->Delete(path.c_str()); // a file of an earlier attempt, with its side files
  GDALDatasetUniquePtr dataset(driver ? driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr) : nullptr);
  if (!dataset)
    throw InputError(parameter + ": cannot create '" + path + "': " + CPLGetLastErrorMsg());
  return dataset;
}

bool WriteInTransaction(GDALDataset& dataset, const std::function<bool()>& write)
{
  const bool transaction = dataset.TestCapability(ODsCTransactions) && dataset.StartTransaction() == OGRERR_NONE;
  const bool written     = write();
  return transaction ? (written ? dataset.CommitTransaction() == OGRERR_NONE : (dataset.RollbackTransaction(), false)) : written;
}

void WriteLabelledPolygons(const std::string& path, const ImageGrid& grid, const std::vector<LabelledPolygon>& polygons, const std::string& parameter)
{
  GDALDatasetUniquePtr dataset = CreateVectorDataset(path, parameter);
  OGRSpatialReference  srs;
  const bool           hasSrs = !grid.projectionWkt.empty() && srs.importFromWkt(grid.projectionWkt.c_str()) == OGRERR_NONE;
  OGRLayer*            layer  = dataset->CreateLayer("folds", hasSrs ? &srs : nullptr, wkbMultiPolygon, nullptr);
  OGRFieldDefn         label("label", OFTInteger), fold("fold", OFTInteger);
  const bool           written = layer && layer->CreateField(&label) == OGRERR_NONE && layer->CreateField(&fold) == OGRERR_NONE &&
                       WriteInTransaction(*dataset,
                                          [&]()
                                          {
                                            for (const auto& polygon : polygons)
                                            {
                                              OGRFeature feature(layer->GetLayerDefn());
                                              feature.SetField("label", polygon.label);
                                              feature.SetField("fold", polygon.fold);
                                              feature.SetGeometryDirectly(OGRGeometryFactory::forceToMultiPolygon(polygon.geometry->clone()));
                                              if (layer->CreateFeature(&feature) != OGRERR_NONE)
                                                return false;
                                            }
                                            return true;
                                          });
  dataset.reset();
  if (!written)
    throw InputError(parameter + ": cannot write '" + path + "'");
}

} // namespace Imclass
} // namespace otb
