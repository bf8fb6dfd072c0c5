#include "otbImclassSeriesStackBuilder.h"

#include "otbImclassGrid.h"
#include "otbImclassInputError.h"
#include "otbImclassResample.h"
#include "otbImclassSeriesCatalogue.h"
#include "otbImclassSeriesFeaturesFilter.h"
#include "otbImclassStackConcatenateFilter.h"

#include <algorithm>

namespace otb
{
namespace Imclass
{

namespace
{
using FeaturesFilter    = SeriesFeaturesFilter<FloatVectorImageType>;
using ConcatenateFilter = StackConcatenateFilter<FloatVectorImageType, MaskImageType>;

std::string DateName(unsigned int k, const std::vector<std::string>& paths)
{
  return "date " + std::to_string(k + 1) + (k < paths.size() && !paths[k].empty() ? " (" + paths[k] + ")" : "");
}

/** The error of a parameter about one date: "<parameter>: <date>: <problem>". */
InputError AboutDate(const InputError& error, const std::string& date)
{
  std::string message = error.what();
  const auto  colon   = message.find(": ");
  return InputError(colon == std::string::npos ? date + ": " + message : message.substr(0, colon + 2) + date + ": " + message.substr(colon + 2));
}

/** The names `listOf` gives for every date, in the order of the first date's. */
template <class ListOf>
std::vector<std::string> OfEveryDate(const std::vector<FeatureRecipe>& dates, ListOf listOf)
{
  if (dates.empty())
    return {};
  std::vector<std::string> common = listOf(dates.front());
  for (const auto& date : dates)
  {
    const auto ofDate = listOf(date);
    common.erase(
        std::remove_if(common.begin(), common.end(), [&](const std::string& name) { return std::find(ofDate.begin(), ofDate.end(), name) == ofDate.end(); }),
        common.end());
  }
  return common;
}

} // namespace

SeriesRecipe MakeSeriesRecipe(const SeriesSettings& settings, const std::vector<FloatVectorImageType*>& images, const std::vector<std::string>& paths,
                              Reporter& reporter)
{
  SeriesRecipe recipe;
  if (settings.sensors.size() != 1 && settings.sensors.size() != images.size())
    throw InputError(settings.sensorParameter + ": " + std::to_string(settings.sensors.size()) + " sensors for " + std::to_string(images.size()) +
                     " images (-il): give one sensor for all, or one per date");
  std::vector<FeatureRecipe> dates;
  for (unsigned int k = 0; k < images.size(); ++k)
  {
    images[k]->UpdateOutputInformation();
    const std::string& sensor = settings.sensors.size() == 1 ? settings.sensors[0] : settings.sensors[k];
    // The SAR settings apply to the polarisations of a radar date; the looks default to its preset's.
    FeatureRecipe date = settings.sar;
    try
    {
      date.bandNames = ResolveBandNames(sensor, settings.bandNames, images[k]->GetNumberOfComponentsPerPixel(), "-bandnames", settings.sensorParameter);
    }
    catch (const InputError& error)
    {
      throw AboutDate(error, DateName(k, paths));
    }
    if (!(date.sarLooks > 0))
      date.sarLooks = FindSensorPreset(sensor, settings.sensorParameter).looks;
    dates.push_back(date);
  }
  recipe.indices = settings.indices.empty() ? OfEveryDate(dates, [](const FeatureRecipe& date) { return DefaultIndices(date.bandNames); }) : settings.indices;
  for (unsigned int k = 0; k < dates.size(); ++k)
    recipe.dates.push_back(recipe.DateRecipe(k, dates[k]));
  recipe.sar = OfEveryDate(recipe.dates, [](const FeatureRecipe& date) { return date.SarFeatureNames(); });

  recipe.daysFromMetadata = settings.dates.empty();
  for (const auto& date : settings.dates)
    recipe.days.push_back(ParseDate(date, "-dates"));
  if (recipe.daysFromMetadata)
    for (unsigned int k = 0; k < images.size(); ++k)
    {
      int         day;
      std::string source;
      if (!ReadAcquisitionDay(images[k]->GetImageMetadata(), k < paths.size() ? paths[k] : "", day, source))
        throw InputError("-dates: " + DateName(k, paths) +
                         " carries no acquisition date in its metadata (OTB's product metadata, GDAL's ACQUISITIONDATETIME or "
                         "TIFFTAG_DATETIME): give the date of every image with -dates");
      recipe.days.push_back(day);
      reporter.Info(DateName(k, paths) + ": " + FormatDate(day) + ", from " + source);
    }
  for (const auto& date : settings.at)
    recipe.atDays.push_back(ParseDate(date, "-at"));
  recipe.bands        = settings.bands;
  recipe.reference    = settings.reference - 1;
  recipe.interpolator = settings.interpolator;
  recipe.Check();
  return recipe;
}

FloatVectorImageType* SeriesStackBuilder::Build(const std::vector<FloatVectorImageType*>& images, const std::vector<MaskImageType*>& masks,
                                                const SeriesRecipe& recipe, const std::string& imagesParameter)
{
  recipe.Check();
  const size_t nbDates = recipe.dates.size();
  if (images.size() != nbDates)
    throw InputError(imagesParameter + ": " + std::to_string(images.size()) + " images for a series of " + std::to_string(nbDates) + " dates");
  if (!masks.empty() && masks.size() != nbDates)
    throw InputError("-masks: " + std::to_string(masks.size()) + " masks for " + std::to_string(nbDates) + " images (" + imagesParameter +
                     "): give one mask per date");
  FloatVectorImageType* reference = images[recipe.reference];
  for (unsigned int k = 0; k < nbDates; ++k)
  {
    images[k]->UpdateOutputInformation();
    const std::string date = "date " + std::to_string(k + 1);
    if (images[k]->GetNumberOfComponentsPerPixel() != recipe.dates[k].bandNames.size())
      throw InputError(imagesParameter + ": " + date + " has " + std::to_string(images[k]->GetNumberOfComponentsPerPixel()) + " bands, its recipe names " +
                       std::to_string(recipe.dates[k].bandNames.size()));
    if (!masks.empty() && masks[k])
    {
      masks[k]->UpdateOutputInformation();
      CheckOnGrid(masks[k], images[k], "-masks: mask " + std::to_string(k + 1), date);
    }
  }

  // Every date onto the reference grid (its mask folded into it on its own grid), then its bands
  // and indices; the series filter reads each variable at its place in each date's stack.
  m_ResampledDates.clear();
  auto features = FeaturesFilter::New();
  m_Filters.push_back(features.GetPointer());
  for (unsigned int k = 0; k < nbDates; ++k)
  {
    FloatVectorImageType* image = images[k];
    MaskImageType*        mask  = masks.empty() ? nullptr : masks[k];
    if (k != recipe.reference && !SameGrid(image, reference))
    {
      CheckResamplable(image, imagesParameter + ": date " + std::to_string(k + 1), reference, "date " + std::to_string(recipe.reference + 1) + " (-ref)");
      image = ValidPixelsOntoGrid(image, mask, reference, recipe.interpolator, m_Filters);
      mask  = nullptr;
      m_ResampledDates.push_back(k);
    }
    FeatureRecipe dateRecipe = recipe.dates[k];
    m_DateBuilders.push_back(FeatureStackBuilder::New());
    FloatVectorImageType* stack = m_DateBuilders.back()->Build(image, dateRecipe, nullptr, mask);

    const auto                names = dateRecipe.FeatureNames();
    std::vector<unsigned int> positions;
    for (const auto& variable : recipe.Variables())
      positions.push_back(std::find(names.begin(), names.end(), dateRecipe.prefix + variable) - names.begin());
    features->PushBackDate(stack, positions);
  }
  features->SetFeatures(TemporalFeaturesFunctor(recipe.days, recipe.atDays));

  auto named = ConcatenateFilter::New();
  named->PushBackStack(features->GetOutput());
  named->SetBandNames(recipe.FeatureNames());
  for (const auto& item : recipe.Recorded())
    named->SetMetadataItem(item.first, item.second);
  m_Filters.push_back(named.GetPointer());
  return named->GetOutput();
}

void CheckRecordedDates(const SeriesRecipe& recipe, const std::vector<FloatVectorImageType*>& images, const std::vector<std::string>& paths,
                        const std::string& imagesParameter)
{
  if (!recipe.daysFromMetadata)
    return;
  for (unsigned int k = 0; k < images.size() && k < recipe.days.size(); ++k)
  {
    int         day;
    std::string source;
    images[k]->UpdateOutputInformation();
    if (ReadAcquisitionDay(images[k]->GetImageMetadata(), k < paths.size() ? paths[k] : "", day, source) && day != recipe.days[k])
      throw InputError(imagesParameter + ": " + DateName(k, paths) + " is dated " + FormatDate(day) + " (" + source + "), the model's series has " +
                       FormatDate(recipe.days[k]) + " there: give the images of the series in its order");
  }
}

} // namespace Imclass
} // namespace otb
