/*
 * ImCLASS — builds the streamed ITK pipeline of a mono-date feature stack from a recipe.
 *
 * One builder serves ImclassFeatures, both dates of ImclassChangeFeatures and, later, the fused
 * mode of ImclassPredict: the recipe (a few strings and numbers) is all that is needed to rebuild
 * the same features, and it is what a model will record.
 */
#ifndef otbImclassFeatureStackBuilder_h
#define otbImclassFeatureStackBuilder_h

#include "OTBImclassExport.h"
#include "otbImclassNoData.h"

#include "itkObject.h"
#include "otbImage.h"
#include "otbVectorImage.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

using FloatVectorImageType = otb::VectorImage<float, 2>;
using FloatImageType       = otb::Image<float, 2>;
using MaskImageType        = otb::Image<unsigned char, 2>;

/** What a mono-date feature stack is made of. */
struct OTBImclass_EXPORT FeatureRecipe
{
  std::vector<std::string> bandNames;               // canonical name of each input band
  std::vector<std::string> indices;                 // catalogue indices, in output order
  std::string              texture = "simple";      // none | simple | advanced | all
  std::string              textureBand = "nir";     // canonical band name, or "pan"
  unsigned int             textureRadius = 2;
  unsigned int             textureBins   = 16;
  int                      textureOffsetX = 1;      // co-occurrence offset, as OTB's default
  int                      textureOffsetY = 1;
  bool                     textureRangeGiven = false;
  double                   textureMin = 0.0;
  double                   textureMax = 0.0;
  bool                     withPan = false;         // VHR mode: a pan band is appended (b_pan)
  std::string              prefix;                  // "" for one date, "pre_" / "post_" for two

  /** Names of the texture features this recipe produces, without prefix, in output order. */
  std::vector<std::string> TextureNames() const;

  /** Names of all output bands, prefixed, in output order. */
  std::vector<std::string> FeatureNames() const;

  /** Checks the recipe against the bands it will see; throws InputError naming the parameter. */
  void Check() const;

  /** One line "key=value;..." that FromString reads back (recorded in models). */
  std::string ToString() const;
  static FeatureRecipe FromString(const std::string& text);
};

/** Metadata item under which a stack records its recipe: IMCLASS_RECIPE, or IMCLASS_RECIPE_PRE /
 * IMCLASS_RECIPE_POST for the dates of a bi-date stack (prefix "pre_" / "post_"). */
OTBImclass_EXPORT std::string RecipeMetadataKey(const std::string& prefix);

/** Quantiles of one band over the whole image, streamed: the robust texture range. The band is
 * decimated so that about `maxSamples` pixels remain; no-data and NaN pixels are ignored.
 * Returns {low, high}; throws InputError if the band has no valid pixel. */
OTBImclass_EXPORT std::pair<double, double> RobustRange(FloatImageType* band, const NoDataRule& noData, unsigned int bandIndex,
                                                        double lowQuantile = 0.01, double highQuantile = 0.99,
                                                        unsigned int maxSamples = 1000000);

/** RobustRange of the recipe's texture band of `image` (its declared no-data excluded). */
OTBImclass_EXPORT std::pair<double, double> TextureBandRange(FloatVectorImageType* image, const FeatureRecipe& recipe);

/** Holds the filters of one feature pipeline (they must live as long as the output is used). */
class OTBImclass_EXPORT FeatureStackBuilder : public itk::Object
{
public:
  using Self    = FeatureStackBuilder;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(FeatureStackBuilder, itk::Object);

  /** Builds the pipeline and returns its (not yet updated) output: spectral bands and indices,
   * then the textures of recipe.textureBand (of `pan` when given). Input no-data (declared or
   * NaN) gives NoDataValue in every band. When the recipe has no texture range, the robust range
   * is computed here by one streamed pass over the texture band, and stored in `recipe`.
   * `mask` (optional, same grid, 0 = invalid) gives NoDataValue too. */
  FloatVectorImageType* Build(FloatVectorImageType* image, FeatureRecipe& recipe, FloatImageType* pan = nullptr,
                              MaskImageType* mask = nullptr);

protected:
  FeatureStackBuilder()           = default;
  ~FeatureStackBuilder() override = default;

private:
  FeatureStackBuilder(const Self&) = delete;
  void operator=(const Self&) = delete;

  /** Multispectral bands pan-sharpened onto the pan grid (OTB's RCS fusion), pan appended. */
  FloatVectorImageType* FuseOntoPan(FloatVectorImageType* image, FloatImageType* pan);

  std::vector<itk::ProcessObject::Pointer> m_Filters; // keeps the pipeline alive
};

} // namespace Imclass
} // namespace otb

#endif
