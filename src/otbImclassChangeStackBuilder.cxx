#include "otbImclassChangeStackBuilder.h"

#include "otbImclassChangeFunctor.h"
#include "otbImclassGrid.h"
#include "otbImclassInputError.h"
#include "otbImclassResample.h"
#include "otbImclassStackConcatenateFilter.h"

#include "otbFunctorImageFilter.h"
#include "otbImageList.h"
#include "otbImageListToVectorImageFilter.h"
#include "otbMeanRatioImageFilter.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{
using ConcatenateFilter      = StackConcatenateFilter<FloatVectorImageType, MaskImageType>;
using PixelType              = FloatVectorImageType::PixelType;
using MeanRatioFilter        = otb::MeanRatioImageFilter<FloatImageType, FloatImageType, FloatImageType>;
using ImageListType          = otb::ImageList<FloatImageType>;
using ImageListToStackFilter = otb::ImageListToVectorImageFilter<ImageListType, FloatVectorImageType>;
constexpr float NaN          = std::numeric_limits<float>::quiet_NaN();

/** A pixel NaN in any band is NoDataValue in every band (the ImCLASS convention). */
class NoDataWhereNaN
{
public:
  NoDataWhereNaN() = default;
  explicit NoDataWhereNaN(size_t nbBands) : m_NumberOfBands(nbBands)
  {
  }
  size_t OutputSize(const std::array<size_t, 1>&) const
  {
    return m_NumberOfBands;
  }
  void operator()(PixelType& out, const PixelType& in) const
  {
    out = in;
    for (size_t b = 0; b < m_NumberOfBands; ++b)
      if (std::isnan(in[b]))
      {
        out.Fill(NoDataValue);
        return;
      }
  }

private:
  size_t m_NumberOfBands = 0;
};

std::string Join(const std::vector<std::string>& items)
{
  std::ostringstream out;
  for (size_t i = 0; i < items.size(); ++i)
    out << (i ? " " : "") << items[i];
  return out.str();
}

void CheckMaskGrid(MaskImageType* mask, const std::string& maskParameter, const FloatVectorImageType* image, const std::string& imageParameter)
{
  if (!mask)
    return;
  mask->UpdateOutputInformation();
  CheckOnGrid(mask, image, maskParameter, imageParameter);
}

} // namespace

std::string ChangeOptions::ToString() const
{
  std::ostringstream out;
  out.precision(17);
  out << "reference=" << reference << ";interpolator=" << interpolator << ";lr.eps=" << logRatioEpsilon
      << ";texture.range=" << (sharedTextureRange ? "shared" : "perdate");
  return out.str();
}

ChangeOptions ChangeOptions::FromString(const std::string& text)
{
  auto          items = RecipeItems(text, "change");
  ChangeOptions options;
  try
  {
    options.reference          = items.at("reference");
    options.interpolator       = items.at("interpolator");
    options.logRatioEpsilon    = std::stod(items.at("lr.eps"));
    options.sharedTextureRange = items.at("texture.range") == "shared";
  }
  catch (const std::logic_error&)
  {
    throw InputError("-model: the change recipe it records is incomplete or corrupt ('" + text + "')");
  }
  return options;
}

void ChangeStackBuilder::SetTextureRanges(FloatVectorImageType* pre, FloatVectorImageType* post, FeatureRecipe& preRecipe, FeatureRecipe& postRecipe,
                                          bool shared)
{
  const auto rangeOf = [](FloatVectorImageType* image, const FeatureRecipe& recipe, const std::string& parameter)
  {
    try
    {
      return TextureBandRange(image, recipe);
    }
    catch (const InputError&)
    {
      throw InputError(parameter + ": band " + recipe.textureBand + " has no valid pixel on the output grid (all no-data)");
    }
  };
  auto preRange = rangeOf(pre, preRecipe, "-pre"), postRange = rangeOf(post, postRecipe, "-post");
  if (shared)
    preRange = postRange = {std::min(preRange.first, postRange.first), std::max(preRange.second, postRange.second)};
  const auto assign = [](FeatureRecipe& recipe, const std::pair<double, double>& range)
  {
    recipe.textureRangeGiven = true;
    recipe.textureMin        = range.first;
    recipe.textureMax        = range.second;
  };
  assign(preRecipe, preRange);
  assign(postRecipe, postRange);
}

FloatVectorImageType* ChangeStackBuilder::MeanRatios(FloatVectorImageType* preStack, FloatVectorImageType* postStack,
                                                     const std::vector<ChangeFeature>& features)
{
  auto ratios = ImageListType::New();
  for (const auto& feature : features)
  {
    // The filtered power of each date, NaN where the date is invalid: the ratio of a window that
    // holds an invalid pixel is NaN, hence no-data.
    FloatImageType* power[2];
    for (int date = 0; date < 2; ++date)
    {
      const unsigned int position = date == 0 ? feature.prePositions[0] : feature.postPositions[0];
      auto               band     = NewFunctorFilter([position](const PixelType& in) { return in[position] == NoDataValue ? NaN : in[position]; });
      band->SetInputs(date == 0 ? preStack : postStack);
      m_Filters.push_back(band.GetPointer());
      power[date] = band->GetOutput();
    }
    auto ratio = MeanRatioFilter::New();
    ratio->SetInput1(power[0]);
    ratio->SetInput2(power[1]);
    ratio->SetRadius(feature.radius);
    m_Filters.push_back(ratio.GetPointer());
    ratios->PushBack(ratio->GetOutput());
  }
  auto stack = ImageListToStackFilter::New();
  stack->SetInput(ratios);
  m_Filters.push_back(stack.GetPointer());
  auto valid = NewFunctorFilter(NoDataWhereNaN(features.size()));
  valid->SetInputs(stack->GetOutput());
  m_Filters.push_back(valid.GetPointer());
  return valid->GetOutput();
}

FloatVectorImageType* ChangeStackBuilder::Build(FloatVectorImageType* pre, FloatVectorImageType* post, MaskImageType* preMask, MaskImageType* postMask,
                                                FeatureRecipe& preRecipe, FeatureRecipe& postRecipe, const ChangeOptions& options,
                                                FloatVectorImageType* grid)
{
  if (options.reference != "pre" && options.reference != "post" && options.reference != "grid")
    throw InputError("-ref: unknown reference '" + options.reference + "' (pre, post, grid)");
  if (options.reference == "grid" && !grid)
    throw InputError("-grid: the stack is on the grid of another image: give it with -grid");
  if (!(options.logRatioEpsilon > 0))
    throw InputError("-lr.eps: must be positive");
  pre->UpdateOutputInformation();
  post->UpdateOutputInformation();
  if (grid)
    grid->UpdateOutputInformation();
  CheckMaskGrid(preMask, "-premask", pre, "-pre");
  CheckMaskGrid(postMask, "-postmask", post, "-post");
  preRecipe.prefix  = "pre_";
  postRecipe.prefix = "post_";
  preRecipe.Check();
  postRecipe.Check();
  m_ChangeFeatures = ChangeFeatures(preRecipe, postRecipe);
  // An optical date and a SAR date share no band: each gives its own features. Two optical (or
  // two SAR) dates with nothing in common are a mistake in the band names.
  const bool preSar = !preRecipe.Polarisations().empty(), postSar = !postRecipe.Polarisations().empty();
  if (preSar == postSar && CommonBands(preRecipe.bandNames, postRecipe.bandNames).empty() &&
      CommonPolarisations(preRecipe.bandNames, postRecipe.bandNames).empty())
    throw InputError("-postbandnames: -pre and -post have no band in common (pre: " + Join(preRecipe.bandNames) + "; post: " + Join(postRecipe.bandNames) +
                     ")");

  // Each date off the output grid goes onto it, its mask folded into it on its own grid.
  const FloatVectorImageType* target     = options.reference == "grid" ? grid : options.reference == "post" ? post : pre;
  const std::string           targetName = "-" + options.reference;
  FloatVectorImageType*       dates[2]   = {pre, post};
  MaskImageType*              masks[2]   = {preMask, postMask};
  m_Resampled.clear();
  for (int date = 0; date < 2; ++date)
  {
    if (SameGrid(dates[date], target))
      continue;
    const std::string parameter = date == 0 ? "-pre" : "-post";
    CheckResamplable(dates[date], parameter, target, targetName);
    dates[date] = ValidPixelsOntoGrid(dates[date], masks[date], target, options.interpolator, m_Filters);
    dates[date]->UpdateOutputInformation();
    masks[date] = nullptr;
    m_Resampled.push_back(parameter);
  }

  if (preRecipe.texture != TextureSet::None && !preRecipe.textureRangeGiven)
    SetTextureRanges(dates[0], dates[1], preRecipe, postRecipe, options.sharedTextureRange && preRecipe.textureBand == postRecipe.textureBand);

  m_PreBuilder                    = FeatureStackBuilder::New();
  m_PostBuilder                   = FeatureStackBuilder::New();
  FloatVectorImageType* preStack  = m_PreBuilder->Build(dates[0], preRecipe, nullptr, masks[0]);
  FloatVectorImageType* postStack = m_PostBuilder->Build(dates[1], postRecipe, nullptr, masks[1]);

  auto concatenate = ConcatenateFilter::New();
  concatenate->PushBackStack(preStack);
  concatenate->PushBackStack(postStack);
  // The catalogue puts the mean-ratios, computed over windows by OTB's filter, last.
  std::vector<ChangeFeature> perPixel, windowed;
  for (const auto& feature : m_ChangeFeatures)
    (IsPerPixel(feature.kind) ? perPixel : windowed).push_back(feature);
  if (!perPixel.empty())
  {
    auto change = NewFunctorFilter(ChangeFeaturesFunctor(perPixel, options.logRatioEpsilon));
    change->SetInputs(preStack, postStack);
    m_Filters.push_back(change.GetPointer());
    concatenate->PushBackStack(change->GetOutput());
  }
  if (!windowed.empty())
    concatenate->PushBackStack(MeanRatios(preStack, postStack, windowed));
  std::vector<std::string> names = preRecipe.FeatureNames();
  for (const auto& list : {postRecipe.FeatureNames(), ChangeFeatureNames(m_ChangeFeatures)})
    names.insert(names.end(), list.begin(), list.end());
  concatenate->SetBandNames(names);
  concatenate->SetMetadataItem(RecipeMetadataKey(preRecipe.prefix), preRecipe.ToString());
  concatenate->SetMetadataItem(RecipeMetadataKey(postRecipe.prefix), postRecipe.ToString());
  concatenate->SetMetadataItem(ChangeRecipeKey, options.ToString());
  m_Filters.push_back(concatenate.GetPointer());
  return concatenate->GetOutput();
}

} // namespace Imclass
} // namespace otb
