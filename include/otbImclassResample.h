/*
 * ImCLASS — an image resampled onto the grid of another as otbcli_Superimpose does, inside the
 * streamed pipeline (no temporary file): the other dates of a bi-date or time-series stack, a stack
 * computed on the grid of another image (-grid) and the multispectral bands of the VHR mode;
 * whether two images share a grid, and whether one can be resampled onto the other.
 */
#ifndef otbImclassResample_h
#define otbImclassResample_h

#include "OTBImclassExport.h"
#include "otbImclassImageTypes.h"

#include "otbGenericRSResampleImageFilter.h"
#include "otbStreamingShrinkImageFilter.h"

#include <algorithm>
#include <cmath>
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

/** `image` onto the grid of `reference`, its invalid pixels (declared no-data, NaN, 0 in `mask`,
 * which is on the grid of `image`; optional) set to NaN first: NaN propagates through the
 * interpolation kernel, so a resampled pixel interpolated from any invalid pixel, or outside the
 * footprint, is NaN, hence no-data. The filters are appended to `pipeline`, which keeps them alive. */
OTBImclass_EXPORT FloatVectorImageType* ValidPixelsOntoGrid(FloatVectorImageType* image, MaskImageType* mask, const FloatVectorImageType* reference,
                                                            const std::string& interpolator, std::vector<itk::ProcessObject::Pointer>& pipeline);

/** The factor that leaves at most about `maxSamples` of the pixels of an image of `size` (every
 * factor-th pixel of every factor-th row; 1 for a smaller image): whole-image statistics from a sample. */
inline unsigned int DecimationFactor(const itk::Size<2>& size, unsigned int maxSamples)
{
  const double pixels = static_cast<double>(size[0]) * size[1];
  return static_cast<unsigned int>(std::max(1.0, std::floor(std::sqrt(pixels / maxSamples))));
}

/** `image` decimated by `factor` (one streamed pass); null for a null image. */
template <class TImage>
typename TImage::Pointer Decimated(TImage* image, unsigned int factor)
{
  if (!image)
    return nullptr;
  auto shrink = otb::StreamingShrinkImageFilter<TImage, TImage>::New();
  shrink->SetInput(image);
  shrink->SetShrinkFactor(factor);
  shrink->Update();
  return shrink->GetOutput();
}

/** True when both images have the same size, origin, spacing and projection: no resampling. */
OTBImclass_EXPORT bool SameGrid(const FloatVectorImageType* a, const FloatVectorImageType* b);

/** Throws InputError naming both parameters when the footprint of `image`, reprojected into the
 * CRS of `reference`, does not overlap the reference extent, or cannot be reprojected. */
OTBImclass_EXPORT void CheckOverlap(const FloatVectorImageType* image, const std::string& imageParameter, const FloatVectorImageType* reference,
                                    const std::string& referenceParameter);

/** Throws InputError naming the parameter of an image without CRS (it cannot be placed on the other
 * grid), then as CheckOverlap. For images whose grids differ. */
OTBImclass_EXPORT void CheckResamplable(const FloatVectorImageType* image, const std::string& imageParameter, const FloatVectorImageType* reference,
                                        const std::string& referenceParameter);

} // namespace Imclass
} // namespace otb

#endif
