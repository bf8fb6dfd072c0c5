/*
 * ImCLASS — the mono-class Random Forest (OpenCV ml RTrees, the one OTB uses): training,
 * probability of the class (fraction of the trees voting for it), scores and feature ranking.
 */
#ifndef otbImclassTrainForest_h
#define otbImclassTrainForest_h

#include "OTBImclassExport.h"
#include "otbImclassTrainSampler.h"

#include <opencv2/ml.hpp>

#include <string>
#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
struct ForestParameters
{
  int          nbTrees         = 100;
  int          maxDepth        = 25;
  int          minSamples      = 5;
  int          activeVariables = 0;  // features tried at each node; 0 = square root of the feature count
  unsigned int seed            = 42; // of OpenCV's per-thread generator, which draws the features tried at each node
};

/** One row per selected sample (positives first), label 1 for positives, 0 for negatives.
 * \ingroup OTBImclass */
struct LabelledSamples
{
  cv::Mat features; // CV_32F, one row per sample
  cv::Mat labels;   // CV_32S column
};

/** The samples of both sets whose flag in `select*` is true. */
OTBImclass_EXPORT LabelledSamples Labelled(const SampleSet& positives, const std::vector<bool>& selectPositives, const SampleSet& negatives,
                                           const std::vector<bool>& selectNegatives);

/** Trains the forest (labels 1 = the class, 0 = everything else), with variable importance. The
 * calling thread's OpenCV generator is reset from `parameters.seed` first: the forest does not
 * depend on what the thread drew before. */
OTBImclass_EXPORT cv::Ptr<cv::ml::RTrees> TrainForest(const LabelledSamples& samples, const ForestParameters& parameters);

/** For each row, the number of trees that vote for label 1. */
OTBImclass_EXPORT std::vector<int> ClassVotes(const cv::Ptr<cv::ml::RTrees>& forest, const cv::Mat& features);

/** Features by decreasing importance (OpenCV's out-of-bag permutation importance), ties in
 * stack order. */
OTBImclass_EXPORT std::vector<std::pair<std::string, double>> RankFeatures(const cv::Ptr<cv::ml::RTrees>& forest, const std::vector<std::string>& featureNames);

} // namespace Imclass
} // namespace otb

#endif
