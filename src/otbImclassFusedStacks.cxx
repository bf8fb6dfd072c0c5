#include "otbImclassFusedStacks.h"

#include "otbImclassInputError.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{

bool Used(const std::vector<std::string>& used, const std::string& name)
{
  return std::find(used.begin(), used.end(), name) != used.end();
}

bool UsedWithAnyPrefix(const std::vector<std::string>& used, const std::vector<std::string>& prefixes, const std::string& name)
{
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& prefix) { return Used(used, prefix + name); });
}

bool AnyUsedWithPrefix(const std::vector<std::string>& used, const std::string& prefix)
{
  return std::any_of(used.begin(), used.end(), [&](const std::string& name) { return name.rfind(prefix, 0) == 0; });
}

} // namespace

std::vector<RecordedStack> RecordedStacks(const std::string& featureRecipes)
{
  std::map<int, RecordedStack> stacks;
  std::istringstream           lines(featureRecipes);
  std::string                  line;
  while (std::getline(lines, line))
  {
    const size_t colon = line.find(": "), equal = line.find('=', colon);
    int          stack = 0;
    if (line.rfind("stack ", 0) != 0 || colon == std::string::npos || equal == std::string::npos || !(std::istringstream(line.substr(6, colon - 6)) >> stack))
      throw InputError("-model: its recorded recipes are corrupt (line '" + line + "')");
    stacks[stack].recipes[line.substr(colon + 2, equal - colon - 2)] = line.substr(equal + 1);
  }
  std::vector<RecordedStack> ordered;
  for (auto& stack : stacks)
    ordered.push_back(std::move(stack.second));
  return ordered;
}

void WriteRecipeFile(const std::string& path, const std::vector<std::string>& recipes, const std::string& parameter)
{
  std::ofstream file(path, std::ios::trunc);
  file << "# ImCLASS feature recipe: how a stack is made from raw images (ImclassTrain -recipes)\n";
  for (const auto& recipe : recipes)
    file << recipe << "\n";
  file.close();
  if (!file)
    throw InputError(parameter + ": cannot write '" + path + "'");
}

RecordedStack ReadRecipeFile(const std::string& path, const std::string& parameter)
{
  std::ifstream file(path);
  RecordedStack stack;
  std::string   line;
  while (std::getline(file, line))
  {
    if (line.empty() || line[0] == '#')
      continue;
    const size_t equal = line.find('=');
    if (line.rfind("IMCLASS_RECIPE", 0) != 0 || equal == std::string::npos)
      throw InputError(parameter + ": '" + path + "' is not an ImCLASS recipe file (line '" + line + "')");
    stack.recipes[line.substr(0, equal)] = line.substr(equal + 1);
  }
  if (stack.recipes.empty())
    throw InputError(parameter + ": '" + path + "' holds no recipe (write one with ImclassFeatures, ImclassChangeFeatures or ImclassTopo -recipe)");
  return stack;
}

FeatureRecipe RecipeFor(const FeatureRecipe& recipe, const std::vector<std::string>& used, const std::vector<std::string>& prefixes)
{
  FeatureRecipe reduced = recipe;
  reduced.indices.clear();
  for (const auto& index : recipe.indices)
    if (UsedWithAnyPrefix(used, prefixes, index))
      reduced.indices.push_back(index);
  const auto setUsed = [&](const std::vector<std::string>& textures)
  {
    return std::any_of(textures.begin(), textures.end(),
                       [&](const std::string& texture)
                       { return UsedWithAnyPrefix(used, prefixes, TextureFeatureName(texture, recipe.textureBand, recipe.textureRadius)); });
  };
  const bool recorded[] = {recipe.texture == TextureSet::Simple || recipe.texture == TextureSet::All,
                           recipe.texture == TextureSet::Advanced || recipe.texture == TextureSet::All};
  const bool simple = recorded[0] && setUsed(SimpleTextureNames()), advanced = recorded[1] && setUsed(AdvancedTextureNames());
  reduced.texture = simple && advanced ? TextureSet::All : simple ? TextureSet::Simple : advanced ? TextureSet::Advanced : TextureSet::None;
  return reduced;
}

SeriesRecipe SeriesRecipeFor(const SeriesRecipe& recipe, const std::vector<std::string>& used)
{
  const auto variableUsed = [&](const std::string& variable)
  {
    const auto names = recipe.VariableFeatureNames(variable);
    return std::any_of(names.begin(), names.end(), [&](const std::string& name) { return Used(used, name); });
  };
  SeriesRecipe reduced = recipe;
  reduced.bands.clear();
  reduced.indices.clear();
  for (const auto& band : recipe.bands)
    if (variableUsed(BandFeatureName(band)))
      reduced.bands.push_back(band);
  for (const auto& index : recipe.indices)
    if (variableUsed(index))
      reduced.indices.push_back(index);
  for (auto& date : reduced.dates)
    date.indices = reduced.indices;
  return reduced;
}

TopoRecipe TopoRecipeFor(const TopoRecipe& recipe, const std::vector<std::string>& used)
{
  TopoRecipe reduced;
  for (const auto scale : recipe.scales)
    if (std::any_of(used.begin(), used.end(),
                    [&](const std::string& name)
                    {
                      const std::string suffix = "_s" + std::to_string(scale);
                      return name.rfind("topo_", 0) == 0 && name.size() > suffix.size() &&
                             name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
                    }))
      reduced.scales.push_back(scale);
  for (const auto attribute : recipe.attributes)
    for (const auto& definition : TopoAttributeCatalogue())
      if (definition.id == attribute && std::any_of(definition.bands.begin(), definition.bands.end(),
                                                    [&](const std::string& band)
                                                    {
                                                      return std::any_of(reduced.scales.begin(), reduced.scales.end(),
                                                                         [&](unsigned int scale)
                                                                         { return Used(used, "topo_" + band + "_s" + std::to_string(scale)); });
                                                    }))
        reduced.attributes.push_back(attribute);
  return reduced;
}

std::vector<FloatVectorImageType*> FusedStackBuilder::Build(const std::vector<RecordedStack>& recorded, const RawInputs& inputs,
                                                            const std::vector<std::string>& used)
{
  const bool                         everything = used.empty();
  std::vector<FloatVectorImageType*> stacks;
  FloatVectorImageType*              seriesGrid = nullptr; // the reference date of a series
  std::vector<const TopoRecipe*>     pendingTopography;
  std::vector<TopoRecipe>            topoRecipes;
  topoRecipes.reserve(recorded.size());
  for (size_t s = 0; s < recorded.size(); ++s)
  {
    const auto&       recipes = recorded[s].recipes;
    const std::string which   = "the model's stack " + std::to_string(s + 1);
    if (recipes.count(SeriesRecipeKey))
    {
      const SeriesRecipe recipe = SeriesRecipe::FromRecorded(recipes);
      if (inputs.series.empty())
        throw InputError("-series: " + which + " was made from a time series (ImclassSeriesFeatures): give its dates with -series (and -masks)");
      seriesGrid = inputs.series[std::min<size_t>(recipe.reference, inputs.series.size() - 1)];
      const SeriesRecipe reduced = everything ? recipe : SeriesRecipeFor(recipe, used);
      if (reduced.Variables().empty())
        continue;
      CheckRecordedDates(reduced, inputs.series, inputs.seriesPaths, "-series");
      auto builder = SeriesStackBuilder::New();
      m_Builders.push_back(builder.GetPointer());
      stacks.push_back(builder->Build(inputs.series, inputs.seriesMasks, reduced, "-series"));
    }
    else if (recipes.count(RecipeMetadataKey("")))
    {
      const FeatureRecipe recipe = FeatureRecipe::FromString(recipes.at(RecipeMetadataKey("")));
      if (!everything && !AnyUsedWithPrefix(used, recipe.prefix))
        continue;
      if (!inputs.image)
        throw InputError("-in: " + which + " was made from one image (ImclassFeatures): give it with -in");
      if (recipe.withPan && !inputs.pan)
        throw InputError("-pan: " + which + " was made with a panchromatic image: give it with -pan");
      FeatureRecipe reduced = everything ? recipe : RecipeFor(recipe, used, {recipe.prefix});
      auto          builder = FeatureStackBuilder::New();
      m_Builders.push_back(builder.GetPointer());
      stacks.push_back(builder->Build(inputs.image, reduced, recipe.withPan ? inputs.pan : nullptr, inputs.mask));
    }
    else if (recipes.count(RecipeMetadataKey("pre_")) && recipes.count(RecipeMetadataKey("post_")) && recipes.count(ChangeRecipeKey))
    {
      if (!inputs.pre || !inputs.post)
        throw InputError(std::string(inputs.pre ? "-post" : "-pre") + ": " + which + " was made from two dates (ImclassChangeFeatures): give -pre and -post");
      FeatureRecipe pre  = FeatureRecipe::FromString(recipes.at(RecipeMetadataKey("pre_")));
      FeatureRecipe post = FeatureRecipe::FromString(recipes.at(RecipeMetadataKey("post_")));
      if (!everything)
      {
        pre  = RecipeFor(pre, used, {"pre_", "d_"});
        post = RecipeFor(post, used, {"post_", "d_"});
      }
      auto builder = ChangeStackBuilder::New();
      m_Builders.push_back(builder.GetPointer());
      stacks.push_back(
          builder->Build(inputs.pre, inputs.post, inputs.preMask, inputs.postMask, pre, post, ChangeOptions::FromString(recipes.at(ChangeRecipeKey))));
    }
    else if (recipes.count(TopoRecipeKey))
    {
      const TopoRecipe recipe = TopoRecipe::FromString(recipes.at(TopoRecipeKey));
      topoRecipes.push_back(everything ? recipe : TopoRecipeFor(recipe, used));
      if (!topoRecipes.back().scales.empty())
        pendingTopography.push_back(&topoRecipes.back());
    }
    else
      throw InputError("-model: " + which +
                       " records no recipe ImCLASS can rebuild (made by another tool than ImclassFeatures, ImclassChangeFeatures "
                       "and ImclassTopo?): give the stacks with -il");
  }

  // Topography goes onto the grid of the optical stacks.
  for (const TopoRecipe* recipe : pendingTopography)
  {
    const FloatVectorImageType* grid = !stacks.empty() ? stacks.front() : seriesGrid ? seriesGrid : inputs.post ? inputs.post : inputs.image;
    if (!grid)
      throw InputError("-in: the model uses topography only: give the image whose grid the map takes with -in");
    auto builder = TopoStackBuilder::New();
    m_Builders.push_back(builder.GetPointer());
    const_cast<FloatVectorImageType*>(grid)->UpdateOutputInformation();
    if (inputs.dem)
      stacks.push_back(builder->BuildFromDem(grid, inputs.dem, *recipe, "-dem", inputs.heights));
    else if (!inputs.demDirectory.empty())
      stacks.push_back(builder->BuildFromDemDirectory(grid, inputs.demDirectory, *recipe, "-elev.dem", inputs.heights));
    else
      throw InputError("-dem: the model uses topographic features: give the DEM with -dem or -elev.dem");
  }
  return stacks;
}

} // namespace Imclass
} // namespace otb
