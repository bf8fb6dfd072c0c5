/*
 * ImclassTrain — mono-class Random Forest from sample polygons, with spatially honest
 * cross-validation.
 */
#include "otbImclassApplication.h"
#include "otbImclassFeatureCatalogue.h"
#include "otbImclassModel.h"
#include "otbImclassStackConcatenateFilter.h"
#include "otbImclassTrainingSet.h"
#include "otbWrapperApplicationFactory.h"

#include "itkMultiThreader.h"

#include "gdal_priv.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace otb
{
namespace Wrapper
{

class ImclassTrain : public ImclassApplication
{
public:
  using Self    = ImclassTrain;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ImclassTrain, ImclassApplication);

private:
  using ConcatenateFilterType = Imclass::StackConcatenateFilter<FloatVectorImageType>;

  void DoInit() override
  {
    SetName("ImclassTrain");
    SetDescription("Trains the ImCLASS mono-class Random Forest from sample polygons, cross-validated by folds of whole polygons and "
                   "spatial blocks.");
    SetDocLongDescription(
      "Learns one thematic class (landslides, construction works...) from polygons digitized by an analyst. Pixels whose centre lies "
      "inside a class polygon (-vec, or its polygons whose -class.field is -class.value) are positives. Negatives are pixels of "
      "the negative polygons when given (-neg, and/or -class.negvalue to pick them by the same field), else of the area of "
      "interest (-roi, default the image footprint); pixels closer than -sampling.buffer to a positive polygon are never "
      "negatives. At most -sampling.max positives are drawn, then -sampling.ratio negatives per positive (also at most "
      "-sampling.max). The feature stacks of -il (same grid) are used as one concatenated stack without writing it, and only the "
      "sampled pixels are read, window by window: memory does not grow with the image. No-data pixels (declared no-data, NaN, "
      "-9999 of ImCLASS stacks) are never sampled. Polygons may be in any OGR format and CRS (they are reprojected); invalid "
      "geometries are repaired and reported. Which pixels are drawn depends only on -seed and the pixel positions, so the model "
      "is byte-identical whatever the number of threads.\n"
      "Cross-validation: the samples are dealt into -sampling.folds folds. With -split polygon (default) whole positive polygons "
      "(touching ones together) go to a fold, folds balanced by area, and negatives by square blocks (-split.polygon.block), "
      "negatives on block borders being dropped, so that no pixel of a fold is a neighbour of a pixel of another; -split pixel "
      "draws each pixel independently (the paper's random split, optimistic because neighbours are nearly identical). For each "
      "fold a forest trained on the other folds votes on the fold's samples, so every sample gets a probability from a forest "
      "that never saw its polygon or block. The model itself is trained on all the samples. Each out-of-fold sample stands for "
      "its share of the valid pixels where it was drawn, so the cross-validated precision reflects the prevalence of the class "
      "in the image rather than the balance of the samples; the threshold of maximum F1 and its precision, recall and F1 are "
      "logged and recorded, and ImclassThreshold -model chooses its threshold from these curves. Every polygon takes part in "
      "the validation, which matters when an analyst digitized only a few. The forests train one after another, each on every core "
      "(ImCLASS's own trainer: a bootstrap per tree, Gini splits searched on at most 256 quantile bins per feature). The "
      "model file (-out) holds the forest, in OpenCV's RTrees format, and the metadata ImclassPredict checks and reports: feature names in order, "
      "stack recipes, training parameters, seed, class definition, sample counts, the out-of-fold votes, the cross-validated "
      "scores, and the feature importance ranking (also logged). -outval writes the polygons and blocks with their label and "
      "fold as a GeoPackage.");
    SetDocLimitations("All -il stacks must share one grid and name every band (ImCLASS feature stacks do). Negatives drawn from "
                      "the image (no -neg) may include undigitized objects of the class: they count as false positives, so the "
                      "cross-validated precision is a lower bound. The fold forests train on (folds - 1) / folds of the samples, the "
                      "final one on all of them: its map is, if anything, slightly better than the cross-validation says. Splits are "
                      "searched among at most 256 quantile bins per feature (as LightGBM and scikit-learn's HistGradientBoosting "
                      "do), then refined among the values of the two bins around the best cut only, not among every value.");
    SetDocAuthors("ImCLASS developers");
    SetDocSeeAlso("ImclassFeatures, ImclassChangeFeatures, ImclassTopo, ImclassPredict, ImclassThreshold, TrainImagesClassifier");
    AddDocTag("ImCLASS");
    AddDocTag(Tags::Learning);

    AddParameter(ParameterType_InputImageList, "il", "Feature stacks");
    SetParameterDescription("il", "One or more feature stacks on the same grid, every band named (GDAL band description); used as "
                                  "one stack, bands in the order given.");
    AddParameter(ParameterType_InputFilename, "vec", "Sample polygons");
    SetParameterDescription("vec", "Polygons of the class (first layer of any OGR source: GeoPackage, shapefile...; any CRS).");

    AddParameter(ParameterType_Group, "class", "Class selection");
    SetParameterDescription("class", "Picks the class in a layer holding several classes.");
    AddOptionalParameter(ParameterType_String, "class.field", "Class field",
                         "Field of -vec that tells the class (default: every polygon of -vec is the class).");
    AddOptionalParameter(ParameterType_String, "class.value", "Class value",
                         "Value of -class.field that marks the class (compared as text, e.g. 1).");
    AddOptionalParameter(
      ParameterType_String, "class.negvalue", "Negative value",
      "Value of -class.field that marks negative polygons: negatives are then drawn in the polygons of -neg (default: of -vec) having it.");

    AddOptionalParameter(ParameterType_InputFilename, "neg", "Negative polygons",
                         "Optional polygons of everything else (any OGR format and CRS): negatives are drawn inside them.");
    AddOptionalParameter(
      ParameterType_InputFilename, "roi", "Area of interest",
      "Optional polygons of the area where negatives are drawn when neither -neg nor -class.negvalue is given (default: the image footprint).");

    AddParameter(ParameterType_Group, "sampling", "Sampling");
    SetParameterDescription("sampling", "How many pixels are drawn, and where negatives may not be.");
    AddRealParameter("sampling.ratio", "Negatives per positive",
                     "Number of negative pixels drawn per positive pixel. Everything else is far more varied than the class, and the "
                     "cross-validated precision rests on the negatives that score high. Measured (doc/train.md): on a real Sentinel-2 "
                     "change scene 4 and 10 gave better maps and steadier thresholds than 1; on the generated landslide scene, where "
                     "undigitized landslides pose as negatives, 10 lost 0.04 F1 and 4 only 0.01.",
                     4.0, 0.01);
    AddIntegerParameter("sampling.max", "Maximum pixels per class",
                        "At most this many positive and this many negative pixels (all folds together; 0 = no limit). Bounds memory "
                        "and training time (which grows with trees x pixels x features; see doc/train.md).",
                        20000, 0);
    AddRealParameter(
      "sampling.buffer", "Buffer around positives",
      "Distance in metres around positive polygons where no negative is drawn (for a geographic image, converted at the image centre so that it is at least that in every direction); at least 1.5 pixels is always kept.", 50.0,
      0.0);
    AddIntegerParameter("sampling.folds", "Cross-validation folds",
                        "Number of folds (at most the number of separate positive polygons with -split polygon): each fold is validated "
                        "by a forest trained on the others (with 5, on 4/5 of the samples: close to the final forest trained on all of "
                        "them, so the curves describe its map well even when few polygons were digitized). Training time grows with "
                        "folds + 1 forests.",
                        5, 2);

    AddParameter(ParameterType_Choice, "split", "Cross-validation split");
    SetParameterDescription("split", "How samples are dealt into folds.");
    AddChoice("split.polygon", "By polygons and blocks");
    SetParameterDescription("split.polygon", "Whole positive polygons (touching ones together) and square blocks of negatives: no "
                                             "pixel of a fold touches a pixel of another.");
    AddRealParameter("split.polygon.block", "Block size", "Side of the negative blocks in metres (rounded to whole pixels).", 500.0, 0.0);
    AddChoice("split.pixel", "Random pixels");
    SetParameterDescription("split.pixel", "Each pixel drawn independently (the ImCLASS paper's 2/3 - 1/3): optimistic scores.");
    SetParameterString("split", "polygon");

    AddIntegerParameter("seed", "Seed", "Seed of the pixel draws, the folds, each tree's bootstrap and the features tried at each node: same inputs and seed give the same model.", 42, 0);

    AddParameter(ParameterType_Group, "rf", "Random Forest");
    SetParameterDescription("rf", "Random Forest parameters (the model stores the forest in OpenCV's RTrees format).");
    AddIntegerParameter("rf.nbtrees", "Number of trees", "Trees in the forest; the probability of the class is the fraction voting for it.", 100, 1);
    AddIntegerParameter("rf.max", "Maximum depth", "Maximum depth of a tree.", 25, 1);
    AddIntegerParameter("rf.min", "Minimum samples per node", "A node with this many distinct samples or fewer is not split.", 5, 1);
    AddIntegerParameter("rf.var", "Features per node", "Features drawn at each node (0 = square root of the number of features).", 0, 0);

    AddParameter(ParameterType_OutputFilename, "out", "Model");
    SetParameterDescription("out", "Model file (.yaml, .yml, .xml or .json): forest and metadata; read by ImclassPredict.");
    AddOptionalParameter(ParameterType_OutputFilename, "outval", "Cross-validation folds",
                         "Optional GeoPackage of the positive polygons (label 1) and negative blocks (label 0) with their fold, in the CRS of "
                         "the image; pixel split: one square per sample. The final model was trained on all of them: scoring its map on them "
                         "is optimistic (ImclassThreshold -model uses the out-of-fold votes instead).");
    AddRAMParameter();

    SetDocExampleParameterValue("il", "features.tif topo.tif");
    SetDocExampleParameterValue("vec", "samples.gpkg");
    SetDocExampleParameterValue("class.field", "label");
    SetDocExampleParameterValue("class.value", "1");
    SetDocExampleParameterValue("out", "model.yaml");
    SetDocExampleParameterValue("outval", "folds.gpkg");
    SetOfficialDocLink();
  }

  /** A number parameter, its description, default and minimum. */
  void AddIntegerParameter(const std::string& key, const std::string& name, const std::string& description, int value, int minimum)
  {
    AddParameter(ParameterType_Int, key, name);
    SetParameterDescription(key, description);
    SetDefaultParameterInt(key, value);
    SetMinimumParameterIntValue(key, minimum);
  }
  void AddRealParameter(const std::string& key, const std::string& name, const std::string& description, float value, float minimum)
  {
    AddParameter(ParameterType_Float, key, name);
    SetParameterDescription(key, description);
    SetDefaultParameterFloat(key, value);
    SetMinimumParameterFloatValue(key, minimum);
  }
  void AddOptionalParameter(ParameterType type, const std::string& key, const std::string& name, const std::string& description)
  {
    AddParameter(type, key, name);
    SetParameterDescription(key, description);
    MandatoryOff(key);
  }

  void DoUpdateParameters() override {}

  void DoImclassExecute() override
  {
    // A failed run must not leave the outputs of an earlier run looking like its own.
    std::remove(GetParameterString("out").c_str());
    if (HasValue("outval"))
      std::remove(GetParameterString("outval").c_str());
    if (HasValue("class.value") != HasValue("class.field"))
      throw Imclass::InputError(HasValue("class.value") ? "-class.value: give -class.field too" : "-class.field: give -class.value too");
    if (HasValue("class.negvalue") && !HasValue("class.field"))
      throw Imclass::InputError("-class.negvalue: give -class.field too");

    FloatVectorImageType*      stack = ConcatenatedStack();
    const auto                 grid  = Imclass::GridOf(stack);
    Imclass::StackWindowReader reader(stack, m_NoData);

    Imclass::TrainingSettings settings;
    settings.seed                 = GetParameterInt("seed");
    settings.maxPerClass          = GetParameterInt("sampling.max");
    settings.negativesPerPositive = GetParameterFloat("sampling.ratio");
    settings.buffer               = GetParameterFloat("sampling.buffer");
    settings.folds                = GetParameterInt("sampling.folds");
    settings.splitByPolygon       = GetParameterString("split") == "polygon";
    settings.blockSize            = GetParameterFloat("split.polygon.block");
    // Windows hold about three copies of a float per feature per pixel (GDAL buffer, reader output,
    // concatenation) within -ram.
    const double ramBytes = GetParameterInt("ram") * 1024.0 * 1024.0;
    settings.tileSide     = std::max(64L, std::min(4096L, std::lround(std::sqrt(ramBytes / (16.0 * reader.NumberOfFeatures())))));

    const std::string field     = HasValue("class.field") ? GetParameterString("class.field") : "";
    auto              positives = Imclass::ReadPolygons(GetParameterString("vec"), grid, "-vec", field,
                                           HasValue("class.value") ? GetParameterString("class.value") : "", "-class.field", "-class.value");
    LogWarnings(positives.warnings);
    const std::string     negativeKey = HasValue("neg") ? "neg" : HasValue("class.negvalue") ? "vec" : HasValue("roi") ? "roi" : "";
    Imclass::PolygonLayer negativeArea; // empty: the image footprint
    if (!negativeKey.empty())
    {
      negativeArea = Imclass::ReadPolygons(GetParameterString(negativeKey), grid, "-" + negativeKey, HasValue("class.negvalue") ? field : "",
                                           HasValue("class.negvalue") ? GetParameterString("class.negvalue") : "", "-class.field", "-class.negvalue");
      LogWarnings(negativeArea.warnings);
    }
    const std::string          classDefinition = positives.description;
    const Imclass::TrainingSet samples(std::move(positives), std::move(negativeArea), negativeKey.empty() ? "-roi" : "-" + negativeKey, grid, reader,
                                       settings);
    otbAppLogINFO(<< "Samples: " << samples.Summary());
    if (samples.Folds() < settings.folds)
      otbAppLogWARNING(<< "-sampling.folds: " << samples.Folds() << " folds instead of " << settings.folds
                       << ": there are only that many separate positive polygons (touching ones count as one)");

    Imclass::ForestParameters rf;
    rf.nbTrees            = GetParameterInt("rf.nbtrees");
    rf.maxDepth           = GetParameterInt("rf.max");
    rf.minSamples         = GetParameterInt("rf.min");
    rf.activeVariables    = GetParameterInt("rf.var");
    rf.seed               = settings.seed;
    const auto trained = Imclass::TrainCrossValidated(samples, rf, itk::MultiThreader::GetGlobalDefaultNumberOfThreads());

    Imclass::ModelMetadata metadata;
    metadata.featureNames       = m_FeatureNames;
    metadata.inputStacks        = GetParameterStringList("il");
    metadata.featureRecipe      = StackRecipes(metadata.inputStacks);
    metadata.trainingParameters = { { "rf.nbtrees", std::to_string(rf.nbTrees) },
                                    { "rf.max", std::to_string(rf.maxDepth) },
                                    { "rf.min", std::to_string(rf.minSamples) },
                                    { "rf.var", std::to_string(rf.activeVariables) },
                                    { "split", GetParameterString("split") },
                                    { "sampling.folds", std::to_string(samples.Folds()) },
                                    { "sampling.ratio", std::to_string(settings.negativesPerPositive) },
                                    { "sampling.max", std::to_string(settings.maxPerClass) },
                                    { "sampling.buffer", std::to_string(samples.BufferDistance()) },
                                    { "negatives", negativeKey.empty() ? "image footprint" : "-" + negativeKey + " " + GetParameterString(negativeKey) } };
    if (settings.splitByPolygon)
      metadata.trainingParameters["split.polygon.block"] = std::to_string(samples.BlockSize());
    metadata.seed                = settings.seed;
    metadata.classDefinition     = classDefinition;
    metadata.sampleCounts                 = samples.Counts();
    metadata.crossValidationPositiveVotes = trained.positiveVotes;
    metadata.crossValidationNegativeVotes = trained.negativeVotes;
    const Imclass::Confusion atBest       = Imclass::ScoreCrossValidation(metadata);
    metadata.featureImportance            = Imclass::RankFeatures(trained.forest, m_FeatureNames);
    LogResults(metadata, atBest);

    // The folds are written under a temporary name and appear only with the model.
    const std::string validationPart = HasValue("outval") ? GetParameterString("outval") + ".part.gpkg" : std::string();
    try
    {
      if (HasValue("outval"))
        Imclass::WriteLabelledPolygons(validationPart, grid, samples.FoldPolygons(), "-outval");
      Imclass::SaveModel(GetParameterString("out"), trained.forest, metadata);
      if (HasValue("outval") && std::rename(validationPart.c_str(), GetParameterString("outval").c_str()) != 0)
        throw Imclass::InputError("-outval: cannot write '" + GetParameterString("outval") + "'");
    }
    catch (...)
    {
      if (!validationPart.empty())
        std::remove(validationPart.c_str());
      throw;
    }
  }

  void LogResults(const Imclass::ModelMetadata& metadata, const Imclass::Confusion& atBest)
  {
    auto counts = metadata.sampleCounts;
    otbAppLogINFO(<< "Cross-validation, " << counts["folds"] << " folds (" << GetParameterString("split") << "): " << counts["positive"]
                  << " positive samples standing for " << counts["positive_area"] << " pixels, " << counts["negative"] << " negative samples for "
                  << counts["negative_area"] << " pixels");
    // Below a few hundred class pixels (a polygon or two), the scores and any threshold chosen
    // from them swing with the folds: say so rather than let a user trust them.
    constexpr long reliableClassPixels = 200;
    if (counts["positive"] < reliableClassPixels)
      otbAppLogWARNING(<< "only " << counts["positive"] << " pixels of the class were sampled: the cross-validated scores and the threshold "
                       << "chosen from them depend on the draw (try -seed); digitize more polygons");
    otbAppLogINFO(<< "Cross-validated, at the threshold of maximum F1 " << metadata.validationThreshold << ": precision "
                  << metadata.validationPrecision << ", recall " << metadata.validationRecall << ", F1 " << metadata.validationF1
                  << " (pixels: TP " << atBest.truePositives << ", FP " << atBest.falsePositives << ", FN " << atBest.falseNegatives << ", TN "
                  << atBest.trueNegatives << ")");
    const size_t       shown = std::min<size_t>(10, metadata.featureImportance.size());
    std::ostringstream ranking;
    for (size_t i = 0; i < shown; ++i)
      ranking << (i ? ", " : "") << i + 1 << ". " << metadata.featureImportance[i].first << " (" << metadata.featureImportance[i].second << ")";
    otbAppLogINFO(<< "Feature importance, top " << shown << ": " << ranking.str());
  }

  /** The -il stacks concatenated (not written); fills m_FeatureNames and m_NoData. */
  FloatVectorImageType* ConcatenatedStack()
  {
    const auto paths  = GetParameterStringList("il");
    auto*      images = GetParameterImageList("il");
    m_Concatenate     = ConcatenateFilterType::New();
    m_FeatureNames.clear();
    ImageMetadata                 combined;
    std::map<std::string, size_t> stackOfName;
    for (unsigned int s = 0; s < images->Size(); ++s)
    {
      FloatVectorImageType* image = images->GetNthElement(s);
      image->UpdateOutputInformation();
      const FloatVectorImageType* first = images->GetNthElement(0);
      CheckOnFirstStackGrid(image, image->GetProjectionRef(), first, first->GetProjectionRef(),
                            "-il: stack " + std::to_string(s + 1) + " (" + paths[s] + ")");
      const auto names = Imclass::ReadBandNamesFromFile(paths[s]);
      for (size_t b = 0; b < names.size(); ++b)
      {
        if (names[b].empty())
          throw Imclass::InputError("-il: band " + std::to_string(b + 1) + " of '" + paths[s] +
                                    "' has no name (ImCLASS feature stacks name every band; the model records the names)");
        if (!stackOfName.emplace(names[b], s).second)
          throw Imclass::InputError("-il: feature '" + names[b] + "' is in '" + paths[stackOfName[names[b]]] + "' and in '" + paths[s] + "'");
        m_FeatureNames.push_back(names[b]);
      }
      for (const auto& band : image->GetImageMetadata().Bands)
        combined.Bands.push_back(band);
      m_Concatenate->PushBackStack(image);
    }
    m_NoData = Imclass::NoDataRule(combined);
    m_Concatenate->UpdateOutputInformation();
    return m_Concatenate->GetOutput();
  }

  /** The recipes recorded in the stacks (IMCLASS_RECIPE* metadata items), one line each. */
  static std::string StackRecipes(const std::vector<std::string>& paths)
  {
    std::string recipes;
    for (size_t s = 0; s < paths.size(); ++s)
    {
      GDALDatasetUniquePtr dataset(GDALDataset::FromHandle(GDALOpen(Imclass::WithoutExtendedFilename(paths[s]).c_str(), GA_ReadOnly)));
      char**               items = dataset ? dataset->GetMetadata() : nullptr;
      for (int i = 0; items && items[i]; ++i)
        if (std::string(items[i]).rfind("IMCLASS_RECIPE", 0) == 0)
          recipes += (recipes.empty() ? "" : "\n") + std::string("stack ") + std::to_string(s + 1) + ": " + items[i];
    }
    return recipes;
  }

  void LogWarnings(const std::vector<std::string>& warnings)
  {
    for (const auto& warning : warnings)
      otbAppLogWARNING(<< warning);
  }

  ConcatenateFilterType::Pointer m_Concatenate;
  std::vector<std::string>       m_FeatureNames;
  Imclass::NoDataRule            m_NoData;
};

} // namespace Wrapper
} // namespace otb

OTB_APPLICATION_EXPORT(otb::Wrapper::ImclassTrain)
