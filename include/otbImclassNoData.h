/*
 * ImCLASS — no-data conventions and band names carried in image metadata.
 *
 * Every float stack ImCLASS writes uses NoDataValue for invalid pixels and declares it in the
 * file (GDAL no-data), and names every band (GDAL band description).
 */
#ifndef otbImclassNoData_h
#define otbImclassNoData_h

#include "OTBImclassExport.h"
#include "otbImageMetadata.h"

#include "itkVariableLengthVector.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** No-data value of every float stack ImCLASS writes. */
constexpr float NoDataValue = -9999.f;

/** Which input values mean "no data": NaN always, and per band the declared no-data value. */
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

/** Band names (GDAL band descriptions) of an image, empty strings where a band has none. */
OTBImclass_EXPORT std::vector<std::string> ReadBandNames(const ImageMetadata& metadata, unsigned int nbBands);

/** Names each band and declares `noData` on each band (when not NaN). */
OTBImclass_EXPORT void WriteBandNames(ImageMetadata& metadata, const std::vector<std::string>& names, double noData = NoDataValue);

/** A file path without its OTB extended filename (?&...): the file GDAL opens. */
OTBImclass_EXPORT std::string WithoutExtendedFilename(const std::string& path);

/** Band names of an image file: GDAL band descriptions, else OTB's "BandName" metadata items;
 * empty strings where a band has neither. Throws InputError if the file cannot be opened. */
OTBImclass_EXPORT std::vector<std::string> ReadBandNamesFromFile(const std::string& path);

/** Copies OTB's "BandName" metadata item of each band of a written file into the GDAL band
 * description. `path` may carry an OTB extended filename (?&...). */
OTBImclass_EXPORT void CopyBandNamesToDescriptions(const std::string& path);

/** True when band 1 of the file declares a no-data value and holds nothing else (read block by
 * block, stopping at the first valid pixel: one block for any usable map). */
OTBImclass_EXPORT bool EveryPixelIsNoData(const std::string& path);

} // namespace Imclass
} // namespace otb

#endif
