#ifndef otbImclassTopoUpsampleFilter_hxx
#define otbImclassTopoUpsampleFilter_hxx

#include "otbImclassTopoUpsampleFilter.h"

#include "otbImclassNoData.h"

#include <algorithm>
#include <cmath>

namespace otb
{
namespace Imclass
{

template <class TVectorImage>
TopoUpsampleFilter<TVectorImage>::TopoUpsampleFilter()
{
  IMCLASS_ENABLE_DYNAMIC_THREADING();
}

template <class TVectorImage>
void TopoUpsampleFilter<TVectorImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  TVectorImage*                  output = this->GetOutput();
  typename RegionType::IndexType start  = {{0, 0}};
  output->SetLargestPossibleRegion(RegionType(start, m_OutputSize));
  output->SetOrigin(m_OutputOrigin);
  output->SetSignedSpacing(m_OutputSpacing);
  output->SetNumberOfComponentsPerPixel(this->GetInput()->GetNumberOfComponentsPerPixel());
}

template <class TVectorImage>
double TopoUpsampleFilter<TVectorImage>::InputPosition(unsigned int d, double index) const
{
  const TVectorImage* input    = this->GetInput();
  const double        position = (m_OutputOrigin[d] + index * m_OutputSpacing[d] - input->GetOrigin()[d]) / input->GetSignedSpacing()[d];
  const double        whole    = std::round(position);
  return std::abs(position - whole) < 1e-6 ? whole : position;
}

template <class TVectorImage>
void TopoUpsampleFilter<TVectorImage>::GenerateInputRequestedRegion()
{
  auto*      input   = const_cast<TVectorImage*>(this->GetInput());
  const auto wanted  = this->GetOutput()->GetRequestedRegion();
  const auto largest = input->GetLargestPossibleRegion();
  RegionType region;
  for (unsigned int d = 0; d < 2; ++d)
  {
    const double first = InputPosition(d, wanted.GetIndex(d));
    const double last  = InputPosition(d, wanted.GetIndex(d) + static_cast<double>(wanted.GetSize(d)) - 1);
    long         low   = static_cast<long>(std::floor(std::min(first, last)));
    long         high  = static_cast<long>(std::floor(std::max(first, last))) + 1;
    const long   begin = largest.GetIndex(d), end = begin + static_cast<long>(largest.GetSize(d)) - 1;
    low  = std::min(std::max(low, begin), end);
    high = std::min(std::max(high, begin), end);
    region.SetIndex(d, low);
    region.SetSize(d, high - low + 1);
  }
  input->SetRequestedRegion(region);
}

template <class TVectorImage>
void TopoUpsampleFilter<TVectorImage>::ProcessRegion(const RegionType& region)
{
  using ValueType             = typename TVectorImage::InternalPixelType;
  const TVectorImage* input   = this->GetInput();
  TVectorImage*       output  = this->GetOutput();
  const unsigned int  bands   = output->GetNumberOfComponentsPerPixel();
  const auto          largest = input->GetLargestPossibleRegion();
  const long lastIndex[2] = {largest.GetIndex(0) + static_cast<long>(largest.GetSize(0)) - 1, largest.GetIndex(1) + static_cast<long>(largest.GetSize(1)) - 1};
  std::vector<double> sum(bands);

  typename RegionType::IndexType index;
  for (unsigned long row = 0; row < region.GetSize(1); ++row)
  {
    index[1]        = region.GetIndex(1) + row;
    const double v  = InputPosition(1, index[1]);
    const long   y0 = static_cast<long>(std::floor(v));
    const double fy = v - y0;
    index[0]        = region.GetIndex(0);
    ValueType* out  = output->GetBufferPointer() + output->ComputeOffset(index) * bands;
    for (unsigned long column = 0; column < region.GetSize(0); ++column, out += bands)
    {
      const double u  = InputPosition(0, region.GetIndex(0) + static_cast<double>(column));
      const long   x0 = static_cast<long>(std::floor(u));
      const double fx = u - x0;
      std::fill(sum.begin(), sum.end(), 0.0);
      double total = 0.0;
      for (int corner = 0; corner < 4; ++corner)
      {
        const int    cx = corner & 1, cy = corner >> 1;
        const double weight = (cx ? fx : 1.0 - fx) * (cy ? fy : 1.0 - fy);
        if (weight <= 0.0)
          continue;
        typename RegionType::IndexType neighbour = {
            {std::min(std::max(x0 + cx, largest.GetIndex(0)), lastIndex[0]), std::min(std::max(y0 + cy, largest.GetIndex(1)), lastIndex[1])}};
        const ValueType* pixel = input->GetBufferPointer() + input->ComputeOffset(neighbour) * bands;
        if (pixel[0] == NoDataValue)
          continue;
        for (unsigned int b = 0; b < bands; ++b)
          sum[b] += weight * pixel[b];
        total += weight;
      }
      for (unsigned int b = 0; b < bands; ++b)
        out[b] = total > 0.0 ? static_cast<ValueType>(sum[b] / total) : static_cast<ValueType>(NoDataValue);
    }
  }
}

} // namespace Imclass
} // namespace otb

#endif
