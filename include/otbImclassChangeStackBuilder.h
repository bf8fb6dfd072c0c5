/*
 * ImCLASS — builds the streamed pipeline of a bi-date feature stack: both dates on the grid of
 * the reference date, the mono-date features of each (FeatureStackBuilder, prefixes pre_ and
 * post_), then the change features of otbImclassChangeCatalogue.h.
 *
 * A date off the output grid (the grid of one date, or of another image) is resampled onto it
 * inside the pipeline by OTB's GenericRSResampleImageFilter (as otbcli_Superimpose does: any CRS,
 * resolution or extent; otbImclassResample.h), so no temporary file is written; a resampled pixel
 * is valid only when every input pixel it was interpolated from is valid (ValidPixelsOntoGrid).
 *
 * d_cva needs statistics of the whole image (each band's mean and deviation per date, the Otsu
 * split of the magnitude): they are measured by one decimated pass before the pipeline is built,
 * as the texture range is, and recorded in the stack's change recipe (metadata item ChangeRecipeKey).
 */
#ifndef otbImclassChangeStackBuilder_h
#define otbImclassChangeStackBuilder_h

#include "OTBImclassExport.h"
#include "otbImclassChangeCatalogue.h"
#include "otbImclassFeatureStackBuilder.h"
#include "otbImclassResample.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** How the two dates are put together.
 * \ingroup OTBImclass */
struct OTBImclass_EXPORT ChangeOptions
{
  std::string reference          = "post"; // pre | post | grid (another image, -grid): whose grid is the output grid
  std::string interpolator       = "bco";  // bco (bicubic, radius 2) | linear | nn: resampling of the other date
  double      logRatioEpsilon    = 1e-3;
  bool        sharedTextureRange = true; // one texture quantization for both dates (when not given)

  /** "key=value;..." recorded in the output metadata (item ChangeRecipeKey). */
  std::string ToString() const;
  /** The options of ToString; throws InputError("-model: ...") for a text that is not one. */
  static ChangeOptions FromString(const std::string& text);
};

/** \ingroup OTBImclass */
class OTBImclass_EXPORT ChangeStackBuilder : public itk::Object
{
public:
  using Self    = ChangeStackBuilder;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ChangeStackBuilder, itk::Object);

  /** Builds the pipeline and returns its (not yet updated) output on the reference grid (of
   * `grid` when options.reference is "grid"): pre_ features, post_ features, change features,
   * every band named; invalid pixels (either date invalid, masked or outside the other date's
   * footprint) are NoDataValue in every band. Masks (optional, 0 = invalid) are on the grid of
   * their own date. The recipes get prefixes "pre_" / "post_" and, when they have no texture
   * range, the range used. Throws InputError. */
  FloatVectorImageType* Build(FloatVectorImageType* pre, FloatVectorImageType* post, MaskImageType* preMask, MaskImageType* postMask, FeatureRecipe& preRecipe,
                              FeatureRecipe& postRecipe, const ChangeOptions& options, FloatVectorImageType* grid = nullptr);

  /** The change features of the last Build. */
  const std::vector<ChangeFeature>& GetChangeFeatures() const
  {
    return m_ChangeFeatures;
  }

  /** The dates the last Build resampled ("-pre", "-post"). */
  const std::vector<std::string>& GetResampled() const
  {
    return m_Resampled;
  }

protected:
  ChangeStackBuilder()           = default;
  ~ChangeStackBuilder() override = default;

private:
  ChangeStackBuilder(const Self&) = delete;
  void operator=(const Self&)     = delete;

  /** The statistics of a StandardisedChangeVector feature (d_cva), from about `maxSamples` pixels
   * of the output grid valid in both dates (all of them in a smaller image): each band's mean and
   * deviation per date (one streamed pass per date and mask), then Otsu's split of the windowed
   * mean magnitude (one streamed pass over both dates). Returns the pipeline of that mean over the
   * grid (NaN where a date is invalid). Throws InputError when fewer than two pixels are valid in
   * both dates. */
  FloatImageType* MeasureChangeVector(FloatVectorImageType* pre, FloatVectorImageType* post, MaskImageType* preMask, MaskImageType* postMask,
                                      ChangeFeature& feature, unsigned int maxSamples = 250000);

  /** OTB's mean-ratio of each feature's filtered powers (MeanRatioImageFilter over its window), a
   * pixel whose window holds an invalid pixel of either date being NoDataValue. */
  FloatVectorImageType* MeanRatios(FloatVectorImageType* preStack, FloatVectorImageType* postStack, const std::vector<ChangeFeature>& features);

  /** Robust texture range of each date over the output grid (one streamed pass each); `shared`:
   * both dates get the union of the two ranges, so their grey levels mean the same values. */
  void SetTextureRanges(FloatVectorImageType* pre, FloatVectorImageType* post, FeatureRecipe& preRecipe, FeatureRecipe& postRecipe, bool shared);

  std::vector<itk::ProcessObject::Pointer> m_Filters; // keep the pipeline alive
  FeatureStackBuilder::Pointer             m_PreBuilder;
  FeatureStackBuilder::Pointer             m_PostBuilder;
  std::vector<ChangeFeature>               m_ChangeFeatures;
  std::vector<std::string>                 m_Resampled;
};

} // namespace Imclass
} // namespace otb

#endif
