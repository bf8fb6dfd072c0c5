#include "otbImclassTrainingSet.h"

#include "otbImclassInputError.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{

std::vector<const OGRGeometry*> Pointers(const std::vector<OGRGeometryUniquePtr>& geometries)
{
  std::vector<const OGRGeometry*> pointers;
  for (const auto& geometry : geometries)
    pointers.push_back(geometry.get());
  return pointers;
}

std::vector<bool> InFold(const std::vector<int>& folds, bool inFold, int fold)
{
  std::vector<bool> selected;
  for (const int f : folds)
    selected.push_back((f == fold) == inFold);
  return selected;
}

} // namespace

TrainingSet::TrainingSet(PolygonLayer positives, PolygonLayer negativeArea, const std::string& negativeParameter, const ImageGrid& grid,
                         StackWindowReader& reader, const TrainingSettings& settings)
  : m_Grid(grid),
    m_Settings(settings),
    m_Positives(std::move(positives)),
    m_NegativeArea(std::move(negativeArea)),
    m_BufferDistance(std::max(settings.buffer / grid.MetresPerMapUnit(), 1.5 * grid.PixelSize())),
    m_Blocks(std::lround(settings.blockSize / (grid.PixelSize() * grid.MetresPerMapUnit())), settings.folds, settings.seed)
{
  const long blockPixels = std::lround(settings.blockSize / (grid.PixelSize() * grid.MetresPerMapUnit()));
  if (settings.splitByPolygon && blockPixels < 3)
  {
    std::ostringstream message;
    message << "-split.polygon.block: " << settings.blockSize << " m is " << blockPixels << " pixels of " << grid.PixelSize() * grid.MetresPerMapUnit()
            << " m: a block needs at least 3 (negatives on block borders are dropped)";
    throw InputError(message.str());
  }
  if (m_NegativeArea.polygons.empty())
  {
    m_NegativeArea.polygons.push_back(grid.Footprint());
    m_NegativeArea.description = "the image";
  }
  const auto positiveDraw =
      SampleArea({m_Positives.Geometries(), {}}, grid, reader, settings.seed, PositiveSelectionStream, settings.maxPerClass, settings.tileSide);
  if (positiveDraw.areaPixels == 0)
    throw InputError("-vec: the " + std::to_string(m_Positives.polygons.size()) + " polygons inside the image hold no pixel centre (smaller than a pixel?)");
  if (positiveDraw.samples.pixels.empty())
    throw InputError("-il: all " + std::to_string(positiveDraw.areaPixels) + " pixels of the positive polygons are no-data");
  m_PositiveSamples    = positiveDraw.samples;
  m_PositiveAreaPixels = positiveDraw.validAreaPixels;

  // Negatives never lie within the buffer around positives (so never next to one either).
  m_BufferedPositives  = Buffered(m_Positives.Geometries(), m_BufferDistance);
  size_t negativeCount = std::max<long>(1, std::lround(settings.negativesPerPositive * m_PositiveSamples.pixels.size()));
  if (settings.maxPerClass > 0)
    negativeCount = std::min(negativeCount, settings.maxPerClass);
  const auto negativeDraw = SampleArea({m_NegativeArea.Geometries(), Pointers(m_BufferedPositives)}, grid, reader, settings.seed, NegativeSelectionStream,
                                       negativeCount, settings.tileSide);
  if (negativeDraw.areaPixels == 0)
  {
    std::ostringstream message;
    message << negativeParameter << ": no pixel is left for negatives outside the " << BufferDistance() << " m buffer around the positive polygons";
    throw InputError(message.str());
  }
  if (negativeDraw.samples.pixels.empty())
    throw InputError("-il: all " + std::to_string(negativeDraw.areaPixels) + " pixels where negatives may be drawn are no-data");
  m_NegativeSamples    = negativeDraw.samples;
  m_NegativeAreaPixels = negativeDraw.validAreaPixels;
  m_NoDataPixels       = positiveDraw.noDataPixels + negativeDraw.noDataPixels;

  if (settings.splitByPolygon)
    SplitByPolygon(positiveDraw.groupPixels);
  else
  {
    m_Folds        = std::max(settings.folds, 2);
    m_PositiveFold = PixelFolds(m_PositiveSamples, m_Folds, settings.seed);
    m_NegativeFold = PixelFolds(m_NegativeSamples, m_Folds, settings.seed);
  }
  for (int fold = 0; fold < m_Folds; ++fold)
    for (const auto* side : {&m_PositiveFold, &m_NegativeFold})
      if (std::find(side->begin(), side->end(), fold) == side->end())
      {
        const bool negative = side == &m_NegativeFold;
        throw InputError(
            "-split: fold " + std::to_string(fold + 1) + " of " + std::to_string(m_Folds) + " holds no " + (negative ? "negative" : "positive") + " sample" +
            (negative && settings.splitByPolygon ? " (negative blocks too large for the area? see -split.polygon.block)" : " (fewer folds: -sampling.folds)"));
      }
}

void TrainingSet::SplitByPolygon(const std::vector<long>& polygonPixels)
{
  m_PolygonGroup = TouchingGroups(m_Positives.Geometries(), 1.5 * m_Grid.PixelSize());
  std::vector<long> groupPixels(*std::max_element(m_PolygonGroup.begin(), m_PolygonGroup.end()) + 1, 0);
  for (size_t p = 0; p < m_PolygonGroup.size(); ++p)
    groupPixels[m_PolygonGroup[p]] += polygonPixels[p];
  m_GroupFold = GroupFolds(groupPixels, m_Settings.folds, m_Settings.seed);
  m_Folds     = *std::max_element(m_GroupFold.begin(), m_GroupFold.end()) + 1;
  m_Blocks    = BlockSplit(m_Blocks.BlockPixels(), m_Folds, m_Settings.seed);
  for (const auto& pixel : m_PositiveSamples.pixels)
    m_PositiveFold.push_back(m_GroupFold[m_PolygonGroup[pixel.group]]);

  // A negative on a block border could touch a block of another fold: dropped.
  std::vector<bool> keep;
  for (const auto& pixel : m_NegativeSamples.pixels)
    keep.push_back(!m_Blocks.OnBlockBorder(pixel.x, pixel.y));
  m_NegativeSamples.Filter(keep);
  for (const auto& pixel : m_NegativeSamples.pixels)
    m_NegativeFold.push_back(m_Blocks.Fold(pixel.x, pixel.y));
}

LabelledSamples TrainingSet::Select(bool inFold, int fold) const
{
  std::vector<bool> negatives = InFold(m_NegativeFold, inFold, fold);
  if (!inFold && !m_NegativeExcluded.empty())
    for (size_t i = 0; i < negatives.size(); ++i)
      negatives[i] = negatives[i] && !m_NegativeExcluded[i];
  return Labelled(m_PositiveSamples, InFold(m_PositiveFold, inFold, fold), m_NegativeSamples, negatives);
}

std::vector<size_t> TrainingSet::FoldMembers(int fold, bool positive) const
{
  const std::vector<int>& folds = positive ? m_PositiveFold : m_NegativeFold;
  std::vector<size_t>     members;
  for (size_t i = 0; i < folds.size(); ++i)
    if (folds[i] == fold)
      members.push_back(i);
  return members;
}

void TrainingSet::ExcludeNegativesFromTraining(const std::vector<bool>& excluded)
{
  if (excluded.size() != m_NegativeSamples.pixels.size())
    throw std::invalid_argument("ExcludeNegativesFromTraining: one flag per negative sample");
  m_NegativeExcluded = excluded;
}

LabelledSamples TrainingSet::TrainingSamples(int fold) const
{
  return Select(false, fold);
}

LabelledSamples TrainingSet::FoldSamples(int fold) const
{
  return Select(true, fold);
}

std::map<std::string, long> TrainingSet::Counts() const
{
  return {{"positive", static_cast<long>(m_PositiveSamples.pixels.size())},
          {"negative", static_cast<long>(m_NegativeSamples.pixels.size())},
          {"positive_area", m_PositiveAreaPixels},
          {"negative_area", m_NegativeAreaPixels},
          {"folds", m_Folds}};
}

std::string TrainingSet::Summary() const
{
  std::ostringstream summary;
  summary << "positives: " << m_PositiveSamples.pixels.size() << " pixels drawn of " << m_PositiveAreaPixels << " valid in " << m_Positives.polygons.size()
          << " polygons (" << m_Positives.description << "); negatives: " << m_NegativeSamples.pixels.size() << " kept of " << m_NegativeAreaPixels
          << " valid pixels of " << m_NegativeArea.description << " outside " << BufferDistance() << " m of the positives; " << m_NoDataPixels
          << " drawn pixels were no-data";
  return summary.str();
}

std::vector<LabelledPolygon> TrainingSet::FoldPolygons() const
{
  std::vector<LabelledPolygon> polygons;
  if (!m_Settings.splitByPolygon)
  {
    const auto addPixels = [&](const SampleSet& set, const std::vector<int>& folds, int label)
    {
      for (size_t i = 0; i < set.pixels.size(); ++i)
        polygons.push_back({m_Grid.Rectangle(PixelWindow{set.pixels[i].x, set.pixels[i].y, 1, 1}), label, folds[i]});
    };
    addPixels(m_PositiveSamples, m_PositiveFold, 1);
    addPixels(m_NegativeSamples, m_NegativeFold, 0);
    return polygons;
  }
  for (size_t p = 0; p < m_Positives.polygons.size(); ++p)
    polygons.push_back({OGRGeometryUniquePtr(m_Positives.polygons[p]->clone()), 1, m_GroupFold[m_PolygonGroup[p]]});
  // Each block holding negatives, cut to where negatives may be drawn.
  std::set<std::pair<long, long>> blocks; // (row, column): written row by row
  for (const auto& pixel : m_NegativeSamples.pixels)
    blocks.emplace(pixel.y / m_Blocks.BlockPixels(), pixel.x / m_Blocks.BlockPixels());
  for (const auto& block : blocks)
  {
    const auto window    = m_Blocks.Block(block.second, block.first, m_Grid.width, m_Grid.height);
    const auto rectangle = m_Grid.Rectangle(window);
    if (auto area = ClipArea(*rectangle, m_NegativeArea.Geometries(), Pointers(m_BufferedPositives)))
      polygons.push_back({std::move(area), 0, m_Blocks.Fold(window.x0, window.y0)});
  }
  return polygons;
}

CrossValidatedForest TrainCrossValidated(const TrainingSet& samples, const ForestParameters& parameters, unsigned int threads)
{
  // One forest after another, each on every thread: the final forest on all samples, then for
  // each fold a forest trained without it votes on its samples (positives first, then negatives).
  CrossValidatedForest result;
  result.forest = TrainForest(samples.TrainingSamples(TrainingSet::AllFolds), parameters, threads);
  result.positiveVotes.assign(samples.PositiveSamples().pixels.size(), 0);
  result.negativeVotes.assign(samples.NegativeSamples().pixels.size(), 0);
  for (int fold = 0; fold < samples.Folds(); ++fold)
  {
    const auto votes = TrainForest(samples.TrainingSamples(fold), parameters, threads).ClassVotes(samples.FoldSamples(fold).features);
    auto       vote  = votes.begin();
    for (const size_t i : samples.FoldMembers(fold, true))
      result.positiveVotes[i] = static_cast<int>(*vote++);
    for (const size_t i : samples.FoldMembers(fold, false))
      result.negativeVotes[i] = static_cast<int>(*vote++);
  }
  return result;
}

} // namespace Imclass
} // namespace otb
