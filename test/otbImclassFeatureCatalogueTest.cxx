#include "otbImclassFeatureCatalogue.h"
#include "otbImclassFeatureRecipe.h"
#include "otbImclassSpectralFunctor.h"
#include "otbImclassTestCheck.h"

#include <cstdlib>

using namespace otb::Imclass;

namespace
{
using Strings = std::vector<std::string>;

float Index(const std::string& name, std::vector<double> values)
{
  return EvaluateIndex(FindIndex(name).id, values.data());
}
} // namespace

int otbImclassFeatureCatalogueTest(int, char*[])
{
  // Presets name bands from the band count.
  const Strings s2 = ResolveBandNames("s2", {}, 10);
  IMCLASS_CHECK(s2 == Strings({"blue", "green", "red", "re1", "re2", "re3", "nir", "nir2", "swir1", "swir2"}));
  IMCLASS_CHECK(ResolveBandNames("s2", {}, 13).at(10) == "cirrus");
  IMCLASS_CHECK(ResolveBandNames("l8", {}, 7).front() == "coastal");
  IMCLASS_CHECK(ResolveBandNames("l57", {}, 6).back() == "swir2");
  IMCLASS_CHECK(ResolveBandNames("pleiades", {}, 4) == Strings({"blue", "green", "red", "nir"}));
  IMCLASS_CHECK(ResolveBandNames("generic", {"red", "nir"}, 2) == Strings({"red", "nir"}));

  // Bad input: one message naming the parameter and the problem.
  IMCLASS_CHECK_THROWS(ResolveBandNames("s2", {}, 5), "-sensor: a Sentinel-2 MSI image has 4 or 10 or 12 or 13 bands, this one has 5");
  IMCLASS_CHECK_THROWS(ResolveBandNames("generic", {}, 3), "-sensor: 'generic' needs -bandnames");
  IMCLASS_CHECK_THROWS(ResolveBandNames("modis", {}, 3), "-sensor: unknown sensor 'modis'");
  IMCLASS_CHECK_THROWS(ResolveBandNames("s2", {"red", "nir"}, 3), "-bandnames: 2 names given for an image of 3 bands");
  IMCLASS_CHECK_THROWS(ResolveBandNames("s2", {"red", "NIR"}, 2), "-bandnames: unknown band name 'NIR'");
  IMCLASS_CHECK_THROWS(ResolveBandNames("s2", {"red", "red"}, 2), "-bandnames: band name 'red' given twice");
  IMCLASS_CHECK_THROWS(CheckIndices({"ndbi"}, {"blue", "green", "red", "nir"}), "-indices: ndbi needs band swir1");
  IMCLASS_CHECK_THROWS(CheckIndices({"evi"}, s2), "-indices: unknown index 'evi'");
  IMCLASS_CHECK_THROWS(CheckIndices({"ndvi", "ndvi"}, s2), "-indices: index 'ndvi' given twice");

  // Default index sets follow the bands: 10 for Sentinel-2, 9 for Landsat (no red edge), 4 for VHR.
  IMCLASS_CHECK(DefaultIndices(s2).size() == 10);
  IMCLASS_CHECK(DefaultIndices(ResolveBandNames("l8", {}, 7)).size() == 9);
  IMCLASS_CHECK(DefaultIndices(ResolveBandNames("spot67", {}, 4)) == Strings({"ndvi", "savi", "ndwi", "brightness"}));

  // Formulas on values worked out by hand.
  IMCLASS_CHECK_NEAR(Index("ndvi", {0.1, 0.5}), 0.4 / 0.6, 1e-6);                        // red, nir
  IMCLASS_CHECK_NEAR(Index("savi", {0.1, 0.5}), 1.5 * 0.4 / 1.1, 1e-6);                  // red, nir
  IMCLASS_CHECK_NEAR(Index("ndwi", {0.2, 0.6}), -0.5, 1e-6);                             // green, nir
  IMCLASS_CHECK_NEAR(Index("mndwi", {0.3, 0.1}), 0.5, 1e-6);                             // green, swir1
  IMCLASS_CHECK_NEAR(Index("ndbi", {0.2, 0.3}), 0.2, 1e-6);                              // nir, swir1
  IMCLASS_CHECK_NEAR(Index("ndmi", {0.2, 0.3}), -0.2, 1e-6);                             // nir, swir1
  IMCLASS_CHECK_NEAR(Index("nbr", {0.4, 0.1}), 0.6, 1e-6);                               // nir, swir2
  IMCLASS_CHECK_NEAR(Index("bsi", {0.1, 0.2, 0.3, 0.4}), (0.6 - 0.4) / 1.0, 1e-6);       // blue, red, nir, swir1
  IMCLASS_CHECK_NEAR(Index("brightness", {3.0, 4.0, 5.0}), std::sqrt(50.0 / 3.0), 1e-5); // green, red, nir
  IMCLASS_CHECK_NEAR(Index("ndre", {0.2, 0.6}), 0.5, 1e-6);                              // re1, nir
  IMCLASS_CHECK_NEAR(Index("ndvi", {0.0, 0.0}), 0.0, 0.0);                               // vanishing sum: 0, as OTB

  // Feature names are the strings written into files and models.
  FeatureRecipe recipe;
  recipe.bandNames    = {"green", "red", "nir"};
  recipe.indices      = {"ndvi"};
  recipe.texture      = TextureSet::Simple;
  recipe.prefix       = "post_";
  const Strings names = recipe.FeatureNames();
  IMCLASS_CHECK(names.size() == 3 + 1 + 8);
  IMCLASS_CHECK(names[0] == "post_b_green" && names[3] == "post_ndvi" && names[5] == "post_tex_entropy_nir_r2");
  recipe.texture = TextureSet::All;
  IMCLASS_CHECK(recipe.TextureNames().size() == 18 && recipe.TextureNames()[8] == "mean");

  // The text form of a recipe, which stacks record and models copy: every setting, ranges to full
  // precision.
  recipe.textureMin = 12.5;
  recipe.textureMax = 1234.0625;
  IMCLASS_CHECK(recipe.ToString() ==
                "bands=green,red,nir;indices=ndvi;texture=all;texture.band=nir;texture.radius=2;texture.bins=16;"
                "texture.offset=1,1;texture.min=12.5;texture.max=1234.0625;pan=0;prefix=post_");
  IMCLASS_CHECK(RecipeMetadataKey("post_") == "IMCLASS_RECIPE_post" && RecipeMetadataKey("") == "IMCLASS_RECIPE");

  // Texture sets by name (-texture), both ways.
  for (const auto set : {TextureSet::None, TextureSet::Simple, TextureSet::Advanced, TextureSet::All})
    IMCLASS_CHECK(ParseTextureSet(TextureSetName(set)) == set);
  IMCLASS_CHECK_THROWS(ParseTextureSet("haralick"), "-texture: unknown texture set 'haralick' (none, simple, advanced, all)");

  recipe.texture     = TextureSet::Simple;
  recipe.textureBand = "swir1";
  IMCLASS_CHECK_THROWS(recipe.Check(), "-tex.band: the image has no band 'swir1'");
  return EXIT_SUCCESS;
}
