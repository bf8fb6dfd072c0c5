#ifndef otbImclassThresholdHistogramFilter_hxx
#define otbImclassThresholdHistogramFilter_hxx

#include "otbImclassThresholdHistogramFilter.h"

#include "itkImageRegionConstIterator.h"

#include <cmath>

namespace otb
{
namespace Imclass
{

template <class TProbabilityImage, class TLabelImage>
PersistentThresholdHistogramFilter<TProbabilityImage, TLabelImage>::PersistentThresholdHistogramFilter()
{
  IMCLASS_ENABLE_DYNAMIC_THREADING();
  this->SetNumberOfRequiredInputs(2);
  Reset();
}

template <class TProbabilityImage, class TLabelImage>
void PersistentThresholdHistogramFilter<TProbabilityImage, TLabelImage>::Reset()
{
  for (auto& counts : m_Counts)
    counts.assign(ThresholdSteps + 1, 0);
}

template <class TProbabilityImage, class TLabelImage>
void PersistentThresholdHistogramFilter<TProbabilityImage, TLabelImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  const auto* probability = this->GetInput();
  const auto* label       = static_cast<const LabelImageType*>(this->itk::ProcessObject::GetInput(1));
  if (probability->GetLargestPossibleRegion() != label->GetLargestPossibleRegion())
    itkExceptionMacro("the reference label image is not on the grid of the probability map");
  auto* output = this->GetOutput();
  output->CopyInformation(probability);
  output->SetLargestPossibleRegion(probability->GetLargestPossibleRegion());
  if (output->GetRequestedRegion().GetNumberOfPixels() == 0)
    output->SetRequestedRegion(output->GetLargestPossibleRegion());
}

template <class TProbabilityImage, class TLabelImage>
void PersistentThresholdHistogramFilter<TProbabilityImage, TLabelImage>::ProcessRegion(const RegionType& region)
{
  const auto*                                         label = static_cast<const LabelImageType*>(this->itk::ProcessObject::GetInput(1));
  itk::ImageRegionConstIterator<ProbabilityImageType> probabilityIt(this->GetInput(), region);
  itk::ImageRegionConstIterator<LabelImageType>       labelIt(label, region);

  BinCounts counts[3];
  for (auto& c : counts)
    c.assign(ThresholdSteps + 1, 0);
  for (; !probabilityIt.IsAtEnd(); ++probabilityIt, ++labelIt)
  {
    const double value = probabilityIt.Get();
    if (std::isnan(value) || value == m_NoDataValue)
      continue;
    const unsigned int bin = ScoreBin(value * m_Scale);
    ++counts[ReferenceOutside][bin];
    const auto reference = labelIt.Get();
    if (reference == ReferencePositive || reference == ReferenceNegative)
      ++counts[reference][bin];
  }

  std::lock_guard<std::mutex> lock(m_Mutex);
  for (unsigned int c = 0; c < 3; ++c)
    for (unsigned int bin = 0; bin <= ThresholdSteps; ++bin)
      m_Counts[c][bin] += counts[c][bin];
}

} // namespace Imclass
} // namespace otb

#endif
