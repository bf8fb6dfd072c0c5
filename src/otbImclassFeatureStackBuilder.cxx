#include "otbImclassFeatureStackBuilder.h"

#include "otbImclassFeatureCatalogue.h"
#include "otbImclassGrid.h"
#include "otbImclassHaralickTextureFilter.h"
#include "otbImclassInputError.h"
#include "otbImclassResample.h"
#include "otbImclassSpectralFunctor.h"
#include "otbImclassStackConcatenateFilter.h"

#include "otbClampImageFilter.h"
#include "otbConcatenateVectorImageFilter.h"
#include "otbFunctorImageFilter.h"
#include "otbImageToVectorImageCastFilter.h"
#include "otbMultiToMonoChannelExtractROI.h"
#include "otbSimpleRcsPanSharpeningFusionImageFilter.h"
#include "otbStreamingShrinkImageFilter.h"

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
  const auto   size   = band->GetLargestPossibleRegion().GetSize();
  const double pixels = static_cast<double>(size[0]) * size[1];
  const auto   factor = static_cast<unsigned int>(std::max(1.0, std::floor(std::sqrt(pixels / maxSamples))));

  auto shrink = otb::StreamingShrinkImageFilter<FloatImageType, FloatImageType>::New();
  shrink->SetInput(band);
  shrink->SetShrinkFactor(factor);
  shrink->Update();

  std::vector<float>                            values;
  itk::ImageRegionConstIterator<FloatImageType> it(shrink->GetOutput(), shrink->GetOutput()->GetLargestPossibleRegion());
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

std::pair<double, double> TextureBandRange(FloatVectorImageType* image, const FeatureRecipe& recipe)
{
  const int band    = BandPosition(recipe.bandNames, recipe.textureBand);
  auto      extract = ExtractBandFilter::New();
  extract->SetInput(image);
  extract->SetChannel(band + 1);
  return RobustRange(extract->GetOutput(), NoDataRule(image->GetImageMetadata()), band);
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

FloatVectorImageType* FeatureStackBuilder::Build(FloatVectorImageType* image, FeatureRecipe& recipe, FloatImageType* pan, MaskImageType* mask)
{
  recipe.withPan = (pan != nullptr);
  recipe.Check();
  image->UpdateOutputInformation();
  if (image->GetNumberOfComponentsPerPixel() != recipe.bandNames.size())
    throw InputError("-in: the recipe names " + std::to_string(recipe.bandNames.size()) + " bands, the image has " +
                     std::to_string(image->GetNumberOfComponentsPerPixel()));
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

  auto spectral = NewFunctorFilter(SpectralFeaturesFunctor(spectralBands, recipe.indices, noData));
  spectral->SetInputs(spectralInput);
  m_Filters.push_back(spectral.GetPointer());

  auto concatenate = ConcatenateFilter::New();
  concatenate->PushBackStack(spectral->GetOutput());
  m_Filters.push_back(concatenate.GetPointer());

  if (recipe.texture != TextureSet::None)
  {
    FloatImageType* textureInput = pan;
    if (!pan)
    {
      auto extract = ExtractBandFilter::New();
      extract->SetInput(image);
      extract->SetChannel(BandPosition(recipe.bandNames, recipe.textureBand) + 1);
      m_Filters.push_back(extract.GetPointer());
      textureInput = extract->GetOutput();
    }
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
    mask->UpdateOutputInformation();
    if (pan)
      CheckOnGrid(mask, pan, "-mask", "-pan");
    else
      CheckOnGrid(mask, image, "-mask", "-in");
    concatenate->SetMaskImage(mask);
  }
  concatenate->SetBandNames(recipe.FeatureNames());
  concatenate->SetMetadataItem(RecipeMetadataKey(recipe.prefix), recipe.ToString());
  return concatenate->GetOutput();
}

} // namespace Imclass
} // namespace otb
