/*
 * ImclassThreshold — decision threshold, binary map, polygons and quality of a probability map.
 */
#include "otbImclassApplication.h"
#include "otbImclassFeatureCatalogue.h"
#include "otbImclassModel.h"
#include "otbImclassNoData.h"
#include "otbImclassPixelSampler.h"
#include "otbImclassThresholdBinaryMap.h"
#include "otbImclassThresholdCurves.h"
#include "otbImclassThresholdHistogramFilter.h"
#include "otbImclassThresholdObjects.h"
#include "otbImclassThresholdReference.h"
#include "otbImclassThresholdReport.h"

#include "otbImageFileWriter.h"
#include "otbOGRDataSourceToLabelImageFilter.h"
#include "otbWrapperApplicationFactory.h"

#include "gdal_priv.h"
#include "itksys/SystemTools.hxx"

#include <cmath>
#include <memory>

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

  using RasterizerType      = OGRDataSourceToLabelImageFilter<UInt8ImageType>;

private:
  /** How the probability map encodes probabilities. */
  struct Encoding
  {
    double scale  = 1.;
    double noData = Imclass::NoDataValue;
  };

  void DoInit() override
  {
    SetName("ImclassThreshold");
    SetDescription("Chooses the decision threshold of an ImCLASS probability map from the model's cross-validation or from reference "
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
        "(default) or by binary morphology with a disc (the pixels within -radius of the centre; -morpho, -radius), and objects (8-connected) smaller than -minarea square metres are removed. Objects are written as polygons with their "
        "area in square metres (planar in a projected CRS, on a local equal-area projection in a geographic one) and their mean "
        "probability. The JSON report gives the threshold, the confusion matrix, precision, recall, F-score and kappa of the reference "
        "pixels at the threshold (or of the cross-validation) and of the delivered map against -ref, object-level counts (reference objects detected and missed, predicted objects "
        "matching no reference object, and among those the ones inside negative reference polygons), and the full curve table. The PNG "
        "shows precision, recall and F versus the threshold and the confusion matrix of the map, drawn with matplotlib. "
        "Everything streams: memory follows -ram. On failure no output is left behind.");
    SetDocLimitations("The threshold grid step is 0.001. Objects are matched when their polygons share some area. The PNG needs Python 3 "
                      "with matplotlib (Debian: python3-matplotlib).");
    SetDocAuthors("ImCLASS developers");
    SetDocSeeAlso("ImclassPredict, ImclassTrain, ComputeConfusionMatrix, BinaryMorphologicalOperation");
    AddDocTag("ImCLASS");
    AddDocTag(Tags::Learning);

    AddParameter(ParameterType_InputImage, "in", "Probability map");
    SetParameterDescription("in", "Probability of the class from ImclassPredict: float in [0,1] (no-data: the declared value, else -9999, "
                                  "and NaN), or uint8 percent 0..100 (no-data: the declared value, else 255).");
    AddParameter(ParameterType_InputVectorData, "ref", "Reference polygons");
    SetParameterDescription("ref", "Reference polygons with a class field, in any OGR format and CRS: an independent inventory with negative "
                                   "areas. Chooses the threshold when -model is not given; scores the delivered map in any case.");
    MandatoryOff("ref");
    AddParameter(ParameterType_InputFilename, "model", "Model");
    SetParameterDescription("model", "The ImclassTrain model that produced -in: the threshold is chosen on its cross-validation curves. "
                                     "ImclassPredict records which model made a map; another model is refused.");
    MandatoryOff("model");
    AddParameter(ParameterType_Group, "class", "Reference classes");
    SetParameterDescription("class", "Which reference polygons are positives; all others are negatives.");
    AddParameter(ParameterType_String, "class.field", "Class field");
    SetParameterDescription("class.field", "Field of -ref holding the class of each polygon.");
    SetParameterString("class.field", "label");
    AddParameter(ParameterType_String, "class.value", "Positive value");
    SetParameterDescription("class.value", "Value of the class field marking the positives (the mapped class).");
    SetParameterString("class.value", "1");

    AddParameter(ParameterType_Choice, "method", "Threshold choice");
    SetParameterDescription("method", "How the threshold is chosen from the curves.");
    AddChoice("method.f1", "Maximum F1");
    SetParameterDescription("method.f1", "Maximises F1, the harmonic mean of precision and recall (default).");
    AddChoice("method.fbeta", "Maximum F-beta");
    SetParameterDescription("method.fbeta", "Maximises F-beta (-beta): beta < 1 favours precision, beta > 1 recall.");
    AddChoice("method.user", "User threshold");
    SetParameterDescription("method.user", "Uses -threshold.");
    AddChoice("method.pu", "Positive-unlabelled");
    SetParameterDescription("method.pu", "Maximises recall^2 / P(predicted class) (Lee & Liu 2003): for references whose negatives are "
                                         "background that may contain undigitized objects of the class, or that have no negatives.");
    AddParameter(ParameterType_Float, "beta", "Beta");
    SetParameterDescription("beta", "Beta of -method fbeta (recall weighs beta times as much as precision).");
    SetDefaultParameterFloat("beta", 0.5);
    SetMinimumParameterFloatValue("beta", 0.01);
    AddParameter(ParameterType_Float, "threshold", "Threshold");
    SetParameterDescription("threshold", "Threshold of -method user, in [0,1]: pixels with probability >= threshold are of the class.");
    SetDefaultParameterFloat("threshold", 0.5);
    SetMinimumParameterFloatValue("threshold", 0.);
    SetMaximumParameterFloatValue("threshold", 1.);

    AddParameter(ParameterType_Choice, "morpho", "Salt-and-pepper filter");
    SetParameterDescription("morpho", "Filter of the thresholded map, radius -radius.");
    AddChoice("morpho.majority", "Majority vote");
    SetParameterDescription("morpho.majority", "Each pixel takes the label most pixels of its window (ITK ball of radius -radius: 3 x 3 for "
                                               "1) hold, as OTB's ClassificationMapRegularization; no-data pixels do not vote, ties keep "
                                               "the pixel's label (default: measured on a real Sentinel-2 change scene, it raised F1 at the "
                                               "chosen threshold from 0.27 to 0.33 on average; objects narrower than the window vanish: "
                                               "use none for classes of one or two pixels).");
    AddChoice("morpho.none", "None");
    SetParameterDescription("morpho.none", "No filter.");
    AddChoice("morpho.opening", "Opening");
    SetParameterDescription("morpho.opening", "Removes class pixels and spurs narrower than the disc.");
    AddChoice("morpho.closing", "Closing");
    SetParameterDescription("morpho.closing", "Fills holes and gaps narrower than the disc.");
    AddChoice("morpho.openclose", "Opening then closing");
    SetParameterDescription("morpho.openclose", "Both: isolated pixels removed, then small holes filled.");
    AddParameter(ParameterType_Int, "radius", "Filter radius");
    SetParameterDescription("radius", "Radius in pixels of the window or disc of -morpho.");
    SetDefaultParameterInt("radius", 1);
    SetMinimumParameterIntValue("radius", 1);
    AddParameter(ParameterType_Float, "minarea", "Minimum object area");
    SetParameterDescription("minarea", "Objects (8-connected class pixels) smaller than this many square metres are removed from the map "
                                       "and the polygons (default 0: all kept).");
    SetDefaultParameterFloat("minarea", 0.);
    SetMinimumParameterFloatValue("minarea", 0.);

    AddParameter(ParameterType_OutputImage, "out", "Binary map");
    SetParameterDescription("out", "Binary class map on the grid of -in (uint8 by default): 1 = class, 0 = not, 255 = no-data.");
    SetDefaultOutputPixelType("out", ImagePixelType_uint8);
    AddParameter(ParameterType_OutputFilename, "outvec", "Polygons");
    SetParameterDescription("outvec", "Objects of the map as a GeoPackage layer 'objects' in the CRS of the map, with area_m2, mean_prob and "
                                      "matched (1 when it overlaps a positive reference polygon).");
    MandatoryOff("outvec");
    AddParameter(ParameterType_OutputFilename, "report", "Report");
    SetParameterDescription("report", "JSON report: threshold, confusion matrices, precision, recall, F-score, kappa, object counts and "
                                      "the curve table over the threshold grid.");
    MandatoryOff("report");
    AddParameter(ParameterType_OutputFilename, "plot", "Curves plot");
    SetParameterDescription("plot", "PNG: precision, recall and F versus the threshold (chosen threshold marked) and the confusion matrix "
                                    "of the map.");
    MandatoryOff("plot");
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
    try
    {
      ChooseThresholdAndWrite();
    }
    catch (...)
    {
      for (const std::string key : {"out", "outvec", "report", "plot"})
        if (HasValue(key))
          itksys::SystemTools::RemoveFile(Imclass::WithoutExtendedFilename(GetParameterString(key)));
      itksys::SystemTools::RemoveFile(ObjectsMapPath());
      if (HasValue("plot"))
        itksys::SystemTools::RemoveFile(GetParameterString("plot") + ".json"); // the temporary report of -plot alone
      throw;
    }
  }

  void ChooseThresholdAndWrite()
  {
    const Encoding  encoding    = ReadEncoding(Imclass::WithoutExtendedFilename(GetParameterString("in")));
    FloatImageType* probability = GetParameterFloatImage("in");
    probability->UpdateOutputInformation();
    OGRSpatialReference mapCrs;
    if (!probability->GetProjectionRef().empty())
      mapCrs.importFromWkt(probability->GetProjectionRef().c_str());

    if (!HasValue("model") && !HasValue("ref"))
      throw Imclass::InputError("-model: give -model (the cross-validation of ImclassTrain chooses the threshold) or -ref (reference polygons)");
    Imclass::ReferencePolygons                reference; // none without -ref
    std::unique_ptr<Imclass::ThresholdCurves> referenceCurves;
    if (HasValue("ref"))
    {
      reference       = ReadReference(probability, mapCrs);
      referenceCurves = std::make_unique<Imclass::ThresholdCurves>(CountReferencePixels(probability, encoding));
      if (referenceCurves->ValidPixels() == 0)
        throw Imclass::InputError("-in: every pixel is no-data");
      if (referenceCurves->PositivePixels() == 0)
        throw Imclass::InputError("-ref: no positive polygon covers a valid pixel of -in");
    }
    const Imclass::ThresholdCurves curves = HasValue("model") ? ModelCurves() : *referenceCurves;
    const Imclass::ThresholdMethod method = Imclass::ParseThresholdMethod(GetParameterString("method"), "-method");
    if ((method == Imclass::ThresholdMethod::F1 || method == Imclass::ThresholdMethod::FBeta) && curves.NegativePixels() == 0)
      throw Imclass::InputError("-ref: no negative polygon covers a valid pixel of -in, so precision cannot be measured (use -method pu)");
    const double       beta = method == Imclass::ThresholdMethod::FBeta ? GetParameterFloat("beta") : 1.;
    const unsigned int bin  = method == Imclass::ThresholdMethod::User
                                 ? static_cast<unsigned int>(std::lround(GetParameterFloat("threshold") * Imclass::ThresholdSteps))
                                 : curves.ChooseBin(method, beta);
    const Imclass::Confusion atThreshold = curves.At(bin);
    otbAppLogINFO(<< (HasValue("model") ? "Cross-validation" : "Reference") << " pixels: " << curves.PositivePixels() << " positive, "
                  << curves.NegativePixels() << " negative. Threshold " << Imclass::BinThreshold(bin) << " (" << GetParameterString("method")
                  << "): precision " << atThreshold.Precision() << ", recall " << atThreshold.Recall() << ", F " << atThreshold.FScore(beta)
                  << ", kappa " << atThreshold.Kappa());

    // The objects need the whole map: it is written once to a temporary file, polygonized, and the
    // objects below -minarea are removed from the pipeline the application then writes to -out.
    const Imclass::Morphology morphology = Imclass::ParseMorphology(GetParameterString("morpho"), "-morpho");
    m_Pipeline = std::make_unique<Imclass::BinaryMapPipeline>(probability, encoding.scale, encoding.noData, bin, morphology, GetParameterInt("radius"));
    WriteObjectsMap(m_Pipeline->GetOutput());
    Imclass::ThresholdReport  report;
    Imclass::ObjectExtraction extraction =
        Imclass::ExtractObjects(ObjectsMapPath(), {Imclass::WithoutExtendedFilename(GetParameterString("in")), encoding.scale, encoding.noData}, GetParameterFloat("minarea"),
                                reference, HasValue("outvec") ? GetParameterString("outvec") : "");
    itksys::SystemTools::RemoveFile(ObjectsMapPath());
    m_Pipeline->RemoveObjects(extraction.removed, mapCrs);
    report.objects      = extraction.counts;
    report.hasReference = HasValue("ref");
    if (report.hasReference)
    {
      report.mapConfusion = CountReferencePixels(m_Pipeline->GetOutput(), {1., Imclass::BinaryNoData}).At(Imclass::ScoreBin(Imclass::BinaryClass));
      otbAppLogINFO(<< "Map against -ref: precision " << report.mapConfusion.Precision() << ", recall " << report.mapConfusion.Recall() << ", F "
                    << report.mapConfusion.FScore(beta) << "; reference objects detected " << report.objects.detected << " / "
                    << report.objects.referenceObjects << ", predicted objects matching no reference object " << report.objects.unmatched
                    << " (" << report.objects.unmatchedInNegatives << " in negative polygons)");
    }
    m_Pipeline->DeclareNoData();
    SetParameterOutputImage("out", m_Pipeline->GetOutput());
    otbAppLogINFO(<< "Map: " << report.objects.predicted << " objects (" << report.objects.removedSmall << " smaller than -minarea removed)");

    report.method           = GetParameterString("method");
    report.beta             = beta;
    report.thresholdBin     = bin;
    report.morphologyRadius = morphology == Imclass::Morphology::None ? 0 : GetParameterInt("radius");
    WriteReportAndPlot(report, curves);
  }

  /** -report, and -plot drawn from it (from a temporary report when -report is not asked for). */
  void WriteReportAndPlot(Imclass::ThresholdReport& report, const Imclass::ThresholdCurves& curves)
  {
    if (!HasValue("report") && !HasValue("plot"))
      return;
    report.probabilityPath = GetParameterString("in");
    report.referencePath   = HasValue("ref") ? GetParameterString("ref") : "";
    report.modelPath       = HasValue("model") ? GetParameterString("model") : "";
    report.mapPath         = GetParameterString("out");
    report.morphology      = GetParameterString("morpho");
    report.minArea         = GetParameterFloat("minarea");
    const std::string reportPath = HasValue("report") ? GetParameterString("report") : GetParameterString("plot") + ".json";
    Imclass::WriteThresholdReport(reportPath, report, curves, HasValue("report") ? "-report" : "-plot");
    if (HasValue("plot"))
    {
      Imclass::DrawThresholdPlot(reportPath, GetParameterString("plot"));
      if (!HasValue("report"))
        itksys::SystemTools::RemoveFile(reportPath);
    }
  }

  /** The -ref polygons, ready to be burnt onto the grid of the map. */
  Imclass::ReferencePolygons ReadReference(FloatImageType* probability, const OGRSpatialReference& mapCrs)
  {
    Imclass::ReferencePolygons reference = Imclass::ReadReferencePolygons(GetParameterString("ref"), Imclass::GridOf(probability),
                                                                          GetParameterString("class.field"), GetParameterString("class.value"));
    for (const auto& warning : reference.warnings)
      otbAppLogWARNING(<< "-ref: " << warning);
    otbAppLogINFO(<< "Reference: " << reference.positives.size() << " positive and " << reference.negatives.size() << " negative polygons");
    m_ReferenceSource = Imclass::ReferenceDataSource(reference, mapCrs);
    m_Rasterizer      = RasterizerType::New();
    m_Rasterizer->AddOGRDataSource(m_ReferenceSource);
    m_Rasterizer->SetOutputParametersFromImage(probability);
    m_Rasterizer->SetBurnAttributeMode(true);
    m_Rasterizer->SetBurnAttribute(Imclass::ReferenceField());
    m_Rasterizer->SetBackgroundValue(Imclass::ReferenceOutside);
    return reference;
  }

  /** The cross-validation curves recorded in -model. */
  Imclass::ThresholdCurves ModelCurves()
  {
    Imclass::ModelMetadata metadata;
    Imclass::LoadModel(GetParameterString("model"), metadata);
    // The curves describe one model's map: another model's threshold would be meaningless here.
    GDALDatasetUniquePtr map(GDALDataset::Open(Imclass::WithoutExtendedFilename(GetParameterString("in")).c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    const char* recorded = map ? map->GetMetadataItem(Imclass::ModelFingerprintKey) : nullptr;
    if (!recorded)
    {
      otbAppLogWARNING(<< "-in does not record the model that made it (not written by ImclassPredict?): cannot check that -model did");
    }
    else if (Imclass::ModelFingerprint(GetParameterString("model")) != recorded)
      throw Imclass::InputError("-model: '" + GetParameterString("model") + "' did not make -in (ImclassPredict recorded another model's "
                                "fingerprint): give the model ImclassPredict used");
    otbAppLogINFO(<< "Model: " << metadata.sampleCounts["folds"] << "-fold cross-validation of " << metadata.sampleCounts["positive"]
                  << " positive and " << metadata.sampleCounts["negative"] << " negative samples; class: " << metadata.classDefinition);
    return Imclass::CrossValidationCurves(metadata);
  }

  /** Histograms of the values (probabilities, or the 0/1 of a binary map) of the reference pixels:
   * one streamed pass. */
  template <class TImage>
  Imclass::ThresholdCurves CountReferencePixels(TImage* image, const Encoding& encoding)
  {
    auto histogram = Imclass::StreamingThresholdHistogramFilter<TImage, UInt8ImageType>::New();
    histogram->GetFilter()->SetProbabilityImage(image);
    histogram->GetFilter()->SetLabelImage(m_Rasterizer->GetOutput());
    histogram->GetFilter()->SetScale(encoding.scale);
    histogram->GetFilter()->SetNoDataValue(encoding.noData);
    histogram->GetStreamer()->SetAutomaticAdaptativeStreaming(GetParameterInt("ram"));
    histogram->Update();
    return Imclass::ThresholdCurves(histogram->GetFilter()->GetPositiveCounts(), histogram->GetFilter()->GetNegativeCounts(),
                                    histogram->GetFilter()->GetValidCounts());
  }

  /** Where the map is written for polygonization (removed afterwards). */
  std::string ObjectsMapPath()
  {
    return Imclass::WithoutExtendedFilename(GetParameterString("out")) + ".objects.tif";
  }

  void WriteObjectsMap(UInt8ImageType* map)
  {
    auto writer = ImageFileWriter<UInt8ImageType>::New();
    writer->SetFileName(ObjectsMapPath() + "?&gdal:co:COMPRESS=DEFLATE");
    writer->SetInput(map);
    writer->SetAutomaticAdaptativeStreaming(GetParameterInt("ram"));
    AddProcess(writer, "Thresholding for the objects");
    writer->Update();
  }

  /** Probability or percent map, and its no-data value. */
  static Encoding ReadEncoding(const std::string& path)
  {
    GDALAllRegister();
    GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!dataset)
      throw Imclass::InputError("-in: cannot open '" + path + "'");
    if (dataset->GetRasterCount() != 1)
      throw Imclass::InputError("-in: a probability map has one band, '" + path + "' has " + std::to_string(dataset->GetRasterCount()));
    GDALRasterBand* band = dataset->GetRasterBand(1);
    Encoding        encoding;
    if (band->GetRasterDataType() == GDT_Byte)
      encoding = {0.01, static_cast<double>(Imclass::BinaryNoData)};
    int          declared = 0;
    const double noData   = band->GetNoDataValue(&declared);
    if (declared)
      encoding.noData = noData;
    return encoding;
  }

  ogr::DataSource::Pointer                    m_ReferenceSource;
  RasterizerType::Pointer                     m_Rasterizer;
  std::unique_ptr<Imclass::BinaryMapPipeline> m_Pipeline;
};

} // namespace Wrapper
} // namespace otb

OTB_APPLICATION_EXPORT(otb::Wrapper::ImclassThreshold)
