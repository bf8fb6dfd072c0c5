#include "otbImclassGrid.h"

#include "otbImclassInputError.h"

#include "gdal_alg.h"
#include "gdal_priv.h"
#include "ogr_spatialref.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace otb
{
namespace Imclass
{

double ImageGrid::PixelSize() const
{
  return std::abs(geoTransform[1]);
}

double ImageGrid::MetresPerMapUnit() const
{
  OGRSpatialReference crs;
  if (projectionWkt.empty() || crs.importFromWkt(projectionWkt.c_str()) != OGRERR_NONE)
    return 1.0;
  if (!crs.IsGeographic())
    return crs.GetLinearUnits();
  const double centreLatitude = geoTransform[3] + geoTransform[5] * height / 2.0;
  const double degree         = crs.GetSemiMajor() * M_PI / 180.0 * crs.GetAngularUnits() / (M_PI / 180.0);
  return degree * std::cos(centreLatitude * crs.GetAngularUnits());
}

OGRGeometryUniquePtr ImageGrid::Footprint() const
{
  return Rectangle(PixelWindow{0, 0, width, height});
}

PixelWindow ImageGrid::WindowOf(const OGREnvelope& envelope) const
{
  // Columns and rows whose centres can lie inside the envelope (the y axis points down).
  const double columnA = (envelope.MinX - geoTransform[0]) / geoTransform[1] - 0.5;
  const double columnB = (envelope.MaxX - geoTransform[0]) / geoTransform[1] - 0.5;
  const double rowA    = (envelope.MinY - geoTransform[3]) / geoTransform[5] - 0.5;
  const double rowB    = (envelope.MaxY - geoTransform[3]) / geoTransform[5] - 0.5;
  const long   x0      = std::max(0L, static_cast<long>(std::floor(std::min(columnA, columnB))));
  const long   y0      = std::max(0L, static_cast<long>(std::floor(std::min(rowA, rowB))));
  const long   x1      = std::min(width - 1, static_cast<long>(std::ceil(std::max(columnA, columnB))));
  const long   y1      = std::min(height - 1, static_cast<long>(std::ceil(std::max(rowA, rowB))));
  return PixelWindow{x0, y0, x1 - x0 + 1, y1 - y0 + 1};
}

OGRGeometryUniquePtr ImageGrid::Rectangle(const PixelWindow& window) const
{
  const double left   = geoTransform[0] + window.x0 * geoTransform[1];
  const double right  = left + window.width * geoTransform[1];
  const double top    = geoTransform[3] + window.y0 * geoTransform[5];
  const double bottom = top + window.height * geoTransform[5];
  auto         ring   = std::make_unique<OGRLinearRing>();
  ring->addPoint(left, top);
  ring->addPoint(right, top);
  ring->addPoint(right, bottom);
  ring->addPoint(left, bottom);
  ring->closeRings();
  auto polygon = std::make_unique<OGRPolygon>();
  polygon->addRingDirectly(ring.release());
  return OGRGeometryUniquePtr(polygon.release());
}

void CheckOnGrid(const itk::ImageBase<2>* image, const std::string& imageCrs, const itk::ImageBase<2>* first, const std::string& firstCrs,
                 const std::string& what, const std::string& firstName)
{
  const auto         size = image->GetLargestPossibleRegion().GetSize(), firstSize = first->GetLargestPossibleRegion().GetSize();
  std::ostringstream problem;
  if (size != firstSize)
    problem << what << ": " << size[0] << " x " << size[1] << " pixels, " << firstName << " has " << firstSize[0] << " x " << firstSize[1];
  for (unsigned int d = 0; d < 2 && problem.tellp() == 0; ++d)
  {
    // Origins and pixel sizes written by different tools may differ by rounding only.
    const double tolerance = 1e-6 * std::abs(first->GetSpacing()[d]);
    if (std::abs(image->GetSpacing()[d] - first->GetSpacing()[d]) > tolerance || std::abs(image->GetOrigin()[d] - first->GetOrigin()[d]) > tolerance)
      problem << what << ": origin or pixel size differs from " << firstName << "'s";
  }
  OGRSpatialReference crs, firstSrs;
  if (problem.tellp() == 0 && !imageCrs.empty() && !firstCrs.empty() && crs.importFromWkt(imageCrs.c_str()) == OGRERR_NONE &&
      firstSrs.importFromWkt(firstCrs.c_str()) == OGRERR_NONE && !crs.IsSame(&firstSrs))
    problem << what << ": its CRS differs from " << firstName << "'s";
  if (problem.tellp() > 0)
    throw InputError(problem.str() + " (all inputs must be on one grid)");
}

std::vector<unsigned char> RasterizeWindow(const std::vector<const OGRGeometry*>& geometries, const ImageGrid& grid, const PixelWindow& window)
{
  std::vector<unsigned char> mask(static_cast<size_t>(window.width) * window.height, 0);
  if (geometries.empty() || window.Empty())
    return mask;
  GDALAllRegister();
  GDALDriver*                  memory = GetGDALDriverManager()->GetDriverByName("MEM");
  std::unique_ptr<GDALDataset> dataset(memory->Create("", static_cast<int>(window.width), static_cast<int>(window.height), 1, GDT_Byte, nullptr));
  double                       transform[6];
  std::copy(grid.geoTransform, grid.geoTransform + 6, transform);
  transform[0] += window.x0 * grid.geoTransform[1];
  transform[3] += window.y0 * grid.geoTransform[5];
  dataset->SetGeoTransform(transform);
  int                       band = 1;
  std::vector<OGRGeometryH> handles;
  std::vector<double>       burn(geometries.size(), 1.0);
  for (const auto* geometry : geometries)
    handles.push_back(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(geometry)));
  if (GDALRasterizeGeometries(dataset.get(), 1, &band, static_cast<int>(handles.size()), handles.data(), nullptr, nullptr, burn.data(), nullptr, nullptr,
                              nullptr) != CE_None ||
      dataset->GetRasterBand(1)->RasterIO(GF_Read, 0, 0, static_cast<int>(window.width), static_cast<int>(window.height), mask.data(),
                                          static_cast<int>(window.width), static_cast<int>(window.height), GDT_Byte, 0, 0) != CE_None)
    throw std::runtime_error("RasterizeWindow: GDAL rasterization failed");
  return mask;
}

} // namespace Imclass
} // namespace otb
