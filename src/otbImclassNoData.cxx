#include "otbImclassNoData.h"

namespace otb
{
namespace Imclass
{

NoDataRule::NoDataRule(const ImageMetadata& metadata)
{
  for (const auto& band : metadata.Bands)
  {
    const bool declared = band.Has(MDNum::NoData);
    m_Declared.push_back(declared);
    m_Values.push_back(declared ? band[MDNum::NoData] : 0.0);
  }
}

} // namespace Imclass
} // namespace otb
