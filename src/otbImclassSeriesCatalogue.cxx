#include "otbImclassSeriesCatalogue.h"

#include "otbImclassInputError.h"

#include <cstdio>
#include <regex>

namespace otb
{
namespace Imclass
{

namespace
{

bool IsLeapYear(int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned int DaysInMonth(int year, unsigned int month)
{
  static const unsigned int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : days[month - 1];
}

/** Year, month and day of a day number (the inverse of DayNumber; H. Hinnant's civil_from_days). */
void CivilDate(int dayNumber, int& year, unsigned int& month, unsigned int& day)
{
  const int      z   = dayNumber + 719468;
  const int      era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp  = (5 * doy + 2) / 153;
  day                = doy - (153 * mp + 2) / 5 + 1;
  month              = mp < 10 ? mp + 3 : mp - 9;
  year               = static_cast<int>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
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
  // H. Hinnant's days_from_civil.
  year -= month <= 2 ? 1 : 0;
  const int      era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

int ParseDate(const std::string& text, const std::string& parameter)
{
  static const std::regex isoDate("(\\d{4})-(\\d{2})-(\\d{2})");
  std::smatch             parts;
  if (std::regex_match(text, parts, isoDate))
  {
    const int          year  = std::stoi(parts[1]);
    const unsigned int month = std::stoul(parts[2]), day = std::stoul(parts[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month))
      return DayNumber(year, month, day);
  }
  throw InputError(parameter + ": '" + text + "' is not a date (YYYY-MM-DD)");
}

std::string FormatDate(int dayNumber, bool compact)
{
  int          year;
  unsigned int month, day;
  CivilDate(dayNumber, year, month, day);
  char text[16];
  std::snprintf(text, sizeof(text), compact ? "%04d%02u%02u" : "%04d-%02u-%02u", year, month, day);
  return text;
}

int DayOfYearFrom(int firstDay, int day)
{
  int          year;
  unsigned int month, dayOfMonth;
  CivilDate(firstDay, year, month, dayOfMonth);
  return day - DayNumber(year, 1, 1) + 1;
}

} // namespace Imclass
} // namespace otb
