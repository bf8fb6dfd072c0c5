/*
 * ImCLASS — what ImclassTrain does, as one call: sample polygons read onto the grid of the
 * stacks, samples drawn and dealt into folds, the final forest and the fold forests trained, the
 * cross-validation scored, and the model (and the folds' polygons) written.
 */
#ifndef otbImclassTrainRun_h
#define otbImclassTrainRun_h

#include "OTBImclassExport.h"
#include "otbImclassFusedStacks.h"
#include "otbImclassModel.h"
#include "otbImclassReporter.h"
#include "otbImclassStackList.h"
#include "otbImclassTrainForest.h"
#include "otbImclassTrainVotes.h"
#include "otbImclassTrainingSet.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Polygons of one layer, optionally those whose `field` reads `value`.
 * \ingroup OTBImclass */
struct PolygonSelection
{
  std::string parameter; // "-vec", "-neg", "-roi": named in messages; empty: no layer
  std::string path;
  std::string field, value;   // empty field: every polygon
  std::string valueParameter; // names `value` in messages ("-class.value", "-class.negvalue")
};

/** \ingroup OTBImclass */
struct TrainSettings
{
  PolygonSelection         positives; // the class
  PolygonSelection         negatives; // where negatives are drawn; no layer: the image footprint
  TrainingSettings         sampling;  // its tileSide is set from ramMegabytes
  ForestParameters         forest;
  std::string              gateFeature;           // empty: no gate
  double                   gateMinimum = 1;
  double                   excludedNegatives = 0; // fraction of the negatives a first cross-validation scores highest, left out of training
  std::string              splitName;             // polygon | pixel (recorded in the model)
  std::vector<std::string> stackPaths;            // recorded in the model (information only)
  unsigned int             selectCount      = 0;  // keep the N most important features (0: no limit)
  double                   selectImportance = 1.; // keep the fewest top features holding this share of the importance
  unsigned int             ramMegabytes     = 256;
  unsigned int             threads          = 1;
  std::string              modelPath; // where the model is written
  std::string              foldsPath; // optional GeoPackage of the folds' polygons
};

/** The features a selection keeps, as column numbers in stack order: the top `count` of
 * `ranking` (0: all), cut further to the fewest top features whose importance (negative counted as
 * 0) reaches `share` of the total. */
OTBImclass_EXPORT std::vector<unsigned int> SelectFeatures(const std::vector<std::pair<std::string, double>>& ranking, const std::vector<std::string>& names,
                                                           unsigned int count, double share);

/** The stacks: the -il stacks (files or images; paths "" for those in memory), or, when there is
 * none, the stacks of the recipe files built in memory from the raw images (only the windows
 * around the drawn samples are ever computed). Trains the model from them, writes it (and the
 * folds) and returns its metadata; reports
 * the samples, the cross-validated scores and the feature ranking. With a selection
 * (selectCount, selectImportance), the ranking of the model trained on every feature chooses the
 * features, and the model is cross-validated and trained again on them alone: it records only
 * them, and the out-of-fold F1 of both. Throws InputError. */
OTBImclass_EXPORT ModelMetadata TrainModel(const TrainSettings& settings, const std::vector<FloatVectorImageType*>& stacks,
                                           const std::vector<std::string>& recipeFiles, const RawInputs& raw, Reporter& reporter);

} // namespace Imclass
} // namespace otb

#endif
