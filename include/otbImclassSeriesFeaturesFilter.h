/*
 * ImCLASS — the temporal features of N dates, streamed and threaded: one filter reads the N
 * per-date stacks (on one grid) tile by tile and writes, for each series variable, the features of
 * TemporalFeaturesFunctor (otbImclassSeriesFunctor.h).
 *
 * A date is invalid at a pixel when its stack is NoDataValue there (the ImCLASS convention: in
 * every band, so the first band tells); invalid dates are gap-filled. A pixel with no valid date is
 * NoDataValue in every output band. Each pixel depends only on its own values, so the output is
 * the same whatever the number of threads and tiles.
 */
#ifndef otbImclassSeriesFeaturesFilter_h
#define otbImclassSeriesFeaturesFilter_h

#include "otbImclassNoData.h"
#include "otbImclassSeriesFunctor.h"
#include "otbImclassThreading.h"

#include "itkImageToImageFilter.h"

#include <vector>

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
template <class TVectorImage>
class ITK_EXPORT SeriesFeaturesFilter : public itk::ImageToImageFilter<TVectorImage, TVectorImage>
{
public:
  using Self         = SeriesFeaturesFilter;
  using Superclass   = itk::ImageToImageFilter<TVectorImage, TVectorImage>;
  using Pointer      = itk::SmartPointer<Self>;
  using ConstPointer = itk::SmartPointer<const Self>;
  itkNewMacro(Self);
  itkTypeMacro(SeriesFeaturesFilter, ImageToImageFilter);

  using ImageType        = TVectorImage;
  using OutputRegionType = typename ImageType::RegionType;

  /** Appends the stack of the next date; `positions` gives, for each series variable in output
   * order, its band in this stack. */
  void PushBackDate(const ImageType* stack, const std::vector<unsigned int>& positions);

  /** The features of each variable (the dates' days and the -at days). */
  void SetFeatures(const TemporalFeaturesFunctor& features)
  {
    m_Features = features;
    this->Modified();
  }

protected:
  SeriesFeaturesFilter();
  ~SeriesFeaturesFilter() override = default;

  void GenerateOutputInformation() override;
  IMCLASS_THREADED_GENERATE_DATA(OutputRegionType)
  void ProcessRegion(const OutputRegionType& region);

private:
  SeriesFeaturesFilter(const Self&) = delete;
  void operator=(const Self&)       = delete;

  std::vector<std::vector<unsigned int>> m_Positions; // [date][variable]
  TemporalFeaturesFunctor                m_Features;
};

} // namespace Imclass
} // namespace otb

#ifndef OTB_MANUAL_INSTANTIATION
#include "otbImclassSeriesFeaturesFilter.hxx"
#endif

#endif
