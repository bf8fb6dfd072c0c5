#ifndef otbImclassStackConcatenateFilter_hxx
#define otbImclassStackConcatenateFilter_hxx

#include "otbImclassStackConcatenateFilter.h"


#include <algorithm>
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
  const auto* first  = static_cast<const ImageType*>(this->itk::ProcessObject::GetInput(0));
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
  // Raw buffers, row by row: iterators' Get() would allocate a pixel per input per pixel.
  using ValueType                           = typename ImageType::InternalPixelType;
  auto*                         output      = this->GetOutput();
  const unsigned int            outputBands = output->GetNumberOfComponentsPerPixel();
  const auto*                   mask        = m_HasMask ? static_cast<const MaskImageType*>(this->itk::ProcessObject::GetInput("Mask")) : nullptr;
  const auto                    width       = region.GetSize(0);
  std::vector<const ImageType*> stacks;
  for (unsigned int s = 0; s < m_NumberOfStacks; ++s)
    stacks.push_back(static_cast<const ImageType*>(this->itk::ProcessObject::GetInput(s)));

  typename OutputRegionType::IndexType rowStart = region.GetIndex();
  for (unsigned long row = 0; row < region.GetSize(1); ++row, ++rowStart[1])
  {
    ValueType* out = output->GetBufferPointer() + output->ComputeOffset(rowStart) * outputBands;
    // Copy each stack's bands into place.
    unsigned int firstBand = 0;
    for (const ImageType* stack : stacks)
    {
      const unsigned int bands = stack->GetNumberOfComponentsPerPixel();
      const ValueType*   in    = stack->GetBufferPointer() + stack->ComputeOffset(rowStart) * bands;
      for (unsigned long x = 0; x < width; ++x)
        std::copy(in + x * bands, in + (x + 1) * bands, out + x * outputBands + firstBand);
      firstBand += bands;
    }
    // Then invalidate: mask 0, or any stack invalid (its first band is NoDataValue).
    const typename MaskImageType::PixelType* maskRow = mask ? mask->GetBufferPointer() + mask->ComputeOffset(rowStart) : nullptr;
    for (unsigned long x = 0; x < width; ++x)
    {
      ValueType* pixel = out + x * outputBands;
      bool       valid = !maskRow || maskRow[x] != 0;
      firstBand        = 0;
      for (const ImageType* stack : stacks)
      {
        valid = valid && pixel[firstBand] != NoDataValue;
        firstBand += stack->GetNumberOfComponentsPerPixel();
      }
      if (!valid)
        std::fill(pixel, pixel + outputBands, static_cast<ValueType>(NoDataValue));
    }
  }
}

} // namespace Imclass
} // namespace otb

#endif
