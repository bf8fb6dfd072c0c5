/*
 * ImCLASS — the no-data conventions: every float stack ImCLASS writes uses NoDataValue for
 * invalid pixels, in every band, and declares it in the file (GDAL no-data); what counts as no
 * data in an input is said by NoDataRule.
 */
#ifndef otbImclassNoData_h
#define otbImclassNoData_h

#include "OTBImclassExport.h"
#include "otbImageMetadata.h"

#include "itkVariableLengthVector.h"

#include <cmath>
#include <limits>
#include <vector>

namespace otb
{
namespace Imclass
{

/** No-data value of every float stack ImCLASS writes. */
constexpr float NoDataValue = -9999.f;

/** Which input values mean "no data": NaN always, and per band the declared no-data value.
 * \ingroup OTBImclass */
class OTBImclass_EXPORT NoDataRule
{
public:
  NoDataRule() = default;

  /** Reads the declared no-data value of each band (none when the file declares none). */
  explicit NoDataRule(const ImageMetadata& metadata);

  /** True when any band of the pixel is NaN or equals its band's no-data value. */
  template <class TValue>
  bool IsNoData(const itk::VariableLengthVector<TValue>& pixel) const
  {
    const unsigned int size = pixel.GetSize();
    for (unsigned int b = 0; b < size; ++b)
    {
      const double value = pixel[b];
      if (std::isnan(value) || (b < m_Declared.size() && m_Declared[b] && value == m_Values[b]))
        return true;
    }
    return false;
  }

  bool IsNoDataValue(unsigned int band, double value) const
  {
    return std::isnan(value) || (band < m_Declared.size() && m_Declared[band] && value == m_Values[band]);
  }

  /** The rule for a feature of a stack ImclassTrain samples and ImclassPredict classifies: NaN,
   * the band's declared no-data, ImCLASS's NoDataValue in any band (stacks from other tools may
   * not declare it), or FLT_MAX (OpenCV's missing-value marker, which the forest cannot classify). */
  bool IsInvalidFeature(unsigned int band, float value) const
  {
    return value == NoDataValue || value == std::numeric_limits<float>::max() || IsNoDataValue(band, value);
  }

private:
  std::vector<bool>   m_Declared;
  std::vector<double> m_Values;
};

} // namespace Imclass
} // namespace otb

#endif
