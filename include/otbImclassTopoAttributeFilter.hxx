#ifndef otbImclassTopoAttributeFilter_hxx
#define otbImclassTopoAttributeFilter_hxx

#include "otbImclassTopoAttributeFilter.h"

#include "otbImclassNoData.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace otb
{
namespace Imclass
{

template <class TInputImage, class TOutputImage>
TopoAttributeFilter<TInputImage, TOutputImage>::TopoAttributeFilter()
{
  IMCLASS_ENABLE_DYNAMIC_THREADING();
}

template <class TInputImage, class TOutputImage>
void TopoAttributeFilter<TInputImage, TOutputImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  TopoRecipe recipe;
  recipe.attributes = m_Attributes;
  const auto bands  = recipe.AttributeBands().size();
  if (bands == 0)
    itkExceptionMacro("no topographic attribute to compute");
  this->GetOutput()->SetNumberOfComponentsPerPixel(bands);
}

template <class TInputImage, class TOutputImage>
void TopoAttributeFilter<TInputImage, TOutputImage>::GenerateInputRequestedRegion()
{
  Superclass::GenerateInputRequestedRegion();
  auto* input = const_cast<TInputImage*>(this->GetInput());
  if (!input)
    return;
  auto region = this->GetOutput()->GetRequestedRegion();
  region.PadByRadius(1);
  region.Crop(input->GetLargestPossibleRegion());
  input->SetRequestedRegion(region);
}

template <class TInputImage, class TOutputImage>
void TopoAttributeFilter<TInputImage, TOutputImage>::ProcessRegion(const OutputRegionType& region)
{
  const TInputImage* input   = this->GetInput();
  TOutputImage*      output  = this->GetOutput();
  const auto         largest = input->GetLargestPossibleRegion();
  const unsigned int bands   = output->GetNumberOfComponentsPerPixel();
  const auto         spacing = input->GetSignedSpacing();
  const double       nan     = std::numeric_limits<double>::quiet_NaN();

  auto index = region.GetIndex();
  for (unsigned long row = 0; row < region.GetSize(1); ++row)
  {
    index[0] = region.GetIndex(0);
    index[1] = region.GetIndex(1) + row;
    typename TInputImage::PointType rowPoint;
    input->TransformIndexToPhysicalPoint(index, rowPoint);
    double sizeX, sizeY;
    m_Metrics.PixelSize(spacing[0], spacing[1], rowPoint[1], sizeX, sizeY);

    auto* out = output->GetBufferPointer() + output->ComputeOffset(index) * bands;
    for (unsigned long column = 0; column < region.GetSize(0); ++column, out += bands)
    {
      double window[9];
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx)
        {
          typename TInputImage::IndexType neighbour = {{index[0] + static_cast<long>(column) + dx, index[1] + dy}};
          window[(dy + 1) * 3 + dx + 1]             = largest.IsInside(neighbour) ? static_cast<double>(input->GetPixel(neighbour)) : nan;
        }
      if (std::isnan(window[4]))
        std::fill(out, out + bands, static_cast<typename TOutputImage::InternalPixelType>(NoDataValue));
      else
        ComputeTopoAttributes(window, sizeX, sizeY, m_Attributes, out);
    }
  }
}

} // namespace Imclass
} // namespace otb

#endif
