/*
 * ImCLASS — the model file shared by ImclassTrain (writes it) and ImclassPredict (reads it).
 *
 * One OpenCV FileStorage file (YAML for .yaml/.yml, XML for .xml, JSON for .json):
 *  - node "opencv_ml_rtrees": the forest, first in the file, so cv::ml::RTrees::load(path)
 *    reads it too;
 *  - node "imclass": the metadata below (feature names in stack order, recipe, training
 *    parameters, seed, class definition, sample counts, the gate, the cross-validation votes and
 *    the scores they give, feature importance).
 * Labels: 1 = the class, 0 = everything else.
 */
#ifndef otbImclassModel_h
#define otbImclassModel_h

#include "OTBImclassExport.h"
#include "otbImclassForestTrainer.h"

#include <opencv2/ml.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
struct ModelMetadata
{
  int                                formatVersion = 3;
  std::vector<std::string>           featureNames;       // band names of the concatenated -il stack, in order
  std::vector<std::string>           inputStacks;        // file names given to -il (information only)
  std::string                        featureRecipe;      // recipes recorded in the stacks, one per line
  std::map<std::string, std::string> trainingParameters; // rf.nbtrees, rf.max, split, sampling.ratio ...
  unsigned int                       seed = 0;
  std::string                        classDefinition; // e.g. "samples.gpkg: label = 1"
  std::map<std::string, long>        sampleCounts;    // positive, negative, positive_area, negative_area, folds
  // The class only where feature `gateFeature` >= `gateMinimum` (none when empty): the votes of
  // samples below it count as 0, and ImclassPredict gives those pixels probability 0.
  std::string gateFeature;
  double      gateMinimum = 0;
  // Out-of-fold samples per number of trees voting for the class (0 .. number of trees).
  std::vector<long> crossValidationPositiveVotes, crossValidationNegativeVotes;
  // Share of the negative area that is of the class (undigitized objects), upper estimate; 0 for
  // digitized negatives (otbImclassCrossValidation.h).
  double classPrior = 0;
  // Cross-validated scores at the threshold of maximum F1 (over the areas the samples stand for):
  // precision is a lower bound when negatives hide objects of the class; PU-corrected with classPrior.
  double validationThreshold = 0, validationPrecision = 0, validationRecall = 0, validationF1 = 0;
  double validationPrecisionPU = 0, validationF1PU = 0;
  std::vector<std::pair<std::string, double>> featureImportance; // sorted, most important first
};

/** Throws InputError naming `parameter` when `path` does not end with .yaml .yml .xml or .json
 * (the extension chooses the format). */
OTBImclass_EXPORT void CheckModelPath(const std::string& path, const std::string& parameter);

/** Writes the forest and its metadata to `path` (format from the extension; the caller stages the
 * file, see otbImclassOutputFiles.h). Throws InputError("-out: ...") when the extension is not
 * one of .yaml .yml .xml .json or the file cannot be written. */
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
constexpr const char*         ModelFingerprintKey = "IMCLASS_MODEL_FINGERPRINT";

/** Where each feature of the model is among the bands of the stacks (numbered from 0): features
 * are found by name, so stacks may hold more bands than the model uses (a model that kept a
 * selection of its features) and come in any order. Throws InputError("-il: the model's feature
 * 'post_ndvi' (12 of 40) is not in the stacks") for the first one missing. */
OTBImclass_EXPORT std::vector<unsigned int> FeaturePositions(const std::vector<std::string>& stackNames, const std::vector<std::string>& modelNames);

} // namespace Imclass
} // namespace otb

#endif
