#include "otbImclassTopoAttributeFilter.h"

#include "itkMacro.h"
#include "ogr_spatialref.h"

#include <algorithm>
#include <cmath>

namespace otb
{
namespace Imclass
{

namespace
{
constexpr double DegreesToRadians = M_PI / 180.0;
// Below this gradient (metres per metre) the ground is flat: no aspect, no curvature.
constexpr double FlatGradient = 1e-9;

/** Missing neighbours by linear extrapolation, exact on planes: through the centre
 * (2 centre - opposite); else, for a corner, along its column or its row (as gdaldem does at
 * image edges); else the centre value. */
void FillMissingNeighbours(const double window[9], double z[9])
{
  auto valid = [&](int row, int column) { return !std::isnan(window[(row + 1) * 3 + column + 1]); };
  auto at    = [&](int row, int column) { return window[(row + 1) * 3 + column + 1]; };
  for (int row = -1; row <= 1; ++row)
    for (int column = -1; column <= 1; ++column)
    {
      double& value = z[(row + 1) * 3 + column + 1];
      value         = at(row, column);
      if (valid(row, column))
        continue;
      if (valid(-row, -column))
        value = 2 * at(0, 0) - at(-row, -column);
      else if (row != 0 && column != 0 && valid(0, column) && valid(-row, column))
        value = 2 * at(0, column) - at(-row, column);
      else if (row != 0 && column != 0 && valid(row, 0) && valid(row, -column))
        value = 2 * at(row, 0) - at(row, -column);
      else
        value = at(0, 0);
    }
}

} // namespace

void GridMetrics::PixelSize(double spacingX, double spacingY, double latitude, double& sizeX, double& sizeY) const
{
  if (!geographic)
  {
    sizeX = spacingX * metresPerUnit;
    sizeY = spacingY * metresPerUnit;
    return;
  }
  const double sinLatitude   = std::sin(latitude * DegreesToRadians);
  const double w             = 1.0 - eccentricitySquared * sinLatitude * sinLatitude;
  const double primeVertical = semiMajorAxis / std::sqrt(w);                                     // radius along the parallel
  const double meridional    = semiMajorAxis * (1.0 - eccentricitySquared) / (w * std::sqrt(w)); // along the meridian
  sizeX                      = spacingX * DegreesToRadians * primeVertical * std::cos(latitude * DegreesToRadians);
  sizeY                      = spacingY * DegreesToRadians * meridional;
}

GridMetrics GridMetrics::FromProjection(const std::string& wkt)
{
  OGRSpatialReference reference;
  if (wkt.empty() || reference.SetFromUserInput(wkt.c_str()) != OGRERR_NONE)
    itkGenericExceptionMacro("the grid has no map projection");
  GridMetrics metrics;
  metrics.geographic = reference.IsGeographic();
  if (metrics.geographic)
  {
    OGRErr error                   = OGRERR_NONE;
    metrics.semiMajorAxis          = reference.GetSemiMajor(&error);
    const double inverseFlattening = reference.GetInvFlattening(&error);
    const double flattening        = inverseFlattening > 0 ? 1.0 / inverseFlattening : 0.0;
    metrics.eccentricitySquared    = flattening * (2.0 - flattening);
  }
  else
    metrics.metresPerUnit = reference.GetLinearUnits();
  return metrics;
}

void ComputeTopoAttributes(const double window[9], double sizeX, double sizeY, const std::vector<TopoAttribute>& attributes, float* out)
{
  double z[9];
  FillMissingNeighbours(window, z);
  // z[0] z[1] z[2] / z[3] z[4] z[5] / z[6] z[7] z[8]: rows go along +sizeY, columns along +sizeX.
  const double hornX = ((z[2] + 2 * z[5] + z[8]) - (z[0] + 2 * z[3] + z[6])) / (8.0 * sizeX);
  const double hornY = ((z[6] + 2 * z[7] + z[8]) - (z[0] + 2 * z[1] + z[2])) / (8.0 * sizeY);
  const double horn  = std::hypot(hornX, hornY);

  // Zevenbergen-Thorne: derivatives of the quadratic through the 9 points.
  const double p  = (z[5] - z[3]) / (2.0 * sizeX);
  const double q  = (z[7] - z[1]) / (2.0 * sizeY);
  const double r  = (z[3] - 2 * z[4] + z[5]) / (sizeX * sizeX);
  const double t  = (z[1] - 2 * z[4] + z[7]) / (sizeY * sizeY);
  const double s  = (z[8] - z[2] - z[6] + z[0]) / (4.0 * sizeX * sizeY);
  const double g2 = p * p + q * q;

  for (TopoAttribute attribute : attributes)
  {
    switch (attribute)
    {
    case TopoAttribute::Elevation:
      *out++ = static_cast<float>(z[4]);
      break;
    case TopoAttribute::Slope:
      *out++ = static_cast<float>(std::atan(horn) / DegreesToRadians);
      break;
    case TopoAttribute::Aspect: // the downslope direction (-gradient): sine, then cosine of its azimuth
      *out++ = horn > FlatGradient ? static_cast<float>(-hornX / horn) : 0.f;
      *out++ = horn > FlatGradient ? static_cast<float>(-hornY / horn) : 0.f;
      break;
    case TopoAttribute::PlanCurvature:
      *out++ = std::sqrt(g2) > FlatGradient ? static_cast<float>((q * q * r - 2 * p * q * s + p * p * t) / (g2 * std::sqrt(g2))) : 0.f;
      break;
    case TopoAttribute::ProfileCurvature:
      *out++ = std::sqrt(g2) > FlatGradient ? static_cast<float>((p * p * r + 2 * p * q * s + q * q * t) / (g2 * std::pow(1.0 + g2, 1.5))) : 0.f;
      break;
    case TopoAttribute::Roughness:
      *out++ = static_cast<float>(*std::max_element(z, z + 9) - *std::min_element(z, z + 9));
      break;
    case TopoAttribute::Tpi:
      *out++ = static_cast<float>(z[4] - (z[0] + z[1] + z[2] + z[3] + z[5] + z[6] + z[7] + z[8]) / 8.0);
      break;
    }
  }
}

} // namespace Imclass
} // namespace otb
