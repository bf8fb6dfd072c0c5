/*
 * ImclassThreshold — decision threshold, binary map, polygons and quality of a probability map.
 */
#include "otbImclassApplication.h"
#include "otbImclassOutputFiles.h"
#include "otbImclassThresholdRun.h"
#include "otbImclassVectorLayers.h"
#include "otbWrapperApplicationFactory.h"

namespace otb
{
namespace Wrapper
{

class ImclassThreshold : public ImclassApplication
{
public:
  using Self    = ImclassThreshold;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ImclassThreshold, ImclassApplication);

private:
  void DoInit() override
  {
    SetName("ImclassThreshold");
    SetDescription(
        "Chooses the decision threshold of an ImCLASS probability map from the model's cross-validation or from reference "
        "polygons, and writes the binary class map, its polygons, a quality report and precision / recall curves.");
    SetDocLongDescription(
        "With -model (the model of ImclassTrain that made the map), the curves are those of its cross-validation: every sample "
        "polygon and negative block was scored by a forest that never saw it, each sample standing for its share of the area it was "
        "drawn from, so precision reflects the prevalence of the class in the image. This is the default of the ImCLASS chain: it "
        "uses every digitized polygon, not the few a single hold-out would keep. With -ref, the reference polygons (any OGR format and "
        "CRS, reprojected onto the map) are rasterized onto the grid of the probability map "
        "(a pixel belongs to a polygon when its centre is inside; positives win where polygons overlap). A streamed pass counts the "
        "probabilities of the positive pixels, of the negative pixels and of every valid pixel in 1001 bins, so that precision, recall and "
        "F-score are exact at every threshold of the grid 0, 0.001, ..., 1 (a pixel is of the class when its probability is >= the "
        "threshold). They are measured over all pixels of the reference polygons, so they reflect the real prevalence of the class there, "
        "not a balanced sample; with -model as well, -model chooses the threshold and -ref scores the delivered map (an independent "
        "inventory). The threshold maximises F1 (-method f1), F-beta (-method fbeta, -beta), or the PU criterion recall^2 / "
        "P(predicted class) of Lee & Liu (2003) (-method pu), which needs only positives and unlabelled pixels: use it when the negative "
        "reference is background that may hold undigitized objects of the class (the reference negatives are then the unlabelled pixels; "
        "without negative polygons, every valid pixel of the map is). When several thresholds reach the maximum, the middle of the first "
        "such run is taken. -method user takes -threshold (rounded to the grid). "
        "The binary map (uint8: 1 = class, 0 = not, 255 = no-data) is then cleaned of salt and pepper by a majority vote in a window "
        "(default) or by binary morphology with a disc (the pixels within -radius of the centre; -morpho, -radius), and objects (8-connected) smaller than "
        "-minarea square metres are removed. Objects are written as polygons with their "
        "area in square metres (planar in a projected CRS, on a local equal-area projection in a geographic one) and their mean "
        "probability. The JSON report gives the threshold, the confusion matrix, precision, recall, F-score and kappa of the reference "
        "pixels at the threshold (or of the cross-validation) and of the delivered map against -ref, object-level counts (reference objects detected and "
        "missed, predicted objects "
        "matching no reference object, and among those the ones inside negative reference polygons), and the full curve table. The PNG "
        "shows precision, recall and F versus the threshold and the confusion matrix of the map, drawn with matplotlib. "
        "Everything streams: memory follows -ram. On failure no output is left behind.");
    SetDocLimitations(
        "The threshold grid step is 0.001. Objects are matched when their polygons share some area. The PNG needs Python 3 "
        "with matplotlib (Debian: python3-matplotlib).");
    SetDocAuthors("ImCLASS developers");
    SetDocSeeAlso("ImclassPredict, ImclassTrain, ComputeConfusionMatrix, BinaryMorphologicalOperation");
    AddDocTag("ImCLASS");
    AddDocTag(Tags::Learning);

    AddParameter(ParameterType_InputImage, "in", "Probability map");
    SetParameterDescription("in",
                            "Probability of the class from ImclassPredict: float in [0,1] (no-data: the declared value, else -9999, "
                            "and NaN), or uint8 percent 0..100 (no-data: the declared value, else 255).");
    AddOptionalParameter(ParameterType_InputVectorData, "ref", "Reference polygons",
                         "Reference polygons with a class field, in any OGR format and CRS: an independent inventory with negative areas. "
                         "Chooses the threshold when -model is not given; scores the delivered map in any case.");
    AddOptionalParameter(ParameterType_InputFilename, "model", "Model",
                         "The ImclassTrain model that produced -in: the threshold is chosen on its cross-validation curves. ImclassPredict "
                         "records which model made a map; another model is refused.");
    AddParameter(ParameterType_Group, "class", "Reference classes");
    SetParameterDescription("class", "Which reference polygons are positives; all others are negatives.");
    AddParameter(ParameterType_String, "class.field", "Class field");
    SetParameterDescription("class.field", "Field of -ref holding the class of each polygon.");
    SetParameterString("class.field", "label");
    AddParameter(ParameterType_String, "class.value", "Positive value");
    SetParameterDescription("class.value", "Value of the class field marking the positives (the mapped class).");
    SetParameterString("class.value", "1");

    AddChoiceParameter("method", "Threshold choice", "How the threshold is chosen from the curves.",
                       {{"f1", "Maximum F1", "Maximises F1, the harmonic mean of precision and recall (default)."},
                        {"fbeta", "Maximum F-beta", "Maximises F-beta (-beta): beta < 1 favours precision, beta > 1 recall."},
                        {"user", "User threshold", "Uses -threshold."},
                        {"pu", "Positive-unlabelled",
                         "Maximises recall^2 / P(predicted class) (Lee & Liu 2003): for references whose negatives are background that "
                         "may contain undigitized objects of the class, or that have no negatives."}},
                       "f1");
    AddRealParameter("beta", "Beta", "Beta of -method fbeta (recall weighs beta times as much as precision).", 0.5, 0.01);
    AddRealParameter("threshold", "Threshold", "Threshold of -method user: pixels with probability >= threshold are of the class.", 0.5, 0., 1.);

    AddChoiceParameter("morpho", "Salt-and-pepper filter", "Filter of the thresholded map, radius -radius.",
                       {{"majority", "Majority vote",
                         "Each pixel takes the label most pixels of its window (ITK ball of radius -radius: 3 x 3 for 1) hold, as OTB's "
                         "ClassificationMapRegularization; no-data pixels do not vote, ties keep the pixel's label (default, see "
                         "doc/train.md; objects narrower than the window vanish: use none for classes of one or two pixels)."},
                        {"none", "None", "No filter."},
                        {"opening", "Opening", "Removes class pixels and spurs narrower than the disc."},
                        {"closing", "Closing", "Fills holes and gaps narrower than the disc."},
                        {"openclose", "Opening then closing", "Both: isolated pixels removed, then small holes filled."}},
                       "majority");
    AddIntegerParameter("radius", "Filter radius", "Radius in pixels of the window or disc of -morpho.", 1, 1);
    AddRealParameter("minarea", "Minimum object area",
                     "Objects (8-connected class pixels) smaller than this many square metres are removed from the map and the polygons "
                     "(default 0: all kept).",
                     0., 0.);

    AddParameter(ParameterType_OutputImage, "out", "Binary map");
    SetParameterDescription("out", "Binary class map on the grid of -in (uint8 by default): 1 = class, 0 = not, 255 = no-data.");
    SetDefaultOutputPixelType("out", ImagePixelType_uint8);
    AddOutputFileParameter("outvec", "Polygons",
                           "Objects of the map as polygons in the CRS of the map, with area_m2, mean_prob and matched (1 when it overlaps a "
                           "positive reference polygon); the format follows the extension: .gpkg (layer 'objects'), .shp, .geojson or .fgb.",
                           Imclass::VectorOutputExtensions(), false);
    AddOutputFileParameter("report", "Report",
                           "JSON report: threshold, confusion matrices, precision, recall, F-score, kappa, object counts and the curve "
                           "table over the threshold grid.",
                           {".json"}, false);
    AddOutputFileParameter("plot", "Curves plot",
                           "PNG: precision, recall and F versus the threshold (chosen threshold marked) and the confusion matrix of the map.", {".png"}, false);
    AddRAMParameter();

    SetDocExampleParameterValue("in", "probability.tif");
    SetDocExampleParameterValue("model", "model.yaml");
    SetDocExampleParameterValue("morpho", "openclose");
    SetDocExampleParameterValue("minarea", "500");
    SetDocExampleParameterValue("out", "landslides.tif");
    SetDocExampleParameterValue("outvec", "landslides.gpkg");
    SetDocExampleParameterValue("report", "report.json");
    SetDocExampleParameterValue("plot", "curves.png");
    SetOfficialDocLink();
  }

  void DoUpdateParameters() override
  {
  }

  void DoImclassExecute() override
  {
    Imclass::ThresholdSettings settings;
    settings.probabilityPath = GetParameterString("in");
    settings.modelPath       = HasValue("model") ? GetParameterString("model") : "";
    settings.referencePath   = HasValue("ref") ? GetParameterString("ref") : "";
    settings.classField      = GetParameterString("class.field");
    settings.classValue      = GetParameterString("class.value");
    settings.methodName      = GetParameterString("method");
    settings.method          = Imclass::ParseThresholdMethod(settings.methodName, "-method");
    settings.beta            = GetParameterFloat("beta");
    settings.userThreshold   = GetParameterFloat("threshold");
    settings.morphologyName  = GetParameterString("morpho");
    settings.morphology      = Imclass::ParseMorphology(settings.morphologyName, "-morpho");
    settings.radius          = GetParameterInt("radius");
    settings.minArea         = GetParameterFloat("minarea");
    settings.mapPath         = TargetPath("out");
    settings.scratchPath     = Imclass::WithoutExtendedFilename(OutputPath("out"));
    settings.polygonsPath    = OutputPath("outvec");
    settings.reportPath      = OutputPath("report");
    settings.plotPath        = OutputPath("plot");
    settings.ramMegabytes    = GetParameterInt("ram");

    m_Run = Imclass::ThresholdRun::New();
    SetParameterOutputImage("out", m_Run->Run(settings, GetParameterFloatImage("in"), Log()));
  }

  Imclass::ThresholdRun::Pointer m_Run;
};

} // namespace Wrapper
} // namespace otb

OTB_APPLICATION_EXPORT(otb::Wrapper::ImclassThreshold)
