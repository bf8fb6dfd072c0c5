#include "otbImclassNoData.h"

#include "otbImclassFeatureCatalogue.h"

#include "gdal_priv.h"

#include <algorithm>
#include <memory>
#include <vector>

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

std::string WithoutExtendedFilename(const std::string& path)
{
  return path.substr(0, path.find('?'));
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

bool EveryPixelIsNoData(const std::string& path)
{
  GDALAllRegister();
  GDALDatasetUniquePtr dataset(GDALDataset::FromHandle(GDALOpen(WithoutExtendedFilename(path).c_str(), GA_ReadOnly)));
  if (!dataset || dataset->GetRasterCount() == 0)
    return false;
  GDALRasterBand* band     = dataset->GetRasterBand(1);
  int             declared = 0;
  const double    noData   = band->GetNoDataValue(&declared);
  if (!declared)
    return false;
  int blockWidth = 0, blockHeight = 0;
  band->GetBlockSize(&blockWidth, &blockHeight);
  const int           width = band->GetXSize(), height = band->GetYSize();
  std::vector<double> values;
  for (int y = 0; y < height; y += blockHeight)
    for (int x = 0; x < width; x += blockWidth)
    {
      const int w = std::min(blockWidth, width - x), h = std::min(blockHeight, height - y);
      values.resize(static_cast<size_t>(w) * h);
      if (band->RasterIO(GF_Read, x, y, w, h, values.data(), w, h, GDT_Float64, 0, 0) != CE_None)
        return false;
      if (std::any_of(values.begin(), values.end(), [noData](double v) { return v != noData && !std::isnan(v); }))
        return false;
    }
  return true;
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
