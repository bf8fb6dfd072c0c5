/* The compact forest gives exactly OpenCV's votes (RTrees::getVotes) for every sample, including
 * values equal to a split threshold, one float step either side, NaN and infinities; and it
 * refuses the forests it cannot evaluate exactly. */
#include "otbImclassCompactForest.h"
#include "otbImclassForestTestData.h"
#include "otbImclassTestCheck.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <string>

using namespace otb::Imclass;

namespace
{

/** Random samples, then samples sitting exactly on, just below and just above the thresholds of
 * the forest's splits (where "<=" versus "<" would show), then NaN and infinite values. */
cv::Mat HardSamples(const cv::ml::RTrees& forest, int nbFeatures, cv::RNG& rng)
{
  cv::Mat                                   samples = Test::RandomSamples(12000, nbFeatures, rng);
  const std::vector<cv::ml::DTrees::Split>& splits  = forest.getSplits();
  const float special[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(), 1e30f,
                           -1e30f};
  for (int i = 4000; i < samples.rows; ++i)
  {
    float* x = samples.ptr<float>(i);
    // Three features of the sample on thresholds, so that several trees meet them on the way.
    for (int k = 0; k < 3; ++k)
    {
      const cv::ml::DTrees::Split& split = splits[rng.uniform(0, static_cast<int>(splits.size()))];
      const float                  c     = split.c;
      x[split.varIdx]                    = (i % 3 == 0) ? c : std::nextafter(c, (i % 3 == 1) ? -INFINITY : INFINITY);
    }
    if (i >= 11000)
      x[rng.uniform(0, nbFeatures)] = special[i % 5];
  }
  return samples;
}

int CheckSameVotes(const cv::ml::RTrees& opencv, const CompactForest& forest, const cv::Mat& samples)
{
  const std::vector<unsigned int> expected = Test::OpenCvVotes(opencv, samples);

  // Samples one after the other, and samples with padding between them (stride > features).
  std::vector<unsigned int> votes(samples.rows);
  forest.CountVotes(samples.ptr<float>(), samples.rows, samples.cols, votes.data());
  cv::Mat padded;
  cv::copyMakeBorder(samples, padded, 0, 0, 0, 3, cv::BORDER_CONSTANT, cv::Scalar(-5));
  std::vector<unsigned int> paddedVotes(samples.rows);
  forest.CountVotes(padded.ptr<float>(), padded.rows, padded.cols, paddedVotes.data());

  // And blocks of every length from 1 to 17, around the group size of the evaluation.
  std::vector<unsigned int> blockVotes(samples.rows);
  for (int first = 0, length = 1; first < samples.rows; first += length, length = length % 17 + 1)
  {
    const int size = std::min(length, samples.rows - first);
    forest.CountVotes(samples.ptr<float>(first), size, samples.cols, &blockVotes[first]);
  }

  unsigned int differences = 0;
  for (int i = 0; i < samples.rows; ++i)
    differences += (votes[i] != expected[i]) + (paddedVotes[i] != expected[i]) + (blockVotes[i] != expected[i]);
  if (differences > 0)
    std::cerr << differences << " vote counts differ from OpenCV's" << std::endl;
  IMCLASS_CHECK(differences == 0);
  return EXIT_SUCCESS;
}

std::string ToYaml(const cv::ml::RTrees& forest)
{
  cv::FileStorage fs(".yml", cv::FileStorage::WRITE | cv::FileStorage::MEMORY);
  fs << "opencv_ml_rtrees"
     << "{";
  forest.write(fs);
  fs << "}";
  return fs.releaseAndGetString();
}

cv::Ptr<cv::ml::RTrees> FromYaml(const std::string& yaml)
{
  cv::FileStorage         fs(yaml, cv::FileStorage::READ | cv::FileStorage::MEMORY);
  cv::Ptr<cv::ml::RTrees> forest = cv::ml::RTrees::create();
  forest->read(fs["opencv_ml_rtrees"]);
  return forest;
}

} // namespace

int otbImclassCompactForestTest(int, char*[])
{
  const int nbFeatures = 7;
  cv::RNG   rng(2024);

  // A forest of deep, disagreeing trees.
  const cv::Ptr<cv::ml::RTrees> deep = Test::TrainForest(nbFeatures, 40, 14);
  const CompactForest           forest(*deep, nbFeatures);
  IMCLASS_CHECK(forest.GetNumberOfTrees() == 40);
  IMCLASS_CHECK(forest.GetNumberOfFeatures() == nbFeatures);
  IMCLASS_CHECK(forest.GetNumberOfSplitNodes() == deep->getSplits().size());
  const cv::Mat samples = HardSamples(*deep, nbFeatures, rng);
  if (CheckSameVotes(*deep, forest, samples) != EXIT_SUCCESS)
    return EXIT_FAILURE;
  // The votes are not all the same: the test can see a wrong tree.
  std::vector<unsigned int> votes(samples.rows);
  forest.CountVotes(samples.ptr<float>(), samples.rows, nbFeatures, votes.data());
  IMCLASS_CHECK(*std::min_element(votes.begin(), votes.end()) < 5 && *std::max_element(votes.begin(), votes.end()) > 35);

  // A forest read back from its file form gives the same votes.
  const cv::Ptr<cv::ml::RTrees> reread = FromYaml(ToYaml(*deep));
  if (CheckSameVotes(*reread, CompactForest(*reread, nbFeatures), samples) != EXIT_SUCCESS)
    return EXIT_FAILURE;

  // Trees that are a single leaf (too few samples to split).
  const cv::Ptr<cv::ml::RTrees> stumps = Test::TrainForest(nbFeatures, 5, 10, 100000);
  const CompactForest           stumpForest(*stumps, nbFeatures);
  IMCLASS_CHECK(stumpForest.GetNumberOfSplitNodes() == 0);
  if (CheckSameVotes(*stumps, stumpForest, samples) != EXIT_SUCCESS)
    return EXIT_FAILURE;

  // Forests ImCLASS cannot evaluate exactly are refused, naming the model.
  IMCLASS_CHECK_THROWS(CompactForest(*deep, nbFeatures + 1), "-model: the forest uses 7 features, the model lists 8");
  IMCLASS_CHECK_THROWS(CompactForest(*cv::ml::RTrees::create(), nbFeatures), "-model: the forest is not a trained classification");

  std::string  inverted = ToYaml(*deep);
  const size_t split    = inverted.find(", le:");
  IMCLASS_CHECK(split != std::string::npos);
  inverted.replace(split, 5, ", gt:");
  IMCLASS_CHECK_THROWS(CompactForest(*FromYaml(inverted), nbFeatures), "-model: the forest has an inverted ('gt') split");

  cv::Mat categorical = Test::RandomSamples(500, 2, rng), labels(500, 1, CV_32S);
  for (int i = 0; i < categorical.rows; ++i)
  {
    const int category          = i % 4;
    categorical.at<float>(i, 0) = static_cast<float>(category);
    labels.at<int>(i)           = category == 1 || category == 2;
  }
  cv::Mat                 varType           = (cv::Mat_<uchar>(1, 3) << cv::ml::VAR_CATEGORICAL, cv::ml::VAR_ORDERED, cv::ml::VAR_CATEGORICAL);
  cv::Ptr<cv::ml::RTrees> categoricalForest = cv::ml::RTrees::create();
  categoricalForest->setTermCriteria(cv::TermCriteria(cv::TermCriteria::MAX_ITER, 3, 0));
  categoricalForest->train(cv::ml::TrainData::create(categorical, cv::ml::ROW_SAMPLE, labels, cv::noArray(), cv::noArray(), cv::noArray(), varType));
  IMCLASS_CHECK_THROWS(CompactForest(*categoricalForest, 2), "-model: the forest has categorical splits");

  cv::Ptr<cv::ml::RTrees> regression = cv::ml::RTrees::create();
  cv::Mat                 targets(categorical.rows, 1, CV_32F);
  rng.fill(targets, cv::RNG::UNIFORM, 0.f, 1.f);
  regression->setTermCriteria(cv::TermCriteria(cv::TermCriteria::MAX_ITER, 2, 0));
  regression->train(cv::ml::TrainData::create(categorical.col(1).clone(), cv::ml::ROW_SAMPLE, targets));
  IMCLASS_CHECK_THROWS(CompactForest(*regression, 1), "-model: the forest is not a trained classification");
  return EXIT_SUCCESS;
}
