/*
 * ImCLASS — the temporal features of one pixel's time series: gap filling (linear in time, as
 * iota2 fills its series) and the statistics of otbImclassSeriesCatalogue.h. The single place where
 * their formulas are written.
 */
#ifndef otbImclassSeriesFunctor_h
#define otbImclassSeriesFunctor_h

#include "otbImclassSeriesCatalogue.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Fills `filled` (n values) from the values at the valid dates: an invalid date takes the linear
 * interpolation in time between the nearest valid dates before and after it, or the nearest valid
 * value when it is before the first or after the last valid date. `days` are increasing. Returns
 * false (and leaves `filled` alone) when no date is valid. */
inline bool GapFill(const double* days, const float* values, const bool* valid, size_t n, double* filled)
{
  long previous = -1; // last valid date before k
  for (size_t k = 0; k < n; ++k)
  {
    if (valid[k])
    {
      // The invalid dates since `previous` lie between two valid dates, or before the first one.
      for (size_t gap = previous + 1; gap < k; ++gap)
        filled[gap] = previous < 0 ? values[k]
                                   : values[previous] + (static_cast<double>(values[k]) - values[previous]) * (days[gap] - days[previous]) /
                                                            (days[k] - days[previous]);
      filled[k] = values[k];
      previous  = static_cast<long>(k);
    }
  }
  if (previous < 0)
    return false;
  for (size_t gap = previous + 1; gap < n; ++gap) // after the last valid date
    filled[gap] = values[previous];
  return true;
}

/** The temporal features of one variable at every pixel: the statistics of the catalogue, then the
 * values at chosen days, from the variable's values and validity at each date.
 * \ingroup OTBImclass */
class TemporalFeaturesFunctor
{
public:
  TemporalFeaturesFunctor() = default;

  /** `days`: the dates (DayNumber), increasing; `atDays`: days within them. */
  TemporalFeaturesFunctor(const std::vector<int>& days, const std::vector<int>& atDays)
  {
    const double meanDay = [&]
    {
      double sum = 0;
      for (int day : days)
        sum += day - days.front();
      return sum / days.size();
    }();
    for (int day : days)
    {
      m_Days.push_back(day - days.front());
      m_CentredDays.push_back(m_Days.back() - meanDay);
      m_SumOfSquares += m_CentredDays.back() * m_CentredDays.back();
      m_DayOfYear.push_back(DayOfYearFrom(days.front(), day));
    }
    for (int day : atDays)
    {
      // The last date at or before `day`, and how far towards the next one `day` is.
      const size_t k = std::upper_bound(days.begin(), days.end(), day) - days.begin() - 1;
      m_At.push_back({k, days[k] == day ? 0.0 : static_cast<double>(day - days[k]) / (days[k + 1] - days[k])});
    }
  }

  /** Number of features per variable. */
  size_t Size() const
  {
    return TemporalStatisticCatalogue().size() + m_At.size();
  }

  /** Writes Size() features into `out`; `filled` is scratch space for the number of dates.
   * Returns false (out untouched) when no date is valid. */
  bool operator()(const float* values, const bool* valid, double* filled, float* out) const
  {
    const size_t n = m_Days.size();
    if (!GapFill(m_Days.data(), values, valid, n, filled))
      return false;
    double minimum = filled[0], maximum = filled[0], sum = 0, slopeSum = 0;
    // A filled value never exceeds the valid ones: the maximum is reached at a valid date, the
    // first of which is the day of the maximum.
    size_t maxDate = n;
    for (size_t k = 0; k < n; ++k)
    {
      minimum = std::min(minimum, filled[k]);
      maximum = std::max(maximum, filled[k]);
      sum += filled[k];
      slopeSum += m_CentredDays[k] * filled[k]; // sum (t - mean t)(v - mean v) = sum (t - mean t) v
      if (valid[k] && (maxDate == n || filled[k] > filled[maxDate]))
        maxDate = k;
    }
    const double mean     = sum / n;
    double       variance = 0;
    for (size_t k = 0; k < n; ++k)
      variance += (filled[k] - mean) * (filled[k] - mean);

    for (const auto& statistic : TemporalStatisticCatalogue())
      *out++ = static_cast<float>(Statistic(statistic.id, minimum, maximum, mean, variance / n, m_DayOfYear[maxDate], slopeSum / m_SumOfSquares));
    for (const auto& at : m_At)
      *out++ = static_cast<float>(at.weight == 0 ? filled[at.date] : filled[at.date] + (filled[at.date + 1] - filled[at.date]) * at.weight);
    return true;
  }

private:
  static double Statistic(TemporalStatistic id, double minimum, double maximum, double mean, double variance, int maxDay, double slope)
  {
    switch (id)
    {
    case TemporalStatistic::Min:
      return minimum;
    case TemporalStatistic::Max:
      return maximum;
    case TemporalStatistic::Mean:
      return mean;
    case TemporalStatistic::Std:
      return std::sqrt(variance);
    case TemporalStatistic::Amplitude:
      return maximum - minimum;
    case TemporalStatistic::MaxDay:
      return maxDay;
    case TemporalStatistic::Slope:
      return slope;
    }
    return 0;
  }

  /** \ingroup OTBImclass */
  struct AtDay
  {
    size_t date;   // the last date at or before the day
    double weight; // 0 at that date, towards 1 at the next one
  };
  std::vector<double> m_Days;        // days since the first date
  std::vector<double> m_CentredDays; // minus their mean
  double              m_SumOfSquares = 0;
  std::vector<int>    m_DayOfYear;
  std::vector<AtDay>  m_At;
};

} // namespace Imclass
} // namespace otb

#endif
