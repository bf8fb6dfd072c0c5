#include "otbImclassPredictRun.h"

#include "otbImclassCompactForest.h"
#include "otbImclassModel.h"

#include <memory>
#include <sstream>

namespace otb
{
namespace Imclass
{

FloatImageType* PredictRun::Build(const PredictSettings& settings, const std::vector<FloatVectorImageType*>& givenStacks, const std::vector<std::string>& paths,
                                  const RawInputs& raw, MaskImageType* mask, Reporter& reporter)
{
  ModelMetadata                      metadata;
  const cv::Ptr<cv::ml::RTrees>      model  = LoadModel(settings.modelPath, metadata);
  std::vector<FloatVectorImageType*> inputs = givenStacks;
  if (inputs.empty())
  {
    m_Fused            = FusedStackBuilder::New();
    inputs             = m_Fused->Build(RecordedStacks(metadata.featureRecipe), raw, metadata.featureNames);
    unsigned int bands = 0;
    for (auto* stack : inputs)
    {
      stack->UpdateOutputInformation();
      bands += stack->GetNumberOfComponentsPerPixel();
    }
    reporter.Info("Fused mode: " + std::to_string(inputs.size()) + " stacks rebuilt from the raw images and the recipes of the model, never written (" +
                  std::to_string(bands) + " bands computed for its " + std::to_string(metadata.featureNames.size()) + " features)");
  }
  const FeatureStackList          stacks(inputs, paths);
  const std::vector<unsigned int> positions = FeaturePositions(stacks.FeatureNames(), metadata.featureNames);

  const auto         nbFeatures = static_cast<unsigned int>(metadata.featureNames.size());
  auto               forest     = std::make_shared<const CompactForest>(*model, nbFeatures);
  std::ostringstream line;
  line << "Model: " << forest->GetNumberOfTrees() << " trees, " << forest->GetNumberOfSplitNodes() << " split nodes, " << nbFeatures
       << " features; class: " << metadata.classDefinition << "; cross-validated at threshold " << metadata.validationThreshold << ": precision "
       << metadata.validationPrecision << ", recall " << metadata.validationRecall << ", F1 " << metadata.validationF1;
  if (!metadata.gateFeature.empty())
    line << "; gate: " << metadata.gateFeature << " >= " << metadata.gateMinimum;
  reporter.Info(line.str());

  m_Filter = FilterType::New();
  for (auto* stack : stacks.Stacks())
    m_Filter->PushBackStack(stack);
  if (mask)
  {
    mask->UpdateOutputInformation();
    stacks.CheckOnGrid(mask, "-mask");
    m_Filter->SetMaskImage(mask);
  }
  m_Filter->SetFeaturePositions(positions);
  m_Filter->SetForest(forest);
  m_Filter->SetGate(Gate::Of(metadata.gateFeature, metadata.gateMinimum, metadata.featureNames));
  m_Filter->SetModelFingerprint(ModelFingerprint(settings.modelPath));
  m_Filter->SetPercent(settings.percent);
  return m_Filter->GetOutput();
}

} // namespace Imclass
} // namespace otb
