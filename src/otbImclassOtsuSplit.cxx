#include "otbImclassOtsuSplit.h"

#include <algorithm>
#include <stdexcept>

namespace otb
{
namespace Imclass
{

double OtsuSplit(std::vector<double>& values)
{
  if (values.size() < 2)
    throw std::invalid_argument("OtsuSplit: fewer than two values");
  std::sort(values.begin(), values.end());
  const size_t n     = values.size();
  double       total = 0;
  for (const double value : values)
    total += value;
  // Split after sorted position k - 1: only where the value changes, so that the rule v >= t
  // gives exactly the two classes scored.
  double best = -1, below = 0, split = values.front();
  for (size_t k = 1; k < n; ++k)
  {
    below += values[k - 1];
    if (values[k] == values[k - 1])
      continue;
    const double n0 = static_cast<double>(k), n1 = static_cast<double>(n - k);
    const double difference = below / n0 - (total - below) / n1;
    const double between    = n0 * n1 * difference * difference;
    if (between > best)
    {
      best  = between;
      split = 0.5 * (values[k - 1] + values[k]);
    }
  }
  return split;
}

} // namespace Imclass
} // namespace otb
