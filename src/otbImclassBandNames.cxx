#include "otbImclassBandNames.h"

#include "otbImclassInputError.h"
#include "otbImclassOutputFiles.h"

#include "gdal_priv.h"

namespace otb
{
namespace Imclass
{

std::vector<std::string> ReadBandNames(const ImageMetadata& metadata, unsigned int nbBands)
{
  std::vector<std::string> names(nbBands);
  for (unsigned int b = 0; b < nbBands && b < metadata.Bands.size(); ++b)
    if (metadata.Bands[b].Has(MDStr::BandName))
      names[b] = metadata.Bands[b][MDStr::BandName];
  return names;
}

void WriteBandNames(ImageMetadata& metadata, const std::vector<std::string>& names, double noData)
{
  // Per-band keys of the input (gains, its no-data, its names) do not describe features.
  metadata.Bands.assign(names.size(), ImageMetadataBase());
  for (size_t b = 0; b < names.size(); ++b)
  {
    metadata.Bands[b].Add(MDStr::BandName, names[b]);
    if (!std::isnan(noData))
      metadata.Bands[b].Add(MDNum::NoData, noData);
  }
}

std::vector<std::string> ReadBandNamesFromFile(const std::string& path)
{
  GDALAllRegister();
  GDALDatasetUniquePtr dataset(GDALDataset::FromHandle(GDALOpen(WithoutExtendedFilename(path).c_str(), GA_ReadOnly)));
  if (!dataset)
    throw InputError("cannot open image '" + path + "'");
  std::vector<std::string> names;
  for (int b = 1; b <= dataset->GetRasterCount(); ++b)
  {
    GDALRasterBand* band = dataset->GetRasterBand(b);
    std::string     name = band->GetDescription();
    if (name.empty() && band->GetMetadataItem("BandName"))
      name = band->GetMetadataItem("BandName");
    names.push_back(name);
  }
  return names;
}

void CopyBandNamesToDescriptions(const std::string& path)
{
  GDALAllRegister();
  GDALDatasetUniquePtr dataset(GDALDataset::FromHandle(GDALOpen(WithoutExtendedFilename(path).c_str(), GA_Update)));
  if (!dataset)
    return; // a format GDAL cannot update: the metadata items are all there is
  for (int b = 1; b <= dataset->GetRasterCount(); ++b)
  {
    GDALRasterBand* band = dataset->GetRasterBand(b);
    if (const char* name = band->GetMetadataItem("BandName"))
      band->SetDescription(name);
  }
}

} // namespace Imclass
} // namespace otb
