/*
 * ImCLASS — the mono-class Random Forest of ImclassTrain (otbImclassForestTrainer.h; written as an
 * OpenCV ml RTrees, the one OTB uses): training samples, training, feature ranking.
 */
#ifndef otbImclassTrainForest_h
#define otbImclassTrainForest_h

#include "OTBImclassExport.h"
#include "otbImclassForestTrainer.h"
#include "otbImclassTrainSampler.h"

#include <opencv2/core.hpp>

#include <string>
#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

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

/** Trains the forest (labels 1 = the class, 0 = everything else) with TrainRandomForest on
 * `threads` threads: the same forest for any number of threads. */
OTBImclass_EXPORT TrainedForest TrainForest(const LabelledSamples& samples, const ForestParameters& parameters, unsigned int threads);

/** Features by decreasing importance (mean decrease in Gini impurity, see
 * otbImclassForestTrainer.h), ties in stack order. */
OTBImclass_EXPORT std::vector<std::pair<std::string, double>> RankFeatures(const TrainedForest& forest, const std::vector<std::string>& featureNames);

} // namespace Imclass
} // namespace otb

#endif
