#include "otbImclassTopoStackBuilder.h"

#include "otbImclassFeatureRecipe.h"
#include "otbImclassInputError.h"
#include "otbImclassStackConcatenateFilter.h"
#include "otbImclassTopoAggregateFilter.h"
#include "otbImclassTopoAttributeFilter.h"
#include "otbImclassTopoUpsampleFilter.h"

#include "itkLinearInterpolateImageFunction.h"
#include "otbFunctorImageFilter.h"
#include "otbGenericRSResampleImageFilter.h"
#include "otbGenericRSTransform.h"
#include "otbImageFileReader.h"

#include "cpl_vsi.h"
#include "gdal.h"
#include "gdal_utils.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{
/** DEM no-data (declared, NaN) and voids become NaN, the no-data of the topographic pipeline. */
struct DemVoidToNaN
{
  NoDataRule noData;
  float      operator()(float elevation) const
  {
    return noData.IsNoDataValue(0, elevation) || elevation <= LowestElevation ? std::numeric_limits<float>::quiet_NaN() : elevation;
  }
};

/** Heights as OTB's DEM handler gives them: the default where the DEM has none (when asked),
 * plus the geoid undulation (0 without a geoid). */
struct HeightAboveReference
{
  bool  fillWithDefault;
  float defaultHeight;
  float operator()(float elevation, float undulation) const
  {
    const float height = std::isnan(elevation) && fillWithDefault ? defaultHeight : elevation;
    return height + undulation;
  }
};

void CheckReference(const FloatVectorImageType* reference)
{
  if (reference->GetProjectionRef().empty())
    throw InputError("-in: the image has no map projection (ImclassTopo needs a georeferenced grid to measure slopes)");
}

/** True when some of a 21 x 21 lattice of points of the reference falls on the DEM. */
bool Overlaps(const FloatVectorImageType* reference, const FloatImageType* dem)
{
  using TransformType = otb::GenericRSTransform<double, 2, 2>;
  auto transform      = TransformType::New();
  transform->SetInputProjectionRef(reference->GetProjectionRef());
  transform->SetOutputProjectionRef(dem->GetProjectionRef());
  transform->InstantiateTransform();
  const auto    size    = reference->GetLargestPossibleRegion().GetSize();
  const auto    demSize = dem->GetLargestPossibleRegion().GetSize();
  constexpr int steps   = 20;
  for (int i = 0; i <= steps; ++i)
    for (int j = 0; j <= steps; ++j)
    {
      itk::ContinuousIndex<double, 2> index;
      index[0] = (size[0] - 1) * i / double(steps);
      index[1] = (size[1] - 1) * j / double(steps);
      FloatImageType::PointType point;
      reference->TransformContinuousIndexToPhysicalPoint(index, point);
      itk::ContinuousIndex<double, 2> demIndex;
      dem->TransformPhysicalPointToContinuousIndex(transform->TransformPoint(point), demIndex);
      if (demIndex[0] >= -0.5 && demIndex[1] >= -0.5 && demIndex[0] <= demSize[0] - 0.5 && demIndex[1] <= demSize[1] - 0.5)
        return true;
    }
  return false;
}
} // namespace

TopoStackBuilder::~TopoStackBuilder()
{
  if (!m_MosaicPath.empty())
    VSIUnlink(m_MosaicPath.c_str());
}

FloatVectorImageType* TopoStackBuilder::BuildFromDemDirectory(const FloatVectorImageType* reference, const std::string& directory, const TopoRecipe& recipe,
                                                              const std::string& parameter, const ElevationReference& heights)
{
  GDALAllRegister();
  std::vector<GDALDatasetH> tiles;
  char**                    names = VSIReadDir(directory.c_str());
  for (char** name = names; name && *name; ++name)
  {
    const std::string path = directory + "/" + *name;
    CPLPushErrorHandler(CPLQuietErrorHandler); // other files of the directory are not an error
    GDALDatasetH tile = GDALOpen(path.c_str(), GA_ReadOnly);
    CPLPopErrorHandler();
    if (tile && GDALGetRasterCount(tile) > 0 && GDALGetProjectionRef(tile)[0] != '\0')
      tiles.push_back(tile);
    else if (tile)
      GDALClose(tile);
  }
  CSLDestroy(names);
  if (tiles.empty())
    throw InputError(parameter + ": '" + directory + "' holds no georeferenced raster that GDAL can read");

  std::ostringstream path;
  path << "/vsimem/imclass_topo_dem_" << this << ".vrt";
  m_MosaicPath                 = path.str();
  int               usageError = 0;
  GDALDatasetH      mosaic     = GDALBuildVRT(m_MosaicPath.c_str(), static_cast<int>(tiles.size()), tiles.data(), nullptr, nullptr, &usageError);
  const std::string error      = CPLGetLastErrorMsg();
  if (mosaic)
    GDALClose(mosaic);
  for (GDALDatasetH tile : tiles)
    GDALClose(tile);
  if (!mosaic)
    throw InputError(parameter + ": the tiles of '" + directory + "' cannot be mosaicked: " + error);

  auto reader = otb::ImageFileReader<FloatImageType>::New();
  reader->SetFileName(m_MosaicPath);
  m_Filters.push_back(reader.GetPointer());
  return BuildFromDem(reference, reader->GetOutput(), recipe, parameter, heights);
}

FloatImageType* TopoStackBuilder::OntoScaleGrid(FloatImageType* raster, const FloatVectorImageType* reference, unsigned int scale)
{
  // The reference grid extended by one coarse pixel on each side, in whole coarse pixels.
  using ResamplerType                 = otb::GenericRSResampleImageFilter<FloatImageType, FloatImageType>;
  auto                      resampler = ResamplerType::New();
  FloatImageType::PointType origin;
  FloatImageType::SizeType  fineSize;
  const auto                size    = reference->GetLargestPossibleRegion().GetSize();
  const auto                spacing = reference->GetSignedSpacing();
  for (unsigned int d = 0; d < 2; ++d)
  {
    origin[d]   = reference->GetOrigin()[d] - scale * spacing[d];
    fineSize[d] = ((size[d] + scale - 1) / scale + 2) * scale;
  }
  resampler->SetInput(raster);
  resampler->SetInterpolator(itk::LinearInterpolateImageFunction<FloatImageType, double>::New());
  resampler->SetOutputOrigin(origin);
  resampler->SetOutputSpacing(spacing);
  resampler->SetOutputSize(fineSize);
  resampler->SetOutputStartIndex({{0, 0}});
  resampler->SetOutputProjectionRef(reference->GetProjectionRef());
  resampler->SetEdgePaddingValue(std::numeric_limits<float>::quiet_NaN());
  // Projections are smooth: one exact transform every 4 pixels, as Superimpose (-lms 4), saves
  // two thirds of the CPU time of OTB's default (every 2 pixels).
  resampler->SetDisplacementFieldSpacing(spacing * 4.0);
  m_Filters.push_back(resampler.GetPointer());
  return resampler->GetOutput();
}

FloatVectorImageType* TopoStackBuilder::BuildFromDem(const FloatVectorImageType* reference, FloatImageType* dem, const TopoRecipe& recipe,
                                                     const std::string& parameter, const ElevationReference& heights)
{
  CheckReference(reference);
  dem->UpdateOutputInformation();
  if (dem->GetProjectionRef().empty())
    throw InputError(parameter + ": the DEM has no map projection (ImclassTopo needs a georeferenced DEM)");
  if (!Overlaps(reference, dem))
    throw InputError(parameter + ": the DEM does not cover any part of -in");
  const GridMetrics metrics = GridMetrics::FromProjection(reference->GetProjectionRef());

  auto voids = otb::NewFunctorFilter(DemVoidToNaN{NoDataRule(dem->GetImageMetadata())});
  voids->SetInput(dem);
  m_Filters.push_back(voids.GetPointer());

  FloatImageType* geoid = nullptr;
  if (!heights.geoidPath.empty())
  {
    auto geoidReader = otb::ImageFileReader<FloatImageType>::New();
    geoidReader->SetFileName(heights.geoidPath);
    try
    {
      geoidReader->UpdateOutputInformation();
    }
    catch (const itk::ExceptionObject&)
    {
      throw InputError("-elev.geoid: cannot read '" + heights.geoidPath + "' as a raster");
    }
    if (geoidReader->GetOutput()->GetProjectionRef().empty())
      throw InputError("-elev.geoid: '" + heights.geoidPath + "' has no georeferencing (ImclassTopo reads geoid grids with GDAL)");
    m_Filters.push_back(geoidReader.GetPointer());
    geoid = geoidReader->GetOutput();
  }

  auto concatenate = StackConcatenateFilter<FloatVectorImageType>::New();
  m_Filters.push_back(concatenate.GetPointer());
  const auto size    = reference->GetLargestPossibleRegion().GetSize();
  const auto spacing = reference->GetSignedSpacing();
  for (unsigned int scale : recipe.scales)
  {
    FloatImageType*            elevation = OntoScaleGrid(voids->GetOutput(), reference, scale);
    const HeightAboveReference heightRule{heights.fillWithDefault, static_cast<float>(heights.defaultHeight)};
    if (geoid)
    {
      auto withGeoid = otb::NewFunctorFilter(heightRule);
      withGeoid->SetInput<0>(elevation);
      withGeoid->SetInput<1>(OntoScaleGrid(geoid, reference, scale));
      m_Filters.push_back(withGeoid.GetPointer());
      elevation = withGeoid->GetOutput();
    }
    else if (heights.fillWithDefault)
    {
      auto filled = otb::NewFunctorFilter([heightRule](float value) { return heightRule(value, 0.f); });
      filled->SetInput(elevation);
      m_Filters.push_back(filled.GetPointer());
      elevation = filled->GetOutput();
    }
    if (scale > 1)
    {
      auto aggregate = TopoAggregateFilter<FloatImageType>::New();
      aggregate->SetInput(elevation);
      aggregate->SetFactor(scale);
      m_Filters.push_back(aggregate.GetPointer());
      elevation = aggregate->GetOutput();
    }
    auto attributes = TopoAttributeFilter<FloatImageType, FloatVectorImageType>::New();
    attributes->SetInput(elevation);
    attributes->SetAttributes(recipe.attributes);
    attributes->SetGridMetrics(metrics);
    auto upsample = TopoUpsampleFilter<FloatVectorImageType>::New();
    upsample->SetInput(attributes->GetOutput());
    upsample->SetOutputGrid(reference->GetOrigin(), spacing, size);
    m_Filters.push_back(attributes.GetPointer());
    m_Filters.push_back(upsample.GetPointer());
    concatenate->PushBackStack(upsample->GetOutput());
  }
  concatenate->SetBandNames(recipe.BandNames());
  concatenate->SetMetadataItem(TopoRecipeKey, recipe.ToString());
  return concatenate->GetOutput();
}

} // namespace Imclass
} // namespace otb
