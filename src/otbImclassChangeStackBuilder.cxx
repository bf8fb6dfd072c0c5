#include "otbImclassChangeStackBuilder.h"

#include "otbImclassChangeFunctor.h"
#include "otbImclassGrid.h"
#include "otbImclassInputError.h"
#include "otbImclassOtsuSplit.h"
#include "otbImclassResample.h"
#include "otbImclassStackConcatenateFilter.h"

#include "otbFunctorImageFilter.h"
#include "otbStreamingShrinkImageFilter.h"

#include "itkImageRegionConstIterator.h"


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

/** `image` decimated by `factor` (one streamed pass); null for a null image. */
template <class TImage>
typename TImage::Pointer Decimated(TImage* image, unsigned int factor)
{
  if (!image)
    return nullptr;
  auto shrink = otb::StreamingShrinkImageFilter<TImage, TImage>::New();
  shrink->SetInput(image);
  shrink->SetShrinkFactor(factor);
  shrink->Update();
  return shrink->GetOutput();
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

void ChangeStackBuilder::MeasureChangeVector(FloatVectorImageType* pre, FloatVectorImageType* post, MaskImageType* preMask, MaskImageType* postMask,
                                             ChangeFeature& feature, unsigned int maxSamples)
{
  // Both dates are on the output grid; a date's first bands are its b_<band> features, so the
  // feature's stack positions are also band positions in the images.
  const auto         size    = post->GetLargestPossibleRegion().GetSize();
  const double       pixels  = static_cast<double>(size[0]) * size[1];
  const unsigned int factor  = static_cast<unsigned int>(std::max(1.0, std::floor(std::sqrt(pixels / maxSamples))));
  const auto         preLow  = Decimated(pre, factor);
  const auto         postLow = Decimated(post, factor);
  const auto         preMaskLow = Decimated(preMask, factor), postMaskLow = Decimated(postMask, factor);
  const NoDataRule   preRule(pre->GetImageMetadata()), postRule(post->GetImageMetadata());

  // The pixels valid in both dates, as (pre, post) pointers into the decimated images.
  std::vector<std::pair<const float*, const float*>> samples;
  const auto                                         region = postLow->GetLargestPossibleRegion();
  itk::ImageRegionConstIterator<FloatVectorImageType> preIt(preLow, region), postIt(postLow, region);
  for (; !postIt.IsAtEnd(); ++preIt, ++postIt)
  {
    const auto& index = postIt.GetIndex();
    if (preRule.IsNoData(preIt.Get()) || postRule.IsNoData(postIt.Get()) || (preMaskLow && preMaskLow->GetPixel(index) == 0) ||
        (postMaskLow && postMaskLow->GetPixel(index) == 0))
      continue;
    samples.emplace_back(preLow->GetBufferPointer() + preLow->ComputeOffset(index) * preLow->GetNumberOfComponentsPerPixel(),
                         postLow->GetBufferPointer() + postLow->ComputeOffset(index) * postLow->GetNumberOfComponentsPerPixel());
  }
  if (samples.size() < 2)
    throw InputError("-pre: fewer than two pixels are valid in both dates (d_cva needs the statistics of the image)");

  // Mean and standard deviation of each band of each date (Welford's running moments).
  ChangeVectorStatistics& statistics = feature.statistics;
  const size_t            nbBands    = feature.prePositions.size();
  const auto moments = [&](bool ofPre, std::vector<double>& mean, std::vector<double>& deviation)
  {
    mean.assign(nbBands, 0.0);
    std::vector<double> squares(nbBands, 0.0);
    for (size_t n = 0; n < samples.size(); ++n)
      for (size_t k = 0; k < nbBands; ++k)
      {
        const double value = ofPre ? samples[n].first[feature.prePositions[k]] : samples[n].second[feature.postPositions[k]];
        const double delta = value - mean[k];
        mean[k] += delta / (n + 1);
        squares[k] += delta * (value - mean[k]);
      }
    deviation.resize(nbBands);
    for (size_t k = 0; k < nbBands; ++k)
      deviation[k] = std::sqrt(squares[k] / samples.size());
  };
  moments(true, statistics.preMean, statistics.preStd);
  moments(false, statistics.postMean, statistics.postStd);

  std::vector<double> magnitudes;
  magnitudes.reserve(samples.size());
  for (const auto& sample : samples)
    magnitudes.push_back(StandardisedMagnitude(feature, sample.first, sample.second));
  statistics.split = OtsuSplit(magnitudes);
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

  std::string changeVector;
  for (auto& feature : m_ChangeFeatures)
    if (feature.kind == ChangeKind::StandardisedChangeVector)
    {
      MeasureChangeVector(preOnGrid, postOnGrid, preMaskOnGrid, postMaskOnGrid, feature);
      changeVector = ";" + feature.statistics.ToString();
    }

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
  concatenate->SetMetadataItem(ChangeRecipeKey, options.ToString() + changeVector);
  m_Filters.push_back(concatenate.GetPointer());
  return concatenate->GetOutput();
}

} // namespace Imclass
} // namespace otb
