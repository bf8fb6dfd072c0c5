/*
 * ImCLASS — builds the streamed ITK pipeline of a mono-date feature stack from a recipe.
 *
 * One builder serves ImclassFeatures and both dates of ImclassChangeFeatures: the recipe (a few
 * strings and numbers, otbImclassFeatureRecipe.h) is all it needs, and the stack records it.
 */
#ifndef otbImclassFeatureStackBuilder_h
#define otbImclassFeatureStackBuilder_h

#include "OTBImclassExport.h"
#include "otbImclassFeatureRecipe.h"
#include "otbImclassImageTypes.h"
#include "otbImclassNoData.h"

#include "itkObject.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Quantiles of one band over the whole image, streamed: the robust texture range. The band is
 * decimated so that about `maxSamples` pixels remain; no-data and NaN pixels are ignored.
 * Returns {low, high}; throws InputError if the band has no valid pixel. */
OTBImclass_EXPORT std::pair<double, double> RobustRange(FloatImageType* band, const NoDataRule& noData, unsigned int bandIndex, double lowQuantile = 0.01,
                                                        double highQuantile = 0.99, unsigned int maxSamples = 1000000);

/** The band of `image` whose textures the recipe computes: the band as given, or a polarisation
 * in dB (NaN where the pixel is no-data). `filters` keeps the pipeline alive. */
OTBImclass_EXPORT FloatImageType* TextureBand(FloatVectorImageType* image, const FeatureRecipe& recipe, std::vector<itk::ProcessObject::Pointer>& filters);

/** RobustRange of the recipe's texture band of `image` (no-data excluded). */
OTBImclass_EXPORT std::pair<double, double> TextureBandRange(FloatVectorImageType* image, const FeatureRecipe& recipe);

/** Holds the filters of one feature pipeline (they must live as long as the output is used).
 * \ingroup OTBImclass */
class OTBImclass_EXPORT FeatureStackBuilder : public itk::Object
{
public:
  using Self    = FeatureStackBuilder;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(FeatureStackBuilder, itk::Object);

  /** Builds the pipeline and returns its (not yet updated) output: spectral bands and indices,
   * SAR features of the polarisations, then the textures of recipe.textureBand (of `pan` when
   * given; of a polarisation in dB). Input no-data (declared or NaN) gives NoDataValue in every
   * band; a SAR feature is NoDataValue too where its filter's window holds an invalid pixel. When
   * the recipe has no texture range, the robust range is computed here by one streamed pass over
   * the texture band, and stored in `recipe`. `mask` (optional, on the grid of `image`, 0 =
   * invalid) gives NoDataValue too. With `grid`, the image (its invalid and masked pixels NaN) is
   * first resampled onto the grid of that image with recipe.interpolator (otbImclassResample.h),
   * and the recipe records it. */
  FloatVectorImageType* Build(FloatVectorImageType* image, FeatureRecipe& recipe, FloatImageType* pan = nullptr, MaskImageType* mask = nullptr,
                              FloatVectorImageType* grid = nullptr);

protected:
  FeatureStackBuilder()           = default;
  ~FeatureStackBuilder() override = default;

private:
  FeatureStackBuilder(const Self&) = delete;
  void operator=(const Self&)      = delete;

  /** Multispectral bands pan-sharpened onto the pan grid (OTB's RCS fusion), pan appended. */
  FloatVectorImageType* FuseOntoPan(FloatVectorImageType* image, FloatImageType* pan);

  /** The SAR features of the recipe's polarisations: power (NaN where invalid or masked), OTB's
   * speckle filter on each, SarFeaturesFunctor. */
  FloatVectorImageType* SarFeatures(FloatVectorImageType* image, const FeatureRecipe& recipe, MaskImageType* mask);

  std::vector<itk::ProcessObject::Pointer> m_Filters; // keeps the pipeline alive
};

} // namespace Imclass
} // namespace otb

#endif
