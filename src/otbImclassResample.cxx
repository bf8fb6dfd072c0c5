#include "otbImclassResample.h"

#include "otbImclassInputError.h"
#include "otbImclassNoData.h"

#include "itkLinearInterpolateImageFunction.h"
#include "itkNearestNeighborInterpolateImageFunction.h"
#include "otbBCOInterpolateImageFunction.h"
#include "otbFunctorImageFilter.h"
#include "otbGenericRSTransform.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{
using PixelType     = FloatVectorImageType::PixelType;
constexpr float NaN = std::numeric_limits<float>::quiet_NaN();

/** Invalid input pixels (declared no-data or NaN) become NaN in every band. */
class NaNWhereNoData
{
public:
  NaNWhereNoData() = default;
  NaNWhereNoData(const NoDataRule& rule, size_t nbBands) : m_Rule(rule), m_NumberOfBands(nbBands)
  {
  }
  size_t OutputSize(const std::array<size_t, 1>&) const
  {
    return m_NumberOfBands;
  }
  void operator()(PixelType& out, const PixelType& in) const
  {
    if (m_Rule.IsNoData(in))
      out.Fill(NaN);
    else
      out = in;
  }

private:
  NoDataRule m_Rule;
  size_t     m_NumberOfBands = 0;
};

/** The same, and pixels where the mask is 0. */
class NaNWhereNoDataOrMasked
{
public:
  NaNWhereNoDataOrMasked() = default;
  NaNWhereNoDataOrMasked(const NoDataRule& rule, size_t nbBands) : m_Valid(rule, nbBands)
  {
  }
  size_t OutputSize(const std::array<size_t, 2>&) const
  {
    return m_Valid.OutputSize({{0}});
  }
  void operator()(PixelType& out, const PixelType& in, unsigned char mask) const
  {
    if (mask == 0)
      out.Fill(NaN);
    else
      m_Valid(out, in);
  }

private:
  NaNWhereNoData m_Valid;
};

/** Extent of an image in its physical coordinates: {xmin, xmax, ymin, ymax}. */
std::array<double, 4> Extent(const FloatVectorImageType* image)
{
  const auto            region = image->GetLargestPossibleRegion();
  std::array<double, 4> extent{
      {std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()}};
  for (int corner = 0; corner < 4; ++corner)
  {
    itk::ContinuousIndex<double, 2> index;
    index[0] = region.GetIndex(0) - 0.5 + ((corner & 1) ? region.GetSize(0) : 0);
    index[1] = region.GetIndex(1) - 0.5 + ((corner & 2) ? region.GetSize(1) : 0);
    FloatVectorImageType::PointType point;
    image->TransformContinuousIndexToPhysicalPoint(index, point);
    extent[0] = std::min(extent[0], point[0]);
    extent[1] = std::max(extent[1], point[0]);
    extent[2] = std::min(extent[2], point[1]);
    extent[3] = std::max(extent[3], point[1]);
  }
  return extent;
}

std::string Describe(const std::array<double, 4>& extent)
{
  std::ostringstream out;
  out << "x " << extent[0] << ".." << extent[1] << ", y " << extent[2] << ".." << extent[3];
  return out.str();
}

SuperimposeFilter::InterpolatorType::Pointer NewInterpolator(const std::string& name)
{
  if (name == "linear")
    return itk::LinearInterpolateImageFunction<FloatVectorImageType, double>::New().GetPointer();
  if (name == "nn")
    return itk::NearestNeighborInterpolateImageFunction<FloatVectorImageType, double>::New().GetPointer();
  if (name != "bco")
    throw InputError("-interpolator: unknown interpolator '" + name + "' (bco, linear, nn)");
  auto bicubic = otb::BCOInterpolateImageFunction<FloatVectorImageType>::New();
  bicubic->SetRadius(2);
  return bicubic.GetPointer();
}
} // namespace

SuperimposeFilter::Pointer NewResampler(FloatVectorImageType* image, const std::string& interpolator, float padding)
{
  image->UpdateOutputInformation();
  auto resample = SuperimposeFilter::New();
  resample->SetInput(image);
  resample->SetInterpolator(NewInterpolator(interpolator));
  FloatVectorImageType::PixelType edge(image->GetNumberOfComponentsPerPixel());
  edge.Fill(padding);
  resample->SetEdgePaddingValue(edge);
  return resample;
}

FloatVectorImageType* ValidPixelsOntoGrid(FloatVectorImageType* image, MaskImageType* mask, const FloatVectorImageType* reference,
                                          const std::string& interpolator, std::vector<itk::ProcessObject::Pointer>& pipeline)
{
  const unsigned int    nbBands = image->GetNumberOfComponentsPerPixel();
  const NoDataRule      noData(image->GetImageMetadata());
  FloatVectorImageType* flagged = nullptr;
  if (mask)
  {
    auto filter = NewFunctorFilter(NaNWhereNoDataOrMasked(noData, nbBands));
    filter->SetInputs(image, mask);
    pipeline.push_back(filter.GetPointer());
    flagged = filter->GetOutput();
  }
  else
  {
    auto filter = NewFunctorFilter(NaNWhereNoData(noData, nbBands));
    filter->SetInputs(image);
    pipeline.push_back(filter.GetPointer());
    flagged = filter->GetOutput();
  }

  // As otbcli_Superimpose: output parameters from the reference, a deformation grid of 4
  // reference pixels; outside the footprint is NaN, hence no-data.
  auto resample = NewSuperimposeFilter(flagged, reference, interpolator, NaN);
  pipeline.push_back(resample.GetPointer());
  return resample->GetOutput();
}

bool SameGrid(const FloatVectorImageType* a, const FloatVectorImageType* b)
{
  const double tolerance = 1e-6 * std::abs(a->GetSignedSpacing()[0]);
  for (unsigned int d = 0; d < 2; ++d)
    if (std::abs(a->GetOrigin()[d] - b->GetOrigin()[d]) > tolerance || std::abs(a->GetSignedSpacing()[d] - b->GetSignedSpacing()[d]) > tolerance)
      return false;
  return a->GetLargestPossibleRegion() == b->GetLargestPossibleRegion() && a->GetProjectionRef() == b->GetProjectionRef();
}

void CheckOverlap(const FloatVectorImageType* image, const std::string& imageParameter, const FloatVectorImageType* reference,
                  const std::string& referenceParameter)
{
  using TransformType = otb::GenericRSTransform<double, 2, 2>;
  auto transform      = TransformType::New();
  transform->SetInputProjectionRef(image->GetProjectionRef());
  transform->SetOutputProjectionRef(reference->GetProjectionRef());
  try
  {
    transform->InstantiateTransform();
  }
  catch (const std::exception& error)
  {
    throw InputError(imageParameter + ": cannot reproject it into the CRS of " + referenceParameter + " (" + error.what() + ")");
  }

  // The footprint's border, reprojected point by point (a reprojected rectangle is curved).
  const auto            source = Extent(image);
  std::array<double, 4> footprint{
      {std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()}};
  const int steps = 16;
  for (int i = 0; i <= steps; ++i)
    for (int edge = 0; edge < 4; ++edge)
    {
      const double                  t = static_cast<double>(i) / steps;
      TransformType::InputPointType point;
      point[0]             = edge < 2 ? source[0] + t * (source[1] - source[0]) : source[edge - 2];
      point[1]             = edge < 2 ? source[2 + edge] : source[2] + t * (source[3] - source[2]);
      const auto projected = transform->TransformPoint(point);
      if (!std::isfinite(projected[0]) || !std::isfinite(projected[1]))
        continue;
      footprint[0] = std::min(footprint[0], projected[0]);
      footprint[1] = std::max(footprint[1], projected[0]);
      footprint[2] = std::min(footprint[2], projected[1]);
      footprint[3] = std::max(footprint[3], projected[1]);
    }
  const auto target = Extent(reference);
  if (!(footprint[0] < target[1] && target[0] < footprint[1] && footprint[2] < target[3] && target[2] < footprint[3]))
    throw InputError(imageParameter + ": does not overlap " + referenceParameter + " (" + imageParameter + " covers " + Describe(footprint) + ", " +
                     referenceParameter + " covers " + Describe(target) + " in the CRS of " + referenceParameter + ")");
}

void CheckResamplable(const FloatVectorImageType* image, const std::string& imageParameter, const FloatVectorImageType* reference,
                      const std::string& referenceParameter)
{
  // Without a CRS, an image cannot be placed on the other one's grid.
  for (const auto* which : {image, reference})
    if (which->GetProjectionRef().empty())
      throw InputError((which == image ? imageParameter : referenceParameter) + ": the image has no coordinate reference system, and its grid is not " +
                       "the one of " + (which == image ? referenceParameter : imageParameter) + ": it cannot be resampled onto it (georeference it)");
  CheckOverlap(image, imageParameter, reference, referenceParameter);
}

} // namespace Imclass
} // namespace otb
