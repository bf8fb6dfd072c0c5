/*
 * ImCLASS — band names, carried with the data: in the image metadata inside a pipeline (OTB's
 * band "BandName"), as GDAL band descriptions in files. ImclassTrain records them in the model and
 * ImclassPredict checks them, so they must survive every step.
 */
#ifndef otbImclassBandNames_h
#define otbImclassBandNames_h

#include "OTBImclassExport.h"
#include "otbImclassNoData.h"

#include "otbImageMetadata.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Band names in an image's metadata, empty strings where a band has none. */
OTBImclass_EXPORT std::vector<std::string> ReadBandNames(const ImageMetadata& metadata, unsigned int nbBands);

/** Names each band and declares `noData` on each band (when not NaN); other per-band keys go. */
OTBImclass_EXPORT void WriteBandNames(ImageMetadata& metadata, const std::vector<std::string>& names, double noData = NoDataValue);

/** Band names of an image file: GDAL band descriptions, else OTB's "BandName" metadata items;
 * empty strings where a band has neither. Throws InputError if the file cannot be opened. */
OTBImclass_EXPORT std::vector<std::string> ReadBandNamesFromFile(const std::string& path);

/** Copies OTB's "BandName" metadata item of each band of a written file into the GDAL band
 * description, which GDAL and QGIS show. `path` may carry an OTB extended filename (?&...). */
OTBImclass_EXPORT void CopyBandNamesToDescriptions(const std::string& path);

} // namespace Imclass
} // namespace otb

#endif
