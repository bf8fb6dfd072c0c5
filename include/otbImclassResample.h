/*
 * ImCLASS — a stack resampled onto the grid of another image as otbcli_Superimpose does, inside
 * the streamed pipeline (no temporary file): used for the other date of a bi-date stack, for a
 * stack computed on the grid of another image (-grid) and for the multispectral bands of the VHR
 * mode.
 */
#ifndef otbImclassResample_h
#define otbImclassResample_h

#include "OTBImclassExport.h"
#include "otbImclassImageTypes.h"

#include "otbGenericRSResampleImageFilter.h"

#include <string>
#include <vector>

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

/** True when both images have the same size, origin, spacing and projection: no resampling. */
OTBImclass_EXPORT bool SameGrid(const FloatVectorImageType* a, const FloatVectorImageType* b);

/** Throws InputError naming both parameters when the footprint of `image`, reprojected into the
 * CRS of `reference`, does not overlap the reference extent, or cannot be reprojected. */
OTBImclass_EXPORT void CheckOverlap(const FloatVectorImageType* image, const std::string& imageParameter, const FloatVectorImageType* reference,
                                    const std::string& referenceParameter);

/** Throws InputError when `image` cannot be resampled onto the grid of `reference`: either has no
 * CRS, or they do not overlap (CheckOverlap). */
OTBImclass_EXPORT void CheckResampling(const FloatVectorImageType* image, const std::string& imageParameter, const FloatVectorImageType* reference,
                                       const std::string& referenceParameter);

/** `image` on the grid of `reference`, invalid where it has no valid value: its invalid pixels
 * (declared no-data, NaN, 0 in `mask`, which is on the grid of `image`) are set to NaN before the
 * resampling, and NaN propagates through the interpolation kernel, so a resampled pixel is NaN
 * outside the footprint and wherever it was interpolated from an invalid pixel. `filters` keeps
 * the pipeline alive. */
OTBImclass_EXPORT FloatVectorImageType* OntoGrid(FloatVectorImageType* image, MaskImageType* mask, const FloatVectorImageType* reference,
                                                 const std::string& interpolator, std::vector<itk::ProcessObject::Pointer>& filters);

} // namespace Imclass
} // namespace otb

#endif
