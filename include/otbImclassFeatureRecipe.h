/*
 * ImCLASS — the recipe of a mono-date feature stack (bands, indices, SAR features, textures and
 * their settings, the grid it is on) and how a stack records it in its metadata. A recipe is all a pipeline builder needs to rebuild
 * the same features; ImclassTrain copies the recipes of its stacks into the model.
 */
#ifndef otbImclassFeatureRecipe_h
#define otbImclassFeatureRecipe_h

#include "OTBImclassExport.h"
#include "otbImclassFeatureCatalogue.h"

#include "otbImageMetadata.h"

#include <map>
#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** What a mono-date feature stack is made of. \ingroup OTBImclass */
struct OTBImclass_EXPORT FeatureRecipe
{
  std::vector<std::string> bandNames; // canonical name of each input band
  std::vector<std::string> indices;   // catalogue indices, in output order
  TextureSet               texture           = TextureSet::Simple;
  std::string              textureBand       = "nir"; // canonical band name, or "pan"
  unsigned int             textureRadius     = 2;
  unsigned int             textureBins       = 16;
  int                      textureOffsetX    = 1; // co-occurrence offset, as OTB's default
  int                      textureOffsetY    = 1;
  bool                     textureRangeGiven = false;
  double                   textureMin        = 0.0;
  double                   textureMax        = 0.0;
  bool                     withPan           = false; // VHR mode: a pan band is appended (b_pan)
  // SAR bands (polarisations): how their values are given, the speckle filter and its settings.
  SarUnit       sarUnit   = SarUnit::Power;
  SpeckleFilter sarFilter = SpeckleFilter::Lee;
  unsigned int  sarRadius = 2;   // window radius of the filter and of the mean-ratio
  // Single precision, as otbcli_Despeckle reads them: the same filter to the last bit.
  float sarLooks  = 1.f;  // equivalent number of looks (Lee, Gamma-MAP, Kuan)
  float sarDeramp = 0.1f; // damping factor (Frost)
  // A mono-date stack resampled onto the grid of another image (-grid), with this interpolator.
  bool        otherGrid    = false;
  std::string interpolator = "bco";
  std::string prefix; // "" for one date, "pre_" / "post_" for two

  /** The polarisations among the bands, in file order (their values are SAR backscatter). */
  std::vector<std::string> Polarisations() const;

  /** Names of the SAR features, without prefix, in output order: sar_<pol>_db of each
   * polarisation, sar_<pol>_<filter>_r<radius> of each (with a filter), then the cross-ratios
   * sar_cross_ratio_vv / _hh (with the filter's suffix) where both polarisations are there. */
  std::vector<std::string> SarFeatureNames() const;

  /** Names of the texture features this recipe produces, without prefix, in output order. */
  std::vector<std::string> TextureNames() const;

  /** Names of all output bands, prefixed, in output order: b_<band> of the bands that are not
   * polarisations (and b_pan), indices, SAR features, textures. */
  std::vector<std::string> FeatureNames() const;

  /** Checks the recipe against the bands it will see; throws InputError naming the parameter. */
  void Check() const;

  /** One line "key=value;..." (the metadata item of the stack, copied into models). */
  std::string ToString() const;
  /** The recipe of ToString, with its texture range given. Throws InputError("-model: ...") for a
   * text that is not one. */
  static FeatureRecipe FromString(const std::string& text);
};

/** Metadata item under which a stack records its recipe: IMCLASS_RECIPE, or IMCLASS_RECIPE_pre /
 * IMCLASS_RECIPE_post for the dates of a bi-date stack (prefix "pre_" / "post_"). A bi-date stack
 * also records how its dates were put together (ChangeRecipeKey), a topographic stack its
 * attributes and scales (TopoRecipeKey). */
OTBImclass_EXPORT std::string RecipeMetadataKey(const std::string& prefix);
constexpr const char*         ChangeRecipeKey = "IMCLASS_RECIPE_change";
constexpr const char*         TopoRecipeKey   = "IMCLASS_RECIPE_topo";

/** The recipes recorded in an image's metadata, "<key>=<recipe>" each, in key order. */
OTBImclass_EXPORT std::vector<std::string> RecordedRecipes(const ImageMetadata& metadata);

/** The items of a recipe text "key=value;key=value;..."; throws InputError("-model: ...") naming
 * `what` when an item has no '='. */
OTBImclass_EXPORT std::map<std::string, std::string> RecipeItems(const std::string& text, const std::string& what);

/** The items of a list "a,b,c" (empty items dropped). */
OTBImclass_EXPORT std::vector<std::string> RecipeList(const std::string& text);

} // namespace Imclass
} // namespace otb

#endif
