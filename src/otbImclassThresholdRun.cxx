#include "otbImclassThresholdRun.h"

#include "otbImclassCrossValidation.h"
#include "otbImclassGrid.h"
#include "otbImclassInputError.h"
#include "otbImclassModel.h"
#include "otbImclassOutputFiles.h"
#include "otbImclassPredictProbabilityFilter.h"
#include "otbImclassThresholdHistogramFilter.h"
#include "otbImclassThresholdObjects.h"
#include "otbImclassThresholdReport.h"

#include "otbImageFileWriter.h"

#include "gdal_priv.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace otb
{
namespace Imclass
{

ThresholdRun::Encoding ThresholdRun::ReadEncoding(const FloatImageType* probability, const std::string& path)
{
  Encoding    encoding;
  const auto& metadata = probability->GetImageMetadata();
  const auto  scale    = metadata.ExtraKeys.find(ProbabilityScaleKey);
  if (scale != metadata.ExtraKeys.end())
    encoding = {std::stod(scale->second), PercentNoDataValue};
  else if (!path.empty())
  {
    GDALAllRegister();
    GDALDatasetUniquePtr dataset(GDALDataset::Open(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY));
    if (!dataset)
      throw InputError("-in: cannot open '" + path + "'");
    if (dataset->GetRasterCount() != 1)
      throw InputError("-in: a probability map has one band, '" + path + "' has " + std::to_string(dataset->GetRasterCount()));
    if (dataset->GetRasterBand(1)->GetRasterDataType() == GDT_Byte)
      encoding = {0.01, PercentNoDataValue};
  }
  if (!metadata.Bands.empty() && metadata.Bands[0].Has(MDNum::NoData))
    encoding.noData = metadata.Bands[0][MDNum::NoData];
  return encoding;
}

ReferencePolygons ThresholdRun::ReadReference(const ThresholdSettings& settings, FloatImageType* probability, const OGRSpatialReference& mapCrs,
                                              Reporter& reporter)
{
  ReferencePolygons reference = ReadReferencePolygons(settings.referencePath, GridOf(probability), settings.classField, settings.classValue);
  for (const auto& warning : reference.warnings)
    reporter.Warning("-ref: " + warning);
  reporter.Info("Reference: " + std::to_string(reference.positives.size()) + " positive and " + std::to_string(reference.negatives.size()) +
                " negative polygons");
  m_ReferenceSource = ReferenceDataSource(reference, mapCrs);
  m_Rasterizer      = RasterizerType::New();
  m_Rasterizer->AddOGRDataSource(m_ReferenceSource);
  m_Rasterizer->SetOutputParametersFromImage(probability);
  m_Rasterizer->SetBurnAttributeMode(true);
  m_Rasterizer->SetBurnAttribute(ReferenceField());
  m_Rasterizer->SetBackgroundValue(ReferenceOutside);
  return reference;
}

template <class TImage>
ThresholdCurves ThresholdRun::CountReferencePixels(TImage* image, const Encoding& encoding, unsigned int ramMegabytes)
{
  auto histogram = StreamingThresholdHistogramFilter<TImage, MaskImageType>::New();
  histogram->GetFilter()->SetProbabilityImage(image);
  histogram->GetFilter()->SetLabelImage(m_Rasterizer->GetOutput());
  histogram->GetFilter()->SetScale(encoding.scale);
  histogram->GetFilter()->SetNoDataValue(encoding.noData);
  histogram->GetStreamer()->SetAutomaticAdaptativeStreaming(ramMegabytes);
  histogram->Update();
  return ThresholdCurves(histogram->GetFilter()->GetPositiveCounts(), histogram->GetFilter()->GetNegativeCounts(), histogram->GetFilter()->GetValidCounts());
}

ThresholdCurves ThresholdRun::ModelCurves(const std::string& modelPath, const FloatImageType* probability, Reporter& reporter)
{
  ModelMetadata metadata;
  LoadModel(modelPath, metadata);
  // The curves describe one model's map: another model's threshold would be meaningless here.
  const auto& recorded = probability->GetImageMetadata().ExtraKeys;
  const auto  found    = recorded.find(ModelFingerprintKey);
  if (found == recorded.end())
    reporter.Warning("-in does not record the model that made it (not written by ImclassPredict?): cannot check that -model did");
  else if (ModelFingerprint(modelPath) != found->second)
    throw InputError("-model: '" + modelPath + "' did not make -in (ImclassPredict recorded another model's fingerprint): give the model " +
                     "ImclassPredict used");
  std::ostringstream line;
  line << "Model: " << metadata.sampleCounts["folds"] << "-fold cross-validation of " << metadata.sampleCounts["positive"] << " positive and "
       << metadata.sampleCounts["negative"] << " negative samples; class: " << metadata.classDefinition;
  reporter.Info(line.str());
  return CrossValidationCurves(metadata);
}

template <class TImage>
void ThresholdRun::WriteScratch(TImage* image, const std::string& path, unsigned int ramMegabytes, const std::string& description, Reporter& reporter)
{
  auto writer = ImageFileWriter<TImage>::New();
  writer->SetFileName(path + "?&gdal:co:COMPRESS=DEFLATE");
  writer->SetInput(image);
  writer->SetAutomaticAdaptativeStreaming(ramMegabytes);
  reporter.Watch(writer, description);
  writer->Update();
}

MaskImageType* ThresholdRun::Run(const ThresholdSettings& settings, FloatImageType* probability, Reporter& reporter)
{
  if (settings.modelPath.empty() && settings.referencePath.empty())
    throw InputError("-model: give -model (the cross-validation of ImclassTrain chooses the threshold) or -ref (reference polygons)");
  probability->UpdateOutputInformation();
  const Encoding      encoding = ReadEncoding(probability, WithoutExtendedFilename(settings.probabilityPath));
  OGRSpatialReference mapCrs;
  if (!probability->GetProjectionRef().empty())
    mapCrs.importFromWkt(probability->GetProjectionRef().c_str());

  ReferencePolygons                reference; // none without a reference
  std::unique_ptr<ThresholdCurves> referenceCurves;
  if (!settings.referencePath.empty())
  {
    reference       = ReadReference(settings, probability, mapCrs, reporter);
    referenceCurves = std::make_unique<ThresholdCurves>(CountReferencePixels(probability, encoding, settings.ramMegabytes));
    if (referenceCurves->ValidPixels() == 0)
      throw InputError("-in: every pixel is no-data");
    if (referenceCurves->PositivePixels() == 0)
      throw InputError("-ref: no positive polygon covers a valid pixel of -in");
  }
  const bool            fromModel = !settings.modelPath.empty();
  const ThresholdCurves curves    = fromModel ? ModelCurves(settings.modelPath, probability, reporter) : *referenceCurves;
  const ThresholdMethod method    = settings.method;
  if ((method == ThresholdMethod::F1 || method == ThresholdMethod::FBeta) && curves.NegativePixels() == 0)
    throw InputError("-ref: no negative polygon covers a valid pixel of -in, so precision cannot be measured (use -method pu)");
  const double       beta = method == ThresholdMethod::FBeta ? settings.beta : 1.;
  const unsigned int bin =
      method == ThresholdMethod::User ? static_cast<unsigned int>(std::lround(settings.userThreshold * ThresholdSteps)) : curves.ChooseBin(method, beta);
  const Confusion    atThreshold = curves.At(bin);
  std::ostringstream line;
  line << (fromModel ? "Cross-validation" : "Reference") << " pixels: " << curves.PositivePixels() << " positive, " << curves.NegativePixels()
       << " negative. Threshold " << BinThreshold(bin) << " (" << settings.methodName << "): precision " << atThreshold.Precision() << ", recall "
       << atThreshold.Recall() << ", F " << atThreshold.FScore(beta) << ", kappa " << atThreshold.Kappa();
  reporter.Info(line.str());

  // The objects need the whole map: it is written once to a temporary file, polygonized, and the
  // objects below the minimum area are removed from the pipeline whose output goes to the map.
  m_Pipeline                   = std::make_unique<BinaryMapPipeline>(probability, encoding.scale, encoding.noData, bin, settings.morphology, settings.radius);
  const std::string objectsMap = settings.scratchPath + ".objects.tif";
  WriteScratch(m_Pipeline->GetOutput(), objectsMap, settings.ramMegabytes, "Thresholding for the objects", reporter);
  // The objects' mean probabilities are read from the map's file; a map chained in memory gets one.
  std::string probabilityFile = WithoutExtendedFilename(settings.probabilityPath);
  if (probabilityFile.empty())
  {
    probabilityFile = settings.scratchPath + ".probability.tif";
    WriteScratch(probability, probabilityFile, settings.ramMegabytes, "Probabilities for the objects", reporter);
  }
  ThresholdReport  report;
  ObjectExtraction extraction =
      ExtractObjects(objectsMap, {probabilityFile, encoding.scale, encoding.noData}, settings.minArea, reference, settings.polygonsPath);
  std::remove(objectsMap.c_str());
  if (settings.probabilityPath.empty())
    std::remove(probabilityFile.c_str());
  m_Pipeline->RemoveObjects(extraction.removed, mapCrs);
  report.objects      = extraction.counts;
  report.hasReference = !settings.referencePath.empty();
  if (report.hasReference)
  {
    report.mapConfusion = CountReferencePixels(m_Pipeline->GetOutput(), {1., BinaryNoData}, settings.ramMegabytes).At(ScoreBin(BinaryClass));
    line.str("");
    line << "Map against -ref: precision " << report.mapConfusion.Precision() << ", recall " << report.mapConfusion.Recall() << ", F "
         << report.mapConfusion.FScore(beta) << "; reference objects detected " << report.objects.detected << " / " << report.objects.referenceObjects
         << ", predicted objects matching no reference object " << report.objects.unmatched << " (" << report.objects.unmatchedInNegatives
         << " in negative polygons)";
    reporter.Info(line.str());
  }
  m_Pipeline->DeclareNoData();
  reporter.Info("Map: " + std::to_string(report.objects.predicted) + " objects (" + std::to_string(report.objects.removedSmall) +
                " smaller than -minarea removed)");

  if (!settings.reportPath.empty() || !settings.plotPath.empty())
  {
    report.method           = settings.methodName;
    report.beta             = beta;
    report.thresholdBin     = bin;
    report.morphologyRadius = settings.morphology == Morphology::None ? 0 : settings.radius;
    report.probabilityPath  = WithoutExtendedFilename(settings.probabilityPath); // the files, not how they were written
    report.referencePath    = settings.referencePath;
    report.modelPath        = settings.modelPath;
    report.mapPath          = WithoutExtendedFilename(settings.mapPath);
    report.morphology       = settings.morphologyName;
    report.minArea          = settings.minArea;
    // -plot is drawn from the report: from a temporary one when -report is not asked for.
    const std::string reportPath = settings.reportPath.empty() ? settings.plotPath + ".json" : settings.reportPath;
    WriteThresholdReport(reportPath, report, curves, settings.reportPath.empty() ? "-plot" : "-report");
    if (!settings.plotPath.empty())
    {
      DrawThresholdPlot(reportPath, settings.plotPath);
      if (settings.reportPath.empty())
        std::remove(reportPath.c_str());
    }
  }
  return m_Pipeline->GetOutput();
}

} // namespace Imclass
} // namespace otb
