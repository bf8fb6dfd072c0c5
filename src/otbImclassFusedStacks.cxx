#include "otbImclassFusedStacks.h"

#include "otbImclassInputError.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

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
  reduced.sar.clear();
  for (const auto& band : recipe.bands)
    if (variableUsed(BandFeatureName(band)))
      reduced.bands.push_back(band);
  for (const auto& index : recipe.indices)
    if (variableUsed(index))
      reduced.indices.push_back(index);
  for (const auto& feature : recipe.sar)
    if (variableUsed(feature))
      reduced.sar.push_back(feature);
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
  const bool everything = used.empty();
  // Stack s of the model, or nullptr: not used, or not built yet. Stacks made on the grid of
  // another image (-grid) and topography wait for the grid of the others.
  std::vector<FloatVectorImageType*>         built(recorded.size(), nullptr);
  std::vector<size_t>                        onOtherGrid;
  std::vector<std::pair<size_t, TopoRecipe>> pendingTopography;
  FloatVectorImageType*                      seriesGrid = nullptr; // the reference date of a series
  const auto                                 which      = [](size_t s) { return "the model's stack " + std::to_string(s + 1); };
  // Builds the single-image or bi-date stack s; nullptr when it must wait for a grid and none is
  // known yet.
  const auto build = [&](size_t s, FloatVectorImageType* grid) -> FloatVectorImageType*
  {
    const auto& recipes = recorded[s].recipes;
    if (recipes.count(RecipeMetadataKey("")))
    {
      FeatureRecipe recipe = FeatureRecipe::FromString(recipes.at(RecipeMetadataKey("")));
      if (recipe.otherGrid && !grid)
        return nullptr;
      if (!inputs.image)
        throw InputError("-in: " + which(s) + " was made from one image (ImclassFeatures): give it with -in");
      if (recipe.withPan && !inputs.pan)
        throw InputError("-pan: " + which(s) + " was made with a panchromatic image: give it with -pan");
      FeatureRecipe reduced = everything ? recipe : RecipeFor(recipe, used, {recipe.prefix});
      auto          builder = FeatureStackBuilder::New();
      m_Builders.push_back(builder.GetPointer());
      return builder->Build(inputs.image, reduced, recipe.withPan ? inputs.pan : nullptr, inputs.mask, recipe.otherGrid ? grid : nullptr);
    }
    const std::string&  changeRecipe = recipes.at(ChangeRecipeKey);
    const ChangeOptions options      = ChangeOptions::FromString(changeRecipe);
    // Recipes without cva.radius come from ImCLASS before d_cva read 3 x 3 windows: its d_cva
    // would differ from the model's.
    if (changeRecipe.find("cva.split=") != std::string::npos && changeRecipe.find("cva.radius=") == std::string::npos && (everything || Used(used, "d_cva")))
      throw InputError("-model: " + which(s) + " has the per-pixel d_cva of ImCLASS before d_cva read 3 x 3 windows: retrain the model, or predict from its "
                       "written stacks with -il");
    if (options.reference == "grid" && !grid)
      return nullptr;
    if (!inputs.pre || !inputs.post)
      throw InputError(std::string(inputs.pre ? "-post" : "-pre") + ": " + which(s) + " was made from two dates (ImclassChangeFeatures): give -pre and -post");
    FeatureRecipe pre  = FeatureRecipe::FromString(recipes.at(RecipeMetadataKey("pre_")));
    FeatureRecipe post = FeatureRecipe::FromString(recipes.at(RecipeMetadataKey("post_")));
    if (!everything)
    {
      pre  = RecipeFor(pre, used, {"pre_", "d_"});
      post = RecipeFor(post, used, {"post_", "d_"});
    }
    auto builder = ChangeStackBuilder::New();
    m_Builders.push_back(builder.GetPointer());
    return builder->Build(inputs.pre, inputs.post, inputs.preMask, inputs.postMask, pre, post, options, grid);
  };

  for (size_t s = 0; s < recorded.size(); ++s)
  {
    const auto& recipes = recorded[s].recipes;
    if (recipes.count(SeriesRecipeKey))
    {
      // A time series is on the grid of its reference date: it never waits.
      const SeriesRecipe recipe = SeriesRecipe::FromRecorded(recipes);
      if (inputs.series.empty())
        throw InputError("-series: " + which(s) + " was made from a time series (ImclassSeriesFeatures): give its dates with -series (and -masks)");
      seriesGrid                 = inputs.series[std::min<size_t>(recipe.reference, inputs.series.size() - 1)];
      const SeriesRecipe reduced = everything ? recipe : SeriesRecipeFor(recipe, used);
      if (reduced.Variables().empty())
        continue;
      CheckRecordedDates(reduced, inputs.series, inputs.seriesPaths, "-series");
      auto builder = SeriesStackBuilder::New();
      m_Builders.push_back(builder.GetPointer());
      built[s] = builder->Build(inputs.series, inputs.seriesMasks, reduced, "-series");
      continue;
    }
    if (recipes.count(RecipeMetadataKey("")))
    {
      if (!everything && !AnyUsedWithPrefix(used, FeatureRecipe::FromString(recipes.at(RecipeMetadataKey(""))).prefix))
        continue;
    }
    else if (!(recipes.count(RecipeMetadataKey("pre_")) && recipes.count(RecipeMetadataKey("post_")) && recipes.count(ChangeRecipeKey)))
    {
      if (!recipes.count(TopoRecipeKey))
        throw InputError("-model: " + which(s) +
                         " records no recipe ImCLASS can rebuild (made by another tool than ImclassFeatures, ImclassChangeFeatures, "
                         "ImclassSeriesFeatures and ImclassTopo?): give the stacks with -il");
      const TopoRecipe recipe  = TopoRecipe::FromString(recipes.at(TopoRecipeKey));
      TopoRecipe       reduced = everything ? recipe : TopoRecipeFor(recipe, used);
      if (!reduced.scales.empty())
        pendingTopography.emplace_back(s, reduced);
      continue;
    }
    built[s] = build(s, inputs.grid);
    if (!built[s])
      onOtherGrid.push_back(s);
  }

  // The grid of the stacks made on their own image's grid (or of the series, even when none of
  // its features is used): for those made on the grid of another image when -grid does not give
  // it, and for topography.
  const auto            first   = std::find_if(built.begin(), built.end(), [](FloatVectorImageType* stack) { return stack != nullptr; });
  FloatVectorImageType* ownGrid = first != built.end() ? *first : seriesGrid;
  for (const size_t s : onOtherGrid)
  {
    if (!ownGrid)
      throw InputError("-grid: " + which(s) + " was made on the grid of another image (-grid): give that image with -grid");
    built[s] = build(s, ownGrid);
  }

  // Topography goes onto the grid of the other stacks.
  for (const auto& pending : pendingTopography)
  {
    const size_t                s      = pending.first;
    const TopoRecipe&           recipe = pending.second;
    const FloatVectorImageType* grid   = ownGrid ? ownGrid : inputs.grid ? inputs.grid : inputs.post ? inputs.post : inputs.image;
    if (!grid)
      throw InputError("-in: the model uses topography only: give the image whose grid the map takes with -in");
    auto builder = TopoStackBuilder::New();
    m_Builders.push_back(builder.GetPointer());
    const_cast<FloatVectorImageType*>(grid)->UpdateOutputInformation();
    if (inputs.dem)
      built[s] = builder->BuildFromDem(grid, inputs.dem, recipe, "-dem", inputs.heights);
    else if (!inputs.demDirectory.empty())
      built[s] = builder->BuildFromDemDirectory(grid, inputs.demDirectory, recipe, "-elev.dem", inputs.heights);
    else
      throw InputError("-dem: the model uses topographic features: give the DEM with -dem or -elev.dem");
  }

  // In the model's order, so that the features come in the order of its stacks.
  std::vector<FloatVectorImageType*> stacks;
  for (auto* stack : built)
    if (stack)
      stacks.push_back(stack);
  return stacks;
}

} // namespace Imclass
} // namespace otb
