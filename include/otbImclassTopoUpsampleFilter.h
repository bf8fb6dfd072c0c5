/*
 * ImCLASS — a coarse attribute stack interpolated (bilinear) onto a finer grid of the same
 * projection, e.g. attributes computed 3 times coarser brought back onto the grid of -in.
 *
 * ImCLASS convention: a coarse pixel is invalid when its first band is NoDataValue. Invalid
 * pixels get no weight (the weights of the valid ones are renormalised); an output pixel whose
 * four neighbours are all invalid is NoDataValue. ITK's resampler would blend -9999 into the
 * values instead. Outside the coarse grid the nearest edge pixels are used. With a grid of the
 * same spacing it copies the aligned pixels exactly. Streams: an output region needs the coarse
 * pixels around it only.
 */
#ifndef otbImclassTopoUpsampleFilter_h
#define otbImclassTopoUpsampleFilter_h

#include "otbImclassThreading.h"

#include "itkImageToImageFilter.h"

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
template <class TVectorImage>
class ITK_EXPORT TopoUpsampleFilter : public itk::ImageToImageFilter<TVectorImage, TVectorImage>
{
public:
  using Self         = TopoUpsampleFilter;
  using Superclass   = itk::ImageToImageFilter<TVectorImage, TVectorImage>;
  using Pointer      = itk::SmartPointer<Self>;
  using ConstPointer = itk::SmartPointer<const Self>;
  itkNewMacro(Self);
  itkTypeMacro(TopoUpsampleFilter, ImageToImageFilter);

  using RegionType  = typename TVectorImage::RegionType;
  using PointType   = typename TVectorImage::PointType;
  using SpacingType = typename TVectorImage::SpacingType;

  /** The output grid: origin (centre of pixel 0), signed spacing and size. */
  void SetOutputGrid(const PointType& origin, const SpacingType& spacing, const typename RegionType::SizeType& size)
  {
    m_OutputOrigin  = origin;
    m_OutputSpacing = spacing;
    m_OutputSize    = size;
    this->Modified();
  }

protected:
  TopoUpsampleFilter();
  ~TopoUpsampleFilter() override = default;

  void GenerateOutputInformation() override;
  void GenerateInputRequestedRegion() override;
  IMCLASS_THREADED_GENERATE_DATA(RegionType)
  void ProcessRegion(const RegionType& region);

private:
  TopoUpsampleFilter(const Self&) = delete;
  void operator=(const Self&)     = delete;

  /** Continuous input index of output index `index` along axis `d`, snapped to whole pixels
   * within 1e-6 so that aligned grids copy exactly. */
  double InputPosition(unsigned int d, double index) const;

  PointType                     m_OutputOrigin;
  SpacingType                   m_OutputSpacing;
  typename RegionType::SizeType m_OutputSize = {{0, 0}};
};

} // namespace Imclass
} // namespace otb

#ifndef OTB_MANUAL_INSTANTIATION
#include "otbImclassTopoUpsampleFilter.hxx"
#endif

#endif
