/*
 * ImCLASS — OTB's speckle filters (Lee, Frost, Gamma-MAP, Kuan: otbLeeImageFilter.h and its
 * siblings, the filters of otbcli_Despeckle) set from a recipe, for one polarisation as linear
 * power. They stream (the input region is padded by the radius) and their values depend only on
 * the window of each pixel, whatever the threads and tiles.
 */
#ifndef otbImclassDespeckle_h
#define otbImclassDespeckle_h

#include "OTBImclassExport.h"
#include "otbImclassFeatureCatalogue.h"
#include "otbImclassImageTypes.h"

#include "itkImageToImageFilter.h"

namespace otb
{
namespace Imclass
{

using SpeckleFilterType = itk::ImageToImageFilter<FloatImageType, FloatImageType>;

/** The speckle filter `filter` (not None) over `power`, with the window radius, the equivalent
 * number of looks (Lee, Gamma-MAP, Kuan) and the damping factor (Frost), as otbcli_Despeckle sets
 * them. The caller keeps the filter alive. */
OTBImclass_EXPORT SpeckleFilterType::Pointer NewSpeckleFilter(FloatImageType* power, SpeckleFilter filter, unsigned int radius, float looks, float deramp);

} // namespace Imclass
} // namespace otb

#endif
