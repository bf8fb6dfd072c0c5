#include "otbImclassResample.h"

#include "otbImclassInputError.h"

#include "itkLinearInterpolateImageFunction.h"
#include "itkNearestNeighborInterpolateImageFunction.h"
#include "otbBCOInterpolateImageFunction.h"

namespace otb
{
namespace Imclass
{

namespace
{
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

} // namespace Imclass
} // namespace otb
