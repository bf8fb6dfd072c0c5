#include "otbImclassFeatureRecipe.h"

#include "otbImclassInputError.h"

#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{

const char* const RecipeKeyStart = "IMCLASS_RECIPE";

} // namespace

std::map<std::string, std::string> RecipeItems(const std::string& text, const std::string& what)
{
  std::map<std::string, std::string> items;
  std::istringstream                 in(text);
  std::string                        item;
  while (std::getline(in, item, ';'))
  {
    const auto equal = item.find('=');
    if (equal == std::string::npos)
      throw InputError("-model: the " + what + " recipe it records is corrupt (item '" + item + "')");
    items[item.substr(0, equal)] = item.substr(equal + 1);
  }
  return items;
}

std::vector<std::string> RecipeList(const std::string& text)
{
  std::vector<std::string> values;
  std::istringstream       in(text);
  std::string              value;
  while (std::getline(in, value, ','))
    if (!value.empty())
      values.push_back(value);
  return values;
}

std::string RecipeMetadataKey(const std::string& prefix)
{
  return RecipeKeyStart + (prefix.empty() ? std::string() : "_" + prefix.substr(0, prefix.size() - 1));
}

std::vector<std::string> RecordedRecipes(const ImageMetadata& metadata)
{
  std::vector<std::string> recipes;
  for (const auto& item : metadata.ExtraKeys) // a std::map: key order
    if (item.first.rfind(RecipeKeyStart, 0) == 0)
      recipes.push_back(item.first + "=" + item.second);
  return recipes;
}

std::vector<std::string> FeatureRecipe::Polarisations() const
{
  std::vector<std::string> polarisations;
  for (const auto& band : bandNames)
    if (IsPolarisation(band))
      polarisations.push_back(band);
  return polarisations;
}

std::vector<std::string> FeatureRecipe::SarFeatureNames() const
{
  const auto               polarisations = Polarisations();
  std::vector<std::string> names;
  for (const auto& polarisation : polarisations)
    names.push_back(SarDecibelFeatureName(polarisation));
  if (sarFilter != SpeckleFilter::None)
    for (const auto& polarisation : polarisations)
      names.push_back(SarFilteredFeatureName(polarisation, sarFilter, sarRadius));
  for (const auto* co : {"vv", "hh"})
    if (BandPosition(polarisations, co) >= 0 && BandPosition(polarisations, CrossPolarisationOf(co)) >= 0)
      names.push_back(SarCrossRatioFeatureName(co, sarFilter, sarRadius));
  return names;
}

std::vector<std::string> FeatureRecipe::TextureNames() const
{
  std::vector<std::string> names;
  if (texture == TextureSet::Simple || texture == TextureSet::All)
    names = SimpleTextureNames();
  if (texture == TextureSet::Advanced || texture == TextureSet::All)
    names.insert(names.end(), AdvancedTextureNames().begin(), AdvancedTextureNames().end());
  return names;
}

std::vector<std::string> FeatureRecipe::FeatureNames() const
{
  std::vector<std::string> names;
  for (const auto& band : bandNames)
    if (!IsPolarisation(band))
      names.push_back(prefix + BandFeatureName(band));
  if (withPan)
    names.push_back(prefix + BandFeatureName("pan"));
  for (const auto& index : indices)
    names.push_back(prefix + index);
  for (const auto& sar : SarFeatureNames())
    names.push_back(prefix + sar);
  for (const auto& tex : TextureNames())
    names.push_back(prefix + TextureFeatureName(tex, textureBand, textureRadius));
  return names;
}

void FeatureRecipe::Check() const
{
  // A bi-date stack checks each date: say which one lacks a band.
  const std::string image = prefix.empty() ? "the image" : "the -" + prefix.substr(0, prefix.size() - 1) + " image";
  CheckIndices(indices, bandNames, "-indices", image);
  if (!Polarisations().empty())
  {
    if (withPan)
      throw InputError("-pan: a panchromatic image sharpens optical bands; " + image + " has polarisations");
    if (sarRadius < 1)
      throw InputError("-sar.radius: must be at least 1");
    if (!(sarLooks > 0))
      throw InputError("-sar.looks: must be positive");
    if (!(sarDeramp > 0))
      throw InputError("-sar.deramp: must be positive");
  }
  if (texture == TextureSet::None)
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
  out << "bands=" << JoinNames(bandNames, ",") << ";indices=" << JoinNames(indices, ",") << ";texture=" << TextureSetName(texture) << ";texture.band=" << textureBand
      << ";texture.radius=" << textureRadius << ";texture.bins=" << textureBins << ";texture.offset=" << textureOffsetX << ',' << textureOffsetY
      << ";texture.min=" << textureMin << ";texture.max=" << textureMax << ";pan=" << (withPan ? 1 : 0);
  // Optical recipes stay as they were before SAR and grids.
  if (!Polarisations().empty())
  {
    std::ostringstream single; // as many digits as a float needs to read back the same
    single.precision(9);
    single << ";sar.looks=" << sarLooks << ";sar.deramp=" << sarDeramp;
    out << ";sar.unit=" << SarUnitName(sarUnit) << ";sar.filter=" << SpeckleFilterName(sarFilter) << ";sar.radius=" << sarRadius << single.str();
  }
  if (otherGrid)
    out << ";grid=other;interpolator=" << interpolator;
  out << ";prefix=" << prefix;
  return out.str();
}

FeatureRecipe FeatureRecipe::FromString(const std::string& text)
{
  auto          items = RecipeItems(text, "feature");
  FeatureRecipe recipe;
  try
  {
    recipe.bandNames         = RecipeList(items.at("bands"));
    recipe.indices           = RecipeList(items.at("indices"));
    recipe.texture           = ParseTextureSet(items.at("texture"), "-model");
    recipe.textureBand       = items.at("texture.band");
    recipe.textureRadius     = std::stoul(items.at("texture.radius"));
    recipe.textureBins       = std::stoul(items.at("texture.bins"));
    const auto offset        = RecipeList(items.at("texture.offset"));
    recipe.textureOffsetX    = std::stoi(offset.at(0));
    recipe.textureOffsetY    = std::stoi(offset.at(1));
    recipe.textureRangeGiven = true;
    recipe.textureMin        = std::stod(items.at("texture.min"));
    recipe.textureMax        = std::stod(items.at("texture.max"));
    recipe.withPan           = items.at("pan") == "1";
    recipe.prefix            = items.at("prefix");
    if (items.count("sar.unit"))
    {
      recipe.sarUnit   = ParseSarUnit(items.at("sar.unit"), "-model");
      recipe.sarFilter = ParseSpeckleFilter(items.at("sar.filter"), "-model");
      recipe.sarRadius = std::stoul(items.at("sar.radius"));
      recipe.sarLooks  = std::stof(items.at("sar.looks"));
      recipe.sarDeramp = std::stof(items.at("sar.deramp"));
    }
    recipe.otherGrid = items.count("grid") && items.at("grid") == "other";
    if (recipe.otherGrid)
      recipe.interpolator = items.at("interpolator");
  }
  catch (const std::logic_error&) // a missing item (at) or an unreadable number (sto*)
  {
    throw InputError("-model: the feature recipe it records is incomplete or corrupt ('" + text + "')");
  }
  return recipe;
}

} // namespace Imclass
} // namespace otb
