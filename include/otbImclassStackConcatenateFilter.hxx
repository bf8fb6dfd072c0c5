#ifndef otbImclassStackConcatenateFilter_hxx
#define otbImclassStackConcatenateFilter_hxx

#include "otbImclassStackConcatenateFilter.h"

#include "itkImageRegionConstIterator.h"
#include "itkImageRegionIterator.h"

#include <vector>

namespace otb
{
namespace Imclass
{

template <class TVectorImage, class TMaskImage>
StackConcatenateFilter<TVectorImage, TMaskImage>::StackConcatenateFilter()
{
  IMCLASS_ENABLE_DYNAMIC_THREADING();
  this->AddOptionalInputName("Mask");
}

template <class TVectorImage, class TMaskImage>
void StackConcatenateFilter<TVectorImage, TMaskImage>::PushBackStack(const ImageType* stack)
{
  this->itk::ProcessObject::SetNthInput(m_NumberOfStacks, const_cast<ImageType*>(stack));
  ++m_NumberOfStacks;
}

template <class TVectorImage, class TMaskImage>
void StackConcatenateFilter<TVectorImage, TMaskImage>::SetMaskImage(const MaskImageType* mask)
{
  this->itk::ProcessObject::SetInput("Mask", const_cast<MaskImageType*>(mask));
  m_HasMask = (mask != nullptr);
}

template <class TVectorImage, class TMaskImage>
void StackConcatenateFilter<TVectorImage, TMaskImage>::GenerateOutputInformation()
{
  if (m_NumberOfStacks == 0)
    itkExceptionMacro("no input stack");
  const auto* first = static_cast<const ImageType*>(this->itk::ProcessObject::GetInput(0));
  auto*       output = this->GetOutput();
  output->CopyInformation(first);
  unsigned int nbBands = 0;
  for (unsigned int s = 0; s < m_NumberOfStacks; ++s)
  {
    const auto* stack = static_cast<const ImageType*>(this->itk::ProcessObject::GetInput(s));
    if (stack->GetLargestPossibleRegion() != first->GetLargestPossibleRegion())
      itkExceptionMacro("input stacks are not on the same grid");
    nbBands += stack->GetNumberOfComponentsPerPixel();
  }
  if (m_HasMask)
  {
    const auto* mask = static_cast<const MaskImageType*>(this->itk::ProcessObject::GetInput("Mask"));
    if (mask->GetLargestPossibleRegion() != first->GetLargestPossibleRegion())
      itkExceptionMacro("the mask is not on the grid of the image");
  }
  output->SetNumberOfComponentsPerPixel(nbBands);
  if (!m_BandNames.empty())
  {
    if (m_BandNames.size() != nbBands)
      itkExceptionMacro("" << m_BandNames.size() << " band names for " << nbBands << " bands");
    ImageMetadata metadata = first->GetImageMetadata();
    WriteBandNames(metadata, m_BandNames);
    for (const auto& item : m_MetadataItems)
      metadata.Add(item.first, item.second);
    output->SetImageMetadata(metadata);
  }
}

template <class TVectorImage, class TMaskImage>
void StackConcatenateFilter<TVectorImage, TMaskImage>::ProcessRegion(const OutputRegionType& region)
{
  using InputIterator = itk::ImageRegionConstIterator<ImageType>;
  std::vector<InputIterator> stacks;
  std::vector<unsigned int>  sizes;
  for (unsigned int s = 0; s < m_NumberOfStacks; ++s)
  {
    const auto* stack = static_cast<const ImageType*>(this->itk::ProcessObject::GetInput(s));
    stacks.emplace_back(stack, region);
    sizes.push_back(stack->GetNumberOfComponentsPerPixel());
  }
  itk::ImageRegionConstIterator<MaskImageType> maskIt;
  if (m_HasMask)
    maskIt = itk::ImageRegionConstIterator<MaskImageType>(static_cast<const MaskImageType*>(this->itk::ProcessObject::GetInput("Mask")), region);

  auto*                                  output = this->GetOutput();
  itk::ImageRegionIterator<ImageType>    outIt(output, region);
  typename ImageType::PixelType          pixel(output->GetNumberOfComponentsPerPixel());
  for (; !outIt.IsAtEnd(); ++outIt)
  {
    bool valid = !m_HasMask || maskIt.Get() != 0;
    unsigned int band = 0;
    for (size_t s = 0; s < stacks.size(); ++s)
    {
      const auto& value = stacks[s].Get();
      valid             = valid && value[0] != NoDataValue;
      for (unsigned int k = 0; k < sizes[s]; ++k)
        pixel[band++] = value[k];
      ++stacks[s];
    }
    if (!valid)
      pixel.Fill(NoDataValue);
    outIt.Set(pixel);
    if (m_HasMask)
      ++maskIt;
  }
}

} // namespace Imclass
} // namespace otb

#endif
