/*
 * ImCLASS — the one catalogue of temporal features (ts_ prefix): the statistics of a time series
 * of one band or index, their names and formulas, and the calendar dates they are computed on.
 *
 * A series variable is a band (b_<band>) or an index (ndvi, ...) of every date. Its features are
 * named ts_<variable>_<statistic> (ts_ndvi_max, ts_b_red_slope) and ts_<variable>_at_<YYYYMMDD>
 * for the value at a chosen date (ts_ndvi_at_20230615). The formulas are evaluated in one place,
 * otbImclassSeriesFunctor.h.
 */
#ifndef otbImclassSeriesCatalogue_h
#define otbImclassSeriesCatalogue_h

#include "OTBImclassExport.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

enum class TemporalStatistic
{
  Min,
  Max,
  Mean,
  Std,
  Amplitude,
  MaxDay,
  Slope
};

/** \ingroup OTBImclass */
struct TemporalStatisticDefinition
{
  TemporalStatistic id;
  std::string       name;    // suffix of the feature name: ts_<variable>_<name>
  std::string       formula; // for documentation
};

/** Every statistic, in output order (then come the values at chosen dates). */
OTBImclass_EXPORT const std::vector<TemporalStatisticDefinition>& TemporalStatisticCatalogue();

/** ts_<variable>_<statistic>, e.g. ts_ndvi_max. */
OTBImclass_EXPORT std::string TemporalFeatureName(const std::string& variable, const std::string& statistic);

/** ts_<variable>_at_<YYYYMMDD>, e.g. ts_ndvi_at_20230615, for the value at `day` (DayNumber). */
OTBImclass_EXPORT std::string TemporalValueAtName(const std::string& variable, int day);

/** How the series is filled and the value at a date is found, for documentation. */
OTBImclass_EXPORT std::string GapFillingDescription();

/** @name Calendar dates as day numbers: days since 1970-01-01 (Gregorian calendar, years 1400 to 9999:
 * Boost.Date_Time). */
//@{
OTBImclass_EXPORT int DayNumber(int year, unsigned int month, unsigned int day);

/** The day number of "YYYY-MM-DD"; throws InputError naming `parameter` for anything else
 * (another format, a month or day that does not exist). */
OTBImclass_EXPORT int ParseDate(const std::string& text, const std::string& parameter);

/** "YYYY-MM-DD", or "YYYYMMDD" when `compact`. */
OTBImclass_EXPORT std::string FormatDate(int day, bool compact = false);

/** Day of the year (1 = 1 January) of `day` counted from 1 January of the year of `firstDay`:
 * 2023-03-01 in a series starting 2023-01-10 is 60, 2024-01-10 in a series starting 2023-10-01
 * is 375. */
OTBImclass_EXPORT int DayOfYearFrom(int firstDay, int day);
//@}

} // namespace Imclass
} // namespace otb

#endif
