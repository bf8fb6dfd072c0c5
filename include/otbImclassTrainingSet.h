/*
 * ImCLASS — the samples of ImclassTrain: positives drawn in the class polygons, negatives in the
 * negative area outside a buffer around them, dealt into cross-validation folds (see
 * otbImclassSplit.h), and the cross-validation itself: every sample gets the votes of a forest
 * trained without its fold.
 */
#ifndef otbImclassTrainingSet_h
#define otbImclassTrainingSet_h

#include "OTBImclassExport.h"
#include "otbImclassTrainSampler.h"
#include "otbImclassTrainSplit.h"
#include "otbImclassTrainForest.h"
#include "otbImclassVectorLayers.h"

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
struct TrainingSettings
{
  unsigned int seed                 = 42;
  size_t       maxPerClass          = 20000; // 0 = no limit
  double       negativesPerPositive = 4.0;
  double       buffer               = 50.0; // metres; never less than 1.5 pixels
  int          folds                = 5;
  bool         splitByPolygon       = true;
  double       blockSize            = 500.0; // metres, polygon split
  long         tileSide             = 512;   // widest window read, pixels
};

/** \ingroup OTBImclass */
class OTBImclass_EXPORT TrainingSet
{
public:
  /** Draws and splits the samples. An empty `negativeArea` means the image footprint;
   * `negativeParameter` names where negatives come from in error messages (-neg, -roi...).
   * Throws InputError when a class or a side of the split gets no sample. */
  TrainingSet(PolygonLayer positives, PolygonLayer negativeArea, const std::string& negativeParameter, const ImageGrid& grid, StackWindowReader& reader,
              const TrainingSettings& settings);

  /** Keeps the features of `columns` (increasing) in every sample: a selection of features. */
  void KeepFeatures(const std::vector<unsigned int>& columns)
  {
    m_PositiveSamples.KeepFeatures(columns);
    m_NegativeSamples.KeepFeatures(columns);
  }

  /** Number of folds (fewer than asked when there are fewer separate positive polygons). */
  int Folds() const
  {
    return m_Folds;
  }
  /** Every sample outside `fold` (all of them for AllFolds), positives first, but the negatives
   * excluded from training. */
  LabelledSamples TrainingSamples(int fold) const;
  /** The samples of `fold`, positives first (excluded negatives too: they are still validated). */
  LabelledSamples      FoldSamples(int fold) const;
  static constexpr int AllFolds = -1;
  /** Indices of the positives (`positive`) or negatives of `fold` in PositiveSamples() or
   * NegativeSamples(), in the order of FoldSamples. */
  std::vector<size_t> FoldMembers(int fold, bool positive) const;

  const SampleSet& PositiveSamples() const
  {
    return m_PositiveSamples;
  }
  const SampleSet& NegativeSamples() const
  {
    return m_NegativeSamples;
  }
  /** Negatives whose flag is true no longer train any forest (they stay in their fold's
   * validation); one flag per sample of NegativeSamples(). */
  void ExcludeNegativesFromTraining(const std::vector<bool>& excluded);

  /** positive, negative (samples); positive_area, negative_area (valid pixels where they were
   * drawn: what each population stands for); folds. */
  std::map<std::string, long> Counts() const;
  /** One line: what was drawn from where. */
  std::string Summary() const;
  /** The positive polygons (label 1) and the negative blocks cut to the negative area (label 0),
   * each with its fold; pixel split: one square per sample. In the CRS of the grid. */
  std::vector<LabelledPolygon> FoldPolygons() const;

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
  void            SplitByPolygon(const std::vector<long>& polygonPixels);
  LabelledSamples Select(bool inFold, int fold) const;

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
  int                               m_Folds        = 0;
  std::vector<int>                  m_PositiveFold, m_NegativeFold;
  std::vector<bool>                 m_NegativeExcluded; // from training
  std::vector<int>                  m_PolygonGroup; // polygon split: group of touching polygons of each positive polygon
  std::vector<int>                  m_GroupFold;    // polygon split: fold of each group
};

/** The final forest, trained on every sample, and its cross-validation: for each fold a forest
 * trained on the other folds votes on the fold's samples.
 * \ingroup OTBImclass */
struct CrossValidatedForest
{
  TrainedForest forest;
  // Out-of-fold number of trees voting for the class, per sample of PositiveSamples() and NegativeSamples().
  std::vector<int> positiveVotes, negativeVotes;
};

/** Trains the final forest and the fold forests one after another, each on `threads` threads
 * (the result does not depend on `threads`). */
OTBImclass_EXPORT CrossValidatedForest TrainCrossValidated(const TrainingSet& samples, const ForestParameters& parameters, unsigned int threads);

} // namespace Imclass
} // namespace otb

#endif
