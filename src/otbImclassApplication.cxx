#include "otbImclassApplication.h"

#include "otbImclassFeatureCatalogue.h"
#include "otbImclassNoData.h"

#include "ogr_spatialref.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace otb
{
namespace Wrapper
{

void ImclassApplication::DoExecute()
{
  try
  {
    DoImclassExecute();
  }
  catch (const Imclass::InputError& error)
  {
    otbAppLogFATAL(<< error.what());
  }
}

void ImclassApplication::AfterExecuteAndWriteOutputs()
{
  for (const auto& key : GetParametersKeys())
    if (GetParameterType(key) == ParameterType_OutputImage && IsParameterEnabled(key) && HasValue(key))
    {
      const std::string path = GetParameterString(key);
      Imclass::CopyBandNamesToDescriptions(path);
      // An all no-data result means an input (or mask) without a valid pixel: an error, not a map.
      if (Imclass::EveryPixelIsNoData(path))
      {
        std::remove(Imclass::WithoutExtendedFilename(path).c_str());
        otbAppLogFATAL(<< "-" << key << ": every pixel is no-data: the inputs have no valid pixel in common (check their no-data "
                       << "values and masks)");
      }
    }
}

void ImclassApplication::AddSensorParameters(const std::string& sensorKey, const std::string& bandNamesKey, const std::string& imageDescription)
{
  AddParameter(ParameterType_Choice, sensorKey, "Sensor of " + imageDescription);
  SetParameterDescription(sensorKey, "Sensor preset: gives the name of each band from the band count. Use generic (or " + bandNamesKey +
                                         ") for any other sensor or band order.");
  for (const auto& preset : Imclass::SensorPresets())
  {
    std::ostringstream layouts;
    for (const auto& layout : preset.layouts)
    {
      layouts << (layouts.tellp() > 0 ? "; " : "") << layout.size() << " bands:";
      for (const auto& band : layout)
        layouts << " " << band;
    }
    AddChoice(sensorKey + "." + preset.key, preset.label);
    SetParameterDescription(sensorKey + "." + preset.key, preset.layouts.empty() ? preset.label : preset.label + " (" + layouts.str() + ")");
  }
  SetParameterString(sensorKey, "s2");

  std::ostringstream canonical;
  for (const auto& band : Imclass::CanonicalBandNames())
    canonical << band << " ";
  AddParameter(ParameterType_StringList, bandNamesKey, "Band names of " + imageDescription);
  SetParameterDescription(bandNamesKey, "One name per input band, in file order, from: " + canonical.str() +
                                            "(overrides the sensor preset; indices and textures find their bands by these names).");
  MandatoryOff(bandNamesKey);
}

void ImclassApplication::AddFeatureParameters()
{
  std::ostringstream indexList;
  for (const auto& index : Imclass::IndexCatalogue())
    indexList << index.name << " = " << index.formula << "; ";
  AddParameter(ParameterType_StringList, "indices", "Spectral indices");
  SetParameterDescription("indices", "Indices to compute (default: every index whose bands the image has). Known: " + indexList.str());
  MandatoryOff("indices");

  AddParameter(ParameterType_Choice, "texture", "Haralick textures");
  SetParameterDescription("texture", "Haralick texture features of one band, over a sliding window.");
  AddChoice("texture.none", "None");
  SetParameterDescription("texture.none", "No texture.");
  AddChoice("texture.simple", "Simple");
  SetParameterDescription("texture.simple", "OTB's 8 simple Haralick features: energy, entropy, correlation, inverse difference moment, "
                                            "inertia, cluster shade, cluster prominence, Haralick correlation.");
  AddChoice("texture.advanced", "Advanced");
  SetParameterDescription("texture.advanced", "OTB's 10 advanced Haralick features: mean, variance, dissimilarity, sum average, sum "
                                              "variance, sum entropy, difference of entropies, difference of variances, IC1, IC2.");
  AddChoice("texture.all", "All");
  SetParameterDescription("texture.all", "The 8 simple and the 10 advanced features (18).");
  SetParameterString("texture", "simple");

  // OTB's parameter engine cannot hang parameters under a choice, so the texture settings live in
  // their own group: -texture simple -tex.radius 3.
  AddParameter(ParameterType_Group, "tex", "Texture settings");
  SetParameterDescription("tex", "Settings of the Haralick textures chosen with -texture.");
  AddParameter(ParameterType_String, "tex.band", "Texture band");
  SetParameterDescription("tex.band", "Band name whose textures are computed (default: nir, or pan when a panchromatic image is given).");
  MandatoryOff("tex.band");
  AddParameter(ParameterType_Int, "tex.radius", "Texture window radius");
  SetParameterDescription("tex.radius", "Radius of the co-occurrence window in pixels (window side = 2 radius + 1).");
  SetDefaultParameterInt("tex.radius", 2);
  SetMinimumParameterIntValue("tex.radius", 1);
  AddParameter(ParameterType_Int, "tex.bins", "Texture grey levels");
  SetParameterDescription("tex.bins", "Number of grey levels the band is quantized to between min and max.");
  SetDefaultParameterInt("tex.bins", 16);
  SetMinimumParameterIntValue("tex.bins", 2);
  AddParameter(ParameterType_Float, "tex.min", "Texture minimum");
  SetParameterDescription("tex.min", "Band value mapped to the first grey level (default: the 1st percentile of the band over the "
                                         "image, computed by a streamed pass).");
  MandatoryOff("tex.min");
  AddParameter(ParameterType_Float, "tex.max", "Texture maximum");
  SetParameterDescription("tex.max", "Band value mapped to the last grey level (default: the 99th percentile of the band).");
  MandatoryOff("tex.max");
}

Imclass::FeatureRecipe ImclassApplication::ReadFeatureRecipe(const std::string& sensorKey, const std::string& bandNamesKey,
                                                             unsigned int nbBands, bool withPan, const std::string& prefix)
{
  Imclass::FeatureRecipe recipe;
  recipe.prefix = prefix;
  const std::vector<std::string> userNames = HasValue(bandNamesKey) ? GetParameterStringList(bandNamesKey) : std::vector<std::string>();
  recipe.bandNames = Imclass::ResolveBandNames(GetParameterString(sensorKey), userNames, nbBands, "-" + bandNamesKey, "-" + sensorKey);
  recipe.withPan   = withPan;
  recipe.indices   = HasValue("indices") ? GetParameterStringList("indices") : Imclass::DefaultIndices(recipe.bandNames);
  recipe.texture   = GetParameterString("texture");
  recipe.textureBand   = HasValue("tex.band") ? GetParameterString("tex.band") : (withPan ? "pan" : "nir");
  recipe.textureRadius = GetParameterInt("tex.radius");
  recipe.textureBins   = GetParameterInt("tex.bins");
  if (HasValue("tex.min") != HasValue("tex.max"))
    throw Imclass::InputError("-tex.min: give both -tex.min and -tex.max, or neither");
  if (HasValue("tex.min"))
  {
    recipe.textureRangeGiven = true;
    recipe.textureMin        = GetParameterFloat("tex.min");
    recipe.textureMax        = GetParameterFloat("tex.max");
  }
  recipe.Check();
  return recipe;
}

void ImclassApplication::LogFeatureNames(const std::vector<std::string>& names)
{
  std::ostringstream list;
  for (size_t i = 0; i < names.size(); ++i)
    list << (i ? ", " : "") << i + 1 << ":" << names[i];
  otbAppLogINFO(<< names.size() << " output bands: " << list.str());
}

void ImclassApplication::CheckOnFirstStackGrid(const itk::ImageBase<2>* image, const std::string& imageCrs, const itk::ImageBase<2>* first,
                                               const std::string& firstCrs, const std::string& what)
{
  const auto         size = image->GetLargestPossibleRegion().GetSize(), firstSize = first->GetLargestPossibleRegion().GetSize();
  std::ostringstream problem;
  if (size != firstSize)
    problem << what << ": " << size[0] << " x " << size[1] << " pixels, the first stack has " << firstSize[0] << " x " << firstSize[1];
  for (unsigned int d = 0; d < 2 && problem.tellp() == 0; ++d)
  {
    // Origins and pixel sizes written by different tools may differ by rounding only.
    const double tolerance = 1e-6 * std::abs(first->GetSpacing()[d]);
    if (std::abs(image->GetSpacing()[d] - first->GetSpacing()[d]) > tolerance || std::abs(image->GetOrigin()[d] - first->GetOrigin()[d]) > tolerance)
      problem << what << ": origin or pixel size differs from the first stack's";
  }
  OGRSpatialReference crs, firstSrs;
  if (problem.tellp() == 0 && !imageCrs.empty() && !firstCrs.empty() && crs.importFromWkt(imageCrs.c_str()) == OGRERR_NONE &&
      firstSrs.importFromWkt(firstCrs.c_str()) == OGRERR_NONE && !crs.IsSame(&firstSrs))
    problem << what << ": its CRS differs from the first stack's";
  if (problem.tellp() > 0)
    throw Imclass::InputError(problem.str() + " (all inputs must be on one grid)");
}

} // namespace Wrapper
} // namespace otb
