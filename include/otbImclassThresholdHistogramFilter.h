/*
 * ImCLASS — per-class histograms of a probability map over rasterized reference polygons.
 *
 * A persistent filter: the probability map and the reference label image (ReferenceLabel values,
 * same grid) are read tile by tile, and the bin counts (see ScoreBin) of the positive pixels, the
 * negative pixels and every valid pixel are summed over the whole image. Counts are integers
 * added per tile, so the result does not depend on the tiling nor on the number of threads.
 * Wrap it in StreamingThresholdHistogramFilter to stream it by -ram.
 */
#ifndef otbImclassThresholdHistogramFilter_h
#define otbImclassThresholdHistogramFilter_h

#include "otbImclassNoData.h"
#include "otbImclassThreading.h"
#include "otbImclassThresholdCurves.h"

#include "otbPersistentFilterStreamingDecorator.h"
#include "otbPersistentImageFilter.h"

#include <mutex>

namespace otb
{
namespace Imclass
{

/** Values of the rasterized reference. */
enum ReferenceLabel : unsigned char
{
  ReferenceOutside  = 0,
  ReferencePositive = 1,
  ReferenceNegative = 2
};

/** \ingroup OTBImclass */
template <class TProbabilityImage, class TLabelImage>
class ITK_EXPORT PersistentThresholdHistogramFilter : public PersistentImageFilter<TProbabilityImage, TProbabilityImage>
{
public:
  using Self         = PersistentThresholdHistogramFilter;
  using Superclass   = PersistentImageFilter<TProbabilityImage, TProbabilityImage>;
  using Pointer      = itk::SmartPointer<Self>;
  using ConstPointer = itk::SmartPointer<const Self>;
  itkNewMacro(Self);
  itkTypeMacro(PersistentThresholdHistogramFilter, PersistentImageFilter);

  using ProbabilityImageType = TProbabilityImage;
  using LabelImageType       = TLabelImage;
  using RegionType           = typename ProbabilityImageType::RegionType;

  void SetProbabilityImage(const ProbabilityImageType* image)
  {
    this->SetNthInput(0, const_cast<ProbabilityImageType*>(image));
  }
  void SetLabelImage(const LabelImageType* image)
  {
    this->SetNthInput(1, const_cast<LabelImageType*>(image));
  }

  /** Probability = pixel value x scale (1 for probabilities, 0.01 for percentages). */
  itkSetMacro(Scale, double);
  /** Pixel value meaning no data (NaN is no data too). */
  itkSetMacro(NoDataValue, double);

  const BinCounts& GetPositiveCounts() const
  {
    return m_Counts[ReferencePositive];
  }
  const BinCounts& GetNegativeCounts() const
  {
    return m_Counts[ReferenceNegative];
  }
  const BinCounts& GetValidCounts() const
  {
    return m_Counts[ReferenceOutside];
  }

  void Reset() override;
  void Synthetize() override
  {
  }

protected:
  PersistentThresholdHistogramFilter();
  ~PersistentThresholdHistogramFilter() override = default;

  void GenerateOutputInformation() override;
  /** The output is not used: nothing to allocate (the input is not copied). */
  void AllocateOutputs() override
  {
  }
  IMCLASS_THREADED_GENERATE_DATA(RegionType)
  void ProcessRegion(const RegionType& region);

private:
  PersistentThresholdHistogramFilter(const Self&) = delete;
  void operator=(const Self&)                     = delete;

  double m_Scale       = 1.;
  double m_NoDataValue = NoDataValue;
  // Indexed by ReferenceLabel; the ReferenceOutside entry counts every valid pixel instead.
  BinCounts  m_Counts[3];
  std::mutex m_Mutex;
};

template <class TProbabilityImage, class TLabelImage>
using StreamingThresholdHistogramFilter = PersistentFilterStreamingDecorator<PersistentThresholdHistogramFilter<TProbabilityImage, TLabelImage>>;

} // namespace Imclass
} // namespace otb

#ifndef OTB_MANUAL_INSTANTIATION
#include "otbImclassThresholdHistogramFilter.hxx"
#endif

#endif
