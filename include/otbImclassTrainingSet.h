/*
 * ImCLASS — the samples of ImclassTrain: positives drawn in the class polygons, negatives in the
 * negative area outside a buffer around them, split into training and validation (see
 * otbImclassSplit.h), with the validation set as polygons for ImclassThreshold.
 */
#ifndef otbImclassTrainingSet_h
#define otbImclassTrainingSet_h

#include "OTBImclassExport.h"
#include "otbImclassPixelSampler.h"
#include "otbImclassSplit.h"
#include "otbImclassTrainForest.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

struct TrainingSettings
{
  unsigned int seed                 = 42;
  size_t       maxPerClass          = 20000; // 0 = no limit
  double       negativesPerPositive = 1.0;
  double       buffer               = 50.0; // metres; never less than 1.5 pixels
  double       trainFraction        = 0.667;
  bool         splitByPolygon       = true;
  double       blockSize            = 500.0; // metres, polygon split
  long         tileSide             = 512;   // widest window read, pixels
};

class OTBImclass_EXPORT TrainingSet
{
public:
  /** Draws and splits the samples. An empty `negativeArea` means the image footprint;
   * `negativeParameter` names where negatives come from in error messages (-neg, -roi...).
   * Throws InputError when a class or a side of the split gets no sample. */
  TrainingSet(PolygonLayer positives, PolygonLayer negativeArea, const std::string& negativeParameter, const ImageGrid& grid,
              StackWindowReader& reader, const TrainingSettings& settings);

  LabelledSamples Training() const;
  LabelledSamples Validation() const;
  /** train_positive, train_negative, validation_positive, validation_negative. */
  std::map<std::string, long> Counts() const;
  /** One line: what was drawn from where. */
  std::string Summary() const;
  /** Validation polygons (label 1) and validation blocks cut to the negative area (label 0);
   * pixel split: one square per validation pixel. In the CRS of the grid. */
  std::vector<std::pair<OGRGeometryUniquePtr, int>> ValidationPolygons() const;

  /** Buffer actually used around positives, metres. */
  double BufferDistance() const
  {
    return m_BufferDistance * m_Grid.MetresPerMapUnit();
  }
  /** Side of the negative blocks actually used (whole pixels), metres. */
  double BlockSize() const
  {
    return m_Blocks.BlockPixels() * m_Grid.PixelSize() * m_Grid.MetresPerMapUnit();
  }

private:
  void SplitByPolygon(const std::vector<long>& polygonPixels);

  ImageGrid                         m_Grid;
  TrainingSettings                  m_Settings;
  PolygonLayer                      m_Positives;
  PolygonLayer                      m_NegativeArea;
  std::vector<OGRGeometryUniquePtr> m_BufferedPositives;
  double                            m_BufferDistance; // map units
  BlockSplit                        m_Blocks;
  SampleSet                         m_PositiveSamples, m_NegativeSamples;
  long                              m_PositiveAreaPixels = 0, m_NegativeAreaPixels = 0;
  long                              m_NoDataPixels = 0; // drawn pixels found no-data, both classes
  std::vector<bool>                 m_PositiveValidation, m_NegativeValidation;
  std::vector<int>                  m_PolygonGroup;    // polygon split: group of touching polygons of each positive polygon
  std::vector<bool>                 m_ValidationGroup; // polygon split: is the group in validation
};

} // namespace Imclass
} // namespace otb

#endif
