/*
 * ImCLASS — the one catalogue of band names, sensor presets, spectral indices, texture sets, SAR
 * settings and feature names.
 *
 * The feature applications address bands by these names, and every output band carries the
 * feature name built here, so the names in the files, the model and the documentation are the
 * same strings.
 */
#ifndef otbImclassFeatureCatalogue_h
#define otbImclassFeatureCatalogue_h

#include "OTBImclassExport.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** `items` joined by `separator` ("blue green red"): the lists of messages and recipes. */
OTBImclass_EXPORT std::string JoinNames(const std::vector<std::string>& items, const std::string& separator = " ");

/** Band names a user may give with -bandnames (one per input band): optical bands, the SAR
 * polarisations, and `other`. */
OTBImclass_EXPORT const std::vector<std::string>& CanonicalBandNames();

/** The SAR polarisations among the band names (vv vh hh hv): their values are backscatter. */
OTBImclass_EXPORT const std::vector<std::string>& Polarisations();
OTBImclass_EXPORT bool                            IsPolarisation(const std::string& band);

/** The cross-polarisation received with a co-polarisation (vv: vh, hh: hv), "" for another band. */
OTBImclass_EXPORT std::string CrossPolarisationOf(const std::string& coPolarisation);

/** A sensor preset: the band orders accepted for it, one per possible band count; a radar preset
 * names polarisations only and gives the equivalent number of looks of its products (the speckle
 * filters' default).
 * \ingroup OTBImclass */
struct SensorPreset
{
  std::string                           key;   // value of -sensor
  std::string                           label; // for documentation and logs
  std::vector<std::vector<std::string>> layouts;
  bool                                  radar = false;
  float                                 looks = 1.f;
};

OTBImclass_EXPORT const std::vector<SensorPreset>& SensorPresets();

/** Comma-separated list of sensor keys, for parameter descriptions. */
OTBImclass_EXPORT std::string SensorKeyList();

/** The preset of a sensor key; throws InputError naming `sensorParameter` if unknown. */
OTBImclass_EXPORT const SensorPreset& FindSensorPreset(const std::string& sensor, const std::string& sensorParameter = "-sensor");

/** Names of the bands of an image with nbBands bands: the user list when not empty (validated;
 * polarisations only for a radar preset), else the preset layout of that sensor for that band count. `parameter` and `sensorParameter`
 * name the parameters in error messages (e.g. "-prebandnames", "-presensor"). Throws InputError. */
OTBImclass_EXPORT std::vector<std::string> ResolveBandNames(const std::string& sensor, const std::vector<std::string>& userBandNames, unsigned int nbBands,
                                                            const std::string& parameter = "-bandnames", const std::string& sensorParameter = "-sensor");

/** Position of a band in a list of band names, or -1. */
OTBImclass_EXPORT int BandPosition(const std::vector<std::string>& bandNames, const std::string& band);

/** The spectral indices ImCLASS computes. The formulas live in otbImclassSpectralFunctor.h. */
enum class SpectralIndex
{
  NDVI,
  SAVI,
  NDWI,
  MNDWI,
  NDBI,
  NDMI,
  NBR,
  BSI,
  Brightness,
  NDRE
};

/** \ingroup OTBImclass */
struct IndexDefinition
{
  SpectralIndex            id;
  std::string              name;    // feature name, e.g. "ndvi"
  std::vector<std::string> bands;   // canonical bands it needs, in the order the formula uses
  std::string              formula; // for documentation
};

/** Every index, in the order they appear in the default stacks. */
OTBImclass_EXPORT const std::vector<IndexDefinition>& IndexCatalogue();

/** The definition of an index by name; throws InputError naming `parameter` if unknown. */
OTBImclass_EXPORT const IndexDefinition& FindIndex(const std::string& name, const std::string& parameter = "-indices");

/** Every catalogue index whose bands the image has. */
OTBImclass_EXPORT std::vector<std::string> DefaultIndices(const std::vector<std::string>& bandNames);

/** Checks that each requested index exists and that its bands are present; throws InputError
 * naming the first offending index and missing band, and the image (`imageDescription`, e.g.
 * "the -pre image"). Duplicates are an error too. */
OTBImclass_EXPORT void CheckIndices(const std::vector<std::string>& indices, const std::vector<std::string>& bandNames,
                                    const std::string& parameter = "-indices", const std::string& imageDescription = "the image");

/** Haralick texture sets (-texture): OTB's 8 simple features, its 10 advanced ones, or both. */
enum class TextureSet
{
  None,
  Simple,
  Advanced,
  All
};

/** Parses "none", "simple", "advanced", "all"; throws InputError naming `parameter` otherwise. */
OTBImclass_EXPORT TextureSet ParseTextureSet(const std::string& name, const std::string& parameter = "-texture");

/** The name ParseTextureSet reads. */
OTBImclass_EXPORT std::string TextureSetName(TextureSet set);

/** The band whose textures are computed when -tex.band is not given: pan in VHR mode, else nir,
 * else the first co-polarisation (vv, hh), else the first polarisation the image has; nir when it
 * has none of them (an error at the recipe's check). */
OTBImclass_EXPORT std::string DefaultTextureBand(const std::vector<std::string>& bandNames, bool withPan);

/** Names of the features of each set, in the order OTB's HaralickTextureExtraction writes them. */
OTBImclass_EXPORT const std::vector<std::string>& SimpleTextureNames();
OTBImclass_EXPORT const std::vector<std::string>& AdvancedTextureNames();

/** How SAR backscatter is given (-sar.unit): sigma0 as linear power, in dB, or as amplitude
 * (the square root of power). */
enum class SarUnit
{
  Power,
  Decibel,
  Amplitude
};
OTBImclass_EXPORT SarUnit     ParseSarUnit(const std::string& name, const std::string& parameter = "-sar.unit");
OTBImclass_EXPORT std::string SarUnitName(SarUnit unit); // power, db, amplitude

/** OTB's speckle filters (-sar.filter, as otbcli_Despeckle's -filter), or none. */
enum class SpeckleFilter
{
  None,
  Lee,
  Frost,
  GammaMAP,
  Kuan
};
OTBImclass_EXPORT SpeckleFilter ParseSpeckleFilter(const std::string& name, const std::string& parameter = "-sar.filter");
OTBImclass_EXPORT std::string   SpeckleFilterName(SpeckleFilter filter); // none, lee, frost, gammamap, kuan

/** Feature names, the strings written as band descriptions. */
OTBImclass_EXPORT std::string BandFeatureName(const std::string& band);                                                     // b_nir
OTBImclass_EXPORT std::string TextureFeatureName(const std::string& texture, const std::string& band, unsigned int radius); // tex_entropy_nir_r2
OTBImclass_EXPORT std::string SarDecibelFeatureName(const std::string& polarisation);                                       // sar_vv_db
/** The suffix of what a speckle filter made: _lee_r2 ("" for none). */
OTBImclass_EXPORT std::string SpeckleSuffix(SpeckleFilter filter, unsigned int radius);
OTBImclass_EXPORT std::string SarFilteredFeatureName(const std::string& polarisation, SpeckleFilter filter, unsigned int radius); // sar_vv_lee_r2
/** Cross-polarisation over co-polarisation intensity, of the filtered intensities when there is a
 * filter: sar_cross_ratio_vv_lee_r2 (vh / vv), sar_cross_ratio_hh (hv / hh, unfiltered). */
OTBImclass_EXPORT std::string SarCrossRatioFeatureName(const std::string& coPolarisation, SpeckleFilter filter, unsigned int radius);

} // namespace Imclass
} // namespace otb

#endif
