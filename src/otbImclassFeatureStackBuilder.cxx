#include "otbImclassFeatureStackBuilder.h"

#include "otbImclassFeatureCatalogue.h"
#include "otbImclassResample.h"
#include "otbImclassSpectralFunctor.h"
#include "otbImclassStackConcatenateFilter.h"

#include "otbClampImageFilter.h"
#include "otbConcatenateVectorImageFilter.h"
#include "otbFunctorImageFilter.h"
#include "otbImageToVectorImageCastFilter.h"
#include "otbImageList.h"
#include "otbImageListToVectorImageFilter.h"
#include "otbMultiToMonoChannelExtractROI.h"
#include "otbScalarImageToAdvancedTexturesFilter.h"
#include "otbScalarImageToTexturesFilter.h"
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
using ImageListType         = otb::ImageList<FloatImageType>;
using ListToVectorFilter    = otb::ImageListToVectorImageFilter<ImageListType, FloatVectorImageType>;
using SimpleTexturesFilter  = otb::ScalarImageToTexturesFilter<FloatImageType, FloatImageType>;
using AdvancedTexturesFilter = otb::ScalarImageToAdvancedTexturesFilter<FloatImageType, FloatImageType>;
using ExtractBandFilter     = otb::MultiToMonoChannelExtractROI<float, float>;
using ClampFilter           = otb::ClampImageFilter<FloatImageType, FloatImageType>;
using ConcatenateFilter     = StackConcatenateFilter<FloatVectorImageType, MaskImageType>;
using PanSharpeningFilter   = otb::SimpleRcsPanSharpeningFusionImageFilter<FloatImageType, FloatVectorImageType, FloatVectorImageType>;
using ToVectorFilter        = otb::ImageToVectorImageCastFilter<FloatImageType, FloatVectorImageType>;
using AppendBandsFilter     = otb::ConcatenateVectorImageFilter<FloatVectorImageType, FloatVectorImageType, FloatVectorImageType>;

std::vector<std::string> Split(const std::string& text, char separator)
{
  std::vector<std::string> items;
  std::istringstream       in(text);
  std::string              item;
  while (std::getline(in, item, separator))
    if (!item.empty())
      items.push_back(item);
  return items;
}

std::string Join(const std::vector<std::string>& items, char separator)
{
  std::string text;
  for (size_t i = 0; i < items.size(); ++i)
    text += (i ? std::string(1, separator) : std::string()) + items[i];
  return text;
}

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

std::string RecipeMetadataKey(const std::string& prefix)
{
  return "IMCLASS_RECIPE" + (prefix.empty() ? std::string() : "_" + prefix.substr(0, prefix.size() - 1));
}

std::vector<std::string> FeatureRecipe::TextureNames() const
{
  std::vector<std::string> names;
  if (texture == "simple" || texture == "all")
    names = SimpleTextureNames();
  if (texture == "advanced" || texture == "all")
    names.insert(names.end(), AdvancedTextureNames().begin(), AdvancedTextureNames().end());
  return names;
}

std::vector<std::string> FeatureRecipe::FeatureNames() const
{
  std::vector<std::string> names;
  for (const auto& band : bandNames)
    names.push_back(prefix + BandFeatureName(band));
  if (withPan)
    names.push_back(prefix + BandFeatureName("pan"));
  for (const auto& index : indices)
    names.push_back(prefix + index);
  for (const auto& tex : TextureNames())
    names.push_back(prefix + TextureFeatureName(tex, textureBand, textureRadius));
  return names;
}

void FeatureRecipe::Check() const
{
  // A bi-date stack checks each date: say which one lacks a band.
  const std::string image = prefix.empty() ? "the image" : "the -" + prefix.substr(0, prefix.size() - 1) + " image";
  CheckIndices(indices, bandNames, "-indices", image);
  if (texture != "none" && texture != "simple" && texture != "advanced" && texture != "all")
    throw InputError("-texture: unknown texture set '" + texture + "' (none, simple, advanced, all)");
  if (texture == "none")
    return;
  if (textureBand == "pan" ? !withPan : BandPosition(bandNames, textureBand) < 0)
    throw InputError("-tex.band: the image has no band '" + textureBand + "'" + (textureBand == "pan" ? " (give -pan)" : ""));
  if (textureRadius < 1)
    throw InputError("-tex.radius: must be at least 1");
  if (textureBins < 2)
    throw InputError("-tex.bins: must be at least 2");
  if (textureRangeGiven && !(textureMax > textureMin))
    throw InputError("-tex.max: must be greater than -tex.min");
}

std::string FeatureRecipe::ToString() const
{
  std::ostringstream out;
  out.precision(17);
  out << "bands=" << Join(bandNames, ',') << ";indices=" << Join(indices, ',') << ";texture=" << texture << ";texture.band=" << textureBand
      << ";texture.radius=" << textureRadius << ";texture.bins=" << textureBins << ";texture.offset=" << textureOffsetX << ','
      << textureOffsetY << ";texture.min=" << textureMin << ";texture.max=" << textureMax << ";pan=" << (withPan ? 1 : 0)
      << ";prefix=" << prefix;
  return out.str();
}

FeatureRecipe FeatureRecipe::FromString(const std::string& text)
{
  std::map<std::string, std::string> values;
  for (const auto& item : Split(text, ';'))
  {
    const auto equal = item.find('=');
    if (equal == std::string::npos)
      throw InputError("feature recipe: malformed item '" + item + "'");
    values[item.substr(0, equal)] = item.substr(equal + 1);
  }
  FeatureRecipe recipe;
  try
  {
    recipe.bandNames     = Split(values.at("bands"), ',');
    recipe.indices       = Split(values["indices"], ',');
    recipe.texture       = values.at("texture");
    recipe.textureBand   = values.at("texture.band");
    recipe.textureRadius = std::stoul(values.at("texture.radius"));
    recipe.textureBins   = std::stoul(values.at("texture.bins"));
    const auto offset    = Split(values.at("texture.offset"), ',');
    recipe.textureOffsetX = std::stoi(offset.at(0));
    recipe.textureOffsetY = std::stoi(offset.at(1));
    recipe.textureMin     = std::stod(values.at("texture.min"));
    recipe.textureMax     = std::stod(values.at("texture.max"));
    recipe.textureRangeGiven = true;
    recipe.withPan        = values.at("pan") == "1";
    recipe.prefix         = values["prefix"];
  }
  catch (const std::exception&)
  {
    throw InputError("feature recipe: incomplete or corrupt recipe '" + text + "'");
  }
  return recipe;
}

std::pair<double, double> RobustRange(FloatImageType* band, const NoDataRule& noData, unsigned int bandIndex, double lowQuantile,
                                      double highQuantile, unsigned int maxSamples)
{
  band->UpdateOutputInformation();
  const auto   size   = band->GetLargestPossibleRegion().GetSize();
  const double pixels = static_cast<double>(size[0]) * size[1];
  const auto   factor = static_cast<unsigned int>(std::max(1.0, std::floor(std::sqrt(pixels / maxSamples))));

  auto shrink = otb::StreamingShrinkImageFilter<FloatImageType, FloatImageType>::New();
  shrink->SetInput(band);
  shrink->SetShrinkFactor(factor);
  shrink->Update();

  std::vector<float>                           values;
  itk::ImageRegionConstIterator<FloatImageType> it(shrink->GetOutput(), shrink->GetOutput()->GetLargestPossibleRegion());
  for (; !it.IsAtEnd(); ++it)
    if (!noData.IsNoDataValue(bandIndex, it.Get()))
      values.push_back(it.Get());
  if (values.empty())
    throw InputError("-in: the texture band has no valid pixel (all no-data)");
  std::sort(values.begin(), values.end());
  const auto at = [&](double q) { return static_cast<double>(values[static_cast<size_t>(std::round(q * (values.size() - 1)))]); };
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

FloatVectorImageType* FeatureStackBuilder::Build(FloatVectorImageType* image, FeatureRecipe& recipe, FloatImageType* pan,
                                                 MaskImageType* mask)
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

  if (recipe.texture != "none")
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
      const auto range = pan ? RobustRange(pan, NoDataRule(pan->GetImageMetadata()), 0) : TextureBandRange(image, recipe);
      recipe.textureMin = range.first;
      recipe.textureMax = range.second;
      recipe.textureRangeGiven = true;
    }
    // Co-occurrence windows must fit in the image (OTB's filters would read outside it).
    textureInput->UpdateOutputInformation();
    const auto size = textureInput->GetLargestPossibleRegion().GetSize();
    if (2 * recipe.textureRadius + 1 > std::min(size[0], size[1]))
      throw InputError("-tex.radius: a window of " + std::to_string(2 * recipe.textureRadius + 1) + " pixels does not fit in a " +
                       std::to_string(size[0]) + " x " + std::to_string(size[1]) + " image");

    // Values outside [min, max] saturate to the first or last grey level (the co-occurrence
    // filters would otherwise leave them out of the matrix).
    auto clamp = ClampFilter::New();
    clamp->SetInput(textureInput);
    clamp->ClampOutside(static_cast<float>(recipe.textureMin), static_cast<float>(recipe.textureMax));
    m_Filters.push_back(clamp.GetPointer());
    textureInput = clamp->GetOutput();

    auto list = ImageListType::New();
    if (recipe.texture == "simple" || recipe.texture == "all")
    {
      auto textures = SimpleTexturesFilter::New();
      textures->SetInput(textureInput);
      ConfigureTextures(textures.GetPointer(), recipe);
      m_Filters.push_back(textures.GetPointer());
      for (auto* output : {textures->GetEnergyOutput(), textures->GetEntropyOutput(), textures->GetCorrelationOutput(),
                           textures->GetInverseDifferenceMomentOutput(), textures->GetInertiaOutput(), textures->GetClusterShadeOutput(),
                           textures->GetClusterProminenceOutput(), textures->GetHaralickCorrelationOutput()})
        list->PushBack(output);
    }
    if (recipe.texture == "advanced" || recipe.texture == "all")
    {
      auto textures = AdvancedTexturesFilter::New();
      textures->SetInput(textureInput);
      ConfigureTextures(textures.GetPointer(), recipe);
      m_Filters.push_back(textures.GetPointer());
      for (auto* output : {textures->GetMeanOutput(), textures->GetVarianceOutput(), textures->GetDissimilarityOutput(),
                           textures->GetSumAverageOutput(), textures->GetSumVarianceOutput(), textures->GetSumEntropyOutput(),
                           textures->GetDifferenceEntropyOutput(), textures->GetDifferenceVarianceOutput(), textures->GetIC1Output(),
                           textures->GetIC2Output()})
        list->PushBack(output);
    }
    auto toVector = ListToVectorFilter::New();
    toVector->SetInput(list);
    m_Filters.push_back(toVector.GetPointer());
    concatenate->PushBackStack(toVector->GetOutput());
  }

  if (mask)
    concatenate->SetMaskImage(mask);
  concatenate->SetBandNames(recipe.FeatureNames());
  concatenate->SetMetadataItem(RecipeMetadataKey(recipe.prefix), recipe.ToString());
  return concatenate->GetOutput();
}

} // namespace Imclass
} // namespace otb
