#include "otbImclassTrainVotes.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace otb
{
namespace Imclass
{
namespace
{
/** Each sample's votes, 0 for a sample that fails the gate. */
std::vector<int> GatedVotes(const std::vector<int>& votes, const SampleSet& samples, const Gate& gate)
{
  std::vector<int> gated(votes.size());
  for (size_t i = 0; i < votes.size(); ++i)
    gated[i] = gate.Passes(samples.Features(i)) ? votes[i] : 0;
  return gated;
}
} // namespace

std::vector<long> VoteHistogram(const std::vector<int>& votes, const SampleSet& samples, const Gate& gate, int nbTrees)
{
  std::vector<long> histogram(nbTrees + 1, 0);
  for (const int vote : GatedVotes(votes, samples, gate))
    ++histogram[std::min(vote, nbTrees)];
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
  const std::vector<int> scores = GatedVotes(votes, samples, gate);
  std::vector<size_t>    order(votes.size());
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
