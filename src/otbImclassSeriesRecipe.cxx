#include "otbImclassSeriesRecipe.h"

#include "otbImclassInputError.h"
#include "otbImclassOutputFiles.h"
#include "otbImclassSeriesCatalogue.h"

#include "gdal_priv.h"
#include "otbDateTime.h"

#include <algorithm>
#include <memory>
#include <regex>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{

std::string DatePrefix(unsigned int date)
{
  return "t" + std::to_string(date + 1) + "_";
}

std::string Join(const std::vector<std::string>& items)
{
  return JoinNames(items, ",");
}

std::string Dates(const std::vector<int>& days)
{
  std::vector<std::string> dates;
  for (const int day : days)
    dates.push_back(FormatDate(day));
  return Join(dates);
}

std::vector<int> ParseDates(const std::string& text)
{
  std::vector<int> days;
  for (const auto& date : RecipeList(text))
    days.push_back(ParseDate(date, "-model"));
  return days;
}

/** The day of a metadata date: "YYYY-MM-DD..." (ISO 8601) or "YYYY:MM:DD ..." (TIFF). */
bool ParseMetadataDate(const char* text, int& day)
{
  static const std::regex date("\\s*(\\d{4})[-:](\\d{2})[-:](\\d{2}).*");
  std::cmatch             parts;
  if (!text || !std::regex_match(text, parts, date))
    return false;
  try
  {
    day = ParseDate(parts[1].str() + "-" + parts[2].str() + "-" + parts[3].str(), "");
    return true;
  }
  catch (const InputError&)
  {
    return false;
  }
}

} // namespace

FeatureRecipe SeriesRecipe::DateRecipe(unsigned int date, const FeatureRecipe& image) const
{
  FeatureRecipe recipe = image;
  recipe.indices       = indices;
  recipe.texture       = TextureSet::None;
  recipe.prefix        = DatePrefix(date);
  return recipe;
}

std::vector<std::string> SeriesRecipe::Variables() const
{
  std::vector<std::string> variables;
  for (const auto& band : bands)
    variables.push_back(BandFeatureName(band));
  variables.insert(variables.end(), indices.begin(), indices.end());
  variables.insert(variables.end(), sar.begin(), sar.end());
  return variables;
}

std::vector<std::string> SeriesRecipe::VariableFeatureNames(const std::string& variable) const
{
  std::vector<std::string> names;
  for (const auto& statistic : TemporalStatisticCatalogue())
    names.push_back(TemporalFeatureName(variable, statistic.name));
  for (const int day : atDays)
    names.push_back(TemporalValueAtName(variable, day));
  return names;
}

std::vector<std::string> SeriesRecipe::FeatureNames() const
{
  std::vector<std::string> names;
  for (const auto& variable : Variables())
  {
    const auto ofVariable = VariableFeatureNames(variable);
    names.insert(names.end(), ofVariable.begin(), ofVariable.end());
  }
  return names;
}

void SeriesRecipe::Check() const
{
  if (dates.size() < 2)
    throw InputError("-il: a time series needs at least 2 dates (" + std::to_string(dates.size()) + " given)");
  if (days.size() != dates.size())
    throw InputError("-dates: " + std::to_string(days.size()) + " dates for " + std::to_string(dates.size()) + " images (-il): give one date per image");
  for (size_t k = 1; k < days.size(); ++k)
    if (days[k] <= days[k - 1])
      throw InputError((daysFromMetadata ? "-il: the dates read from the images' metadata must increase in the order of -il"
                                         : "-dates: the dates must increase in the order of -il") +
                       std::string(": date ") + std::to_string(k + 1) + " (" + FormatDate(days[k]) + ") is not after date " + std::to_string(k) + " (" +
                       FormatDate(days[k - 1]) + ")");
  if (reference >= dates.size())
    throw InputError("-ref: there is no date " + std::to_string(reference + 1) + " (" + std::to_string(dates.size()) + " dates)");
  for (size_t a = 0; a < atDays.size(); ++a)
  {
    if (atDays[a] < days.front() || atDays[a] > days.back())
      throw InputError("-at: " + FormatDate(atDays[a]) + " is outside the series (" + FormatDate(days.front()) + " to " + FormatDate(days.back()) + ")");
    if (a > 0 && atDays[a] <= atDays[a - 1])
      throw InputError("-at: the dates must increase (" + FormatDate(atDays[a]) + " after " + FormatDate(atDays[a - 1]) + ")");
  }
  if (Variables().empty())
    throw InputError(
        "-indices: nothing to compute: give indices (-indices) or bands (-bands); SAR features are those every date has, "
        "so a series of optical and radar dates has none");
  for (const auto& band : bands)
  {
    const auto& known = CanonicalBandNames();
    if (std::find(known.begin(), known.end(), band) == known.end())
      throw InputError("-bands: '" + band + "' is not a band name (" + Join(known) + ")");
    if (IsPolarisation(band))
      throw InputError("-bands: '" + band + "' is a polarisation: its temporal features are those of its SAR features (ts_" + SarDecibelFeatureName(band) +
                       "_mean...), computed without -bands");
    if (std::count(bands.begin(), bands.end(), band) > 1)
      throw InputError("-bands: '" + band + "' is given twice");
  }
  for (size_t k = 0; k < dates.size(); ++k)
  {
    const std::string date = "date " + std::to_string(k + 1) + " (" + FormatDate(days[k]) + ")";
    CheckIndices(indices, dates[k].bandNames, "-indices", date);
    for (const auto& band : bands)
      if (BandPosition(dates[k].bandNames, band) < 0)
        throw InputError("-bands: " + date + " has no band '" + band + "' (its bands: " + Join(dates[k].bandNames) + ")");
    const auto sarOfDate = dates[k].SarFeatureNames();
    if (dates[k].indices != indices || dates[k].texture != TextureSet::None || dates[k].prefix != DatePrefix(k) ||
        std::any_of(sar.begin(), sar.end(), [&](const std::string& name) { return std::find(sarOfDate.begin(), sarOfDate.end(), name) == sarOfDate.end(); }))
      throw InputError("-model: the recipe of " + date + " does not fit its series");
  }
}

std::vector<std::pair<std::string, std::string>> SeriesRecipe::Recorded() const
{
  std::ostringstream settings;
  settings << "dates=" << Dates(days) << ";dates.source=" << (daysFromMetadata ? "metadata" : "parameter") << ";bands=" << Join(bands)
           << ";indices=" << Join(indices) << ";at=" << Dates(atDays) << ";reference=" << reference + 1 << ";interpolator=" << interpolator
           << ";sar=" << Join(sar);
  std::vector<std::pair<std::string, std::string>> recorded{{SeriesRecipeKey, settings.str()}};
  for (const auto& date : dates)
    recorded.emplace_back(RecipeMetadataKey(date.prefix), date.ToString());
  return recorded;
}

SeriesRecipe SeriesRecipe::FromRecorded(const std::map<std::string, std::string>& recipes)
{
  const auto series = recipes.find(SeriesRecipeKey);
  if (series == recipes.end())
    throw InputError("-model: a series stack records no series recipe");
  SeriesRecipe recipe;
  try
  {
    auto items              = RecipeItems(series->second, "series");
    recipe.days             = ParseDates(items.at("dates"));
    recipe.daysFromMetadata = items.at("dates.source") == "metadata";
    recipe.bands            = RecipeList(items.at("bands"));
    recipe.indices          = RecipeList(items.at("indices"));
    recipe.sar              = items.count("sar") ? RecipeList(items.at("sar")) : std::vector<std::string>(); // stacks made before SAR
    recipe.atDays           = ParseDates(items.at("at"));
    recipe.reference        = std::stoul(items.at("reference")) - 1;
    recipe.interpolator     = items.at("interpolator");
    for (unsigned int k = 0; k < recipe.days.size(); ++k)
      recipe.dates.push_back(FeatureRecipe::FromString(recipes.at(RecipeMetadataKey(DatePrefix(k)))));
    recipe.Check();
  }
  catch (const std::exception&) // a missing item or date recipe (at), an unreadable number (sto*) or date, an inconsistent recipe (Check)
  {
    throw InputError("-model: the series recipe it records is incomplete or corrupt ('" + series->second + "')");
  }
  return recipe;
}

bool ReadAcquisitionDay(const ImageMetadata& metadata, const std::string& path, int& day, std::string& source)
{
  if (metadata.Has(MDTime::AcquisitionDate))
  {
    const auto& date = metadata[MDTime::AcquisitionDate];
    day              = DayNumber(date.GetYear(), date.GetMonth(), date.GetDay());
    source           = "OTB's acquisition date of the product";
    return true;
  }
  if (path.empty())
    return false;
  GDALAllRegister();
  GDALDatasetUniquePtr dataset(GDALDataset::FromHandle(GDALOpen(WithoutExtendedFilename(path).c_str(), GA_ReadOnly)));
  if (!dataset)
    return false;
  const std::vector<std::pair<const char*, const char*>> items = {{"ACQUISITIONDATETIME", "IMAGERY"}, {"ACQUISITIONDATETIME", ""}, {"TIFFTAG_DATETIME", ""}};
  for (const auto& item : items)
    if (ParseMetadataDate(dataset->GetMetadataItem(item.first, item.second), day))
    {
      source = std::string("GDAL's ") + item.first + (*item.second ? std::string(" (") + item.second + " domain)" : std::string());
      return true;
    }
  return false;
}

} // namespace Imclass
} // namespace otb
