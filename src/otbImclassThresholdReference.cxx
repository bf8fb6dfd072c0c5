#include "otbImclassThresholdReference.h"

#include "otbImclassFeatureCatalogue.h"
#include "otbImclassThresholdHistogramFilter.h"

#include "gdal_priv.h"
#include "ogr_api.h"
#include "ogrsf_frmts.h"

#include <memory>

namespace otb
{
namespace Imclass
{

namespace
{
/** The polygons of a geometry (a polygon, a multipolygon or a collection holding some). */
void CollectPolygons(const OGRGeometry& geometry, std::vector<OGRGeometryUniquePtr>& out)
{
  switch (wkbFlatten(geometry.getGeometryType()))
  {
  case wkbPolygon:
  case wkbMultiPolygon:
    out.emplace_back(geometry.clone());
    break;
  case wkbGeometryCollection:
    for (const OGRGeometry* part : *geometry.toGeometryCollection())
      CollectPolygons(*part, out);
    break;
  default:
    break;
  }
}

OGRSpatialReference TraditionalOrder(const OGRSpatialReference& crs)
{
  OGRSpatialReference copy(crs);
  copy.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  return copy;
}
} // namespace

double PlanarArea(const OGRGeometry& geometry)
{
  return OGR_G_Area(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&geometry)));
}

const char* ReferenceField()
{
  return "reference";
}

ReferencePolygons ReadReferencePolygons(const std::string& path, const std::string& field, const std::string& positiveValue,
                                        const OGRSpatialReference& mapCrs)
{
  GDALAllRegister();
  GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset)
    throw InputError("-ref: cannot open '" + path + "' as vector data");
  if (dataset->GetLayerCount() == 0)
    throw InputError("-ref: '" + path + "' has no layer");
  OGRLayer* layer = dataset->GetLayer(0);
  const int fieldIndex = layer->GetLayerDefn()->GetFieldIndex(field.c_str());
  if (fieldIndex < 0)
    throw InputError("-class.field: '" + path + "' has no field '" + field + "'");

  const OGRSpatialReference target = TraditionalOrder(mapCrs);
  std::unique_ptr<OGRCoordinateTransformation> transform;
  if (layer->GetSpatialRef() && !mapCrs.IsEmpty() && !layer->GetSpatialRef()->IsSame(&mapCrs))
  {
    const OGRSpatialReference source = TraditionalOrder(*layer->GetSpatialRef());
    transform.reset(OGRCreateCoordinateTransformation(&source, &target));
    if (!transform)
      throw InputError("-ref: cannot reproject '" + path + "' into the CRS of the probability map");
  }

  ReferencePolygons reference;
  unsigned int      repaired = 0, skipped = 0;
  for (auto& feature : *layer)
  {
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (!geometry || geometry->IsEmpty())
    {
      ++skipped;
      continue;
    }
    OGRGeometryUniquePtr copy(geometry->clone());
    if (transform && copy->transform(transform.get()) != OGRERR_NONE)
      throw InputError("-ref: feature " + std::to_string(feature->GetFID()) + " of '" + path + "' cannot be reprojected into the CRS of the map");
    if (!copy->IsValid())
    {
      copy.reset(copy->MakeValid());
      ++repaired;
      if (!copy)
      {
        ++skipped;
        continue;
      }
    }
    auto& classPolygons = positiveValue == feature->GetFieldAsString(fieldIndex) ? reference.positives : reference.negatives;
    const size_t before = classPolygons.size();
    CollectPolygons(*copy, classPolygons);
    if (classPolygons.size() == before)
      ++skipped;
  }
  if (repaired)
    reference.warnings.push_back(std::to_string(repaired) + " invalid geometries of '" + path + "' repaired");
  if (skipped)
    reference.warnings.push_back(std::to_string(skipped) + " features of '" + path + "' without polygon skipped");
  if (reference.positives.empty() && reference.negatives.empty())
    throw InputError("-ref: '" + path + "' has no polygon");
  if (reference.positives.empty())
    throw InputError("-class.value: no polygon of '" + path + "' has " + field + " = " + positiveValue);
  return reference;
}

ogr::DataSource::Pointer ReferenceDataSource(const ReferencePolygons& reference, const OGRSpatialReference& mapCrs)
{
  GDALDriver*  driver  = GetGDALDriverManager()->GetDriverByName("Memory");
  GDALDataset* dataset = driver->Create("reference", 0, 0, 0, GDT_Unknown, nullptr);
  OGRSpatialReference crs = TraditionalOrder(mapCrs);
  OGRLayer*    layer   = dataset->CreateLayer("reference", mapCrs.IsEmpty() ? nullptr : &crs, wkbMultiPolygon, nullptr);
  OGRFieldDefn fieldDefinition(ReferenceField(), OFTInteger);
  layer->CreateField(&fieldDefinition);
  const auto add = [layer](const std::vector<OGRGeometryUniquePtr>& polygons, int value) {
    for (const auto& polygon : polygons)
    {
      OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
      feature->SetField(0, value);
      feature->SetGeometry(polygon.get());
      layer->CreateFeature(feature.get());
    }
  };
  add(reference.negatives, ReferenceNegative);
  add(reference.positives, ReferencePositive);
  return ogr::DataSource::New(dataset, ogr::DataSource::Modes::Update_LayerUpdate);
}

double AreaSquareMetres(const OGRGeometry& polygon, const OGRSpatialReference& crs)
{
  if (crs.IsEmpty() || !crs.IsGeographic())
  {
    const double metresPerUnit = crs.IsEmpty() ? 1. : crs.GetLinearUnits();
    return PlanarArea(polygon) * metresPerUnit * metresPerUnit;
  }
  OGRPoint centroid;
  polygon.Centroid(&centroid);
  const OGRSpatialReference geographic = TraditionalOrder(crs);
  OGRSpatialReference       equalArea;
  equalArea.CopyGeogCSFrom(&geographic);
  equalArea.SetLAEA(centroid.getY(), centroid.getX(), 0., 0.);
  equalArea.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> transform(OGRCreateCoordinateTransformation(&geographic, &equalArea));
  OGRGeometryUniquePtr                         projected(polygon.clone());
  if (!transform || projected->transform(transform.get()) != OGRERR_NONE)
    throw std::runtime_error("cannot project a polygon onto an equal-area projection");
  return PlanarArea(*projected);
}

} // namespace Imclass
} // namespace otb
