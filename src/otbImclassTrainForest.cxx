#include "otbImclassTrainForest.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

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

cv::Ptr<cv::ml::RTrees> TrainForest(const LabelledSamples& samples, const ForestParameters& parameters)
{
  // OpenCV draws the features tried at each node from cv::theRNG(), one generator per thread that
  // carries on from earlier draws: without a reset, the forest would depend on the thread count.
  cv::theRNG() = cv::RNG(parameters.seed);
  auto forest  = cv::ml::RTrees::create();
  forest->setMaxDepth(parameters.maxDepth);
  forest->setMinSampleCount(parameters.minSamples);
  forest->setActiveVarCount(parameters.activeVariables);
  forest->setCalculateVarImportance(true);
  forest->setTermCriteria(cv::TermCriteria(cv::TermCriteria::MAX_ITER, parameters.nbTrees, 0));
  if (!forest->train(cv::ml::TrainData::create(samples.features, cv::ml::ROW_SAMPLE, samples.labels)))
    throw std::runtime_error("TrainForest: OpenCV could not train the forest");
  return forest;
}

std::vector<int> ClassVotes(const cv::Ptr<cv::ml::RTrees>& forest, const cv::Mat& features)
{
  std::vector<int> classVotes(features.rows, 0);
  if (features.rows == 0)
    return classVotes;
  cv::Mat votes; // row 0: the class labels; then one row of vote counts per sample
  forest->getVotes(features, votes, 0);
  for (int c = 0; c < votes.cols; ++c)
    if (votes.at<int>(0, c) == 1)
      for (int i = 0; i < features.rows; ++i)
        classVotes[i] = votes.at<int>(i + 1, c);
  return classVotes;
}

std::vector<std::pair<std::string, double>> RankFeatures(const cv::Ptr<cv::ml::RTrees>& forest, const std::vector<std::string>& featureNames)
{
  const cv::Mat                               importance = forest->getVarImportance();
  std::vector<std::pair<std::string, double>> ranking;
  for (size_t i = 0; i < featureNames.size(); ++i)
    ranking.emplace_back(featureNames[i], i < importance.total() ? importance.at<float>(static_cast<int>(i)) : 0.0);
  std::stable_sort(ranking.begin(), ranking.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return ranking;
}

} // namespace Imclass
} // namespace otb
