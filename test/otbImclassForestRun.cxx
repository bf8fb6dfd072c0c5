/*
 * Trains one forest on a sample file, with ImCLASS's trainer (TrainRandomForest) or with OpenCV's
 * RTrees as ImclassTrain did before it, prints the training time, and writes the forest's votes
 * for a second sample file. Run by test/forest_check.py (accuracy against scikit-learn) and
 * bench/bench-forest.sh.
 *
 * usage: imclassForestRun imclass|opencv TRAIN TEST VOTES THREADS [TREES [DEPTH [MIN [SEED]]]]
 * Sample files: int32 rows, int32 columns, float32 features (row-major), int32 labels (0 or 1).
 * Prints "train_seconds S" (wall), "train_cpu_seconds C" (all threads), and for imclass
 * "importance I1 I2 ..." (one value per feature).
 * VOTES: one line per test sample, the number of trees voting for label 1.
 */
#include "otbImclassForestTrainer.h"

#include <opencv2/ml.hpp>

#include <chrono>
#include <ctime>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace
{

void ReadSamples(const std::string& path, cv::Mat& features, cv::Mat& labels)
{
  std::ifstream file(path, std::ios::binary);
  std::int32_t  rows = 0, columns = 0;
  file.read(reinterpret_cast<char*>(&rows), sizeof rows);
  file.read(reinterpret_cast<char*>(&columns), sizeof columns);
  if (!file || rows <= 0 || columns <= 0)
    throw std::runtime_error("cannot read " + path);
  features.create(rows, columns, CV_32F);
  labels.create(rows, 1, CV_32S);
  file.read(reinterpret_cast<char*>(features.data), features.total() * sizeof(float));
  file.read(reinterpret_cast<char*>(labels.data), labels.total() * sizeof(std::int32_t));
  if (!file)
    throw std::runtime_error("cannot read " + path);
}

/** Votes for label 1 of each row (row 0 of getVotes' table holds the labels). */
std::vector<int> OpenCvVotes(const cv::ml::RTrees& forest, const cv::Mat& samples)
{
  cv::Mat table;
  forest.getVotes(samples, table, 0);
  std::vector<int> votes(samples.rows, 0);
  for (int column = 0; column < table.cols; ++column)
    if (table.at<int>(0, column) == 1)
      for (int i = 0; i < samples.rows; ++i)
        votes[i] = table.at<int>(i + 1, column);
  return votes;
}

struct Stopwatch
{
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  std::clock_t                          cpu  = std::clock();

  void Print() const
  {
    std::cout << "train_seconds " << std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count() << "\n"
              << "train_cpu_seconds " << static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC << std::endl;
  }
};

} // namespace

int main(int argc, char* argv[])
{
  if (argc < 6)
  {
    std::cerr << "usage: " << argv[0] << " imclass|opencv TRAIN TEST VOTES THREADS [TREES [DEPTH [MIN [SEED]]]]" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string              trainer = argv[1];
  const unsigned int             threads = std::stoi(argv[5]);
  otb::Imclass::ForestParameters parameters;
  if (argc > 6)
    parameters.nbTrees = std::stoi(argv[6]);
  if (argc > 7)
    parameters.maxDepth = std::stoi(argv[7]);
  if (argc > 8)
    parameters.minSamples = std::stoi(argv[8]);
  if (argc > 9)
    parameters.seed = std::stoul(argv[9]);
  cv::Mat train, trainLabels, test, testLabels;
  ReadSamples(argv[2], train, trainLabels);
  ReadSamples(argv[3], test, testLabels);

  const Stopwatch  stopwatch;
  std::vector<int> votes;
  if (trainer == "imclass")
  {
    const auto forest = otb::Imclass::TrainRandomForest(train, trainLabels, parameters, threads);
    stopwatch.Print();
    std::cout << "importance";
    for (const double importance : forest.importance)
      std::cout << " " << importance;
    std::cout << std::endl;
    const auto classVotes = forest.ClassVotes(test);
    votes.assign(classVotes.begin(), classVotes.end());
  }
  else if (trainer == "opencv")
  {
    // ImclassTrain's forest before ImCLASS had its own trainer (one core per forest).
    cv::theRNG() = cv::RNG(parameters.seed);
    auto forest  = cv::ml::RTrees::create();
    forest->setMaxDepth(parameters.maxDepth);
    forest->setMinSampleCount(parameters.minSamples);
    forest->setActiveVarCount(parameters.activeVariables);
    forest->setCalculateVarImportance(true);
    forest->setTermCriteria(cv::TermCriteria(cv::TermCriteria::MAX_ITER, parameters.nbTrees, 0));
    forest->train(cv::ml::TrainData::create(train, cv::ml::ROW_SAMPLE, trainLabels));
    stopwatch.Print();
    votes = OpenCvVotes(*forest, test);
  }
  else
  {
    std::cerr << "unknown trainer '" << trainer << "'" << std::endl;
    return EXIT_FAILURE;
  }
  std::ofstream out(argv[4]);
  for (const int v : votes)
    out << v << "\n";
  return out ? EXIT_SUCCESS : EXIT_FAILURE;
}
