/*
 * ImCLASS — what ImclassPredict does, as one call: the model read and checked against the
 * stacks' feature names, its forest made compact, and the streamed probability pipeline built
 * (PredictProbabilityFilter), recording which model made the map.
 */
#ifndef otbImclassPredictRun_h
#define otbImclassPredictRun_h

#include "OTBImclassExport.h"
#include "otbImclassImageTypes.h"
#include "otbImclassPredictProbabilityFilter.h"
#include "otbImclassReporter.h"
#include "otbImclassStackList.h"

#include "itkObject.h"

#include <string>

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
struct PredictSettings
{
  std::string modelPath;
  bool        percent = false; // uint8 percent 0..100 (255 = no-data) instead of float [0,1] (-9999)
};

/** Holds the probability pipeline (it must live as long as its output is used).
 * \ingroup OTBImclass */
class OTBImclass_EXPORT PredictRun : public itk::Object
{
public:
  using Self    = PredictRun;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(PredictRun, itk::Object);

  /** The (not yet updated) probability map of the stacks; `mask` (optional, 0 = invalid) on their
   * grid. Throws InputError naming -model (unreadable, corrupt), -il (feature names differ from
   * the model's) or -mask (off the grid). */
  FloatImageType* Build(const PredictSettings& settings, const FeatureStackList& stacks, MaskImageType* mask, Reporter& reporter);

protected:
  PredictRun()           = default;
  ~PredictRun() override = default;

private:
  PredictRun(const Self&)     = delete;
  void operator=(const Self&) = delete;

  using FilterType = PredictProbabilityFilter<FloatVectorImageType, FloatImageType, MaskImageType>;
  FilterType::Pointer m_Filter;
};

} // namespace Imclass
} // namespace otb

#endif
