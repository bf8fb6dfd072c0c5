#include "otbImclassTrainRun.h"

#include "otbImclassCrossValidation.h"
#include "otbImclassInputError.h"
#include "otbImclassVectorLayers.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{

PolygonLayer Read(const PolygonSelection& selection, const ImageGrid& grid, Reporter& reporter)
{
  PolygonLayer layer = ReadPolygons(selection.path, grid, selection.parameter, selection.field, selection.value, "-class.field", selection.valueParameter);
  for (const auto& warning : layer.warnings)
    reporter.Warning(warning);
  return layer;
}

/** Windows hold about three copies of a float per feature per pixel (GDAL buffer, reader output,
 * concatenation) within the memory allowed. */
long TileSide(unsigned int ramMegabytes, unsigned int nbFeatures)
{
  const double ramBytes = ramMegabytes * 1024.0 * 1024.0;
  return std::max(64L, std::min(4096L, std::lround(std::sqrt(ramBytes / (16.0 * nbFeatures)))));
}

void Report(const ModelMetadata& metadata, const Confusion& atBest, const std::string& splitName, Reporter& reporter)
{
  auto               counts = metadata.sampleCounts;
  std::ostringstream line;
  line << "Cross-validation, " << counts["folds"] << " folds (" << splitName << "): " << counts["positive"] << " positive samples standing for "
       << counts["positive_area"] << " pixels, " << counts["negative"] << " negative samples for " << counts["negative_area"] << " pixels";
  reporter.Info(line.str());
  // Below a few hundred class pixels (a polygon or two), the scores and any threshold chosen
  // from them swing with the folds: say so rather than let a user trust them.
  constexpr long reliableClassPixels = 200;
  if (counts["positive"] < reliableClassPixels)
    reporter.Warning("only " + std::to_string(counts["positive"]) + " pixels of the class were sampled: the cross-validated scores and the " +
                     "threshold chosen from them depend on the draw (try -seed); digitize more polygons");
  line.str("");
  line << "Cross-validated, at the threshold of maximum F1 " << metadata.validationThreshold << ": precision " << metadata.validationPrecision << ", recall "
       << metadata.validationRecall << ", F1 " << metadata.validationF1 << " (pixels: TP " << atBest.truePositives << ", FP " << atBest.falsePositives
       << ", FN " << atBest.falseNegatives << ", TN " << atBest.trueNegatives << ")";
  reporter.Info(line.str());
  if (metadata.classPrior > 0)
  {
    line.str("");
    line << "Negatives drawn from the image hide undigitized objects of the class, counted as false positives above: precision " << metadata.validationPrecision
         << " is a lower bound. At most " << 100 * metadata.classPrior << " % of the negative area is estimated of the class (mixture proportion "
         << "of the out-of-fold scores); counted as true positives, precision " << metadata.validationPrecisionPU << ", F1 " << metadata.validationF1PU
         << " (PU-corrected estimate; the truth lies between, see doc/train.md)";
    reporter.Info(line.str());
  }
  const size_t shown = std::min<size_t>(10, metadata.featureImportance.size());
  line.str("");
  line << "Feature importance, top " << shown << ": ";
  for (size_t i = 0; i < shown; ++i)
    line << (i ? ", " : "") << i + 1 << ". " << metadata.featureImportance[i].first << " (" << metadata.featureImportance[i].second << ")";
  reporter.Info(line.str());
}

/** How many samples of each side pass the gate. */
void ReportGate(const TrainingSet& samples, const Gate& gate, const TrainSettings& settings, Reporter& reporter)
{
  const auto passing = [&](const SampleSet& set)
  {
    long count = 0;
    for (size_t i = 0; i < set.pixels.size(); ++i)
      count += gate.Passes(set.Features(i));
    return count;
  };
  const long         positives = passing(samples.PositiveSamples());
  std::ostringstream line;
  line << "Gate " << settings.gateFeature << " >= " << settings.gateMinimum << ": passed by " << positives << " of " << samples.PositiveSamples().pixels.size()
       << " positive and " << passing(samples.NegativeSamples()) << " of " << samples.NegativeSamples().pixels.size() << " negative samples";
  reporter.Info(line.str());
  if (positives == 0)
    reporter.Warning("no positive sample passes the gate: the cross-validation cannot choose a threshold, the map will hold every pixel above the gate "
                     "that a tree votes for (the gate decides); check -gate.feature and -gate.min");
}

} // namespace

std::vector<unsigned int> SelectFeatures(const std::vector<std::pair<std::string, double>>& ranking, const std::vector<std::string>& names, unsigned int count,
                                         double share)
{
  const size_t kept  = count == 0 ? ranking.size() : std::min<size_t>(count, ranking.size());
  double       total = 0;
  for (const auto& feature : ranking)
    total += std::max(0.0, feature.second);
  std::vector<unsigned int> columns;
  double                    reached = 0;
  for (size_t r = 0; r < kept && (columns.empty() || reached < share * total); ++r)
  {
    reached += std::max(0.0, ranking[r].second);
    columns.push_back(static_cast<unsigned int>(std::find(names.begin(), names.end(), ranking[r].first) - names.begin()));
  }
  std::sort(columns.begin(), columns.end());
  return columns;
}

ModelMetadata TrainModel(const TrainSettings& settings, const std::vector<FloatVectorImageType*>& givenStacks, const std::vector<std::string>& recipeFiles,
                         const RawInputs& raw, Reporter& reporter)
{
  std::vector<FloatVectorImageType*> inputs = givenStacks;
  std::vector<std::string>           paths  = settings.stackPaths;
  FusedStackBuilder::Pointer         fused;
  if (inputs.empty())
  {
    std::vector<RecordedStack> recorded;
    for (const auto& file : recipeFiles)
      recorded.push_back(ReadRecipeFile(file, "-recipes"));
    if (recorded.empty())
      throw InputError("-il: give the feature stacks (-il), or their recipes (-recipes) and the raw images");
    fused  = FusedStackBuilder::New();
    inputs = fused->Build(recorded, raw, {});
    paths  = recipeFiles;
    reporter.Info("Stacks built in memory from " + std::to_string(recipeFiles.size()) +
                  " recipe files and the raw images: only the windows around the "
                  "samples are computed");
  }
  FeatureStackList      stacks(inputs, givenStacks.empty() ? std::vector<std::string>() : paths);
  FloatVectorImageType* stack = stacks.Concatenated();
  const ImageGrid       grid  = GridOf(stack);
  StackWindowReader     reader(stack, stacks.NoData());
  if (settings.forest.activeVariables > static_cast<int>(reader.NumberOfFeatures()))
    throw InputError("-rf.var: " + std::to_string(settings.forest.activeVariables) + " features per node, but the stacks have " +
                     std::to_string(reader.NumberOfFeatures()));
  Gate             gate     = Gate::Of(settings.gateFeature, settings.gateMinimum, stacks.FeatureNames());
  TrainingSettings sampling = settings.sampling;
  sampling.tileSide         = TileSide(settings.ramMegabytes, reader.NumberOfFeatures());

  PolygonLayer      positives       = Read(settings.positives, grid, reporter);
  const std::string classDefinition = positives.description;
  PolygonLayer      negativeArea; // empty: the image footprint
  if (!settings.negatives.parameter.empty())
    negativeArea = Read(settings.negatives, grid, reporter);
  TrainingSet samples(std::move(positives), std::move(negativeArea), settings.negatives.parameter.empty() ? "-roi" : settings.negatives.parameter, grid, reader,
                      sampling);
  reporter.Info("Samples: " + samples.Summary());
  if (samples.Folds() < sampling.folds)
    reporter.Warning("-sampling.folds: " + std::to_string(samples.Folds()) + " folds instead of " + std::to_string(sampling.folds) +
                     ": there are only that many separate positive polygons (touching ones count as one)");

  const ForestParameters& rf      = settings.forest;
  auto                    trained = TrainCrossValidated(samples, rf, settings.threads);
  if (settings.excludedNegatives > 0)
  {
    const auto excluded = HighestScored(trained.negativeVotes, samples.NegativeSamples(), gate, settings.excludedNegatives);
    samples.ExcludeNegativesFromTraining(excluded);
    reporter.Info("Unlabelled negatives: " + std::to_string(std::count(excluded.begin(), excluded.end(), true)) +
                  " scored highest by the first cross-validation are left out of training (still validated); training again");
    trained = TrainCrossValidated(samples, rf, settings.threads);
  }

  ModelMetadata metadata;
  metadata.featureNames = stacks.FeatureNames();
  metadata.gateFeature  = settings.gateFeature; // before any ScoreCrossValidation: a gated model's threshold is never 0
  metadata.gateMinimum  = settings.gateMinimum;
  // Out-of-fold votes as histograms; samples below the gate count as 0 votes.
  const auto recordVotes = [&]()
  {
    metadata.sampleCounts                 = samples.Counts();
    metadata.crossValidationPositiveVotes = VoteHistogram(trained.positiveVotes, samples.PositiveSamples(), gate, rf.nbTrees);
    metadata.crossValidationNegativeVotes = VoteHistogram(trained.negativeVotes, samples.NegativeSamples(), gate, rf.nbTrees);
  };
  std::string selection;
  if (settings.selectCount > 0 || settings.selectImportance < 1.)
  {
    // The full model's out-of-fold F1, then the same cross-validation on the features kept (and
    // the gate feature, which ImclassPredict reads).
    recordVotes();
    ScoreCrossValidation(metadata);
    const double              fullF1  = metadata.validationF1;
    std::vector<unsigned int> columns = SelectFeatures(RankFeatures(trained.forest, metadata.featureNames), metadata.featureNames, settings.selectCount,
                                                       settings.selectImportance);
    if (gate.index >= 0 && std::find(columns.begin(), columns.end(), static_cast<unsigned int>(gate.index)) == columns.end())
      columns.push_back(gate.index);
    if (rf.activeVariables > static_cast<int>(columns.size()))
      throw InputError("-rf.var: " + std::to_string(rf.activeVariables) + " features per node, but the selection keeps " + std::to_string(columns.size()));
    std::vector<std::string> kept;
    for (const unsigned int column : columns)
      kept.push_back(metadata.featureNames[column]);
    samples.KeepFeatures(columns);
    gate                  = Gate::Of(settings.gateFeature, settings.gateMinimum, kept);
    trained               = TrainCrossValidated(samples, rf, settings.threads);
    metadata.featureNames = kept;
    recordVotes();
    ScoreCrossValidation(metadata);
    std::ostringstream line;
    line << columns.size() << " of " << stacks.FeatureNames().size() << " features; out-of-fold F1 " << fullF1 << " with all, " << metadata.validationF1
         << " with them";
    selection = line.str();
    reporter.Info("Feature selection: " + selection);
  }
  metadata.inputStacks        = paths;
  metadata.featureRecipe      = stacks.Recipes();
  metadata.trainingParameters = {
      {"rf.nbtrees", std::to_string(rf.nbTrees)},
      {"rf.max", std::to_string(rf.maxDepth)},
      {"rf.min", std::to_string(rf.minSamples)},
      {"rf.var", std::to_string(rf.activeVariables)},
      {"split", settings.splitName},
      {"sampling.folds", std::to_string(samples.Folds())},
      {"sampling.ratio", std::to_string(sampling.negativesPerPositive)},
      {"sampling.max", std::to_string(sampling.maxPerClass)},
      {"sampling.buffer", std::to_string(samples.BufferDistance())},
      {"negatives", settings.negatives.parameter.empty() ? "image footprint" : settings.negatives.parameter + " " + settings.negatives.path}};
  if (sampling.splitByPolygon)
    metadata.trainingParameters["split.polygon.block"] = std::to_string(samples.BlockSize());
  if (!selection.empty())
  {
    metadata.trainingParameters["select.count"]      = std::to_string(settings.selectCount);
    metadata.trainingParameters["select.importance"] = std::to_string(settings.selectImportance);
    metadata.trainingParameters["selection"]         = selection;
  }
  metadata.seed                         = sampling.seed;
  metadata.classDefinition              = classDefinition;
  recordVotes();
  // Negatives drawn from the background are unlabelled: bound the class's share among them by the
  // out-of-fold votes and, with a gate, by the gate feature (an unsupervised score).
  const bool unlabelled = settings.negatives.parameter.empty() || settings.negatives.parameter == "-roi";
  if (unlabelled)
  {
    std::vector<std::pair<std::vector<long>, std::vector<long>>> scores{{metadata.crossValidationPositiveVotes, metadata.crossValidationNegativeVotes}};
    if (gate.index >= 0)
      scores.push_back(FeatureHistograms(samples.PositiveSamples(), samples.NegativeSamples(), gate.index));
    metadata.classPrior = EstimateClassPrior(scores);
  }
  if (gate.index >= 0)
    ReportGate(samples, gate, settings, reporter);
  const Confusion atBest                = ScoreCrossValidation(metadata);
  metadata.featureImportance            = RankFeatures(trained.forest, metadata.featureNames);
  Report(metadata, atBest, settings.splitName, reporter);

  if (!settings.foldsPath.empty())
    WriteLabelledPolygons(settings.foldsPath, grid, samples.FoldPolygons(), "-outval");
  SaveModel(settings.modelPath, trained.forest, metadata);
  return metadata;
}

} // namespace Imclass
} // namespace otb
