/*
 * ImCLASS — the gate of a model: where the class may be at all. A pixel is of the class only when
 * one of its features reaches a minimum (for change, d_cva >= 1: changed by Otsu's split of the
 * change-vector magnitude). ImclassTrain counts the out-of-fold votes of samples below it as 0 and
 * records it in the model; ImclassPredict gives those pixels probability 0.
 */
#ifndef otbImclassGate_h
#define otbImclassGate_h

#include "OTBImclassExport.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
struct OTBImclass_EXPORT Gate
{
  int    index   = -1; // of the feature in the stacks; -1: no gate
  double minimum = 0;

  /** The gate of feature `name` among `featureNames` (no gate for an empty name). Throws
   * InputError naming -gate.feature when there is no such feature. */
  static Gate Of(const std::string& name, double minimum, const std::vector<std::string>& featureNames);

  /** `features`: the pixel's features in stack order. */
  bool Passes(const float* features) const
  {
    return index < 0 || features[index] >= minimum;
  }
};

} // namespace Imclass
} // namespace otb

#endif
