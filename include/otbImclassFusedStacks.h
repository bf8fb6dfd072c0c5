/*
 * ImCLASS — the feature stacks a model was trained on, rebuilt from the raw images and the recipes
 * the model records, inside one streamed pipeline: ImclassPredict's fused mode writes no feature
 * file. Each recorded stack is rebuilt by the builder that made it (FeatureStackBuilder,
 * ChangeStackBuilder, SeriesStackBuilder, TopoStackBuilder) with the recorded settings, texture ranges included, so
 * its values are those of the written stack to the last bit. Only what the model uses is
 * computed: indices, texture sets, series variables, topographic attributes and scales it does not
 * use are left out of the rebuilt recipes.
 */
#ifndef otbImclassFusedStacks_h
#define otbImclassFusedStacks_h

#include "OTBImclassExport.h"
#include "otbImclassChangeStackBuilder.h"
#include "otbImclassFeatureRecipe.h"
#include "otbImclassFeatureStackBuilder.h"
#include "otbImclassImageTypes.h"
#include "otbImclassSeriesStackBuilder.h"
#include "otbImclassTopoCatalogue.h"
#include "otbImclassTopoStackBuilder.h"

#include "itkObject.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** The raw inputs of the fused mode (null or empty: not given). */
struct RawInputs
{
  FloatVectorImageType*              image = nullptr;                // -in (mono-date)
  FloatImageType*                    pan   = nullptr;                // -pan
  MaskImageType*                     mask  = nullptr;                // -mask, on the grid of -in (or -pan)
  FloatVectorImageType *             pre = nullptr, *post = nullptr; // -pre, -post (bi-date)
  MaskImageType *                    preMask = nullptr, *postMask = nullptr;
  std::vector<FloatVectorImageType*> series;         // -series (time series), in date order
  std::vector<std::string>           seriesPaths;    // their files
  std::vector<MaskImageType*>        seriesMasks;    // -masks, one per date
  FloatVectorImageType*              grid = nullptr; // -grid: the image stacks made with -grid are on
  FloatImageType*                    dem  = nullptr; // -dem
  std::string                        demDirectory;   // -elev.dem
  ElevationReference                 heights;        // -elev.geoid, -elev.default
};

/** One stack as the model records it: the recipes under their metadata keys. */
struct RecordedStack
{
  std::map<std::string, std::string> recipes; // IMCLASS_RECIPE*, key -> recipe text
};

/** The stacks of a model's recorded recipes ("stack <n>: <key>=<recipe>" lines), in stack
 * order. Throws InputError("-model: ...") when a line is not one. */
OTBImclass_EXPORT std::vector<RecordedStack> RecordedStacks(const std::string& featureRecipes);

/** A recipe file: what a feature application records in the stack it would write ("<key>=<recipe>"
 * lines, otbImclassFeatureRecipe.h), without the stack. ImclassTrain builds the stack in memory
 * from it and the raw images. Throws InputError naming `parameter` when it cannot be written. */
OTBImclass_EXPORT void WriteRecipeFile(const std::string& path, const std::vector<std::string>& recipes, const std::string& parameter);

/** The stack of a recipe file. Throws InputError naming `parameter` for a file that is not one. */
OTBImclass_EXPORT RecordedStack ReadRecipeFile(const std::string& path, const std::string& parameter);

/** The recipe reduced to what produces one of `used` (feature names): the indices used, and a
 * texture set only when one of its features is; `dates` are the feature-name prefixes that use
 * the recipe's computations ("pre_" and "d_" for the pre date of a bi-date stack). */
OTBImclass_EXPORT FeatureRecipe RecipeFor(const FeatureRecipe& recipe, const std::vector<std::string>& used, const std::vector<std::string>& prefixes);

/** The series recipe reduced to the bands and indices with a feature in `used`. */
OTBImclass_EXPORT SeriesRecipe SeriesRecipeFor(const SeriesRecipe& recipe, const std::vector<std::string>& used);

/** The topographic recipe reduced to the attributes and scales of `used`. */
OTBImclass_EXPORT TopoRecipe TopoRecipeFor(const TopoRecipe& recipe, const std::vector<std::string>& used);

/** Holds the rebuilt pipelines (they must live as long as their outputs are used).
 * \ingroup OTBImclass */
class OTBImclass_EXPORT FusedStackBuilder : public itk::Object
{
public:
  using Self    = FusedStackBuilder;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(FusedStackBuilder, itk::Object);

  /** The stacks of `recorded`, from `inputs`, computing only what produces one of `used` (every
   * feature when `used` is empty). A stack made on the grid of another image (-grid) is rebuilt on
   * inputs.grid, or else on the grid of the stacks made on their own image's grid (a series: its
   * reference date's). The stacks come
   * in the model's order (the features in the order of the stacks it was trained on). Throws
   * InputError naming the input a stack needs and that was not given (-in, -pan, -pre, -post,
   * -series, -dem), or the recipe of the model that cannot be read. */
  std::vector<FloatVectorImageType*> Build(const std::vector<RecordedStack>& recorded, const RawInputs& inputs, const std::vector<std::string>& used);

protected:
  FusedStackBuilder()           = default;
  ~FusedStackBuilder() override = default;

private:
  FusedStackBuilder(const Self&) = delete;
  void operator=(const Self&)    = delete;

  std::vector<itk::Object::Pointer> m_Builders; // keep the pipelines alive
};

} // namespace Imclass
} // namespace otb

#endif
