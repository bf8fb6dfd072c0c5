#ifndef otbImclassTopoAggregateFilter_hxx
#define otbImclassTopoAggregateFilter_hxx

#include "otbImclassTopoAggregateFilter.h"

#include <cmath>
#include <limits>

namespace otb
{
namespace Imclass
{

template <class TImage>
TopoAggregateFilter<TImage>::TopoAggregateFilter()
{
  IMCLASS_ENABLE_DYNAMIC_THREADING();
}

template <class TImage>
void TopoAggregateFilter<TImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  const TImage* input       = this->GetInput();
  TImage*       output      = this->GetOutput();
  const auto    inputRegion = input->GetLargestPossibleRegion();
  if (m_Factor < 1 || inputRegion.GetSize(0) < m_Factor || inputRegion.GetSize(1) < m_Factor)
    itkExceptionMacro("cannot aggregate " << inputRegion.GetSize() << " pixels by " << m_Factor);

  typename TImage::SpacingType spacing = input->GetSignedSpacing();
  typename TImage::PointType   origin  = input->GetOrigin();
  typename TImage::SizeType    size;
  for (unsigned int d = 0; d < 2; ++d)
  {
    // Origins are pixel centres: the centre of a block is (factor - 1) / 2 input pixels in.
    origin[d] += spacing[d] * (m_Factor - 1) / 2.0;
    spacing[d] *= m_Factor;
    size[d] = inputRegion.GetSize(d) / m_Factor;
  }
  typename TImage::IndexType start = {{0, 0}};
  output->SetLargestPossibleRegion(RegionType(start, size));
  output->SetSignedSpacing(spacing);
  output->SetOrigin(origin);
}

template <class TImage>
void TopoAggregateFilter<TImage>::GenerateInputRequestedRegion()
{
  auto*      input        = const_cast<TImage*>(this->GetInput());
  const auto outputRegion = this->GetOutput()->GetRequestedRegion();
  const auto inputStart   = input->GetLargestPossibleRegion().GetIndex();
  RegionType region;
  for (unsigned int d = 0; d < 2; ++d)
  {
    region.SetIndex(d, inputStart[d] + outputRegion.GetIndex(d) * m_Factor);
    region.SetSize(d, outputRegion.GetSize(d) * m_Factor);
  }
  input->SetRequestedRegion(region);
}

template <class TImage>
void TopoAggregateFilter<TImage>::ProcessRegion(const RegionType& region)
{
  const TImage* input      = this->GetInput();
  TImage*       output     = this->GetOutput();
  const auto    inputStart = input->GetLargestPossibleRegion().GetIndex();
  for (unsigned long row = 0; row < region.GetSize(1); ++row)
    for (unsigned long column = 0; column < region.GetSize(0); ++column)
    {
      typename TImage::IndexType outIndex = {{region.GetIndex(0) + static_cast<long>(column), region.GetIndex(1) + static_cast<long>(row)}};
      double                     sum      = 0.0;
      unsigned long              count    = 0;
      for (unsigned int by = 0; by < m_Factor; ++by)
        for (unsigned int bx = 0; bx < m_Factor; ++bx)
        {
          typename TImage::IndexType inIndex = {{inputStart[0] + outIndex[0] * m_Factor + bx, inputStart[1] + outIndex[1] * m_Factor + by}};
          const double               value   = input->GetPixel(inIndex);
          if (!std::isnan(value))
          {
            sum += value;
            ++count;
          }
        }
      output->SetPixel(outIndex, count ? static_cast<typename TImage::PixelType>(sum / count) : std::numeric_limits<typename TImage::PixelType>::quiet_NaN());
    }
}

} // namespace Imclass
} // namespace otb

#endif
