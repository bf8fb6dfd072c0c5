#include "otbImclassGate.h"

#include "otbImclassInputError.h"

#include <algorithm>

namespace otb
{
namespace Imclass
{

Gate Gate::Of(const std::string& name, double minimum, const std::vector<std::string>& featureNames)
{
  Gate gate;
  if (name.empty())
    return gate;
  const auto found = std::find(featureNames.begin(), featureNames.end(), name);
  if (found == featureNames.end())
    throw InputError("-gate.feature: the stacks have no feature '" + name + "' (ImclassChangeFeatures makes d_cva)");
  gate.index   = static_cast<int>(found - featureNames.begin());
  gate.minimum = minimum;
  return gate;
}

} // namespace Imclass
} // namespace otb
