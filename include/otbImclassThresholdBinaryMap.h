/*
 * ImCLASS — the binary class map of ImclassThreshold as a streamed pipeline: probability >= the
 * chosen threshold (the ScoreBin rule of the curves, so the map and the curves agree exactly),
 * an optional salt-and-pepper filter (majority vote in a window, or binary morphology with a
 * disc), and no-data where the probability is no-data. Every stage is a threaded ITK/OTB filter that streams by tiles
 * (morphology reads each tile with a margin of the disc radius).
 */
#ifndef otbImclassThresholdBinaryMap_h
#define otbImclassThresholdBinaryMap_h

#include "OTBImclassExport.h"
#include "otbImage.h"
#include "itkFlatStructuringElement.h"
#include "ogr_geometry.h"
#include "ogr_spatialref.h"
#include "otbOGRDataSourceWrapper.h"
#include "itkProcessObject.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Salt-and-pepper filters: majority gives each pixel the label most of its window holds (OTB's
 * neighbourhood majority vote, as ClassificationMapRegularization: ITK ball of the radius, no-data
 * pixels do not vote, a tie keeps the pixel's label); opening removes isolated class pixels and
 * thin spurs, closing fills small holes and gaps, openclose does both (opening first). */
enum class Morphology
{
  None,
  Majority,
  Opening,
  Closing,
  OpenClose
};

/** Parses "none", "majority", "opening", "closing", "openclose"; throws InputError naming `parameter`. */
OTBImclass_EXPORT Morphology ParseMorphology(const std::string& name, const std::string& parameter);

/** The pixels within `radius` pixels of the centre (radius 1: the 4-neighbour cross). */
OTBImclass_EXPORT itk::FlatStructuringElement<2> Disc(unsigned int radius);

/** \ingroup OTBImclass */
class OTBImclass_EXPORT BinaryMapPipeline
{
public:
  using ProbabilityImageType = otb::Image<float, 2>;
  using BinaryImageType      = otb::Image<unsigned char, 2>;

  /** Probabilities are pixel value x `scale`; `noData` (and NaN) is no data. Class pixels: those
   * whose ScoreBin is >= `thresholdBin`. `radius` is the radius of the filter's window or disc in pixels. */
  BinaryMapPipeline(ProbabilityImageType* probability, double scale, double noData, unsigned int thresholdBin, Morphology morphology, unsigned int radius);

  /** Sets the pixels of these objects (polygons in `crs`, e.g. those below the minimum area) to
   * BinaryBackground; they are rasterized tile by tile. */
  void RemoveObjects(const std::vector<OGRGeometryUniquePtr>& objects, const OGRSpatialReference& crs);

  /** BinaryClass, BinaryBackground, or BinaryNoData where the probability is no data. The band is
   * named "class" and declares BinaryNoData. */
  BinaryImageType* GetOutput()
  {
    return m_Output;
  }

  /** Names the band "class" and declares BinaryNoData on the output (done by the constructor and
   * RemoveObjects; again after a pass that re-ran the pipeline's output information). */
  void DeclareNoData();

private:
  void ReleaseDataAfterUse();

  std::vector<itk::ProcessObject::Pointer> m_Filters; // the pipeline, kept alive
  ogr::DataSource::Pointer                 m_RemovedObjects;
  BinaryImageType::Pointer                 m_Output;
};

} // namespace Imclass
} // namespace otb

#endif
