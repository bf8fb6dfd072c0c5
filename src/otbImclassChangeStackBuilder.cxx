#include "otbImclassChangeStackBuilder.h"

#include "otbImclassChangeFunctor.h"
#include "otbImclassGrid.h"
#include "otbImclassInputError.h"
#include "otbImclassOtsuSplit.h"
#include "otbImclassResample.h"
#include "otbImclassStackConcatenateFilter.h"

#include "otbFunctorImageFilter.h"
#include "otbImageList.h"
#include "otbImageListToVectorImageFilter.h"
#include "otbMeanRatioImageFilter.h"

#include "itkImageRegionConstIterator.h"
#include "itkMeanImageFilter.h"

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
using WindowMeanFilter       = itk::MeanImageFilter<FloatImageType, FloatImageType>;
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

FloatImageType* ChangeStackBuilder::MeasureChangeVector(FloatVectorImageType* pre, FloatVectorImageType* post, MaskImageType* preMask, MaskImageType* postMask,
                                                        ChangeFeature& feature, unsigned int maxSamples)
{
  // Both dates are on the output grid; a date's first bands are its b_<band> features, so the
  // feature's stack positions are also band positions in the images.
  const unsigned int factor  = DecimationFactor(post->GetLargestPossibleRegion().GetSize(), maxSamples);
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

  // The magnitude at every pixel of the grid (NaN where a date is invalid or masked), its mean
  // over each pixel's window, and Otsu's split of that mean over the same decimation.
  auto magnitude = NewFunctorFilter(MagnitudeFunctor(feature, preRule, postRule));
  magnitude->SetInputs(pre, post);
  m_Filters.push_back(magnitude.GetPointer());
  FloatImageType* valid = magnitude->GetOutput();
  for (MaskImageType* mask : {preMask, postMask})
    if (mask)
    {
      auto masked = NewFunctorFilter([](float value, unsigned char keep) { return keep ? value : NaN; });
      masked->SetInputs(valid, mask);
      m_Filters.push_back(masked.GetPointer());
      valid = masked->GetOutput();
    }
  // The mean over the window's valid pixels: the window means of (magnitude, 0 where invalid) and
  // of the validity (ITK's mean filter, the image replicated past its border), divided.
  FloatImageType* windowMeans[2];
  for (int weighted = 0; weighted < 2; ++weighted)
  {
    auto values = NewFunctorFilter([weighted](float value) { return std::isnan(value) ? 0.f : weighted ? 1.f : value; });
    values->SetInputs(valid);
    auto window = WindowMeanFilter::New();
    window->SetInput(values->GetOutput());
    window->SetRadius(statistics.radius);
    m_Filters.push_back(values.GetPointer());
    m_Filters.push_back(window.GetPointer());
    windowMeans[weighted] = window->GetOutput();
  }
  auto mean = NewFunctorFilter([](float centre, float sum, float count) { return std::isnan(centre) ? NaN : sum / count; });
  mean->SetInputs(valid, windowMeans[0], windowMeans[1]);
  m_Filters.push_back(mean.GetPointer());

  const auto          meanLow = Decimated(mean->GetOutput(), factor);
  std::vector<double> magnitudes;
  magnitudes.reserve(samples.size());
  for (itk::ImageRegionConstIterator<FloatImageType> it(meanLow, meanLow->GetLargestPossibleRegion()); !it.IsAtEnd(); ++it)
    if (!std::isnan(it.Get()))
      magnitudes.push_back(it.Get());
  statistics.split = OtsuSplit(magnitudes);
  return mean->GetOutput();
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
    throw InputError("-postbandnames: -pre and -post have no band in common (pre: " + JoinNames(preRecipe.bandNames) + "; post: " + JoinNames(postRecipe.bandNames) +
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

  std::string     changeVector;
  FloatImageType* meanMagnitude = nullptr;
  for (auto& feature : m_ChangeFeatures)
    if (feature.kind == ChangeKind::StandardisedChangeVector)
    {
      meanMagnitude = MeasureChangeVector(dates[0], dates[1], masks[0], masks[1], feature);
      changeVector  = ";" + feature.statistics.ToString();
    }

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
  if (meanMagnitude) // d_cva is per pixel: perPixel holds it
  {
    auto change = NewFunctorFilter(ChangeFeaturesWithCvaFunctor(perPixel, options.logRatioEpsilon));
    change->SetInputs(preStack, postStack, meanMagnitude);
    m_Filters.push_back(change.GetPointer());
    concatenate->PushBackStack(change->GetOutput());
  }
  else if (!perPixel.empty())
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
  concatenate->SetMetadataItem(ChangeRecipeKey, options.ToString() + changeVector);
  m_Filters.push_back(concatenate.GetPointer());
  return concatenate->GetOutput();
}

} // namespace Imclass
} // namespace otb
