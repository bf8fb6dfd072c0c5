#include "otbImclassChangeCatalogue.h"
#include "otbImclassChangeFunctor.h"
#include "otbImclassFeatureCatalogue.h"
#include "otbImclassOtsuSplit.h"
#include "otbImclassTestCheck.h"
#include "otbImclassTestPixel.h"

#include <cmath>
#include <cstdlib>
#include <stdexcept>

using namespace otb::Imclass;

namespace
{
using Strings = std::vector<std::string>;

FeatureRecipe Recipe(const std::string& sensor, unsigned int nbBands, const std::string& prefix)
{
  FeatureRecipe recipe;
  recipe.bandNames = ResolveBandNames(sensor, {}, nbBands);
  recipe.indices   = DefaultIndices(recipe.bandNames);
  recipe.prefix    = prefix;
  return recipe;
}
} // namespace

int otbImclassChangeCatalogueTest(int, char*[])
{
  // Landsat-8 (7 bands) / Sentinel-2 (10 bands): matched by name, coastal and the red edge left out.
  const FeatureRecipe l8 = Recipe("l8", 7, "pre_"), s2 = Recipe("s2", 10, "post_");
  IMCLASS_CHECK(CommonBands(l8.bandNames, s2.bandNames) == Strings({"blue", "green", "red", "nir", "swir1", "swir2"}));
  const auto features = ChangeFeatures(l8, s2);
  const auto names    = ChangeFeatureNames(features);
  // 6 band differences, 9 index differences (no ndre on Landsat-8), 6 log-ratios, sam, cvm, cva, 8 textures.
  IMCLASS_CHECK(names.size() == 32u);
  IMCLASS_CHECK(names.front() == "d_b_blue" && names[6] == "d_ndvi" && names[14] == "d_brightness" && names[15] == "d_lr_blue");
  IMCLASS_CHECK(names[21] == "d_sam" && names[22] == "d_cvm" && names[23] == "d_cva" && names[24] == "d_tex_energy_nir_r2" &&
                names.back() == "d_tex_haralick_correlation_nir_r2");
  IMCLASS_CHECK(features[23].statistics.bands == Strings({"blue", "green", "red", "nir", "swir1", "swir2"}));
  // Positions point at the same feature in each date's stack (coastal shifts Landsat-8 by one).
  IMCLASS_CHECK(features[0].prePositions == std::vector<unsigned int>{1} && features[0].postPositions == std::vector<unsigned int>{0});
  IMCLASS_CHECK(l8.FeatureNames()[features[6].prePositions[0]] == "pre_ndvi" && s2.FeatureNames()[features[6].postPositions[0]] == "post_ndvi");
  IMCLASS_CHECK(features[21].prePositions.size() == 6u && s2.FeatureNames()[features[21].postPositions[3]] == "post_b_nir");

  // Textures of different settings are not compared; "other" bands are not matched.
  FeatureRecipe coarser = s2;
  coarser.textureRadius = 3;
  IMCLASS_CHECK(ChangeFeatures(l8, coarser).size() == 24u);
  IMCLASS_CHECK(CommonBands({"red", "other"}, {"other", "red"}) == Strings({"red"}));
  // d_cva leaves out the bands that see the atmosphere.
  IMCLASS_CHECK(ChangeVectorBands({"coastal", "blue", "wv", "cirrus", "swir1"}) == Strings({"coastal", "blue", "swir1"}));

  // Hand-derived values. The dates order their bands differently: pre (red, nir), post (nir, red).
  FeatureRecipe pre, post;
  pre.bandNames  = {"red", "nir"};
  post.bandNames = {"nir", "red"};
  pre.indices = post.indices = {"ndvi"};
  pre.texture = post.texture = TextureSet::None;
  pre.prefix                 = "pre_";
  post.prefix                = "post_";
  auto small           = ChangeFeatures(pre, post);
  IMCLASS_CHECK(ChangeFeatureNames(small) == Strings({"d_b_red", "d_b_nir", "d_ndvi", "d_lr_red", "d_lr_nir", "d_sam", "d_cvm", "d_cva"}));
  // d_cva's statistics (bands red, nir): the pre nir band is constant (standard deviation 0).
  ChangeVectorStatistics& statistics = small[7].statistics;
  IMCLASS_CHECK(statistics.bands == Strings({"red", "nir"}));
  statistics.preMean  = {1, 2};
  statistics.preStd   = {2, 0};
  statistics.postMean = {3, 1};
  statistics.postStd  = {1, 2};
  statistics.split    = 2;
  IMCLASS_CHECK(statistics.ToString() == "cva.bands=red,nir;cva.pre.mean=1,2;cva.pre.std=2,0;cva.post.mean=3,1;cva.post.std=1,2;cva.radius=1;cva.split=2");
  const double                     eps = 0.01;
  ChangeFeaturesFunctor            functor(small, eps);
  itk::VariableLengthVector<float> out(small.size());
  // pre: red 3, nir 4, ndvi 1/7; post: nir 3, red 4, ndvi -1/7.
  functor(out, Pixel({3, 4, 1.f / 7}), Pixel({3, 4, -1.f / 7}));
  IMCLASS_CHECK_NEAR(out[0], 1.0, 1e-6);
  IMCLASS_CHECK_NEAR(out[1], -1.0, 1e-6);
  IMCLASS_CHECK_NEAR(out[2], -2.0 / 7, 1e-6);
  IMCLASS_CHECK_NEAR(out[3], std::log(4.01 / 3.01), 1e-6);
  IMCLASS_CHECK_NEAR(out[4], std::log(3.01 / 4.01), 1e-6);
  IMCLASS_CHECK_NEAR(out[5], std::acos(24.0 / 25.0), 1e-6); // (3, 4) against (4, 3)
  IMCLASS_CHECK_NEAR(out[6], std::sqrt(2.0), 1e-6);
  // z: pre red (3 - 1) / 2 = 1, pre nir 0 (constant band), post red (4 - 3) / 1 = 1, post nir (3 - 1) / 2 = 1:
  // magnitude sqrt(0^2 + 1^2) = 1.
  IMCLASS_CHECK_NEAR(StandardisedMagnitude(small[7], Pixel({3, 4, 1.f / 7}).GetDataPointer(), Pixel({3, 4, -1.f / 7}).GetDataPointer()), 1.0, 1e-6);
  // d_cva: the smaller of that magnitude and the window's mean (third input) in units of the split
  // 2; the other features as without it; an invalid pixel stays invalid.
  itk::VariableLengthVector<float> withCva(small.size());
  ChangeFeaturesWithCvaFunctor(small, eps)(withCva, Pixel({3, 4, 1.f / 7}), Pixel({3, 4, -1.f / 7}), 1.5f);
  IMCLASS_CHECK_NEAR(withCva[7], 0.5, 1e-6);
  IMCLASS_CHECK_NEAR(withCva[6], std::sqrt(2.0), 1e-6);
  ChangeFeaturesWithCvaFunctor(small, eps)(withCva, Pixel({3, 4, 1.f / 7}), Pixel({3, 4, -1.f / 7}), 0.6f);
  IMCLASS_CHECK_NEAR(withCva[7], 0.3, 1e-6);
  ChangeFeaturesWithCvaFunctor(small, eps)(withCva, Pixel({NoDataValue, 4, 0}), Pixel({3, 4, 0}), 1.5f);
  IMCLASS_CHECK(withCva[7] == NoDataValue);
  small[7].statistics.split = 0; // no change anywhere: no unit, no change
  ChangeFeaturesWithCvaFunctor(small, eps)(withCva, Pixel({3, 4, 1.f / 7}), Pixel({3, 4, -1.f / 7}), 1.5f);
  IMCLASS_CHECK(withCva[7] == 0.f);

  // Negative values (over-corrected reflectance) count as 0 in log-ratios; an all-zero spectrum
  // has no angle; parallel spectra have angle 0, not NaN.
  functor(out, Pixel({-0.5f, 0, 0}), Pixel({2, 0, 0}));
  IMCLASS_CHECK_NEAR(out[3], std::log(eps / eps), 1e-6);
  IMCLASS_CHECK_NEAR(out[4], std::log((2 + eps) / eps), 1e-5);
  functor(out, Pixel({0, 0, 0}), Pixel({2, 1, 0}));
  IMCLASS_CHECK_NEAR(out[5], 0.0, 1e-9);
  IMCLASS_CHECK_NEAR(out[6], std::sqrt(5.0), 1e-6);
  functor(out, Pixel({0.3f, 0.7f, 0}), Pixel({1.4f, 0.6f, 0}));
  IMCLASS_CHECK_NEAR(out[5], 0.0, 1e-3);
  IMCLASS_CHECK(!std::isnan(out[5]));

  // Invalid in either date: no-data in every change feature.
  functor(out, Pixel({NoDataValue, NoDataValue, NoDataValue}), Pixel({3, 4, 0}));
  IMCLASS_CHECK(out[0] == NoDataValue && out[6] == NoDataValue);
  functor(out, Pixel({3, 4, 0}), Pixel({NoDataValue, NoDataValue, NoDataValue}));
  IMCLASS_CHECK(out[3] == NoDataValue && out[5] == NoDataValue);

  // Otsu's split, worked out by hand: {0, 1, 2, 9} cut after 1, 2, 3 values gives n0 n1 (m0 - m1)^2 =
  // 1 x 3 x 16 = 48, 2 x 2 x 25 = 100, 3 x 1 x 64 = 192: the cut between 2 and 9.
  std::vector<double> values{9, 0, 2, 1};
  IMCLASS_CHECK_NEAR(OtsuSplit(values), 5.5, 1e-12);
  values = {12, 1, 11, 2, 10, 3}; // two clusters: between them
  IMCLASS_CHECK_NEAR(OtsuSplit(values), 6.5, 1e-12);
  values = {0, 0, 1}; // one cut only, between the distinct values
  IMCLASS_CHECK_NEAR(OtsuSplit(values), 0.5, 1e-12);
  values = {5, 5, 5};
  IMCLASS_CHECK(OtsuSplit(values) == 5.);
  values = {1};
  bool refused = false;
  try
  {
    OtsuSplit(values);
  }
  catch (const std::invalid_argument&)
  {
    refused = true;
  }
  IMCLASS_CHECK(refused);
  return EXIT_SUCCESS;
}
