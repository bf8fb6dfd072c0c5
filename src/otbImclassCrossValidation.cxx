#include "otbImclassCrossValidation.h"

#include <algorithm>
#include <cmath>

namespace otb
{
namespace Imclass
{

ThresholdCurves CrossValidationCurves(const ModelMetadata& metadata)
{
  const auto count = [&](const std::string& name)
  {
    const auto found = metadata.sampleCounts.find(name);
    return found == metadata.sampleCounts.end() ? 0.0 : static_cast<double>(found->second);
  };
  const auto histogram = [](const std::vector<long>& votes, double pixelsPerSample)
  {
    BinCounts    bins(ThresholdSteps + 1, 0);
    const double trees = std::max<double>(1, votes.size() - 1.0);
    for (size_t v = 0; v < votes.size(); ++v)
      bins[ScoreBin(v / trees)] += static_cast<std::uint64_t>(std::llround(votes[v] * pixelsPerSample));
    return bins;
  };
  const BinCounts positives = histogram(metadata.crossValidationPositiveVotes, count("positive_area") / std::max(1.0, count("positive")));
  const BinCounts negatives = histogram(metadata.crossValidationNegativeVotes, count("negative_area") / std::max(1.0, count("negative")));
  BinCounts       all(positives);
  for (size_t b = 0; b < all.size(); ++b)
    all[b] += negatives[b];
  return ThresholdCurves(positives, negatives, all);
}

unsigned int LowestThresholdBin(const ModelMetadata& metadata)
{
  return metadata.gateFeature.empty() ? 0 : 1;
}

Confusion ScoreCrossValidation(ModelMetadata& metadata)
{
  const ThresholdCurves curves  = CrossValidationCurves(metadata);
  const unsigned int    bestBin = curves.ChooseBin(ThresholdMethod::F1, 1., LowestThresholdBin(metadata));
  const Confusion       atBest  = curves.At(bestBin);
  metadata.validationThreshold  = BinThreshold(bestBin);
  metadata.validationPrecision  = atBest.Precision();
  metadata.validationRecall     = atBest.Recall();
  metadata.validationF1         = atBest.FScore();
  return atBest;
}

} // namespace Imclass
} // namespace otb
