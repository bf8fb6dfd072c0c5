#include "otbImclassTrainVotes.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace otb
{
namespace Imclass
{

std::vector<long> VoteHistogram(const std::vector<int>& votes, const SampleSet& samples, const Gate& gate, int nbTrees)
{
  std::vector<long> histogram(nbTrees + 1, 0);
  for (size_t i = 0; i < votes.size(); ++i)
    ++histogram[gate.Passes(samples.Features(i)) ? std::min(votes[i], nbTrees) : 0];
  return histogram;
}

std::pair<std::vector<long>, std::vector<long>> FeatureHistograms(const SampleSet& positives, const SampleSet& negatives, int feature)
{
  std::vector<float> values;
  for (const SampleSet* set : {&positives, &negatives})
    for (size_t i = 0; i < set->pixels.size(); ++i)
      values.push_back(set->Features(i)[feature]);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  std::pair<std::vector<long>, std::vector<long>> histograms(std::vector<long>(values.size(), 0), std::vector<long>(values.size(), 0));
  for (const SampleSet* set : {&positives, &negatives})
  {
    auto& histogram = set == &positives ? histograms.first : histograms.second;
    for (size_t i = 0; i < set->pixels.size(); ++i)
      ++histogram[std::lower_bound(values.begin(), values.end(), set->Features(i)[feature]) - values.begin()];
  }
  return histograms;
}

std::vector<bool> HighestScored(const std::vector<int>& votes, const SampleSet& samples, const Gate& gate, double fraction)
{
  std::vector<int> scores(votes.size());
  for (size_t i = 0; i < votes.size(); ++i)
    scores[i] = gate.Passes(samples.Features(i)) ? votes[i] : 0;
  std::vector<size_t> order(votes.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  const auto        count = static_cast<size_t>(std::lround(fraction * votes.size()));
  std::vector<bool> flagged(votes.size(), false);
  for (size_t k = 0; k < std::min(count, order.size()) && scores[order[k]] > 0; ++k)
    flagged[order[k]] = true;
  return flagged;
}

} // namespace Imclass
} // namespace otb
