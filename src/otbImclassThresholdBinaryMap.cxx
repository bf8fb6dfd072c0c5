#include "otbImclassThresholdBinaryMap.h"

#include "otbImclassInputError.h"
#include "otbImclassBandNames.h"
#include "otbImclassThresholdCurves.h"
#include "otbImclassThresholdObjects.h"

#include "itkFlatStructuringElement.h"
#include "itkGrayscaleDilateImageFilter.h"
#include "itkGrayscaleErodeImageFilter.h"
#include "otbFunctorImageFilter.h"
#include "otbNeighborhoodMajorityVotingImageFilter.h"
#include "otbOGRDataSourceToLabelImageFilter.h"

#include <cmath>

namespace otb
{
namespace Imclass
{

Morphology ParseMorphology(const std::string& name, const std::string& parameter)
{
  if (name == "none")
    return Morphology::None;
  if (name == "majority")
    return Morphology::Majority;
  if (name == "opening")
    return Morphology::Opening;
  if (name == "closing")
    return Morphology::Closing;
  if (name == "openclose")
    return Morphology::OpenClose;
  throw InputError(parameter + ": unknown filter '" + name + "' (none, majority, opening, closing or openclose)");
}

itk::FlatStructuringElement<2> Disc(unsigned int radius)
{
  // ITK's Ball(1) is the full 3x3 square; ImCLASS's disc holds the offsets within `radius` of the
  // centre (radius 1: the 4-neighbour cross).
  itk::FlatStructuringElement<2>             disc;
  itk::FlatStructuringElement<2>::RadiusType size;
  size.Fill(radius);
  disc.SetRadius(size);
  for (unsigned int i = 0; i < disc.Size(); ++i)
  {
    const auto offset = disc.GetOffset(i);
    disc[i]           = offset[0] * offset[0] + offset[1] * offset[1] <= static_cast<long>(radius * radius);
  }
  disc.SetDecomposable(false);
  return disc;
}

BinaryMapPipeline::BinaryMapPipeline(ProbabilityImageType* probability, double scale, double noData, unsigned int thresholdBin, Morphology morphology,
                                     unsigned int radius)
{
  const auto isNoData = [noData](float value) { return std::isnan(value) || value == noData; };
  // The majority vote skips no-data pixels; erosion and dilation need them neutral (background).
  const unsigned char noDataLabel = morphology == Morphology::Majority ? BinaryNoData : BinaryBackground;
  auto                threshold   = NewFunctorFilter(
      [=](float value) -> unsigned char
      {
        if (isNoData(value))
          return noDataLabel;
        return ScoreBin(value * scale) >= thresholdBin ? BinaryClass : BinaryBackground;
      });
  threshold->SetInput(probability);
  m_Filters.push_back(threshold.GetPointer());
  BinaryImageType* binary = threshold->GetOutput();

  // On a 0/1 image, grayscale erosion and dilation by a flat disc are the binary operations.
  // Outside the image, erosion sees the maximum and dilation the minimum: borders stay neutral.
  using KernelType        = itk::FlatStructuringElement<2>;
  const KernelType disc   = Disc(radius);
  const auto       append = [&](auto filter, BinaryImageType* input)
  {
    filter->SetKernel(disc);
    if (radius <= 2)
      filter->SetAlgorithm(0); // BASIC: for discs of 13 pixels or fewer, faster than ITK's default moving histogram
    filter->SetInput(input);
    m_Filters.push_back(filter.GetPointer());
    return filter->GetOutput();
  };
  const auto erode = [&](BinaryImageType* input) { return append(itk::GrayscaleErodeImageFilter<BinaryImageType, BinaryImageType, KernelType>::New(), input); };
  const auto dilate = [&](BinaryImageType* input)
  { return append(itk::GrayscaleDilateImageFilter<BinaryImageType, BinaryImageType, KernelType>::New(), input); };
  if (radius > 0 && morphology == Morphology::Majority)
  {
    using BallType = itk::BinaryBallStructuringElement<unsigned char, 2>;
    BallType           ball;
    BallType::SizeType size;
    size.Fill(radius);
    ball.SetRadius(size);
    ball.CreateStructuringElement();
    auto majority = NeighborhoodMajorityVotingImageFilter<BinaryImageType, BinaryImageType, BallType>::New();
    majority->SetKernel(ball);
    majority->SetLabelForNoDataPixels(BinaryNoData);
    majority->SetKeepOriginalLabelBool(true);
    majority->SetInput(binary);
    m_Filters.push_back(majority.GetPointer());
    binary = majority->GetOutput();
  }
  if (radius > 0 && (morphology == Morphology::Opening || morphology == Morphology::OpenClose))
    binary = dilate(erode(binary));
  if (radius > 0 && (morphology == Morphology::Closing || morphology == Morphology::OpenClose))
    binary = erode(dilate(binary));

  auto validity =
      NewFunctorFilter([=](unsigned char value, float probabilityValue) -> unsigned char { return isNoData(probabilityValue) ? BinaryNoData : value; });
  validity->SetInputs(binary, probability);
  m_Filters.push_back(validity.GetPointer());
  m_Output = validity->GetOutput();
  ReleaseDataAfterUse();
  DeclareNoData();
}

void BinaryMapPipeline::RemoveObjects(const std::vector<OGRGeometryUniquePtr>& objects, const OGRSpatialReference& crs)
{
  if (objects.empty())
    return;
  ReferencePolygons removed; // burnt as "positive" (1) on a 0 background
  for (const auto& object : objects)
    removed.positives.emplace_back(object->clone());
  m_RemovedObjects = ReferenceDataSource(removed, crs);
  auto rasterizer  = OGRDataSourceToLabelImageFilter<BinaryImageType>::New();
  rasterizer->AddOGRDataSource(m_RemovedObjects);
  rasterizer->SetOutputParametersFromImage(m_Output.GetPointer());
  rasterizer->SetBurnAttributeMode(true);
  rasterizer->SetBurnAttribute(ReferenceField());
  rasterizer->SetBackgroundValue(0);
  m_Filters.push_back(rasterizer.GetPointer());

  auto removal = NewFunctorFilter([](unsigned char value, unsigned char isRemoved) -> unsigned char
                                  { return isRemoved && value == BinaryClass ? BinaryBackground : value; });
  removal->SetInputs(m_Output.GetPointer(), rasterizer->GetOutput());
  m_Filters.push_back(removal.GetPointer());
  m_Output = removal->GetOutput();
  ReleaseDataAfterUse();
  DeclareNoData();
}

void BinaryMapPipeline::ReleaseDataAfterUse()
{
  // The map is computed several times (objects, confusion matrix, -out). Buffers kept from one
  // pass would stop the next one's requested regions at the first buffered stage, and OTB's memory
  // estimate (and tiling) would count the stale whole-image regions above it.
  for (const auto& filter : m_Filters)
    filter->ReleaseDataFlagOn();
}

void BinaryMapPipeline::DeclareNoData()
{
  // The map declares its own no-data, not the probability map's.
  m_Output->UpdateOutputInformation();
  ImageMetadata metadata = m_Output->GetImageMetadata();
  WriteBandNames(metadata, {"class"}, BinaryNoData);
  m_Output->SetImageMetadata(metadata);
}

} // namespace Imclass
} // namespace otb
