#ifndef otbImclassSeriesFeaturesFilter_hxx
#define otbImclassSeriesFeaturesFilter_hxx

#include "otbImclassSeriesFeaturesFilter.h"

#include <algorithm>
#include <memory>

namespace otb
{
namespace Imclass
{

template <class TVectorImage>
SeriesFeaturesFilter<TVectorImage>::SeriesFeaturesFilter()
{
  IMCLASS_ENABLE_DYNAMIC_THREADING();
}

template <class TVectorImage>
void SeriesFeaturesFilter<TVectorImage>::PushBackDate(const ImageType* stack, const std::vector<unsigned int>& positions)
{
  this->itk::ProcessObject::SetNthInput(m_Positions.size(), const_cast<ImageType*>(stack));
  m_Positions.push_back(positions);
}

template <class TVectorImage>
void SeriesFeaturesFilter<TVectorImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  if (m_Positions.size() < 2)
    itkExceptionMacro("a series needs at least 2 dates");
  const auto* first = this->GetInput(0);
  for (unsigned int k = 0; k < m_Positions.size(); ++k)
  {
    const auto* date = this->GetInput(k);
    if (date->GetLargestPossibleRegion() != first->GetLargestPossibleRegion())
      itkExceptionMacro("the dates are not on one grid");
    if (m_Positions[k].size() != m_Positions[0].size())
      itkExceptionMacro("date " << k + 1 << " has another number of variables");
    for (unsigned int position : m_Positions[k])
      if (position >= date->GetNumberOfComponentsPerPixel())
        itkExceptionMacro("date " << k + 1 << " has no band " << position);
  }
  this->GetOutput()->SetNumberOfComponentsPerPixel(m_Positions[0].size() * m_Features.Size());
}

template <class TVectorImage>
void SeriesFeaturesFilter<TVectorImage>::ProcessRegion(const OutputRegionType& region)
{
  // Raw buffers, row by row: iterators' Get() would allocate a pixel per date per pixel.
  using ValueType                  = typename ImageType::InternalPixelType;
  auto*              output        = this->GetOutput();
  const unsigned int outputBands   = output->GetNumberOfComponentsPerPixel();
  const size_t       nbDates       = m_Positions.size();
  const size_t       nbVariables   = m_Positions[0].size();
  const size_t       perVariable   = m_Features.Size();
  const auto         width         = region.GetSize(0);
  std::unique_ptr<bool[]>   valid(new bool[nbDates]);
  std::vector<float>        values(nbDates);
  std::vector<double>       filled(nbDates);
  std::vector<const ValueType*> rows(nbDates);
  std::vector<unsigned int>     bands(nbDates);
  for (size_t k = 0; k < nbDates; ++k)
    bands[k] = this->GetInput(k)->GetNumberOfComponentsPerPixel();

  typename OutputRegionType::IndexType rowStart = region.GetIndex();
  for (unsigned long row = 0; row < region.GetSize(1); ++row, ++rowStart[1])
  {
    ValueType* out = output->GetBufferPointer() + output->ComputeOffset(rowStart) * outputBands;
    for (size_t k = 0; k < nbDates; ++k)
      rows[k] = this->GetInput(k)->GetBufferPointer() + this->GetInput(k)->ComputeOffset(rowStart) * bands[k];
    for (unsigned long x = 0; x < width; ++x, out += outputBands)
    {
      for (size_t k = 0; k < nbDates; ++k)
        valid[k] = rows[k][x * bands[k]] != NoDataValue;
      for (size_t v = 0; v < nbVariables; ++v)
      {
        for (size_t k = 0; k < nbDates; ++k)
          values[k] = rows[k][x * bands[k] + m_Positions[k][v]];
        if (!m_Features(values.data(), valid.get(), filled.data(), out + v * perVariable))
        {
          std::fill(out, out + outputBands, static_cast<ValueType>(NoDataValue));
          break; // no valid date: the same for every variable
        }
      }
    }
  }
}

} // namespace Imclass
} // namespace otb

#endif
