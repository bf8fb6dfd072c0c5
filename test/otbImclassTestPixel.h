/* ImCLASS unit tests: a multi-band pixel written as a list of values, for the per-pixel functors. */
#ifndef otbImclassTestPixel_h
#define otbImclassTestPixel_h

#include "itkVariableLengthVector.h"

#include <vector>

inline itk::VariableLengthVector<float> Pixel(const std::vector<float>& values)
{
  itk::VariableLengthVector<float> pixel(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    pixel[i] = values[i];
  return pixel;
}

#endif
