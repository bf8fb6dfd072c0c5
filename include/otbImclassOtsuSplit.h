/*
 * ImCLASS — Otsu's split of a sample of values, computed exactly on the sorted values (no
 * histogram, hence no bin count to choose): the unsupervised change / no-change threshold of
 * change-vector analysis.
 */
#ifndef otbImclassOtsuSplit_h
#define otbImclassOtsuSplit_h

#include "OTBImclassExport.h"

#include <vector>

namespace otb
{
namespace Imclass
{

/** The value t splitting `values` into {v < t} and {v >= t} with the largest between-class
 * variance n0 n1 (mean0 - mean1)^2 (Otsu 1979): the middle of the two consecutive sorted values
 * where the best split falls (the first best one on ties). The values are sorted in place. Throws
 * std::invalid_argument when there are fewer than two values; all values equal: that value. */
OTBImclass_EXPORT double OtsuSplit(std::vector<double>& values);

} // namespace Imclass
} // namespace otb

#endif
