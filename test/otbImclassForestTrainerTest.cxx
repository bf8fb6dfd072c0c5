/* ImCLASS's Random Forest trainer (otbImclassForestTrainer.h) against independent oracles:
 *  - OpenCV reads the model file by itself (cv::ml::RTrees::load) and its getVotes equals the
 *    trainer's votes and the compact forest's, on training samples, random samples, samples on,
 *    just below and just above every threshold, NaN and infinities;
 *  - each tree's bootstrap (BootstrapCounts), pushed down the tree by the thresholds alone ("value
 *    <= threshold goes left"), reaches every node with the sample and positive counts the trainer
 *    recorded (from its bins and its refinement of the cut); splits and leaves obey the stopping
 *    rules; where every feature holds at most 256 values (bins = values), no leaf that may split
 *    holds a feature with two values;
 *  - the importance, recomputed here from the routed counts with the Gini formula, equals the
 *    trainer's; the three features that make the labels rank first;
 *  - the model file's bytes are the same for 1, 2 and 4 threads, and differ for another seed;
 *  - bad input is refused.
 * The samples: a feature of uniform values, one of 400 consecutive floats (where midpoints round
 * onto a training value), one of 10 integers, a constant, one of -inf, -3e38, -1, -0, +0, 1, 3e38,
 * inf, and noise; labels from the first three, 10% of them flipped, so trees grow deep. */
#include "otbImclassCompactForest.h"
#include "otbImclassForestTestData.h"
#include "otbImclassForestTrainer.h"
#include "otbImclassModel.h"
#include "otbImclassTestCheck.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <limits>
#include <numeric>
#include <string>

using namespace otb::Imclass;

namespace
{

constexpr int NbFeatures = 10;

/** 1.0f moved up by `steps` representable floats. */
float FloatSteps(int steps)
{
  float         value = 1.0f;
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  bits += steps;
  std::memcpy(&value, &bits, sizeof bits);
  return value;
}

/** The samples of the header comment. `coarse`: 3000 samples drawn from 400 rows of few values
 * (the noise features binary), so that nodes often hold features constant over their samples,
 * and identical rows with different labels. */
void MakeProblem(int nbSamples, bool coarse, unsigned seed, cv::Mat& features, cv::Mat& labels)
{
  cv::RNG     rng(seed);
  const float odd[]  = {-std::numeric_limits<float>::infinity(), -3e38f, -1.f, -0.f, 0.f, 1.f, 3e38f, std::numeric_limits<float>::infinity()};
  const int   nbRows = coarse ? 400 : nbSamples;
  cv::Mat     rows(nbRows, NbFeatures, CV_32F);
  for (int r = 0; r < nbRows; ++r)
  {
    float* x = rows.ptr<float>(r);
    x[0]     = coarse ? static_cast<float>(rng.uniform(-10, 11)) / 10 : rng.uniform(-1.f, 1.f);
    x[1]     = FloatSteps(rng.uniform(0, coarse ? 20 : 400));
    x[2]     = static_cast<float>(rng.uniform(0, 10));
    x[3]     = 7.f;
    x[4]     = odd[rng.uniform(0, 8)];
    for (int f = 5; f < NbFeatures; ++f)
      x[f] = coarse ? static_cast<float>(rng.uniform(0, 2)) : rng.uniform(0.f, 1.f);
  }
  features.create(nbSamples, NbFeatures, CV_32F);
  labels.create(nbSamples, 1, CV_32S);
  for (int i = 0; i < nbSamples; ++i)
  {
    rows.row(coarse ? rng.uniform(0, nbRows) : i).copyTo(features.row(i));
    const float* x      = features.ptr<float>(i);
    const float  step   = (x[1] - 1.0f) / (FloatSteps(1) - 1.0f); // 0 .. 399
    const bool   inside = (x[0] * x[0] + step / (coarse ? 20.f : 400.f) > 0.6f) != (static_cast<int>(x[2]) % 3 == 0);
    labels.at<int>(i)   = rng.uniform(0.f, 1.f) < 0.1f ? !inside : inside;
  }
}

/** Training samples, random samples, samples on, just below and just above the forest's
 * thresholds, and NaN and infinite values. */
cv::Mat HardSamples(const TrainedForest& forest, const cv::Mat& training, cv::RNG& rng)
{
  cv::Mat samples = training.clone();
  samples.push_back(Test::RandomSamples(2000, NbFeatures, rng));
  std::vector<std::pair<int, float>> splits;
  for (const auto& tree : forest.trees)
    for (const TreeNode& node : tree)
      if (node.feature >= 0)
        splits.emplace_back(node.feature, node.threshold);
  const float special[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()};
  for (int i = 0; i < 6000; ++i)
  {
    cv::Mat row = training.row(rng.uniform(0, training.rows)).clone();
    float*  x   = row.ptr<float>();
    for (int k = 0; k < 3; ++k)
    {
      const auto& split = splits[rng.uniform(0, static_cast<int>(splits.size()))];
      x[split.first]    = i % 3 == 0 ? split.second : std::nextafter(split.second, i % 3 == 1 ? -INFINITY : INFINITY);
    }
    if (i % 10 == 0)
      x[rng.uniform(0, NbFeatures)] = special[i % 3];
    samples.push_back(row);
  }
  return samples;
}

ModelMetadata Metadata(const TrainedForest& forest)
{
  ModelMetadata metadata;
  for (int f = 0; f < forest.nbFeatures; ++f)
    metadata.featureNames.push_back("f" + std::to_string(f));
  metadata.crossValidationPositiveVotes.assign(forest.trees.size() + 1, 0);
  metadata.crossValidationNegativeVotes.assign(forest.trees.size() + 1, 0);
  return metadata;
}

std::string ReadBytes(const std::string& path)
{
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

/** Samples and positives of the bootstrap reaching each node of `tree`, routed by the thresholds. */
struct Routed
{
  std::vector<std::uint64_t>    samples, positives;
  std::vector<int>              depth;
  std::vector<std::vector<int>> members; // distinct samples of each node
};

Routed Route(const TrainedForest::Tree& tree, const cv::Mat& features, const cv::Mat& labels, const std::vector<std::uint32_t>& counts)
{
  Routed routed;
  routed.samples.assign(tree.size(), 0);
  routed.positives.assign(tree.size(), 0);
  routed.depth.assign(tree.size(), -1);
  routed.members.resize(tree.size());
  routed.depth[0] = 0;
  for (size_t n = 0; n < tree.size(); ++n)
    if (tree[n].feature >= 0)
      routed.depth[tree[n].left] = routed.depth[tree[n].right] = routed.depth[n] + 1;
  for (int i = 0; i < features.rows; ++i)
    if (counts[i] > 0)
      for (std::int32_t n = 0;;)
      {
        routed.samples[n] += counts[i];
        routed.positives[n] += counts[i] * labels.at<int>(i);
        routed.members[n].push_back(i);
        if (tree[n].feature < 0)
          break;
        n = features.at<float>(i, tree[n].feature) <= tree[n].threshold ? tree[n].left : tree[n].right;
      }
  return routed;
}

double GiniTimesCount(double samples, double positives)
{
  if (samples == 0)
    return 0;
  const double p = positives / samples, q = 1 - p;
  return samples * (1 - p * p - q * q);
}

/** The partition checks of the header comment on one forest; `valuesAreBins`: every feature has
 * at most 256 values, so each value is a bin. */
int CheckPartition(const TrainedForest& forest, const cv::Mat& features, const cv::Mat& labels, bool valuesAreBins)
{
  const ForestParameters& parameters = forest.parameters;
  std::vector<double>     importance(NbFeatures, 0.0);
  size_t                  nbSplits = 0, nbLeavesThatMaySplit = 0, maxDepth = 0;
  for (size_t t = 0; t < forest.trees.size(); ++t)
  {
    const auto& tree   = forest.trees[t];
    const auto  counts = BootstrapCounts(parameters.seed, static_cast<unsigned>(t), features.rows);
    IMCLASS_CHECK(std::accumulate(counts.begin(), counts.end(), size_t(0)) == static_cast<size_t>(features.rows));
    const Routed        routed = Route(tree, features, labels, counts);
    std::vector<double> treeImportance(NbFeatures, 0.0);
    for (size_t n = 0; n < tree.size(); ++n)
    {
      const TreeNode& node = tree[n];
      IMCLASS_CHECK(routed.depth[n] >= 0); // every node is reached from the root
      if (routed.samples[n] != node.samples || routed.positives[n] != node.positives)
      {
        std::cerr << "tree " << t << " node " << n << ": the thresholds route " << routed.samples[n] << " samples (" << routed.positives[n]
                  << " positives), the trainer recorded " << node.samples << " (" << node.positives << ")" << std::endl;
        return EXIT_FAILURE;
      }
      maxDepth               = std::max<size_t>(maxDepth, routed.depth[n]);
      const bool pure        = node.positives == 0 || node.positives == node.samples;
      const bool mayNotSplit = routed.members[n].size() <= static_cast<size_t>(parameters.minSamples) || routed.depth[n] >= parameters.maxDepth || pure;
      if (node.feature >= 0)
      {
        ++nbSplits;
        IMCLASS_CHECK(!mayNotSplit && tree[node.left].samples > 0 && tree[node.right].samples > 0);
        treeImportance[node.feature] += GiniTimesCount(node.samples, node.positives) - GiniTimesCount(tree[node.left].samples, tree[node.left].positives) -
                                        GiniTimesCount(tree[node.right].samples, tree[node.right].positives);
      }
      else if (!mayNotSplit)
      {
        ++nbLeavesThatMaySplit;
        // A leaf that may split is one that no feature can split: with bins = values, every
        // feature is constant over its samples.
        if (valuesAreBins)
          for (int f = 0; f < NbFeatures; ++f)
            for (const int i : routed.members[n])
              IMCLASS_CHECK(features.at<float>(i, f) == features.at<float>(routed.members[n][0], f));
      }
    }
    const double total = std::accumulate(treeImportance.begin(), treeImportance.end(), 0.0);
    for (int f = 0; f < NbFeatures; ++f)
      importance[f] += total > 0 ? treeImportance[f] / total : 0.0;
  }
  const double total = std::accumulate(importance.begin(), importance.end(), 0.0);
  for (int f = 0; f < NbFeatures; ++f)
    IMCLASS_CHECK_NEAR(forest.importance[f], importance[f] / total, 1e-12);
  std::cout << forest.trees.size() << " trees, " << nbSplits << " splits, depth up to " << maxDepth << ", " << nbLeavesThatMaySplit
            << " leaves no feature could split" << std::endl;
  IMCLASS_CHECK(static_cast<int>(maxDepth) <= parameters.maxDepth);
  return EXIT_SUCCESS;
}

} // namespace

// Arguments: output directory.
int otbImclassForestTrainerOpenCvTest(int argc, char* argv[])
{
  IMCLASS_CHECK(argc >= 2);
  cv::Mat features, labels;
  MakeProblem(3000, false, 11, features, labels);
  ForestParameters parameters;
  parameters.nbTrees = 40;
  const auto forest  = TrainRandomForest(features, labels, parameters, 2);
  cv::RNG    rng(3);
  const auto samples  = HardSamples(forest, features, rng);
  const auto ownVotes = forest.ClassVotes(samples);
  for (const std::string extension : {".yaml", ".json"})
  {
    const std::string path = std::string(argv[1]) + "/forest_trainer_model" + extension;
    SaveModel(path, forest, Metadata(forest));
    // OpenCV reads the file by itself: the oracle shares no ImCLASS code.
    const cv::Ptr<cv::ml::RTrees>   opencv      = cv::ml::RTrees::load(path);
    const std::vector<unsigned int> opencvVotes = Test::OpenCvVotes(*opencv, samples);
    IMCLASS_CHECK(opencv->getRoots().size() == forest.trees.size());
    std::vector<unsigned int> compactVotes(samples.rows);
    CompactForest(*opencv, NbFeatures).CountVotes(samples.ptr<float>(), samples.rows, NbFeatures, compactVotes.data());
    int differences = 0;
    for (int i = 0; i < samples.rows; ++i)
      differences += (ownVotes[i] != opencvVotes[i]) + (compactVotes[i] != opencvVotes[i]);
    if (differences > 0)
      std::cerr << extension << ": " << differences << " vote counts differ from OpenCV's" << std::endl;
    IMCLASS_CHECK(differences == 0);
    // ImCLASS reads it back too.
    ModelMetadata read;
    IMCLASS_CHECK(LoadModel(path, read)->getRoots().size() == forest.trees.size());
  }
  // The votes are not all the same: the comparison can see a wrong tree.
  IMCLASS_CHECK(*std::min_element(ownVotes.begin(), ownVotes.end()) < 5 && *std::max_element(ownVotes.begin(), ownVotes.end()) > 35);
  return EXIT_SUCCESS;
}

int otbImclassForestTrainerPartitionTest(int, char*[])
{
  for (const bool coarse : {false, true})
    for (const int maxDepth : {25, 6})
    {
      cv::Mat features, labels;
      MakeProblem(3000, coarse, coarse ? 5 : 6, features, labels);
      ForestParameters parameters;
      parameters.nbTrees    = 30;
      parameters.maxDepth   = maxDepth;
      parameters.minSamples = 8;
      parameters.seed       = 1234;
      std::cout << (coarse ? "few values per feature" : "quantile bins") << ", maximum depth " << maxDepth << ": ";
      const auto forest = TrainRandomForest(features, labels, parameters, 3);
      if (CheckPartition(forest, features, labels, coarse) != EXIT_SUCCESS)
        return EXIT_FAILURE;
      // The three features that make the labels come first.
      std::vector<int> order(NbFeatures);
      std::iota(order.begin(), order.end(), 0);
      std::sort(order.begin(), order.end(), [&](int a, int b) { return forest.importance[a] > forest.importance[b]; });
      std::sort(order.begin(), order.begin() + 3);
      IMCLASS_CHECK(order[0] == 0 && order[1] == 1 && order[2] == 2);
      IMCLASS_CHECK(forest.importance[3] == 0); // a constant never splits
    }
  return EXIT_SUCCESS;
}

// Arguments: output directory.
int otbImclassForestTrainerThreadsTest(int argc, char* argv[])
{
  IMCLASS_CHECK(argc >= 2);
  cv::Mat features, labels;
  MakeProblem(4000, false, 21, features, labels);
  ForestParameters parameters;
  parameters.nbTrees = 30;
  std::string first;
  for (const unsigned int threads : {1u, 2u, 4u})
  {
    const std::string path   = std::string(argv[1]) + "/forest_trainer_threads" + std::to_string(threads) + ".yaml";
    const auto        forest = TrainRandomForest(features, labels, parameters, threads);
    SaveModel(path, forest, Metadata(forest));
    const std::string bytes = ReadBytes(path);
    IMCLASS_CHECK(bytes.size() > 10000);
    if (first.empty())
      first = bytes;
    IMCLASS_CHECK(bytes == first);
  }
  parameters.seed         = 43;
  const auto        other = TrainRandomForest(features, labels, parameters, 2);
  const std::string path  = std::string(argv[1]) + "/forest_trainer_seed43.yaml";
  SaveModel(path, other, Metadata(other));
  IMCLASS_CHECK(ReadBytes(path) != first);
  return EXIT_SUCCESS;
}

int otbImclassForestTrainerErrorsTest(int, char*[])
{
  cv::Mat features, labels;
  MakeProblem(100, false, 1, features, labels);
  const ForestParameters parameters;
  IMCLASS_CHECK_THROWS(TrainRandomForest(cv::Mat(), cv::Mat(), parameters, 1), "no sample");
  cv::Mat doubles;
  features.convertTo(doubles, CV_64F);
  IMCLASS_CHECK_THROWS(TrainRandomForest(doubles, labels, parameters, 1), "CV_32F");
  IMCLASS_CHECK_THROWS(TrainRandomForest(features, labels.rowRange(0, 99), parameters, 1), "one CV_32S value per sample");
  cv::Mat two     = labels.clone();
  two.at<int>(42) = 2;
  IMCLASS_CHECK_THROWS(TrainRandomForest(features, two, parameters, 1), "label 2 of sample 42 is not 0 or 1");
  cv::Mat nan         = features.clone();
  nan.at<float>(7, 3) = std::numeric_limits<float>::quiet_NaN();
  IMCLASS_CHECK_THROWS(TrainRandomForest(nan, labels, parameters, 1), "feature 3 of sample 7 is NaN");
  ForestParameters noTree;
  noTree.nbTrees = 0;
  IMCLASS_CHECK_THROWS(TrainRandomForest(features, labels, noTree, 1), "at least 1");
  // One class only: every tree is a leaf that votes for it.
  const auto single = TrainRandomForest(features, cv::Mat::ones(100, 1, CV_32S), parameters, 2);
  IMCLASS_CHECK(single.trees.size() == 100);
  for (const auto& tree : single.trees)
    IMCLASS_CHECK(tree.size() == 1 && tree[0].samples == 100 && tree[0].positives == 100);
  IMCLASS_CHECK(single.ClassVotes(features.row(0)) == std::vector<unsigned int>{100});
  IMCLASS_CHECK(*std::max_element(single.importance.begin(), single.importance.end()) == 0);
  return EXIT_SUCCESS;
}
