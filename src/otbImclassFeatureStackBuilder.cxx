#include "otbImclassFeatureStackBuilder.h"

#include "otbImclassDespeckle.h"
#include "otbImclassFeatureCatalogue.h"
#include "otbImclassGrid.h"
#include "otbImclassHaralickTextureFilter.h"
#include "otbImclassInputError.h"
#include "otbImclassResample.h"
#include "otbImclassSarFunctor.h"
#include "otbImclassSpectralFunctor.h"
#include "otbImclassStackConcatenateFilter.h"

#include "otbClampImageFilter.h"
#include "otbConcatenateVectorImageFilter.h"
#include "otbFunctorImageFilter.h"
#include "otbImageList.h"
#include "otbImageListToVectorImageFilter.h"
#include "otbImageToVectorImageCastFilter.h"
#include "otbMultiToMonoChannelExtractROI.h"
#include "otbSimpleRcsPanSharpeningFusionImageFilter.h"

#include "itkImageRegionConstIterator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{
using TexturesFilter      = HaralickTextureFilter<FloatImageType, FloatVectorImageType>;
using ExtractBandFilter   = otb::MultiToMonoChannelExtractROI<float, float>;
using ClampFilter         = otb::ClampImageFilter<FloatImageType, FloatImageType>;
using ConcatenateFilter   = StackConcatenateFilter<FloatVectorImageType, MaskImageType>;
using PanSharpeningFilter = otb::SimpleRcsPanSharpeningFusionImageFilter<FloatImageType, FloatVectorImageType, FloatVectorImageType>;
using ToVectorFilter      = otb::ImageToVectorImageCastFilter<FloatImageType, FloatVectorImageType>;
using AppendBandsFilter   = otb::ConcatenateVectorImageFilter<FloatVectorImageType, FloatVectorImageType, FloatVectorImageType>;
using ImageListType       = otb::ImageList<FloatImageType>;
using BandsToStackFilter  = otb::ImageListToVectorImageFilter<ImageListType, FloatVectorImageType>;

template <class TFilter>
void ConfigureTextures(TFilter* filter, const FeatureRecipe& recipe)
{
  typename TFilter::SizeType radius;
  radius.Fill(recipe.textureRadius);
  typename TFilter::OffsetType offset;
  offset[0] = recipe.textureOffsetX;
  offset[1] = recipe.textureOffsetY;
  filter->SetRadius(radius);
  filter->SetOffset(offset);
  filter->SetNumberOfBinsPerAxis(recipe.textureBins);
  filter->SetInputImageMinimum(static_cast<float>(recipe.textureMin));
  filter->SetInputImageMaximum(static_cast<float>(recipe.textureMax));
}
} // namespace

std::pair<double, double> RobustRange(FloatImageType* band, const NoDataRule& noData, unsigned int bandIndex, double lowQuantile, double highQuantile,
                                      unsigned int maxSamples)
{
  band->UpdateOutputInformation();
  const auto sample = Decimated(band, DecimationFactor(band->GetLargestPossibleRegion().GetSize(), maxSamples));

  std::vector<float>                            values;
  itk::ImageRegionConstIterator<FloatImageType> it(sample, sample->GetLargestPossibleRegion());
  for (; !it.IsAtEnd(); ++it)
    if (!noData.IsNoDataValue(bandIndex, it.Get()))
      values.push_back(it.Get());
  if (values.empty())
    throw InputError("-in: the texture band has no valid pixel (all no-data)");
  std::sort(values.begin(), values.end());
  const auto at  = [&](double q) { return static_cast<double>(values[static_cast<size_t>(std::round(q * (values.size() - 1)))]); };
  double     low = at(lowQuantile), high = at(highQuantile);
  if (!(high > low)) // a nearly constant band: any non-empty range gives the same (flat) textures
    high = low + 1.0;
  return {low, high};
}

FloatImageType* TextureBand(FloatVectorImageType* image, const FeatureRecipe& recipe, std::vector<itk::ProcessObject::Pointer>& filters)
{
  const int band = BandPosition(recipe.bandNames, recipe.textureBand);
  if (IsPolarisation(recipe.textureBand))
  {
    auto decibels = NewFunctorFilter(SarDecibelBandFunctor(band, recipe.sarUnit, NoDataRule(image->GetImageMetadata())));
    decibels->SetInputs(image);
    filters.push_back(decibels.GetPointer());
    return decibels->GetOutput();
  }
  auto extract = ExtractBandFilter::New();
  extract->SetInput(image);
  extract->SetChannel(band + 1);
  filters.push_back(extract.GetPointer());
  return extract->GetOutput();
}

std::pair<double, double> TextureBandRange(FloatVectorImageType* image, const FeatureRecipe& recipe)
{
  std::vector<itk::ProcessObject::Pointer> filters;
  FloatImageType*                          band = TextureBand(image, recipe, filters);
  // A polarisation's dB band marks its no-data NaN; another band keeps the image's no-data value.
  if (IsPolarisation(recipe.textureBand))
    return RobustRange(band, NoDataRule(), 0);
  return RobustRange(band, NoDataRule(image->GetImageMetadata()), BandPosition(recipe.bandNames, recipe.textureBand));
}

FloatVectorImageType* FeatureStackBuilder::FuseOntoPan(FloatVectorImageType* image, FloatImageType* pan)
{
  pan->UpdateOutputInformation();
  auto resample = NewSuperimposeFilter(image, pan, "bco", 0.f);
  m_Filters.push_back(resample.GetPointer());

  auto fusion = PanSharpeningFilter::New();
  fusion->SetPanInput(pan);
  fusion->SetXsInput(resample->GetOutput());
  m_Filters.push_back(fusion.GetPointer());

  auto panAsVector = ToVectorFilter::New();
  panAsVector->SetInput(pan);
  m_Filters.push_back(panAsVector.GetPointer());
  auto append = AppendBandsFilter::New();
  append->SetInput1(fusion->GetOutput());
  append->SetInput2(panAsVector->GetOutput());
  m_Filters.push_back(append.GetPointer());
  return append->GetOutput();
}

FloatVectorImageType* FeatureStackBuilder::SarFeatures(FloatVectorImageType* image, const FeatureRecipe& recipe, MaskImageType* mask)
{
  std::vector<unsigned int> positions;
  for (const auto& polarisation : recipe.Polarisations())
    positions.push_back(static_cast<unsigned int>(BandPosition(recipe.bandNames, polarisation)));
  const SarPowerFunctor power(positions, recipe.sarUnit, NoDataRule(image->GetImageMetadata()));
  FloatVectorImageType* powers = nullptr;
  // Masked pixels are NaN before the filters too, so that no filter window reads them.
  if (mask)
  {
    auto filter = NewFunctorFilter(MaskedSarPowerFunctor(power));
    filter->SetInputs(image, mask);
    m_Filters.push_back(filter.GetPointer());
    powers = filter->GetOutput();
  }
  else
  {
    auto filter = NewFunctorFilter(power);
    filter->SetInputs(image);
    m_Filters.push_back(filter.GetPointer());
    powers = filter->GetOutput();
  }

  FloatVectorImageType* filtered = powers;
  if (recipe.sarFilter != SpeckleFilter::None)
  {
    auto bands = ImageListType::New();
    for (unsigned int k = 0; k < positions.size(); ++k)
    {
      auto extract = ExtractBandFilter::New();
      extract->SetInput(powers);
      extract->SetChannel(k + 1);
      auto despeckle = NewSpeckleFilter(extract->GetOutput(), recipe.sarFilter, recipe.sarRadius, recipe.sarLooks, recipe.sarDeramp);
      m_Filters.push_back(extract.GetPointer());
      m_Filters.push_back(despeckle.GetPointer());
      bands->PushBack(despeckle->GetOutput());
    }
    auto stack = BandsToStackFilter::New();
    stack->SetInput(bands);
    m_Filters.push_back(stack.GetPointer());
    filtered = stack->GetOutput();
  }

  auto features = NewFunctorFilter(SarFeaturesFunctor(recipe));
  features->SetInputs(image, powers, filtered);
  m_Filters.push_back(features.GetPointer());
  return features->GetOutput();
}

FloatVectorImageType* FeatureStackBuilder::Build(FloatVectorImageType* image, FeatureRecipe& recipe, FloatImageType* pan, MaskImageType* mask,
                                                 FloatVectorImageType* grid)
{
  recipe.withPan   = (pan != nullptr);
  recipe.otherGrid = (grid != nullptr);
  recipe.Check();
  image->UpdateOutputInformation();
  if (image->GetNumberOfComponentsPerPixel() != recipe.bandNames.size())
    throw InputError("-in: the recipe names " + std::to_string(recipe.bandNames.size()) + " bands, the image has " +
                     std::to_string(image->GetNumberOfComponentsPerPixel()));
  if (mask)
  {
    mask->UpdateOutputInformation();
    if (!pan)
      CheckOnGrid(mask, image, "-mask", "-in");
  }
  // On another image's grid: the image, its invalid and masked pixels NaN, is resampled onto it.
  if (grid)
    grid->UpdateOutputInformation();
  if (grid && !SameGrid(image, grid))
  {
    if (pan)
      throw InputError("-grid: a stack with -pan is on the grid of the panchromatic image");
    CheckResamplable(image, "-in", grid, "-grid");
    image = ValidPixelsOntoGrid(image, mask, grid, recipe.interpolator, m_Filters);
    image->UpdateOutputInformation();
    mask = nullptr;
  }
  const NoDataRule noData(image->GetImageMetadata());

  // VHR mode: the multispectral bands are fused onto the panchromatic grid and the pan band is
  // appended, so bands, indices and textures all live on the pan grid.
  FloatVectorImageType*    spectralInput = image;
  std::vector<std::string> spectralBands = recipe.bandNames;
  if (pan)
  {
    spectralInput = FuseOntoPan(image, pan);
    spectralBands.push_back("pan");
  }

  auto concatenate = ConcatenateFilter::New();
  m_Filters.push_back(concatenate.GetPointer());
  // Bands and indices (an image of polarisations only has none), SAR features, textures.
  auto spectral = NewFunctorFilter(SpectralFeaturesFunctor(spectralBands, recipe.indices, noData));
  if (spectral->GetFunctor().OutputSize({{0}}) > 0)
  {
    spectral->SetInputs(spectralInput);
    m_Filters.push_back(spectral.GetPointer());
    concatenate->PushBackStack(spectral->GetOutput());
  }
  if (!recipe.Polarisations().empty())
    concatenate->PushBackStack(SarFeatures(image, recipe, mask));

  if (recipe.texture != TextureSet::None)
  {
    FloatImageType* textureInput = pan ? pan : TextureBand(image, recipe, m_Filters);
    if (!recipe.textureRangeGiven)
    {
      const auto range         = pan ? RobustRange(pan, NoDataRule(pan->GetImageMetadata()), 0) : TextureBandRange(image, recipe);
      recipe.textureMin        = range.first;
      recipe.textureMax        = range.second;
      recipe.textureRangeGiven = true;
    }
    // Co-occurrence windows must fit in the image (OTB's filters would read outside it).
    textureInput->UpdateOutputInformation();
    const auto size = textureInput->GetLargestPossibleRegion().GetSize();
    if (2 * recipe.textureRadius + 1 > std::min(size[0], size[1]))
      throw InputError("-tex.radius: a window of " + std::to_string(2 * recipe.textureRadius + 1) + " pixels does not fit in a " + std::to_string(size[0]) +
                       " x " + std::to_string(size[1]) + " image");

    // Values outside [min, max] saturate to the first or last grey level (the co-occurrence
    // filters would otherwise leave them out of the matrix).
    auto clamp = ClampFilter::New();
    clamp->SetInput(textureInput);
    clamp->ClampOutside(static_cast<float>(recipe.textureMin), static_cast<float>(recipe.textureMax));
    m_Filters.push_back(clamp.GetPointer());
    textureInput = clamp->GetOutput();

    auto textures = TexturesFilter::New();
    textures->SetInput(textureInput);
    textures->SetTextureSet(recipe.texture);
    ConfigureTextures(textures.GetPointer(), recipe);
    m_Filters.push_back(textures.GetPointer());
    concatenate->PushBackStack(textures->GetOutput());
  }

  if (mask)
  {
    if (pan)
      CheckOnGrid(mask, pan, "-mask", "-pan");
    concatenate->SetMaskImage(mask);
  }
  concatenate->SetBandNames(recipe.FeatureNames());
  concatenate->SetMetadataItem(RecipeMetadataKey(recipe.prefix), recipe.ToString());
  return concatenate->GetOutput();
}

} // namespace Imclass
} // namespace otb
