/*
 * ImCLASS — a DEM aggregated onto a grid `factor` times coarser: each output pixel is the mean of
 * the valid (not NaN) input pixels of its factor x factor block, NaN when the block has none.
 * Output pixel (0,0) covers input pixels [0, factor) x [0, factor); the output has
 * floor(size / factor) pixels per axis (the caller sizes the input to a multiple of factor).
 * Streams: an output region needs exactly its blocks.
 */
#ifndef otbImclassTopoAggregateFilter_h
#define otbImclassTopoAggregateFilter_h

#include "otbImclassThreading.h"

#include "itkImageToImageFilter.h"

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
template <class TImage>
class ITK_EXPORT TopoAggregateFilter : public itk::ImageToImageFilter<TImage, TImage>
{
public:
  using Self         = TopoAggregateFilter;
  using Superclass   = itk::ImageToImageFilter<TImage, TImage>;
  using Pointer      = itk::SmartPointer<Self>;
  using ConstPointer = itk::SmartPointer<const Self>;
  itkNewMacro(Self);
  itkTypeMacro(TopoAggregateFilter, ImageToImageFilter);

  using RegionType = typename TImage::RegionType;

  itkSetMacro(Factor, unsigned int);
  itkGetMacro(Factor, unsigned int);

protected:
  TopoAggregateFilter();
  ~TopoAggregateFilter() override = default;

  void GenerateOutputInformation() override;
  void GenerateInputRequestedRegion() override;
  IMCLASS_THREADED_GENERATE_DATA(RegionType)
  void ProcessRegion(const RegionType& region);

private:
  TopoAggregateFilter(const Self&) = delete;
  void operator=(const Self&)      = delete;

  unsigned int m_Factor = 1;
};

} // namespace Imclass
} // namespace otb

#ifndef OTB_MANUAL_INSTANTIATION
#include "otbImclassTopoAggregateFilter.hxx"
#endif

#endif
