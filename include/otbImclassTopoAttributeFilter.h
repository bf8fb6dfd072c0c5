/*
 * ImCLASS — topographic attributes of a DEM from its 3x3 neighbourhood.
 *
 * Input: elevation on a grid (NaN = no data). Output: one band per attribute band of the recipe
 * (otbImclassTopoCatalogue.h), NoDataValue in every band where the centre has no elevation.
 * Slope is Horn's (1981) gradient, as gdaldem; curvatures use Zevenbergen and Thorne's (1987)
 * quadratic surface, exact for quadratic terrain; roughness and TPI are gdaldem's.
 * A missing neighbour (image edge, DEM no-data) is extrapolated linearly through the centre
 * (2 centre - opposite), or for a corner along its row or column, which keeps planes exact; it
 * is the centre value when no extrapolation is possible.
 * Pixel sizes are in metres: the projection's linear unit, or for a geographic grid (degrees) the
 * ellipsoid's radii of curvature at the latitude of each row.
 */
#ifndef otbImclassTopoAttributeFilter_h
#define otbImclassTopoAttributeFilter_h

#include "OTBImclassExport.h"
#include "otbImclassThreading.h"
#include "otbImclassTopoCatalogue.h"

#include "itkImageToImageFilter.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** How to turn the grid's signed spacing into metres.
 * \ingroup OTBImclass */
struct OTBImclass_EXPORT GridMetrics
{
  bool   geographic          = false;     // spacing in degrees of longitude (x) and latitude (y)
  double metresPerUnit       = 1.0;       // projected grids: the projection's linear unit
  double semiMajorAxis       = 6378137.0; // geographic grids: the ellipsoid (WGS 84 by default)
  double eccentricitySquared = 0.00669437999014;

  /** Signed pixel size in metres along x (east) and y (north) at the latitude `latitude`. */
  void PixelSize(double spacingX, double spacingY, double latitude, double& sizeX, double& sizeY) const;

  /** From a projection WKT; an empty or unreadable projection is an error (itk exception). */
  static GridMetrics FromProjection(const std::string& wkt);
};

/** \ingroup OTBImclass */
template <class TInputImage, class TOutputImage>
class ITK_EXPORT TopoAttributeFilter : public itk::ImageToImageFilter<TInputImage, TOutputImage>
{
public:
  using Self         = TopoAttributeFilter;
  using Superclass   = itk::ImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer      = itk::SmartPointer<Self>;
  using ConstPointer = itk::SmartPointer<const Self>;
  itkNewMacro(Self);
  itkTypeMacro(TopoAttributeFilter, ImageToImageFilter);

  using OutputRegionType = typename TOutputImage::RegionType;

  /** Attributes to compute, in catalogue order (Aspect gives two bands). */
  void SetAttributes(const std::vector<TopoAttribute>& attributes)
  {
    m_Attributes = attributes;
    this->Modified();
  }

  void SetGridMetrics(const GridMetrics& metrics)
  {
    m_Metrics = metrics;
    this->Modified();
  }

protected:
  TopoAttributeFilter();
  ~TopoAttributeFilter() override = default;

  void GenerateOutputInformation() override;
  void GenerateInputRequestedRegion() override;
  IMCLASS_THREADED_GENERATE_DATA(OutputRegionType)
  void ProcessRegion(const OutputRegionType& region);

private:
  TopoAttributeFilter(const Self&) = delete;
  void operator=(const Self&)      = delete;

  std::vector<TopoAttribute> m_Attributes;
  GridMetrics                m_Metrics;
};

/** The attributes of one 3x3 window (row-major, NaN = missing; the centre must be valid) whose
 * pixels measure sizeX by sizeY metres (signed: x east, y north). Writes one value per band. */
OTBImclass_EXPORT void ComputeTopoAttributes(const double window[9], double sizeX, double sizeY, const std::vector<TopoAttribute>& attributes, float* out);

} // namespace Imclass
} // namespace otb

#ifndef OTB_MANUAL_INSTANTIATION
#include "otbImclassTopoAttributeFilter.hxx"
#endif

#endif
