#include "otbImclassFeatureCatalogue.h"

#include "otbImclassInputError.h"

#include <algorithm>
#include <sstream>
#include <utility>

namespace otb
{
namespace Imclass
{

namespace
{
/** The values of an enumeration and their names, in the order error messages list them. */
template <class TValue>
using NameTable = std::vector<std::pair<TValue, std::string>>;

/** The value whose name is `name`; throws InputError naming `parameter` and the known names
 * otherwise. */
template <class TValue>
TValue ParseByName(const std::string& name, const NameTable<TValue>& table, const std::string& parameter, const std::string& what)
{
  std::vector<std::string> known;
  for (const auto& entry : table)
  {
    if (name == entry.second)
      return entry.first;
    known.push_back(entry.second);
  }
  throw InputError(parameter + ": unknown " + what + " '" + name + "' (" + JoinNames(known, ", ") + ")");
}

template <class TValue>
std::string NameOf(TValue value, const NameTable<TValue>& table)
{
  for (const auto& entry : table)
    if (entry.first == value)
      return entry.second;
  return "";
}

const NameTable<TextureSet> TextureSetNames = {
    {TextureSet::None, "none"}, {TextureSet::Simple, "simple"}, {TextureSet::Advanced, "advanced"}, {TextureSet::All, "all"}};
const NameTable<SarUnit>       SarUnitNames       = {{SarUnit::Power, "power"}, {SarUnit::Decibel, "db"}, {SarUnit::Amplitude, "amplitude"}};
const NameTable<SpeckleFilter> SpeckleFilterNames = {{SpeckleFilter::None, "none"},
                                                     {SpeckleFilter::Lee, "lee"},
                                                     {SpeckleFilter::Frost, "frost"},
                                                     {SpeckleFilter::GammaMAP, "gammamap"},
                                                     {SpeckleFilter::Kuan, "kuan"}};
} // namespace

std::string JoinNames(const std::vector<std::string>& items, const std::string& separator)
{
  std::ostringstream out;
  for (size_t i = 0; i < items.size(); ++i)
    out << (i ? separator : "") << items[i];
  return out.str();
}

const std::vector<std::string>& CanonicalBandNames()
{
  static const std::vector<std::string> names = {"coastal", "blue",  "green", "red", "re1", "re2", "re3", "nir", "nir2", "wv",
                                                 "cirrus",  "swir1", "swir2", "pan", "vv",  "vh",  "hh",  "hv",  "other"};
  return names;
}

const std::vector<std::string>& Polarisations()
{
  static const std::vector<std::string> names = {"vv", "vh", "hh", "hv"};
  return names;
}

bool IsPolarisation(const std::string& band)
{
  return BandPosition(Polarisations(), band) >= 0;
}

std::string CrossPolarisationOf(const std::string& coPolarisation)
{
  return coPolarisation == "vv" ? "vh" : coPolarisation == "hh" ? "hv" : "";
}

const std::vector<SensorPreset>& SensorPresets()
{
  static const std::vector<SensorPreset> presets = {
      {"s2",
       "Sentinel-2 MSI",
       {// 10 m bands only: B2 B3 B4 B8
        {"blue", "green", "red", "nir"},
        // 10 m + 20 m bands: B2 B3 B4 B5 B6 B7 B8 B8A B11 B12
        {"blue", "green", "red", "re1", "re2", "re3", "nir", "nir2", "swir1", "swir2"},
        // Level-2A, all 12 bands: B1 .. B9, B11, B12
        {"coastal", "blue", "green", "red", "re1", "re2", "re3", "nir", "nir2", "wv", "swir1", "swir2"},
        // Level-1C, all 13 bands: B1 .. B12
        {"coastal", "blue", "green", "red", "re1", "re2", "re3", "nir", "nir2", "wv", "cirrus", "swir1", "swir2"}}},
      {"l8",
       "Landsat-8/9 OLI",
       {// B2 .. B7
        {"blue", "green", "red", "nir", "swir1", "swir2"},
        // B1 .. B7
        {"coastal", "blue", "green", "red", "nir", "swir1", "swir2"}}},
      {"l57",
       "Landsat-5 TM / Landsat-7 ETM+",
       {// B1 .. B4
        {"blue", "green", "red", "nir"},
        // B1 .. B5, B7
        {"blue", "green", "red", "nir", "swir1", "swir2"}}},
      {"spot67", "SPOT-6/7 (B0 B1 B2 B3)", {{"blue", "green", "red", "nir"}}},
      {"pleiades", "Pleiades (B0 B1 B2 B3)", {{"blue", "green", "red", "nir"}}},
      // Ground range detected, calibrated to sigma0; 4.4 is ESA's equivalent number of looks of
      // the IW high-resolution products.
      {"s1", "Sentinel-1 GRD (sigma0)", {{"vv"}, {"vv", "vh"}}, true, 4.4f},
      {"sar", "any SAR image: polarisations given with -bandnames (hh hv vv vh)", {}, true, 1.f},
      {"generic", "any sensor: band names given with -bandnames", {}}};
  return presets;
}

const SensorPreset& FindSensorPreset(const std::string& sensor, const std::string& sensorParameter)
{
  const auto& presets = SensorPresets();
  auto        preset  = std::find_if(presets.begin(), presets.end(), [&](const SensorPreset& p) { return p.key == sensor; });
  if (preset == presets.end())
    throw InputError(sensorParameter + ": unknown sensor '" + sensor + "' (known: " + SensorKeyList() + ")");
  return *preset;
}

std::string SensorKeyList()
{
  std::vector<std::string> keys;
  for (const auto& preset : SensorPresets())
    keys.push_back(preset.key);
  return JoinNames(keys, ", ");
}

std::vector<std::string> ResolveBandNames(const std::string& sensor, const std::vector<std::string>& userBandNames, unsigned int nbBands,
                                          const std::string& parameter, const std::string& sensorParameter)
{
  const SensorPreset& preset = FindSensorPreset(sensor, sensorParameter);
  if (!userBandNames.empty())
  {
    if (userBandNames.size() != nbBands)
    {
      std::ostringstream message;
      message << parameter << ": " << userBandNames.size() << " names given for an image of " << nbBands << " bands";
      throw InputError(message.str());
    }
    const auto& canonical = CanonicalBandNames();
    for (size_t i = 0; i < userBandNames.size(); ++i)
    {
      const std::string& name = userBandNames[i];
      if (std::find(canonical.begin(), canonical.end(), name) == canonical.end())
        throw InputError(parameter + ": unknown band name '" + name + "' (known: " + JoinNames(canonical) + ")");
      if (name != "other" && std::find(userBandNames.begin(), userBandNames.begin() + i, name) != userBandNames.begin() + i)
        throw InputError(parameter + ": band name '" + name + "' given twice");
      if (preset.radar && name != "other" && !IsPolarisation(name))
        throw InputError(parameter + ": '" + name + "' is not a polarisation (" + sensorParameter + " " + sensor + " takes " + JoinNames(Polarisations()) +
                         " or other)");
    }
    return userBandNames;
  }

  if (preset.layouts.empty())
    throw InputError(sensorParameter + ": '" + sensor + "' needs " + parameter + " (one name per band" +
                     (preset.radar ? ": " + JoinNames(Polarisations()) + ")" : ")"));
  std::vector<std::string> counts;
  for (const auto& layout : preset.layouts)
  {
    if (layout.size() == nbBands)
      return layout;
    counts.push_back(std::to_string(layout.size()));
  }
  std::ostringstream message;
  message << sensorParameter << ": a " << preset.label << " image has " << JoinNames(counts, " or ") << " bands, this one has " << nbBands << "; give " << parameter
          << " (one name per band)";
  throw InputError(message.str());
}

int BandPosition(const std::vector<std::string>& bandNames, const std::string& band)
{
  auto it = std::find(bandNames.begin(), bandNames.end(), band);
  return it == bandNames.end() ? -1 : static_cast<int>(it - bandNames.begin());
}

const std::vector<IndexDefinition>& IndexCatalogue()
{
  static const std::vector<IndexDefinition> catalogue = {
      {SpectralIndex::NDVI, "ndvi", {"red", "nir"}, "(nir - red) / (nir + red)"},
      {SpectralIndex::SAVI, "savi", {"red", "nir"}, "1.5 (nir - red) / (nir + red + 0.5), reflectance in [0, 1]"},
      {SpectralIndex::NDWI, "ndwi", {"green", "nir"}, "(green - nir) / (green + nir)  (McFeeters)"},
      {SpectralIndex::MNDWI, "mndwi", {"green", "swir1"}, "(green - swir1) / (green + swir1)"},
      {SpectralIndex::NDBI, "ndbi", {"nir", "swir1"}, "(swir1 - nir) / (swir1 + nir)"},
      {SpectralIndex::NDMI, "ndmi", {"nir", "swir1"}, "(nir - swir1) / (nir + swir1)  (Gao's NDWI)"},
      {SpectralIndex::NBR, "nbr", {"nir", "swir2"}, "(nir - swir2) / (nir + swir2)"},
      {SpectralIndex::BSI, "bsi", {"blue", "red", "nir", "swir1"}, "((swir1 + red) - (nir + blue)) / ((swir1 + red) + (nir + blue))"},
      {SpectralIndex::Brightness, "brightness", {"green", "red", "nir"}, "sqrt((green^2 + red^2 + nir^2) / 3)"},
      {SpectralIndex::NDRE, "ndre", {"re1", "nir"}, "(nir - re1) / (nir + re1)"}};
  return catalogue;
}

const IndexDefinition& FindIndex(const std::string& name, const std::string& parameter)
{
  for (const auto& index : IndexCatalogue())
    if (index.name == name)
      return index;
  std::vector<std::string> known;
  for (const auto& index : IndexCatalogue())
    known.push_back(index.name);
  throw InputError(parameter + ": unknown index '" + name + "' (known: " + JoinNames(known) + ")");
}

std::vector<std::string> DefaultIndices(const std::vector<std::string>& bandNames)
{
  std::vector<std::string> indices;
  for (const auto& index : IndexCatalogue())
    if (std::all_of(index.bands.begin(), index.bands.end(), [&](const std::string& b) { return BandPosition(bandNames, b) >= 0; }))
      indices.push_back(index.name);
  return indices;
}

void CheckIndices(const std::vector<std::string>& indices, const std::vector<std::string>& bandNames, const std::string& parameter,
                  const std::string& imageDescription)
{
  for (size_t i = 0; i < indices.size(); ++i)
  {
    const IndexDefinition& index = FindIndex(indices[i], parameter);
    if (std::find(indices.begin(), indices.begin() + i, indices[i]) != indices.begin() + i)
      throw InputError(parameter + ": index '" + indices[i] + "' given twice");
    for (const auto& band : index.bands)
      if (BandPosition(bandNames, band) < 0)
        throw InputError(parameter + ": " + index.name + " needs band " + band + ", which " + imageDescription + " does not have (bands: " + JoinNames(bandNames) +
                         ")");
  }
}

TextureSet ParseTextureSet(const std::string& name, const std::string& parameter)
{
  return ParseByName(name, TextureSetNames, parameter, "texture set");
}

std::string TextureSetName(TextureSet set)
{
  return NameOf(set, TextureSetNames);
}

std::string DefaultTextureBand(const std::vector<std::string>& bandNames, bool withPan)
{
  if (withPan)
    return "pan";
  for (const auto* band : {"nir", "vv", "hh", "vh", "hv"})
    if (BandPosition(bandNames, band) >= 0)
      return band;
  return "nir";
}

const std::vector<std::string>& SimpleTextureNames()
{
  static const std::vector<std::string> names = {"energy",  "entropy",       "correlation",        "idm",
                                                 "inertia", "cluster_shade", "cluster_prominence", "haralick_correlation"};
  return names;
}

const std::vector<std::string>& AdvancedTextureNames()
{
  static const std::vector<std::string> names = {"mean",        "variance",     "dissimilarity", "sum_average", "sum_variance",
                                                 "sum_entropy", "diff_entropy", "diff_variance", "ic1",         "ic2"};
  return names;
}

std::string BandFeatureName(const std::string& band)
{
  return "b_" + band;
}

std::string TextureFeatureName(const std::string& texture, const std::string& band, unsigned int radius)
{
  return "tex_" + texture + "_" + band + "_r" + std::to_string(radius);
}

SarUnit ParseSarUnit(const std::string& name, const std::string& parameter)
{
  return ParseByName(name, SarUnitNames, parameter, "SAR unit");
}

std::string SarUnitName(SarUnit unit)
{
  return NameOf(unit, SarUnitNames);
}

SpeckleFilter ParseSpeckleFilter(const std::string& name, const std::string& parameter)
{
  return ParseByName(name, SpeckleFilterNames, parameter, "speckle filter");
}

std::string SpeckleFilterName(SpeckleFilter filter)
{
  return NameOf(filter, SpeckleFilterNames);
}

std::string SarDecibelFeatureName(const std::string& polarisation)
{
  return "sar_" + polarisation + "_db";
}

std::string SpeckleSuffix(SpeckleFilter filter, unsigned int radius)
{
  return filter == SpeckleFilter::None ? "" : "_" + SpeckleFilterName(filter) + "_r" + std::to_string(radius);
}

std::string SarFilteredFeatureName(const std::string& polarisation, SpeckleFilter filter, unsigned int radius)
{
  return "sar_" + polarisation + SpeckleSuffix(filter, radius);
}

std::string SarCrossRatioFeatureName(const std::string& coPolarisation, SpeckleFilter filter, unsigned int radius)
{
  return "sar_cross_ratio_" + coPolarisation + SpeckleSuffix(filter, radius);
}

} // namespace Imclass
} // namespace otb
