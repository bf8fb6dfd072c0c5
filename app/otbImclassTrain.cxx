/*
 * ImclassTrain — mono-class Random Forest from sample polygons, with spatially honest
 * cross-validation.
 */
#include "otbImclassApplication.h"
#include "otbImclassInputError.h"
#include "otbImclassTrainRun.h"
#include "otbImclassVectorLayers.h"
#include "otbWrapperApplicationFactory.h"

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
  void DoInit() override
  {
    SetName("ImclassTrain");
    SetDescription(
        "Trains the ImCLASS mono-class Random Forest from sample polygons, cross-validated by folds of whole polygons and "
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
        "fold as a vector file (.gpkg, .shp, .geojson or .fgb).");
    SetDocLimitations(
        "All -il stacks must share one grid and name every band (ImCLASS feature stacks do). Negatives drawn from "
        "the image (no -neg) may include undigitized objects of the class: they count as false positives, so the "
        "cross-validated precision is a lower bound. The fold forests train on (folds - 1) / folds of the samples, the "
        "final one on all of them: its map is, if anything, slightly better than the cross-validation says. Splits are "
        "searched among at most 256 quantile bins per feature (as LightGBM and scikit-learn's HistGradientBoosting "
        "do), then refined among the values of the two bins around the best cut only, not among every value.");
    SetDocAuthors("ImCLASS developers");
    SetDocSeeAlso("ImclassFeatures, ImclassChangeFeatures, ImclassTopo, ImclassPredict, ImclassThreshold, TrainImagesClassifier");
    AddDocTag("ImCLASS");
    AddDocTag(Tags::Learning);

    AddOptionalParameter(ParameterType_InputImageList, "il", "Feature stacks",
                         "One or more feature stacks on the same grid, every band named (GDAL band description); used as "
                         "one stack, bands in the order given.");
    AddOptionalParameter(ParameterType_InputFilenameList, "recipes", "Recipe files",
                         "Instead of -il: the recipes of the stacks (-recipe of ImclassFeatures, ImclassChangeFeatures, ImclassTopo), built in "
                         "memory from the raw images below, only where samples are drawn: no stack is written.");
    AddRawInputParameters("with -recipes");
    AddParameter(ParameterType_InputFilename, "vec", "Sample polygons");
    SetParameterDescription("vec", "Polygons of the class (first layer of any OGR source: GeoPackage, shapefile...; any CRS).");

    AddParameter(ParameterType_Group, "class", "Class selection");
    SetParameterDescription("class", "Picks the class in a layer holding several classes.");
    AddOptionalParameter(ParameterType_String, "class.field", "Class field",
                         "Field of -vec that tells the class (default: every polygon of -vec is the class).");
    AddOptionalParameter(ParameterType_String, "class.value", "Class value", "Value of -class.field that marks the class (compared as text, e.g. 1).");
    AddOptionalParameter(ParameterType_String, "class.negvalue", "Negative value",
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
                     "cross-validated precision rests on the negatives that score high; but undigitized objects of the class drawn as "
                     "negatives weigh more with more negatives (doc/train.md shows how the default was chosen).",
                     4.0, 0.01);
    AddIntegerParameter("sampling.max", "Maximum pixels per class",
                        "At most this many positive and this many negative pixels (all folds together; 0 = no limit). Bounds memory "
                        "and training time (which grows with trees x pixels x features; see doc/train.md).",
                        20000, 0);
    AddRealParameter("sampling.buffer", "Buffer around positives",
                     "Distance in metres around positive polygons where no negative is drawn (for a geographic image, converted at the image centre so that it "
                     "is at least that in every direction); at least 1.5 pixels is always kept.",
                     50.0, 0.0);
    AddIntegerParameter("sampling.folds", "Cross-validation folds",
                        "Number of folds (at most the number of separate positive polygons with -split polygon): each fold is validated "
                        "by a forest trained on the others (with 5, on 4/5 of the samples: close to the final forest trained on all of "
                        "them, so the curves describe its map well even when few polygons were digitized). Training time grows with "
                        "folds + 1 forests.",
                        5, 2);

    AddChoiceParameter("split", "Cross-validation split", "How samples are dealt into folds.",
                       {{"polygon", "By polygons and blocks",
                         "Whole positive polygons (touching ones together) and square blocks of negatives: no pixel of a fold touches a "
                         "pixel of another."},
                        {"pixel", "Random pixels", "Each pixel drawn independently (the ImCLASS paper's 2/3 - 1/3): optimistic scores."}},
                       "polygon");
    AddRealParameter("split.polygon.block", "Block size", "Side of the negative blocks in metres (rounded to whole pixels).", 500.0, 0.0);

    AddParameter(ParameterType_Group, "gate", "Gate");
    SetParameterDescription(
        "gate",
        "Where the class may be at all: a pixel is of the class only when one of its features reaches a minimum "
        "(for change, d_cva >= 1: the pixel and its 3 x 3 window changed by Otsu's split of the change-vector magnitude). Out-of-fold votes of samples "
        "below it count as 0, so the cross-validation and the threshold chosen from it describe the gated map; "
        "ImclassPredict gives those pixels probability 0.");
    AddOptionalParameter(ParameterType_String, "gate.feature", "Gate feature", "Feature of the stacks the gate reads (default: no gate), e.g. d_cva.");
    AddRealParameter("gate.min", "Gate minimum", "Smallest value of -gate.feature where the class may be.", 1.0,
                     std::numeric_limits<float>::lowest());

    AddParameter(ParameterType_Group, "pu", "Unlabelled negatives");
    SetParameterDescription("pu", "Negatives drawn from the image are unlabelled: undigitized objects of the class hide among them.");
    AddRealParameter("pu.exclude", "Excluded negatives",
                     "Fraction of the negatives left out of training: those a first cross-validation scores highest (likely "
                     "undigitized objects of the class); the forests are then trained again without them. They stay in the "
                     "validation, so the cross-validated figures still count them. 0: one training.",
                     0.0, 0.0, 0.5);

    AddIntegerParameter(
        "seed", "Seed",
        "Seed of the pixel draws, the folds, each tree's bootstrap and the features tried at each node: same inputs and seed give the same model.", 42, 0);

    AddParameter(ParameterType_Group, "select", "Feature selection");
    SetParameterDescription("select",
                            "Keeps the most useful features (ranked by the importance of a first model on all of them); the model is then "
                            "cross-validated and trained again on them alone and records only them, so ImclassPredict's fused mode "
                            "computes only them. The log and the model give the out-of-fold F1 with all features and with the selection.");
    AddIntegerParameter("select.count", "Features kept", "Keep the N most important features (0: no limit).", 0, 0);
    AddRealParameter("select.importance", "Share of importance kept",
                     "Keep the fewest most important features whose importances add up to this share of the total (1: no limit).", 1.f, 0.01f, 1.f);

    AddParameter(ParameterType_Group, "rf", "Random Forest");
    SetParameterDescription("rf", "Random Forest parameters (the model stores the forest in OpenCV's RTrees format).");
    AddIntegerParameter("rf.nbtrees", "Number of trees", "Trees in the forest; the probability of the class is the fraction voting for it.", 100, 1);
    AddIntegerParameter("rf.max", "Maximum depth", "Maximum depth of a tree.", 25, 1);
    AddIntegerParameter("rf.min", "Minimum samples per node", "A node with this many distinct samples or fewer is not split.", 5, 1);
    AddIntegerParameter("rf.var", "Features per node", "Features drawn at each node (0 = square root of the number of features).", 0, 0);

    AddOutputFileParameter("out", "Model", "Model file (.yaml, .yml, .xml or .json): forest and metadata; read by ImclassPredict.",
                           {".yaml", ".yml", ".xml", ".json"}, true);
    AddOutputFileParameter("outval", "Fold polygons",
                           "Optional vector file (.gpkg, .shp, .geojson or .fgb) of the positive polygons (label 1) and negative blocks "
                           "(label 0) with their fold, in the CRS of the image; pixel split: one square per sample. The final model was "
                           "trained on all of them: scoring its map on them is optimistic (ImclassThreshold -model uses the out-of-fold votes "
                           "instead).",
                           Imclass::VectorOutputExtensions(), false);
    AddRAMParameter();

    SetDocExampleParameterValue("il", "features.tif topo.tif");
    SetDocExampleParameterValue("vec", "samples.gpkg");
    SetDocExampleParameterValue("class.field", "label");
    SetDocExampleParameterValue("class.value", "1");
    SetDocExampleParameterValue("out", "model.yaml");
    SetDocExampleParameterValue("outval", "folds.gpkg");
    SetOfficialDocLink();
  }

  void DoUpdateParameters() override
  {
  }

  void DoImclassExecute() override
  {
    if (HasValue("class.value") != HasValue("class.field"))
      throw Imclass::InputError(HasValue("class.value") ? "-class.value: give -class.field too" : "-class.field: give -class.value too");
    if (HasValue("class.negvalue") && !HasValue("class.field"))
      throw Imclass::InputError("-class.negvalue: give -class.field too");

    Imclass::TrainSettings settings;
    const std::string      field = HasValue("class.field") ? GetParameterString("class.field") : "";
    settings.positives           = {"-vec", GetParameterString("vec"), field, HasValue("class.value") ? GetParameterString("class.value") : "", "-class.value"};
    const std::string negatives  = HasValue("neg") ? "neg" : HasValue("class.negvalue") ? "vec" : HasValue("roi") ? "roi" : "";
    if (!negatives.empty())
      settings.negatives = {"-" + negatives, GetParameterString(negatives), HasValue("class.negvalue") ? field : "",
                            HasValue("class.negvalue") ? GetParameterString("class.negvalue") : "", "-class.negvalue"};
    settings.sampling.seed                 = GetParameterInt("seed");
    settings.sampling.maxPerClass          = GetParameterInt("sampling.max");
    settings.sampling.negativesPerPositive = GetParameterFloat("sampling.ratio");
    settings.sampling.buffer               = GetParameterFloat("sampling.buffer");
    settings.sampling.folds                = GetParameterInt("sampling.folds");
    settings.sampling.splitByPolygon       = GetParameterString("split") == "polygon";
    settings.sampling.blockSize            = GetParameterFloat("split.polygon.block");
    settings.forest.nbTrees                = GetParameterInt("rf.nbtrees");
    settings.forest.maxDepth               = GetParameterInt("rf.max");
    settings.forest.minSamples             = GetParameterInt("rf.min");
    settings.forest.activeVariables        = GetParameterInt("rf.var");
    settings.forest.seed                   = settings.sampling.seed;
    settings.gateFeature                   = HasValue("gate.feature") ? GetParameterString("gate.feature") : "";
    settings.gateMinimum                   = GetParameterFloat("gate.min");
    settings.excludedNegatives             = GetParameterFloat("pu.exclude");
    settings.splitName                     = GetParameterString("split");
    settings.stackPaths                    = GetParameterStringListOrEmpty("il");
    settings.selectCount                   = GetParameterInt("select.count");
    settings.selectImportance              = GetParameterFloat("select.importance");
    settings.ramMegabytes                  = GetParameterInt("ram");
    settings.threads                       = Threads();
    settings.modelPath                     = OutputPath("out");
    settings.foldsPath                     = OutputPath("outval");

    std::vector<FloatVectorImageType*> stacks;
    if (HasValue("il"))
      for (unsigned int s = 0; s < GetParameterImageList("il")->Size(); ++s)
        stacks.push_back(GetParameterImageList("il")->GetNthElement(s));
    Imclass::TrainModel(settings, stacks, GetParameterStringListOrEmpty("recipes"), ReadRawInputs(), Log());
  }
};

} // namespace Wrapper
} // namespace otb

OTB_APPLICATION_EXPORT(otb::Wrapper::ImclassTrain)
