#include "otbImclassCrossValidation.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

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

double EstimateClassPrior(const std::vector<std::pair<std::vector<long>, std::vector<long>>>& scores)
{
  double prior = 1.;
  for (const auto& score : scores)
  {
    const std::vector<long>&positives = score.first, &negatives = score.second;
    const double            totalPositives = std::accumulate(positives.begin(), positives.end(), 0.0);
    const double            totalNegatives = std::accumulate(negatives.begin(), negatives.end(), 0.0);
    if (totalPositives == 0 || totalNegatives == 0)
      continue;
    double positivesAbove = 0, negativesAbove = 0;
    for (size_t bin = positives.size(); bin-- > 1;) // above bin 0: "everything" says nothing
    {
      positivesAbove += positives[bin];
      negativesAbove += negatives[bin];
      // One negative more above every threshold than drawn: a threshold no drawn negative reaches
      // bounds the share above it by about one in the draw, it does not show it empty.
      if (positivesAbove >= MinimumPriorRecall * totalPositives)
        prior = std::min(prior, ((negativesAbove + 1) / (totalNegatives + 1)) / (positivesAbove / totalPositives));
    }
  }
  return prior;
}

double PUCorrectedPrecision(const ThresholdCurves& curves, unsigned int bin, double prior)
{
  const Confusion confusion = curves.At(bin);
  const double    predicted = static_cast<double>(confusion.truePositives) + confusion.falsePositives;
  if (predicted == 0)
    return std::numeric_limits<double>::quiet_NaN();
  const double hidden = prior * curves.NegativePixels() * confusion.Recall();
  return std::min(1., (confusion.truePositives + hidden) / predicted);
}

double PUCorrectedF1(const ThresholdCurves& curves, unsigned int bin, double prior)
{
  const double precision = PUCorrectedPrecision(curves, bin, prior), recall = curves.At(bin).Recall();
  return precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0.;
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
  metadata.validationPrecisionPU = PUCorrectedPrecision(curves, bestBin, metadata.classPrior);
  metadata.validationF1PU        = PUCorrectedF1(curves, bestBin, metadata.classPrior);
  return atBest;
}

} // namespace Imclass
} // namespace otb
