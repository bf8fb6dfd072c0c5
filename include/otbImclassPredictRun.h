/*
 * ImCLASS — what ImclassPredict does, as one call: the model read, its features found by name in
 * the stacks (given, or rebuilt from the raw images and the recipes the model records: the fused
 * mode, otbImclassFusedStacks.h), its forest made compact, and the streamed probability pipeline
 * built (PredictProbabilityFilter), recording which model made the map.
 */
#ifndef otbImclassPredictRun_h
#define otbImclassPredictRun_h

#include "OTBImclassExport.h"
#include "otbImclassFusedStacks.h"
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

  /** The (not yet updated) probability map of `stacks` (files or images; `paths[s]` names stack s
   * in messages, "" for one in memory), or, when there is none, of the stacks rebuilt from `raw`
   * (fused mode); `mask` (optional, 0 = invalid) on their grid. Throws InputError naming -model
   * (unreadable, corrupt), -il (a feature of the model missing from the stacks), a raw input the
   * model needs, or -mask (off the grid). */
  FloatImageType* Build(const PredictSettings& settings, const std::vector<FloatVectorImageType*>& stacks, const std::vector<std::string>& paths,
                        const RawInputs& raw, MaskImageType* mask, Reporter& reporter);

protected:
  PredictRun()           = default;
  ~PredictRun() override = default;

private:
  PredictRun(const Self&)     = delete;
  void operator=(const Self&) = delete;

  using FilterType = PredictProbabilityFilter<FloatVectorImageType, FloatImageType, MaskImageType>;
  FilterType::Pointer        m_Filter;
  FusedStackBuilder::Pointer m_Fused;
};

} // namespace Imclass
} // namespace otb

#endif
