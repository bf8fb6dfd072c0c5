#include "otbImclassThresholdReference.h"

#include "otbImclassInputError.h"
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

ReferencePolygons ReadReferencePolygons(const std::string& path, const ImageGrid& grid, const std::string& field, const std::string& positiveValue)
{
  LayerFeatures     layer = ReadLayerFeatures(path, grid, "-ref", field, "-class.field");
  ReferencePolygons reference;
  reference.warnings = layer.warnings;
  long positives = 0, positivesOutside = 0, outside = 0, notPolygon = 0;
  for (auto& feature : layer.features)
  {
    if (!feature.polygon)
    {
      ++notPolygon;
      continue;
    }
    const bool positive = feature.value == positiveValue;
    positives += positive;
    if (!feature.insideImage)
    {
      ++outside;
      positivesOutside += positive;
      continue;
    }
    (positive ? reference.positives : reference.negatives).push_back(std::move(feature.polygon));
  }
  if (notPolygon > 0 && notPolygon == static_cast<long>(layer.features.size()))
    throw InputError("-ref: '" + path + "' holds no polygon (" + std::to_string(notPolygon) + " features without polygon geometry)");
  if (notPolygon > 0)
    reference.warnings.push_back(std::to_string(notPolygon) + " features of '" + path + "' are not polygons: skipped");
  if (outside > 0)
    reference.warnings.push_back(std::to_string(outside) + " polygons of '" + path + "' lie outside the map: ignored");
  if (positives == 0)
    throw InputError("-class.value: no polygon of '" + path + "' has " + field + " = " + positiveValue);
  if (reference.positives.empty())
    throw InputError("-ref: none of the " + std::to_string(positivesOutside) + " polygons of '" + path + "' with " + field + " = " + positiveValue +
                     " overlaps the map");
  return reference;
}

ogr::DataSource::Pointer ReferenceDataSource(const ReferencePolygons& reference, const OGRSpatialReference& mapCrs)
{
  GDALDriver*         driver  = GetGDALDriverManager()->GetDriverByName("Memory");
  GDALDataset*        dataset = driver->Create("reference", 0, 0, 0, GDT_Unknown, nullptr);
  OGRSpatialReference crs     = TraditionalOrder(mapCrs);
  OGRLayer*           layer   = dataset->CreateLayer("reference", mapCrs.IsEmpty() ? nullptr : &crs, wkbMultiPolygon, nullptr);
  OGRFieldDefn        fieldDefinition(ReferenceField(), OFTInteger);
  layer->CreateField(&fieldDefinition);
  const auto add = [layer](const std::vector<OGRGeometryUniquePtr>& polygons, int value)
  {
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
