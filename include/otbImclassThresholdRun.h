/*
 * ImCLASS — what ImclassThreshold does, as one call: the curves (the model's cross-validation, or
 * the reference polygons counted in one streamed pass), the threshold chosen on them, the binary
 * map pipeline, its objects polygonized from a temporary copy of the map (those below the minimum
 * area removed from the map), the map scored against the reference, and the report and plot.
 */
#ifndef otbImclassThresholdRun_h
#define otbImclassThresholdRun_h

#include "OTBImclassExport.h"
#include "otbImclassImageTypes.h"
#include "otbImclassModel.h"
#include "otbImclassNoData.h"
#include "otbImclassReporter.h"
#include "otbImclassThresholdBinaryMap.h"
#include "otbImclassThresholdCurves.h"
#include "otbImclassThresholdReference.h"

#include "itkObject.h"
#include "otbOGRDataSourceToLabelImageFilter.h"

#include <memory>
#include <string>

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
struct ThresholdSettings
{
  std::string     probabilityPath; // -in as given; empty for a map chained in memory
  std::string     modelPath;       // the model that made the map: chooses the threshold (may be empty)
  std::string     referencePath;   // reference polygons: chooses without a model, scores the map (may be empty)
  std::string     classField = "label", classValue = "1";
  ThresholdMethod method         = ThresholdMethod::F1;
  std::string     methodName     = "f1";
  double          beta           = 1.;  // of ThresholdMethod::FBeta
  double          userThreshold  = 0.5; // of ThresholdMethod::User
  Morphology      morphology     = Morphology::Majority;
  std::string     morphologyName = "majority";
  unsigned int    radius         = 1;
  double          minArea        = 0.;                // square metres
  std::string     mapPath;                            // where the map goes (recorded in the report)
  std::string     scratchPath;                        // stem of the temporary files (copies of the map for the objects; removed)
  std::string     polygonsPath, reportPath, plotPath; // empty: not written
  unsigned int    ramMegabytes = 256;
};

/** Holds the map pipeline (it must live as long as its output is used). \ingroup OTBImclass */
class OTBImclass_EXPORT ThresholdRun : public itk::Object
{
public:
  using Self    = ThresholdRun;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ThresholdRun, itk::Object);

  /** Chooses the threshold, writes the polygons, report and plot, and returns the (not yet
   * updated) binary map to write. Throws InputError naming the parameter at fault. */
  MaskImageType* Run(const ThresholdSettings& settings, FloatImageType* probability, Reporter& reporter);

protected:
  ThresholdRun()           = default;
  ~ThresholdRun() override = default;

private:
  ThresholdRun(const Self&)   = delete;
  void operator=(const Self&) = delete;

  /** How the probability map encodes probabilities.
   * \ingroup OTBImclass */
  struct Encoding
  {
    double scale  = 1.;
    double noData = NoDataValue;
  };
  /** From the map's metadata (what ImclassPredict records), else from its file: a uint8 file holds
   * percentages. */
  static Encoding ReadEncoding(const FloatImageType* probability, const std::string& path);

  /** The reference polygons, and the rasterizer that burns them onto the grid of the map. */
  ReferencePolygons ReadReference(const ThresholdSettings& settings, FloatImageType* probability, const OGRSpatialReference& mapCrs, Reporter& reporter);

  /** Histograms of the values (probabilities, or the 0/1 of a binary map) of the reference pixels:
   * one streamed pass. */
  template <class TImage>
  ThresholdCurves CountReferencePixels(TImage* image, const Encoding& encoding, unsigned int ramMegabytes);

  /** The metadata of the model, which must be the one that made the map. */
  static ModelMetadata MapModel(const std::string& modelPath, const FloatImageType* probability, Reporter& reporter);

  /** Writes `image` to the temporary file `path` (streamed), showing progress as `description`. */
  template <class TImage>
  static void WriteScratch(TImage* image, const std::string& path, unsigned int ramMegabytes, const std::string& description, Reporter& reporter);

  using RasterizerType = OGRDataSourceToLabelImageFilter<MaskImageType>;
  ogr::DataSource::Pointer           m_ReferenceSource;
  RasterizerType::Pointer            m_Rasterizer;
  std::unique_ptr<BinaryMapPipeline> m_Pipeline;
};

} // namespace Imclass
} // namespace otb

#endif
