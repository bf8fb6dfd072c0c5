/*
 * ImCLASS — the recipe of a time-series stack (ImclassSeriesFeatures): the dates, the band names of
 * each date, the bands and indices whose temporal features are computed, the values at chosen
 * dates, the reference grid; how the stack records it in its metadata; and where the acquisition
 * date of an image is read when it is not given.
 */
#ifndef otbImclassSeriesRecipe_h
#define otbImclassSeriesRecipe_h

#include "OTBImclassExport.h"
#include "otbImclassFeatureRecipe.h"

#include "otbImageMetadata.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Metadata item under which a series stack records its series settings; each date records its
 * own feature recipe under RecipeMetadataKey("t<k>_") (IMCLASS_RECIPE_t1, IMCLASS_RECIPE_t2, ...). */
constexpr const char* SeriesRecipeKey = "IMCLASS_RECIPE_series";

/** What a time-series stack is made of. \ingroup OTBImclass */
struct OTBImclass_EXPORT SeriesRecipe
{
  std::vector<FeatureRecipe> dates;                    // per date, in date order: its band names, the indices below, no texture, prefix t<k>_
  std::vector<int>           days;                     // acquisition day of each date (DayNumber), increasing
  bool                       daysFromMetadata = false; // read from the images (else given with -dates)
  std::vector<std::string>   bands;                    // series variables: bands every date has (canonical names)
  std::vector<std::string>   indices;                  // series variables: catalogue indices every date computes
  std::vector<std::string>   sar;                      // series variables: SAR features every date computes (radar dates)
  std::vector<int>           atDays;                   // values at these days (DayNumber), increasing
  unsigned int               reference    = 0;         // date whose grid is the output grid (0 = the first)
  std::string                interpolator = "bco";     // bco | linear | nn: resampling of the other dates

  /** The per-date recipe of date `date` (0-based): `image` (its band names and SAR settings)
   * with this series' indices, no texture, prefix t<k>_. */
  FeatureRecipe DateRecipe(unsigned int date, const FeatureRecipe& image) const;

  /** The series variables, in output order: b_<band> for each band, the indices, then the SAR
   * features. */
  std::vector<std::string> Variables() const;

  /** Names of the output bands of one variable: its statistics in catalogue order, then its
   * values at the -at dates. */
  std::vector<std::string> VariableFeatureNames(const std::string& variable) const;

  /** Names of all output bands, in output order: the bands of each variable in turn. */
  std::vector<std::string> FeatureNames() const;

  /** Throws InputError naming the parameter: fewer than 2 dates, dates not increasing, -at dates
   * outside the series, a band, index or SAR feature a date lacks, a polarisation among -bands,
   * nothing to compute, -ref out of range. */
  void Check() const;

  /** The metadata items of the stack: (SeriesRecipeKey, settings) and one feature recipe per date. */
  std::vector<std::pair<std::string, std::string>> Recorded() const;

  /** The recipe of Recorded (the items of one stack, key -> text). Throws InputError("-model: ...")
   * for items that are not one. */
  static SeriesRecipe FromRecorded(const std::map<std::string, std::string>& recipes);
};

/** The acquisition day (DayNumber) of an image, read from, in order: OTB's metadata of the product
 * (the acquisition date OTB reads from official products such as Sentinel-2, Pleiades, SPOT), then
 * the GDAL metadata items of the file `path` (when not empty): ACQUISITIONDATETIME in the IMAGERY
 * domain, ACQUISITIONDATETIME in the default domain, TIFFTAG_DATETIME. `source` names the item
 * found. False when none holds a date. */
OTBImclass_EXPORT bool ReadAcquisitionDay(const ImageMetadata& metadata, const std::string& path, int& day, std::string& source);

} // namespace Imclass
} // namespace otb

#endif
