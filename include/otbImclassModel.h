/*
 * ImCLASS — the model file shared by ImclassTrain (writes it) and ImclassPredict (reads it).
 *
 * One OpenCV FileStorage file (YAML for .yaml/.yml, XML for .xml, JSON for .json):
 *  - node "opencv_ml_rtrees": the forest, first in the file, so cv::ml::RTrees::load(path)
 *    reads it too;
 *  - node "imclass": the metadata below (feature names in stack order, recipe, training
 *    parameters, seed, class definition, sample counts, the cross-validation votes and the
 *    scores they give, feature importance).
 * Labels: 1 = the class, 0 = everything else.
 */
#ifndef otbImclassModel_h
#define otbImclassModel_h

#include "OTBImclassExport.h"
#include "otbImclassForestTrainer.h"
#include "otbImclassThresholdCurves.h"

#include <opencv2/ml.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

struct ModelMetadata
{
  int                                         formatVersion = 2;
  std::vector<std::string>                    featureNames;       // band names of the concatenated -il stack, in order
  std::vector<std::string>                    inputStacks;        // file names given to -il (information only)
  std::string                                 featureRecipe;      // may be empty (for the future fused mode)
  std::map<std::string, std::string>          trainingParameters; // rf.nbtrees, rf.max, split, sampling.ratio ...
  unsigned int                                seed = 0;
  std::string                                 classDefinition; // e.g. "samples.gpkg: label = 1"
  std::map<std::string, long>                 sampleCounts;    // positive, negative, positive_area, negative_area, folds
  // Out-of-fold samples per number of trees voting for the class (0 .. number of trees).
  std::vector<long>                           crossValidationPositiveVotes, crossValidationNegativeVotes;
  // Cross-validated scores at the threshold of maximum F1 (over the areas the samples stand for).
  double                                      validationThreshold = 0, validationPrecision = 0, validationRecall = 0, validationF1 = 0;
  std::vector<std::pair<std::string, double>> featureImportance; // sorted, most important first
};

/** Precision / recall curves of the cross-validation: each out-of-fold sample stands for its
 * share of the valid pixels of the area it was drawn from (positive polygons, negative area), so
 * precision reflects the prevalence of the class there, not the balance of the samples. */
OTBImclass_EXPORT ThresholdCurves CrossValidationCurves(const ModelMetadata& metadata);

/** Records in `metadata` the threshold of maximum F1 on its cross-validation curves and the
 * precision, recall and F1 there; returns the confusion matrix (pixels) at that threshold. */
OTBImclass_EXPORT Confusion ScoreCrossValidation(ModelMetadata& metadata);

/** Writes the forest and its metadata to `path` (format from the extension). The file appears
 * complete or not at all: it is written under a temporary name, then renamed. Throws
 * InputError("-out: ...") when the extension is not one of .yaml .yml .xml .json or the file
 * cannot be written. */
OTBImclass_EXPORT void SaveModel(const std::string& path, const cv::Ptr<cv::ml::RTrees>& forest, const ModelMetadata& metadata);
/** The same for a forest of ImCLASS's trainer, written as OpenCV writes its RTrees. */
OTBImclass_EXPORT void SaveModel(const std::string& path, const TrainedForest& forest, const ModelMetadata& metadata);

/** Reads a model written by SaveModel. Throws InputError("-model: ...") when the file is
 * missing, is not an ImCLASS model, or is corrupt (including a forest whose variable count
 * differs from the feature names). */
OTBImclass_EXPORT cv::Ptr<cv::ml::RTrees> LoadModel(const std::string& path, ModelMetadata& metadata);

/** Fingerprint of a model file (64-bit FNV-1a of its bytes, in hexadecimal): ImclassPredict
 * records it in the probability map (metadata item ModelFingerprintKey) so that ImclassThreshold
 * can tell whether its -model made the map. Throws InputError("-model: ...") when unreadable. */
OTBImclass_EXPORT std::string ModelFingerprint(const std::string& path);
constexpr const char* ModelFingerprintKey = "IMCLASS_MODEL_FINGERPRINT";

/** Throws InputError("-il: feature 12 is 'ndvi' in the stacks but 'post_ndvi' in the model")
 * naming the first difference (features numbered from 1), or the count difference. */
OTBImclass_EXPORT void CheckFeatureNames(const std::vector<std::string>& stackNames, const std::vector<std::string>& modelNames);

} // namespace Imclass
} // namespace otb

#endif
