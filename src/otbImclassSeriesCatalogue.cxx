#include "otbImclassSeriesCatalogue.h"

#include "otbImclassInputError.h"

#include <boost/date_time/gregorian/gregorian.hpp>
#include <cstdio>
#include <regex>
#include <stdexcept>

namespace otb
{
namespace Imclass
{

namespace
{

// Day numbers count days from this date.
const boost::gregorian::date& Epoch()
{
  static const boost::gregorian::date epoch(1970, 1, 1);
  return epoch;
}

boost::gregorian::date CalendarDate(int dayNumber)
{
  return Epoch() + boost::gregorian::days(dayNumber);
}

} // namespace

const std::vector<TemporalStatisticDefinition>& TemporalStatisticCatalogue()
{
  static const std::vector<TemporalStatisticDefinition> catalogue = {
      {TemporalStatistic::Min, "min", "min_k v_k"},
      {TemporalStatistic::Max, "max", "max_k v_k"},
      {TemporalStatistic::Mean, "mean", "(1/N) sum_k v_k"},
      {TemporalStatistic::Std, "std", "sqrt((1/N) sum_k (v_k - mean)^2)"},
      {TemporalStatistic::Amplitude, "amplitude", "max - min"},
      {TemporalStatistic::MaxDay, "maxday",
       "day of the year of the first valid date where the value is the maximum, counted from 1 January of the first date's year "
       "(1 to 366, beyond 366 for dates in the next year)"},
      {TemporalStatistic::Slope, "slope", "least-squares slope of v_k against t_k: sum_k (t_k - mean t)(v_k - mean) / sum_k (t_k - mean t)^2, per day"},
  };
  return catalogue;
}

std::string TemporalFeatureName(const std::string& variable, const std::string& statistic)
{
  return "ts_" + variable + "_" + statistic;
}

std::string TemporalValueAtName(const std::string& variable, int day)
{
  return "ts_" + variable + "_at_" + FormatDate(day, true);
}

std::string GapFillingDescription()
{
  return "v_k is the value at date k (t_k in days), where the date is invalid (masked, no-data, outside its image) filled linearly in time "
         "between the nearest valid dates before and after, or the nearest valid value before the first or after the last valid date; "
         "a pixel with no valid date is no-data";
}

int DayNumber(int year, unsigned int month, unsigned int day)
{
  return static_cast<int>((boost::gregorian::date(year, month, day) - Epoch()).days());
}

int ParseDate(const std::string& text, const std::string& parameter)
{
  static const std::regex isoDate("(\\d{4})-(\\d{2})-(\\d{2})");
  std::smatch             parts;
  if (std::regex_match(text, parts, isoDate))
  {
    try
    {
      return DayNumber(std::stoi(parts[1]), std::stoul(parts[2]), std::stoul(parts[3]));
    }
    catch (const std::out_of_range&) // Boost's bad year, month or day of the month
    {
    }
  }
  throw InputError(parameter + ": '" + text + "' is not a date (YYYY-MM-DD)");
}

std::string FormatDate(int dayNumber, bool compact)
{
  const boost::gregorian::date date = CalendarDate(dayNumber);
  char                         text[16];
  std::snprintf(text, sizeof(text), compact ? "%04d%02d%02d" : "%04d-%02d-%02d", static_cast<int>(date.year()), static_cast<int>(date.month()),
                static_cast<int>(date.day()));
  return text;
}

int DayOfYearFrom(int firstDay, int day)
{
  return day - DayNumber(CalendarDate(firstDay).year(), 1, 1) + 1;
}

} // namespace Imclass
} // namespace otb
