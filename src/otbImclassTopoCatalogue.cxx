#include "otbImclassTopoCatalogue.h"

#include "otbImclassFeatureRecipe.h"
#include "otbImclassInputError.h"

#include <algorithm>
#include <cstdlib>

namespace otb
{
namespace Imclass
{

const std::vector<TopoAttributeDefinition>& TopoAttributeCatalogue()
{
  static const std::vector<TopoAttributeDefinition> catalogue = {
      {TopoAttribute::Elevation, "elevation", {"elevation"}, "elevation of the DEM (m)"},
      {TopoAttribute::Slope, "slope", {"slope"}, "slope (degrees, Horn 1981)"},
      {TopoAttribute::Aspect, "aspect", {"aspect_sin", "aspect_cos"}, "sine and cosine of the downslope azimuth (clockwise from north; both 0 on flat ground)"},
      {TopoAttribute::PlanCurvature,
       "plan_curvature",
       {"plan_curvature"},
       "curvature of the contour line (1/m, Zevenbergen-Thorne; > 0 where contours converge: hollows)"},
      {TopoAttribute::ProfileCurvature,
       "profile_curvature",
       {"profile_curvature"},
       "curvature along the slope line (1/m, Zevenbergen-Thorne; > 0 where the slope is concave)"},
      {TopoAttribute::Roughness, "roughness", {"roughness"}, "largest minus smallest elevation of the 3x3 window (m)"},
      {TopoAttribute::Tpi, "tpi", {"tpi"}, "topographic position index: elevation minus the mean of the 8 neighbours (m)"},
  };
  return catalogue;
}

TopoRecipe TopoRecipe::Default()
{
  TopoRecipe recipe;
  for (const auto& attribute : TopoAttributeCatalogue())
    recipe.attributes.push_back(attribute.id);
  recipe.scales = {1, 3, 4};
  return recipe;
}

TopoRecipe TopoRecipe::FromNames(const std::vector<std::string>& attributeNames, const std::vector<std::string>& scaleNames)
{
  TopoRecipe recipe = Default();
  if (!attributeNames.empty())
  {
    std::vector<bool> wanted(TopoAttributeCatalogue().size(), false);
    for (const auto& name : attributeNames)
    {
      const auto& catalogue = TopoAttributeCatalogue();
      auto        found     = std::find_if(catalogue.begin(), catalogue.end(), [&](const TopoAttributeDefinition& a) { return a.name == name; });
      if (found == catalogue.end())
      {
        std::string known;
        for (const auto& a : catalogue)
          known += " " + a.name;
        throw InputError("-attributes: unknown attribute '" + name + "' (known:" + known + ")");
      }
      wanted[found - catalogue.begin()] = true;
    }
    recipe.attributes.clear();
    for (size_t i = 0; i < wanted.size(); ++i)
      if (wanted[i])
        recipe.attributes.push_back(TopoAttributeCatalogue()[i].id);
  }
  if (!scaleNames.empty())
  {
    recipe.scales.clear();
    for (const auto& name : scaleNames)
    {
      char*      end   = nullptr;
      const long scale = std::strtol(name.c_str(), &end, 10);
      if (name.empty() || *end != '\0' || scale < 1 || scale > 1000)
        throw InputError("-scales: '" + name + "' is not a whole number from 1 to 1000 (1 = the grid of -in, 3 = 3 times coarser)");
      if (std::find(recipe.scales.begin(), recipe.scales.end(), scale) != recipe.scales.end())
        throw InputError("-scales: scale " + name + " is given twice");
      recipe.scales.push_back(static_cast<unsigned int>(scale));
    }
  }
  return recipe;
}

std::vector<std::string> TopoRecipe::AttributeBands() const
{
  std::vector<std::string> bands;
  for (const auto& definition : TopoAttributeCatalogue())
    if (std::find(attributes.begin(), attributes.end(), definition.id) != attributes.end())
      bands.insert(bands.end(), definition.bands.begin(), definition.bands.end());
  return bands;
}

std::vector<std::string> TopoRecipe::BandNames() const
{
  std::vector<std::string> names;
  for (unsigned int scale : scales)
    for (const auto& band : AttributeBands())
      names.push_back("topo_" + band + "_s" + std::to_string(scale));
  return names;
}

std::string TopoRecipe::ToString() const
{
  std::string text = "attributes=";
  for (size_t i = 0; i < attributes.size(); ++i)
    for (const auto& definition : TopoAttributeCatalogue())
      if (definition.id == attributes[i])
        text += (i ? "," : "") + definition.name;
  text += ";scales=";
  for (size_t i = 0; i < scales.size(); ++i)
    text += (i ? "," : "") + std::to_string(scales[i]);
  return text;
}

TopoRecipe TopoRecipe::FromString(const std::string& text)
{
  auto items = RecipeItems(text, "topography");
  if (!items.count("attributes") || !items.count("scales"))
    throw InputError("-model: the topography recipe it records is incomplete ('" + text + "')");
  try
  {
    return FromNames(RecipeList(items["attributes"]), RecipeList(items["scales"]));
  }
  catch (const InputError& error)
  {
    throw InputError("-model: the topography recipe it records is corrupt (" + std::string(error.what()) + ")");
  }
}

} // namespace Imclass
} // namespace otb
