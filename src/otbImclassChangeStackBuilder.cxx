#include "otbImclassChangeStackBuilder.h"

#include "otbImclassChangeFunctor.h"
#include "otbImclassGrid.h"
#include "otbImclassInputError.h"
#include "otbImclassResample.h"
#include "otbImclassStackConcatenateFilter.h"

#include "otbFunctorImageFilter.h"

#include <algorithm>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{
using ConcatenateFilter = StackConcatenateFilter<FloatVectorImageType, MaskImageType>;

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

FloatVectorImageType* ChangeStackBuilder::Build(FloatVectorImageType* pre, FloatVectorImageType* post, MaskImageType* preMask, MaskImageType* postMask,
                                                FeatureRecipe& preRecipe, FeatureRecipe& postRecipe, const ChangeOptions& options)
{
  if (options.reference != "pre" && options.reference != "post")
    throw InputError("-ref: unknown reference '" + options.reference + "' (pre, post)");
  if (!(options.logRatioEpsilon > 0))
    throw InputError("-lr.eps: must be positive");
  pre->UpdateOutputInformation();
  post->UpdateOutputInformation();
  CheckMaskGrid(preMask, "-premask", pre, "-pre");
  CheckMaskGrid(postMask, "-postmask", post, "-post");
  preRecipe.prefix  = "pre_";
  postRecipe.prefix = "post_";
  preRecipe.Check();
  postRecipe.Check();
  m_ChangeFeatures = ChangeFeatures(preRecipe, postRecipe);
  if (CommonBands(preRecipe.bandNames, postRecipe.bandNames).empty())
    throw InputError("-postbandnames: -pre and -post have no band in common (pre: " + Join(preRecipe.bandNames) + "; post: " + Join(postRecipe.bandNames) +
                     ")");

  // The other date goes onto the reference grid; its mask is folded into it on its own grid.
  const bool            postIsReference = options.reference == "post";
  FloatVectorImageType* reference       = postIsReference ? post : pre;
  FloatVectorImageType* other           = postIsReference ? pre : post;
  MaskImageType*        otherMask       = postIsReference ? preMask : postMask;
  m_Resampled                           = !SameGrid(other, reference);
  if (m_Resampled)
  {
    CheckResamplable(other, postIsReference ? "-pre" : "-post", reference, postIsReference ? "-post" : "-pre");
    other     = ValidPixelsOntoGrid(other, otherMask, reference, options.interpolator, m_Filters);
    otherMask = nullptr;
    other->UpdateOutputInformation();
  }
  FloatVectorImageType* preOnGrid      = postIsReference ? other : reference;
  FloatVectorImageType* postOnGrid     = postIsReference ? reference : other;
  MaskImageType*        preMaskOnGrid  = postIsReference ? otherMask : preMask;
  MaskImageType*        postMaskOnGrid = postIsReference ? postMask : otherMask;

  if (preRecipe.texture != TextureSet::None && !preRecipe.textureRangeGiven)
    SetTextureRanges(preOnGrid, postOnGrid, preRecipe, postRecipe, options.sharedTextureRange);

  m_PreBuilder                    = FeatureStackBuilder::New();
  m_PostBuilder                   = FeatureStackBuilder::New();
  FloatVectorImageType* preStack  = m_PreBuilder->Build(preOnGrid, preRecipe, nullptr, preMaskOnGrid);
  FloatVectorImageType* postStack = m_PostBuilder->Build(postOnGrid, postRecipe, nullptr, postMaskOnGrid);

  auto change = NewFunctorFilter(ChangeFeaturesFunctor(m_ChangeFeatures, options.logRatioEpsilon));
  change->SetInputs(preStack, postStack);
  m_Filters.push_back(change.GetPointer());

  auto concatenate = ConcatenateFilter::New();
  concatenate->PushBackStack(preStack);
  concatenate->PushBackStack(postStack);
  concatenate->PushBackStack(change->GetOutput());
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
