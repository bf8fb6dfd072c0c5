/*
 * ImCLASS — probability of the class per pixel from feature stacks and a compact forest.
 *
 * Inputs are feature stacks on one grid, read as one concatenated stack without ever building it
 * (the model's features picked from its bands), and an optional validity mask. Each output pixel
 * is the fraction of trees voting for the class, or no-data where the mask is 0 or any feature of
 * the model is no-data: NaN, NoDataValue (-9999), the band's declared no-data value, or OpenCV's missing
 * value marker (FLT_MAX). In percent mode the output is round(100 x fraction) and 255 is the
 * no-data (for a uint8 file). A pixel failing the model's gate has probability 0. Streams (the requested region of every input is the output
 * region) and runs on all threads; each pixel depends on its own features only, so the output
 * is the same whatever the number of threads and tiles.
 */
#ifndef otbImclassPredictProbabilityFilter_h
#define otbImclassPredictProbabilityFilter_h

#include "otbImclassCompactForest.h"
#include "otbImclassGate.h"
#include "otbImclassModel.h"
#include "otbImclassBandNames.h"
#include "otbImclassThreading.h"

#include "itkImageToImageFilter.h"
#include "otbImage.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

/** No-data of the percent output (uint8). */
constexpr float PercentNoDataValue = 255.f;

/** Metadata item of a percent map: the factor from its values to probabilities (0.01). */
constexpr const char* ProbabilityScaleKey = "IMCLASS_PROBABILITY_SCALE";

/** \ingroup OTBImclass */
template <class TVectorImage, class TOutputImage, class TMaskImage = otb::Image<unsigned char, 2>>
class ITK_EXPORT PredictProbabilityFilter : public itk::ImageToImageFilter<TVectorImage, TOutputImage>
{
public:
  using Self         = PredictProbabilityFilter;
  using Superclass   = itk::ImageToImageFilter<TVectorImage, TOutputImage>;
  using Pointer      = itk::SmartPointer<Self>;
  using ConstPointer = itk::SmartPointer<const Self>;
  itkNewMacro(Self);
  itkTypeMacro(PredictProbabilityFilter, ImageToImageFilter);

  using StackImageType   = TVectorImage;
  using OutputImageType  = TOutputImage;
  using MaskImageType    = TMaskImage;
  using OutputRegionType = typename OutputImageType::RegionType;

  /** Appends a feature stack; the features follow the order of the calls. */
  void PushBackStack(const StackImageType* stack);

  /** Optional validity mask on the same grid: 0 = invalid. */
  void SetMaskImage(const MaskImageType* mask);

  /** Where each feature of the forest is among the bands of the stacks (concatenated, numbered
   * from 0); by default feature j is band j. Only these bands are read, and only they decide
   * whether a pixel is valid. */
  void SetFeaturePositions(const std::vector<unsigned int>& positions)
  {
    m_FeaturePositions = positions;
    this->Modified();
  }

  /** The forest; its features are the bands of SetFeaturePositions (by default all the bands). */
  void SetForest(std::shared_ptr<const CompactForest> forest)
  {
    m_Forest = std::move(forest);
    this->Modified();
  }

  /** Valid pixels that fail the gate get probability 0. */
  void SetGate(const Gate& gate)
  {
    m_Gate = gate;
    this->Modified();
  }

  /** Recorded in the output's metadata (ModelFingerprintKey). */
  void SetModelFingerprint(const std::string& fingerprint)
  {
    m_ModelFingerprint = fingerprint;
  }

  /** Percent mode: 0..100 with PercentNoDataValue as no-data, instead of [0,1] with NoDataValue. */
  void SetPercent(bool percent)
  {
    m_Percent = percent;
    this->Modified();
  }

  float GetNoDataValue() const
  {
    return m_Percent ? PercentNoDataValue : NoDataValue;
  }

protected:
  PredictProbabilityFilter();
  ~PredictProbabilityFilter() override = default;

  void GenerateOutputInformation() override;
  IMCLASS_THREADED_GENERATE_DATA(OutputRegionType)
  void ProcessRegion(const OutputRegionType& region);

private:
  PredictProbabilityFilter(const Self&) = delete;
  void operator=(const Self&)           = delete;

  const StackImageType* GetStack(unsigned int index) const
  {
    return static_cast<const StackImageType*>(this->itk::ProcessObject::GetInput(index));
  }

  /** Copies the features of the pixels of one image row into `samples` (valid pixels only, one
   * after the other), marks which pixels are valid and returns how many are. */
  size_t GatherRow(const typename OutputRegionType::IndexType& rowStart, unsigned int width, std::vector<float>& samples, std::vector<char>& valid) const;

  unsigned int                         m_NumberOfStacks = 0;
  bool                                 m_HasMask        = false;
  bool                                 m_Percent        = false;
  std::string                          m_ModelFingerprint;
  std::shared_ptr<const CompactForest> m_Forest;
  Gate                                 m_Gate;
  std::vector<NoDataRule>              m_NoDataRules; // one per stack
  std::vector<unsigned int>            m_FeaturePositions;
  // Per stack, the (band of the stack, feature of the forest) pairs it feeds.
  std::vector<std::vector<std::pair<unsigned int, unsigned int>>> m_StackFeatures;
};

} // namespace Imclass
} // namespace otb

#ifndef OTB_MANUAL_INSTANTIATION
#include "otbImclassPredictProbabilityFilter.hxx"
#endif

#endif
