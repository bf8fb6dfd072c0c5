/*
 * SAR: the catalogue (presets, names, recipes, change features), the per-pixel formulas on values
 * worked out by hand, and the change features of a pair of images against OTB's own filters.
 */
#include "otbImclassChangeFunctor.h"
#include "otbImclassChangeStackBuilder.h"
#include "otbImclassFeatureCatalogue.h"
#include "otbImclassSarFunctor.h"
#include "otbImclassTestCheck.h"
#include "otbImclassTestPixel.h"

#include "itkImageRegionConstIterator.h"
#include "otbImageFileReader.h"
#include "otbLeeImageFilter.h"
#include "otbMeanRatioImageFilter.h"
#include "otbMultiToMonoChannelExtractROI.h"

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>

using namespace otb::Imclass;

namespace
{
using Strings = std::vector<std::string>;

FeatureRecipe SarRecipe(const Strings& bands, const std::string& prefix)
{
  FeatureRecipe recipe;
  recipe.bandNames   = bands;
  recipe.textureBand = DefaultTextureBand(bands, false);
  recipe.prefix      = prefix;
  return recipe;
}
} // namespace

int otbImclassSarCatalogueTest(int, char*[])
{
  // Presets: Sentinel-1 GRD names vv (vh); the generic SAR preset takes polarisations only.
  IMCLASS_CHECK(ResolveBandNames("s1", {}, 2) == Strings({"vv", "vh"}) && ResolveBandNames("s1", {}, 1) == Strings({"vv"}));
  IMCLASS_CHECK(ResolveBandNames("sar", {"hh", "hv", "vh", "vv"}, 4).size() == 4u);
  IMCLASS_CHECK(ResolveBandNames("sar", {"vv", "other"}, 2) == Strings({"vv", "other"}));
  IMCLASS_CHECK(FindSensorPreset("s1").looks == 4.4f && FindSensorPreset("sar").looks == 1.f && FindSensorPreset("s1").radar);
  IMCLASS_CHECK_THROWS(ResolveBandNames("sar", {}, 2), "-sensor: 'sar' needs -bandnames (one name per band: vv vh hh hv)");
  IMCLASS_CHECK_THROWS(ResolveBandNames("sar", {"vv", "red"}, 2), "-bandnames: 'red' is not a polarisation (-sensor sar takes vv vh hh hv or other)");
  IMCLASS_CHECK_THROWS(ResolveBandNames("s1", {}, 3), "-sensor: a Sentinel-1 GRD (sigma0) image has 1 or 2 bands, this one has 3");
  IMCLASS_CHECK(DefaultTextureBand({"vh", "vv"}, false) == "vv" && DefaultTextureBand({"hv", "hh"}, false) == "hh" &&
                DefaultTextureBand({"red", "nir", "vv"}, false) == "nir" && DefaultTextureBand({"vh"}, false) == "vh");
  IMCLASS_CHECK(ParseSpeckleFilter("gammamap") == SpeckleFilter::GammaMAP && ParseSarUnit("db") == SarUnit::Decibel);
  IMCLASS_CHECK_THROWS(ParseSpeckleFilter("median"), "-sar.filter: unknown speckle filter 'median' (none, lee, frost, gammamap, kuan)");

  // Sentinel-1: dB of each polarisation, its filtered power, the cross-ratio vh / vv, textures of vv.
  FeatureRecipe s1 = SarRecipe({"vv", "vh"}, "");
  IMCLASS_CHECK(s1.FeatureNames() == Strings({"sar_vv_db", "sar_vh_db", "sar_vv_lee_r2", "sar_vh_lee_r2", "sar_cross_ratio_vv_lee_r2", "tex_energy_vv_r2",
                                              "tex_entropy_vv_r2", "tex_correlation_vv_r2", "tex_idm_vv_r2", "tex_inertia_vv_r2", "tex_cluster_shade_vv_r2",
                                              "tex_cluster_prominence_vv_r2", "tex_haralick_correlation_vv_r2"}));
  // Quad-pol: both cross-ratios (vh / vv, hv / hh); without a filter, the raw powers'.
  FeatureRecipe quad = SarRecipe({"hh", "hv", "vh", "vv"}, "");
  quad.sarFilter     = SpeckleFilter::None;
  quad.texture       = TextureSet::None;
  IMCLASS_CHECK(quad.FeatureNames() == Strings({"sar_hh_db", "sar_hv_db", "sar_vh_db", "sar_vv_db", "sar_cross_ratio_vv", "sar_cross_ratio_hh"}));
  // A mixed image: b_ for the optical bands, sar_ for the polarisations.
  FeatureRecipe mixed = SarRecipe({"red", "nir", "vv"}, "");
  mixed.indices       = DefaultIndices(mixed.bandNames);
  mixed.texture       = TextureSet::None;
  IMCLASS_CHECK(mixed.FeatureNames() == Strings({"b_red", "b_nir", "ndvi", "savi", "sar_vv_db", "sar_vv_lee_r2"}));

  // The recipe records the SAR settings (floats to their last bit) and reads them back.
  s1.sarUnit          = SarUnit::Amplitude;
  s1.sarFilter        = SpeckleFilter::Frost;
  s1.sarRadius        = 3;
  s1.sarLooks         = 4.4f;
  s1.sarDeramp        = 0.15f;
  s1.otherGrid        = true;
  s1.interpolator     = "linear";
  const auto text     = s1.ToString();
  const auto readBack = FeatureRecipe::FromString(text);
  IMCLASS_CHECK(text.find(";sar.unit=amplitude;sar.filter=frost;sar.radius=3;sar.looks=4.4000001;sar.deramp=0.150000006;grid=other;interpolator=linear;") !=
                std::string::npos);
  IMCLASS_CHECK(readBack.sarUnit == s1.sarUnit && readBack.sarFilter == s1.sarFilter && readBack.sarRadius == 3 && readBack.sarLooks == s1.sarLooks &&
                readBack.sarDeramp == s1.sarDeramp && readBack.otherGrid && readBack.interpolator == "linear" && readBack.ToString() == text);
  // Optical recipes are written as before SAR and grids.
  IMCLASS_CHECK(SarRecipe({"red", "nir"}, "").ToString().find("sar.") == std::string::npos);
  FeatureRecipe bad = SarRecipe({"vv"}, "");
  bad.sarRadius     = 0;
  IMCLASS_CHECK_THROWS(bad.Check(), "-sar.radius: must be at least 1");

  // Formulas on values worked out by hand: 0.1 is -10 dB in power, -20 dB in amplitude; 0 is the
  // floor, -50 dB; a dB value is kept; negative power (noise subtraction) is 0.
  IMCLASS_CHECK_NEAR(SarDecibels(0.1, SarUnit::Power), -10.0, 1e-12);
  IMCLASS_CHECK_NEAR(SarDecibels(0.1, SarUnit::Amplitude), -20.0, 1e-12);
  IMCLASS_CHECK_NEAR(SarDecibels(-13.5, SarUnit::Decibel), -13.5, 0.0);
  IMCLASS_CHECK_NEAR(SarDecibels(0.0, SarUnit::Power), -50.0, 1e-12);
  IMCLASS_CHECK_NEAR(SarPower(-20.0, SarUnit::Decibel), 0.01, 1e-15);
  IMCLASS_CHECK_NEAR(SarPower(-0.002, SarUnit::Power), 0.0, 0.0);
  IMCLASS_CHECK_NEAR(PowerRatio(0.0, 0.5), 2e-5, 1e-15);

  // Features of a pixel: image vv 0.2, vh 0.05; filtered 0.1, 0.01.
  FeatureRecipe      plain = SarRecipe({"vv", "vh"}, "");
  SarFeaturesFunctor features(plain);
  IMCLASS_CHECK(features.OutputSize({{0, 0, 0}}) == 5u);
  itk::VariableLengthVector<float> out(5);
  features(out, Pixel({0.2f, 0.05f}), Pixel({0.2f, 0.05f}), Pixel({0.1f, 0.01f}));
  IMCLASS_CHECK_NEAR(out[0], 10 * std::log10(0.2), 1e-5);
  IMCLASS_CHECK_NEAR(out[1], 10 * std::log10(0.05), 1e-5);
  IMCLASS_CHECK(out[2] == 0.1f && out[3] == 0.01f);
  IMCLASS_CHECK_NEAR(out[4], 0.1, 1e-6);
  // NaN anywhere (no-data in a filter's window): no-data everywhere.
  features(out, Pixel({0.2f, 0.05f}), Pixel({0.2f, 0.05f}), Pixel({0.1f, std::nanf("")}));
  IMCLASS_CHECK(out[0] == NoDataValue && out[4] == NoDataValue);
  // Power from the unit the image gives; NaN where the pixel is no-data.
  SarPowerFunctor                  power({1}, SarUnit::Decibel, NoDataRule());
  itk::VariableLengthVector<float> powers(1);
  power(powers, Pixel({0.5f, -10.f}));
  IMCLASS_CHECK_NEAR(powers[0], 0.1, 1e-7);
  power(powers, Pixel({std::nanf(""), -10.f}));
  IMCLASS_CHECK(std::isnan(powers[0]));

  // Change features of two Sentinel-1 dates: dB differences, log-ratios, texture differences,
  // then the mean-ratios; an optical and a SAR date share none.
  FeatureRecipe pre = SarRecipe({"vv", "vh"}, "pre_"), post = SarRecipe({"vv", "vh"}, "post_");
  const auto    change = ChangeFeatures(pre, post);
  const auto    names  = ChangeFeatureNames(change);
  IMCLASS_CHECK(names.size() == 2u + 2u + 8u + 2u);
  IMCLASS_CHECK(names[0] == "d_sar_vv_db" && names[1] == "d_sar_vh_db" && names[2] == "d_sar_lr_vv_lee_r2" && names[3] == "d_sar_lr_vh_lee_r2" &&
                names[4] == "d_tex_energy_vv_r2" && names[12] == "d_sar_mr_vv_lee_r2" && names[13] == "d_sar_mr_vh_lee_r2");
  IMCLASS_CHECK(change[2].kind == ChangeKind::SarLogRatio && pre.FeatureNames()[change[2].prePositions[0]] == "pre_sar_vv_lee_r2");
  IMCLASS_CHECK(change[13].kind == ChangeKind::MeanRatio && change[13].radius == 2u && !IsPerPixel(change[13].kind));
  FeatureRecipe s2;
  s2.bandNames = ResolveBandNames("s2", {}, 10);
  s2.prefix    = "pre_";
  IMCLASS_CHECK(ChangeFeatures(s2, post).empty());
  // Dates filtered differently: the dB differences only.
  FeatureRecipe unfiltered = post;
  unfiltered.sarFilter     = SpeckleFilter::None;
  unfiltered.texture       = TextureSet::None;
  IMCLASS_CHECK(ChangeFeatureNames(ChangeFeatures(pre, unfiltered)) == Strings({"d_sar_vv_db", "d_sar_vh_db"}));
  // Log-ratio of powers 0.1 then 0.4: ln 4; of 0 then 0.01: ln(0.01 / 1e-5).
  const float prePixel[] = {0.f, 0.f, 0.1f, 0.f}, postPixel[] = {0.f, 0.f, 0.4f, 0.01f};
  IMCLASS_CHECK_NEAR(EvaluateChange(change[2], prePixel, postPixel, 1e-3), std::log(4.0), 1e-6);
  ChangeFeature vh = change[3];
  IMCLASS_CHECK_NEAR(EvaluateChange(vh, prePixel, postPixel, 1e-3), std::log(1000.0), 1e-5);
  return EXIT_SUCCESS;
}

/* usage: otbImclassSarChangeVsOtbTest PRE POST RADIUS LOOKS
 * The change features of ImclassChangeFeatures for two single-polarisation images (linear power),
 * Lee-filtered, against OTB's own filters run here: the filtered powers equal otb::LeeImageFilter's,
 * the mean-ratio equals otb::MeanRatioImageFilter's over the Lee outputs, to the last bit; the
 * log-ratio l has the sign of post - pre and exp(-|l|) = min(pre / post, post / pre) = 1 - r0, r0
 * OTB's mean-ratio over a window of one pixel.
 * Exits 77 (skipped) when an image is missing (the real ERS pair lives outside the project). */
int otbImclassSarChangeVsOtbTest(int argc, char* argv[])
{
  if (argc < 5)
    return EXIT_FAILURE;
  const std::string  prePath = argv[1], postPath = argv[2];
  const unsigned int radius = std::atoi(argv[3]);
  const float        looks  = std::atof(argv[4]);
  for (const auto& path : {prePath, postPath})
    if (!std::ifstream(path.substr(0, path.find('?'))))
    {
      std::cout << "no " << path << ": skipped" << std::endl;
      return 77;
    }

  using VectorReader = otb::ImageFileReader<FloatVectorImageType>;
  auto preReader = VectorReader::New(), postReader = VectorReader::New();
  preReader->SetFileName(prePath);
  postReader->SetFileName(postPath);
  FeatureRecipe pre = SarRecipe({"vv"}, ""), post = SarRecipe({"vv"}, "");
  for (auto* recipe : {&pre, &post})
  {
    recipe->texture   = TextureSet::None;
    recipe->sarRadius = radius;
    recipe->sarLooks  = looks;
  }
  auto builder = ChangeStackBuilder::New();
  auto stack   = builder->Build(preReader->GetOutput(), postReader->GetOutput(), nullptr, nullptr, pre, post, ChangeOptions());
  stack->Update();
  const auto names = pre.FeatureNames();

  // OTB's chain: each image's first band, Lee, mean-ratio over the radius and over one pixel.
  using ScalarReader = otb::ImageFileReader<FloatImageType>;
  using Lee          = otb::LeeImageFilter<FloatImageType, FloatImageType>;
  using MeanRatio    = otb::MeanRatioImageFilter<FloatImageType, FloatImageType, FloatImageType>;
  Lee::Pointer lee[2];
  for (int date = 0; date < 2; ++date)
  {
    auto reader = ScalarReader::New();
    reader->SetFileName(date == 0 ? prePath : postPath);
    lee[date] = Lee::New();
    lee[date]->SetInput(reader->GetOutput());
    Lee::SizeType size;
    size.Fill(radius);
    lee[date]->SetRadius(size);
    lee[date]->SetNbLooks(looks);
    lee[date]->Update();
  }
  auto ratio = MeanRatio::New(), pixelRatio = MeanRatio::New();
  for (auto& filter : {ratio, pixelRatio})
  {
    filter->SetInput1(lee[0]->GetOutput());
    filter->SetInput2(lee[1]->GetOutput());
  }
  ratio->SetRadius(radius);
  pixelRatio->SetRadius(0);
  ratio->Update();
  pixelRatio->Update();

  // Bands of the stack: pre_sar_vv_db, pre_sar_vv_lee_rR, post_ the same, d_sar_vv_db,
  // d_sar_lr_vv_lee_rR, d_sar_mr_vv_lee_rR.
  IMCLASS_CHECK(stack->GetNumberOfComponentsPerPixel() == 7u);
  itk::ImageRegionConstIterator<FloatVectorImageType> it(stack, stack->GetLargestPossibleRegion());
  itk::ImageRegionConstIterator<FloatImageType>       preLee(lee[0]->GetOutput(), stack->GetLargestPossibleRegion());
  itk::ImageRegionConstIterator<FloatImageType>       postLee(lee[1]->GetOutput(), stack->GetLargestPossibleRegion());
  itk::ImageRegionConstIterator<FloatImageType>       mr(ratio->GetOutput(), stack->GetLargestPossibleRegion());
  itk::ImageRegionConstIterator<FloatImageType>       mr0(pixelRatio->GetOutput(), stack->GetLargestPossibleRegion());
  size_t                                              pixels = 0, changed = 0;
  double                                              worstLogRatio = 0; // largest |exp(-|l|) - (1 - r0)|
  for (; !it.IsAtEnd(); ++it, ++preLee, ++postLee, ++mr, ++mr0, ++pixels)
  {
    const auto pixel = it.Get();
    IMCLASS_CHECK(pixel[1] == preLee.Get() && pixel[3] == postLee.Get());
    IMCLASS_CHECK(pixel[6] == mr.Get());
    // Where both powers are above the floor.
    if (preLee.Get() > SarPowerFloor && postLee.Get() > SarPowerFloor)
    {
      IMCLASS_CHECK((pixel[5] > 0) == (postLee.Get() > preLee.Get()));
      worstLogRatio = std::max(worstLogRatio, std::abs(std::exp(-std::abs(static_cast<double>(pixel[5]))) - (1.0 - mr0.Get())));
    }
    changed += mr.Get() > 0.5f;
  }
  std::cout << std::setprecision(2) << pixels
            << " pixels: filtered powers and mean-ratio equal OTB's Lee and MeanRatio filters bit for bit; exp(-|log-ratio|) within " << worstLogRatio
            << " of 1 - OTB's mean-ratio over one pixel; " << changed << " pixels with a mean-ratio above 0.5" << std::endl;
  IMCLASS_CHECK(worstLogRatio < 1e-6 && changed > 0);
  return EXIT_SUCCESS;
}
