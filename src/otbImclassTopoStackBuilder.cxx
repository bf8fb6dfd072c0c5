#include "otbImclassTopoStackBuilder.h"

#include "otbImclassFeatureCatalogue.h"
#include "otbImclassStackConcatenateFilter.h"
#include "otbImclassTopoAggregateFilter.h"
#include "otbImclassTopoAttributeFilter.h"
#include "otbImclassTopoUpsampleFilter.h"

#include "itkLinearInterpolateImageFunction.h"
#include "otbDEMToImageGenerator.h"
#include "otbFunctorImageFilter.h"
#include "otbGenericRSResampleImageFilter.h"
#include "otbGenericRSTransform.h"

#include <cmath>
#include <limits>

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
  const auto     size    = reference->GetLargestPossibleRegion().GetSize();
  const auto     demSize = dem->GetLargestPossibleRegion().GetSize();
  constexpr int  steps   = 20;
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

FloatVectorImageType* TopoStackBuilder::BuildFromDem(const FloatVectorImageType* reference, FloatImageType* dem, const TopoRecipe& recipe)
{
  dem->UpdateOutputInformation();
  if (dem->GetProjectionRef().empty())
    throw InputError("-dem: the DEM has no map projection (ImclassTopo needs a georeferenced DEM)");
  CheckReference(reference);
  if (!Overlaps(reference, dem))
    throw InputError("-dem: the DEM does not cover any part of -in");

  auto voids = otb::NewFunctorFilter(DemVoidToNaN{NoDataRule(dem->GetImageMetadata())});
  voids->SetInput(dem);
  m_Filters.push_back(voids.GetPointer());

  return Build(reference, recipe, [this, reference, voids](const Grid& grid) {
    using ResamplerType = otb::GenericRSResampleImageFilter<FloatImageType, FloatImageType>;
    auto resampler      = ResamplerType::New();
    resampler->SetInput(voids->GetOutput());
    resampler->SetInterpolator(itk::LinearInterpolateImageFunction<FloatImageType, double>::New());
    resampler->SetOutputOrigin(grid.origin);
    resampler->SetOutputSpacing(grid.spacing);
    resampler->SetOutputSize(grid.size);
    resampler->SetOutputStartIndex({{0, 0}});
    resampler->SetOutputProjectionRef(reference->GetProjectionRef());
    resampler->SetEdgePaddingValue(std::numeric_limits<float>::quiet_NaN());
    m_Filters.push_back(resampler.GetPointer());
    return resampler->GetOutput();
  });
}

FloatVectorImageType* TopoStackBuilder::BuildFromDemHandler(const FloatVectorImageType* reference, const TopoRecipe& recipe, bool aboveEllipsoid)
{
  return Build(reference, recipe, [this, reference, aboveEllipsoid](const Grid& grid) {
    auto generator = otb::DEMToImageGenerator<FloatImageType>::New();
    generator->SetOutputOrigin(grid.origin);
    generator->SetOutputSpacing(grid.spacing);
    generator->SetOutputSize(grid.size);
    generator->SetOutputProjectionRef(reference->GetProjectionRef());
    generator->SetAboveEllipsoid(aboveEllipsoid);
    generator->InstantiateTransform();
    auto voids = otb::NewFunctorFilter(DemVoidToNaN{});
    voids->SetInput(generator->GetOutput());
    m_Filters.push_back(generator.GetPointer());
    m_Filters.push_back(voids.GetPointer());
    return voids->GetOutput();
  });
}

FloatVectorImageType* TopoStackBuilder::Build(const FloatVectorImageType* reference, const TopoRecipe& recipe, const DemSource& source)
{
  CheckReference(reference);
  const GridMetrics metrics = GridMetrics::FromProjection(reference->GetProjectionRef());

  auto concatenate = StackConcatenateFilter<FloatVectorImageType>::New();
  m_Filters.push_back(concatenate.GetPointer());
  const auto size = reference->GetLargestPossibleRegion().GetSize();
  for (unsigned int scale : recipe.scales)
  {
    // The reference grid extended by one coarse pixel on each side, in whole coarse pixels.
    Grid fine;
    fine.spacing = reference->GetSignedSpacing();
    for (unsigned int d = 0; d < 2; ++d)
    {
      fine.origin[d] = reference->GetOrigin()[d] - scale * fine.spacing[d];
      fine.size[d]   = ((size[d] + scale - 1) / scale + 2) * scale;
    }
    FloatImageType* elevation = source(fine);
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
    upsample->SetOutputGrid(reference->GetOrigin(), reference->GetSignedSpacing(), size);
    m_Filters.push_back(attributes.GetPointer());
    m_Filters.push_back(upsample.GetPointer());
    concatenate->PushBackStack(upsample->GetOutput());
  }
  concatenate->SetBandNames(recipe.BandNames());
  return concatenate->GetOutput();
}

} // namespace Imclass
} // namespace otb
