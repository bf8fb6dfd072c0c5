/* ImCLASS tests: small OpenCV forests trained on synthetic features, and their votes as OpenCV
 * counts them (cv::ml::RTrees::getVotes), the oracle of the compact forest and the predict filter. */
#ifndef otbImclassForestTestData_h
#define otbImclassForestTestData_h

#include <opencv2/core.hpp>
#include <opencv2/ml.hpp>

#include <vector>

namespace otb
{
namespace Imclass
{
namespace Test
{

/** nbSamples x nbFeatures samples, uniform in [-1, 1]. */
inline cv::Mat RandomSamples(int nbSamples, int nbFeatures, cv::RNG& rng)
{
  cv::Mat samples(nbSamples, nbFeatures, CV_32F);
  rng.fill(samples, cv::RNG::UNIFORM, -1.f, 1.f);
  return samples;
}

/** A two-class forest (labels 0 and 1) learnt from a non-linear rule with 10% label noise, so
 * that trees grow deep and disagree. `minSamples` larger than the sample count gives trees
 * that are a single leaf. */
inline cv::Ptr<cv::ml::RTrees> TrainForest(int nbFeatures, int nbTrees, int maxDepth, int minSamples = 2, unsigned seed = 7)
{
  cv::RNG       rng(seed);
  const int     nbSamples = 3000;
  const cv::Mat samples   = RandomSamples(nbSamples, nbFeatures, rng);
  cv::Mat       labels(nbSamples, 1, CV_32S);
  for (int i = 0; i < nbSamples; ++i)
  {
    const float* x      = samples.ptr<float>(i);
    const bool   inside = x[0] * x[0] + x[1] > 0.3f || x[2] * x[nbFeatures - 1] < -0.2f;
    labels.at<int>(i)   = (rng.uniform(0.f, 1.f) < 0.1f) ? !inside : inside;
  }
  cv::Ptr<cv::ml::RTrees> forest = cv::ml::RTrees::create();
  forest->setMaxDepth(maxDepth);
  forest->setMinSampleCount(minSamples);
  forest->setTermCriteria(cv::TermCriteria(cv::TermCriteria::MAX_ITER, nbTrees, 0));
  forest->train(cv::ml::TrainData::create(samples, cv::ml::ROW_SAMPLE, labels));
  return forest;
}

/** Votes for label 1 of each sample (row), as OpenCV counts them. */
inline std::vector<unsigned int> OpenCvVotes(const cv::ml::RTrees& forest, const cv::Mat& samples)
{
  cv::Mat table;
  forest.getVotes(samples, table, 0); // row 0: the labels; then one row per sample, one column per label
  std::vector<unsigned int> votes(samples.rows, 0);
  for (int column = 0; column < table.cols; ++column)
    if (table.at<int>(0, column) == 1)
      for (int i = 0; i < samples.rows; ++i)
        votes[i] = table.at<int>(i + 1, column);
  return votes;
}

} // namespace Test
} // namespace Imclass
} // namespace otb

#endif
