#ifndef otbImclassPredictProbabilityFilter_hxx
#define otbImclassPredictProbabilityFilter_hxx

#include "otbImclassPredictProbabilityFilter.h"

#include <algorithm>
#include <cmath>

namespace otb
{
namespace Imclass
{

template <class TVectorImage, class TOutputImage, class TMaskImage>
PredictProbabilityFilter<TVectorImage, TOutputImage, TMaskImage>::PredictProbabilityFilter()
{
  IMCLASS_ENABLE_DYNAMIC_THREADING();
  this->AddOptionalInputName("Mask");
}

template <class TVectorImage, class TOutputImage, class TMaskImage>
void PredictProbabilityFilter<TVectorImage, TOutputImage, TMaskImage>::PushBackStack(const StackImageType* stack)
{
  this->itk::ProcessObject::SetNthInput(m_NumberOfStacks, const_cast<StackImageType*>(stack));
  ++m_NumberOfStacks;
}

template <class TVectorImage, class TOutputImage, class TMaskImage>
void PredictProbabilityFilter<TVectorImage, TOutputImage, TMaskImage>::SetMaskImage(const MaskImageType* mask)
{
  this->itk::ProcessObject::SetInput("Mask", const_cast<MaskImageType*>(mask));
  m_HasMask = (mask != nullptr);
}

template <class TVectorImage, class TOutputImage, class TMaskImage>
void PredictProbabilityFilter<TVectorImage, TOutputImage, TMaskImage>::GenerateOutputInformation()
{
  if (m_NumberOfStacks == 0)
    itkExceptionMacro("no input stack");
  if (!m_Forest)
    itkExceptionMacro("no forest");
  const StackImageType* first  = GetStack(0);
  OutputImageType*      output = this->GetOutput();
  output->CopyInformation(first);

  unsigned int nbBands = 0;
  m_NoDataRules.clear();
  for (unsigned int s = 0; s < m_NumberOfStacks; ++s)
  {
    const StackImageType* stack = GetStack(s);
    if (stack->GetLargestPossibleRegion() != first->GetLargestPossibleRegion())
      itkExceptionMacro("input stacks are not on the same grid");
    nbBands += stack->GetNumberOfComponentsPerPixel();
    m_NoDataRules.emplace_back(stack->GetImageMetadata());
  }
  std::vector<unsigned int> positions = m_FeaturePositions;
  if (positions.empty())
    for (unsigned int b = 0; b < nbBands; ++b)
      positions.push_back(b);
  if (positions.size() != m_Forest->GetNumberOfFeatures())
    itkExceptionMacro("the stacks give " << positions.size() << " features, the forest uses " << m_Forest->GetNumberOfFeatures());
  m_StackFeatures.assign(m_NumberOfStacks, {});
  for (unsigned int feature = 0; feature < positions.size(); ++feature)
  {
    unsigned int band = positions[feature], s = 0;
    for (; s < m_NumberOfStacks && band >= GetStack(s)->GetNumberOfComponentsPerPixel(); ++s)
      band -= GetStack(s)->GetNumberOfComponentsPerPixel();
    if (s == m_NumberOfStacks)
      itkExceptionMacro("feature " << feature << " is band " << positions[feature] << ", the stacks have " << nbBands);
    m_StackFeatures[s].emplace_back(band, feature);
  }
  if (m_HasMask)
  {
    const auto* mask = static_cast<const MaskImageType*>(this->itk::ProcessObject::GetInput("Mask"));
    if (mask->GetLargestPossibleRegion() != first->GetLargestPossibleRegion())
      itkExceptionMacro("the mask is not on the grid of the stacks");
  }

  ImageMetadata metadata = first->GetImageMetadata();
  WriteBandNames(metadata, {"probability"}, GetNoDataValue());
  if (!m_ModelFingerprint.empty())
    metadata.Add(ModelFingerprintKey, m_ModelFingerprint);
  if (m_Percent)
    metadata.Add(ProbabilityScaleKey, "0.01");
  output->SetImageMetadata(metadata);
}

template <class TVectorImage, class TOutputImage, class TMaskImage>
size_t PredictProbabilityFilter<TVectorImage, TOutputImage, TMaskImage>::GatherRow(const typename OutputRegionType::IndexType& rowStart, unsigned int width,
                                                                                   std::vector<float>& samples, std::vector<char>& valid) const
{
  const unsigned int nbFeatures = m_Forest->GetNumberOfFeatures();
  if (m_HasMask)
  {
    const auto* mask  = static_cast<const MaskImageType*>(this->itk::ProcessObject::GetInput("Mask"));
    const auto* flags = mask->GetBufferPointer() + mask->ComputeOffset(rowStart);
    for (unsigned int x = 0; x < width; ++x)
      valid[x] = flags[x] != 0;
  }
  else
    std::fill(valid.begin(), valid.end(), 1);

  // Features of pixel x at samples[x * nbFeatures], in the forest's order.
  for (unsigned int s = 0; s < m_NumberOfStacks; ++s)
  {
    const StackImageType* stack   = GetStack(s);
    const unsigned int    nbBands = stack->GetNumberOfComponentsPerPixel();
    const auto*           values  = stack->GetBufferPointer() + stack->ComputeOffset(rowStart) * nbBands;
    const NoDataRule&     rule    = m_NoDataRules[s];
    const auto&           feeds   = m_StackFeatures[s];
    for (unsigned int x = 0; x < width; ++x, values += nbBands)
    {
      float* features = &samples[static_cast<size_t>(x) * nbFeatures];
      for (const auto& feed : feeds)
      {
        const float value     = static_cast<float>(values[feed.first]);
        features[feed.second] = value;
        if (rule.IsInvalidFeature(feed.first, value))
          valid[x] = 0;
      }
    }
  }

  // Valid pixels first, in order: the forest then only sees pixels it must classify.
  size_t nbValid = 0;
  for (unsigned int x = 0; x < width; ++x)
    if (valid[x])
    {
      if (nbValid != x)
        std::copy_n(&samples[static_cast<size_t>(x) * nbFeatures], nbFeatures, &samples[nbValid * nbFeatures]);
      ++nbValid;
    }
  return nbValid;
}

template <class TVectorImage, class TOutputImage, class TMaskImage>
void PredictProbabilityFilter<TVectorImage, TOutputImage, TMaskImage>::ProcessRegion(const OutputRegionType& region)
{
  const unsigned int        width      = region.GetSize(0);
  const unsigned int        nbFeatures = m_Forest->GetNumberOfFeatures();
  const double              nbTrees    = m_Forest->GetNumberOfTrees();
  const float               noData     = GetNoDataValue();
  std::vector<float>        samples(static_cast<size_t>(width) * nbFeatures);
  std::vector<char>         valid(width);
  std::vector<unsigned int> votes(width);

  OutputImageType* output   = this->GetOutput();
  auto             rowStart = region.GetIndex();
  for (unsigned int y = 0; y < region.GetSize(1); ++y, ++rowStart[1])
  {
    const size_t nbValid = GatherRow(rowStart, width, samples, valid);
    m_Forest->CountVotes(samples.data(), nbValid, nbFeatures, votes.data());
    for (size_t i = 0; i < nbValid; ++i)
      if (!m_Gate.Passes(&samples[i * nbFeatures]))
        votes[i] = 0;

    auto*  probabilities = output->GetBufferPointer() + output->ComputeOffset(rowStart);
    size_t next          = 0;
    for (unsigned int x = 0; x < width; ++x)
    {
      if (!valid[x])
        probabilities[x] = noData;
      else if (m_Percent)
        probabilities[x] = static_cast<float>(std::lround(100.0 * votes[next++] / nbTrees));
      else
        probabilities[x] = static_cast<float>(votes[next++] / nbTrees);
    }
  }
}

} // namespace Imclass
} // namespace otb

#endif
