#include "otbImclassTrainForest.h"

#include <algorithm>
#include <numeric>

namespace otb
{
namespace Imclass
{

namespace
{

void AppendRows(const SampleSet& set, const std::vector<bool>& select, int label, LabelledSamples& samples)
{
  for (size_t i = 0; i < set.pixels.size(); ++i)
    if (select[i])
    {
      samples.features.push_back(cv::Mat(1, static_cast<int>(set.numberOfFeatures), CV_32F, const_cast<float*>(set.Features(i))));
      samples.labels.push_back(label);
    }
}

} // namespace

LabelledSamples Labelled(const SampleSet& positives, const std::vector<bool>& selectPositives, const SampleSet& negatives,
                         const std::vector<bool>& selectNegatives)
{
  LabelledSamples samples;
  AppendRows(positives, selectPositives, 1, samples);
  AppendRows(negatives, selectNegatives, 0, samples);
  return samples;
}

TrainedForest TrainForest(const LabelledSamples& samples, const ForestParameters& parameters, unsigned int threads)
{
  return TrainRandomForest(samples.features, samples.labels, parameters, threads);
}

std::vector<std::pair<std::string, double>> RankFeatures(const TrainedForest& forest, const std::vector<std::string>& featureNames)
{
  std::vector<std::pair<std::string, double>> ranking;
  for (size_t i = 0; i < featureNames.size(); ++i)
    ranking.emplace_back(featureNames[i], i < forest.importance.size() ? forest.importance[i] : 0.0);
  std::stable_sort(ranking.begin(), ranking.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return ranking;
}

} // namespace Imclass
} // namespace otb
