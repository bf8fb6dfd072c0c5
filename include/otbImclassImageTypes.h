/*
 * ImCLASS — the image types every pipeline of the module works with: float32 feature stacks and
 * single bands, and uint8 masks and class maps.
 */
#ifndef otbImclassImageTypes_h
#define otbImclassImageTypes_h

#include "otbImage.h"
#include "otbVectorImage.h"

namespace otb
{
namespace Imclass
{

using FloatVectorImageType = otb::VectorImage<float, 2>;
using FloatImageType       = otb::Image<float, 2>;
using MaskImageType        = otb::Image<unsigned char, 2>; // validity masks (0 = invalid) and binary class maps

} // namespace Imclass
} // namespace otb

#endif
