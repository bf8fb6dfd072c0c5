/*
 * ImCLASS — a stack resampled onto the grid of another image as otbcli_Superimpose does, inside
 * the streamed pipeline (no temporary file): used for the second date of a bi-date stack and for
 * the multispectral bands of the VHR mode.
 */
#ifndef otbImclassResample_h
#define otbImclassResample_h

#include "OTBImclassExport.h"
#include "otbImclassImageTypes.h"

#include "otbGenericRSResampleImageFilter.h"

#include <string>

namespace otb
{
namespace Imclass
{

using SuperimposeFilter = otb::GenericRSResampleImageFilter<FloatVectorImageType, FloatVectorImageType>;

/** A resampler of `image` onto a grid (set by the caller or by NewSuperimposeFilter), with
 * interpolator `bco` (bicubic, radius 2), `linear` or `nn` and `padding` in every band outside
 * the image. Throws InputError naming -interpolator for an unknown interpolator. */
OTBImclass_EXPORT SuperimposeFilter::Pointer NewResampler(FloatVectorImageType* image, const std::string& interpolator, float padding);

/** `image` onto the grid (CRS, origin, spacing, size) of `reference` (an otb::Image or
 * VectorImage), with a deformation grid of 4 reference pixels. The caller keeps the filter alive. */
template <class TReference>
SuperimposeFilter::Pointer NewSuperimposeFilter(FloatVectorImageType* image, const TReference* reference, const std::string& interpolator, float padding)
{
  auto resample = NewResampler(image, interpolator, padding);
  resample->SetOutputParametersFromImage(reference);
  resample->SetDisplacementFieldSpacing(reference->GetSignedSpacing() * 4.0);
  return resample;
}

} // namespace Imclass
} // namespace otb

#endif
