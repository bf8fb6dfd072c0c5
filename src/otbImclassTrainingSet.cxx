#include "otbImclassTrainingSet.h"

#include "otbImclassFeatureCatalogue.h"

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

std::vector<bool> Not(const std::vector<bool>& flags)
{
  std::vector<bool> negated;
  for (const bool flag : flags)
    negated.push_back(!flag);
  return negated;
}

} // namespace

TrainingSet::TrainingSet(PolygonLayer positives, PolygonLayer negativeArea, const std::string& negativeParameter, const ImageGrid& grid,
                         StackWindowReader& reader, const TrainingSettings& settings)
  : m_Grid(grid)
  , m_Settings(settings)
  , m_Positives(std::move(positives))
  , m_NegativeArea(std::move(negativeArea))
  , m_BufferDistance(std::max(settings.buffer / grid.MetresPerMapUnit(), 1.5 * grid.PixelSize()))
  , m_Blocks(std::lround(settings.blockSize / (grid.PixelSize() * grid.MetresPerMapUnit())), settings.trainFraction, settings.seed)
{
  if (m_NegativeArea.polygons.empty())
  {
    m_NegativeArea.polygons.push_back(grid.Footprint());
    m_NegativeArea.description = "the image";
  }
  const auto positiveDraw =
    SampleArea({ m_Positives.Geometries(), {} }, grid, reader, settings.seed, PositiveSelectionStream, settings.maxPerClass, settings.tileSide);
  if (positiveDraw.areaPixels == 0)
    throw InputError("-vec: the " + std::to_string(m_Positives.polygons.size()) +
                     " polygons inside the image hold no pixel centre (smaller than a pixel?)");
  if (positiveDraw.samples.pixels.empty())
    throw InputError("-il: all " + std::to_string(positiveDraw.areaPixels) + " pixels of the positive polygons are no-data");
  m_PositiveSamples    = positiveDraw.samples;
  m_PositiveAreaPixels = positiveDraw.areaPixels;

  // Negatives never lie within the buffer around positives (so never next to one either).
  m_BufferedPositives  = Buffered(m_Positives.Geometries(), m_BufferDistance);
  size_t negativeCount = std::max<long>(1, std::lround(settings.negativesPerPositive * m_PositiveSamples.pixels.size()));
  if (settings.maxPerClass > 0)
    negativeCount = std::min(negativeCount, settings.maxPerClass);
  const auto negativeDraw = SampleArea({ m_NegativeArea.Geometries(), Pointers(m_BufferedPositives) }, grid, reader, settings.seed,
                                       NegativeSelectionStream, negativeCount, settings.tileSide);
  if (negativeDraw.areaPixels == 0)
  {
    std::ostringstream message;
    message << negativeParameter << ": no pixel is left for negatives outside the " << BufferDistance() << " m buffer around the positive polygons";
    throw InputError(message.str());
  }
  if (negativeDraw.samples.pixels.empty())
    throw InputError("-il: all " + std::to_string(negativeDraw.areaPixels) + " pixels where negatives may be drawn are no-data");
  m_NegativeSamples    = negativeDraw.samples;
  m_NegativeAreaPixels = negativeDraw.areaPixels;
  m_NoDataPixels       = positiveDraw.noDataPixels + negativeDraw.noDataPixels;

  if (settings.splitByPolygon)
    SplitByPolygon(positiveDraw.groupPixels);
  else
  {
    m_PositiveValidation = PixelSplit(m_PositiveSamples, settings.trainFraction, settings.seed);
    m_NegativeValidation = PixelSplit(m_NegativeSamples, settings.trainFraction, settings.seed);
  }
  for (const auto& count : Counts())
    if (count.second == 0)
      throw InputError(
        "-split: no " + count.first + " sample" +
        (settings.splitByPolygon && count.first.find("negative") != std::string::npos ? " (negative blocks too large for the area?)" : ""));
}

void TrainingSet::SplitByPolygon(const std::vector<long>& polygonPixels)
{
  m_PolygonGroup = TouchingGroups(m_Positives.Geometries(), 1.5 * m_Grid.PixelSize());
  std::vector<long> groupPixels(*std::max_element(m_PolygonGroup.begin(), m_PolygonGroup.end()) + 1, 0);
  for (size_t p = 0; p < m_PolygonGroup.size(); ++p)
    groupPixels[m_PolygonGroup[p]] += polygonPixels[p];
  m_ValidationGroup = ValidationGroups(groupPixels, m_Settings.trainFraction, m_Settings.seed);
  for (const auto& pixel : m_PositiveSamples.pixels)
    m_PositiveValidation.push_back(m_ValidationGroup[m_PolygonGroup[pixel.group]]);

  // A training negative on a block border could touch a validation block: dropped.
  std::vector<bool> keep;
  for (const auto& pixel : m_NegativeSamples.pixels)
    keep.push_back(m_Blocks.InValidation(pixel.x, pixel.y) || !m_Blocks.OnBlockBorder(pixel.x, pixel.y));
  m_NegativeSamples.Filter(keep);
  for (const auto& pixel : m_NegativeSamples.pixels)
    m_NegativeValidation.push_back(m_Blocks.InValidation(pixel.x, pixel.y));
}

LabelledSamples TrainingSet::Training() const
{
  return Labelled(m_PositiveSamples, Not(m_PositiveValidation), m_NegativeSamples, Not(m_NegativeValidation));
}

LabelledSamples TrainingSet::Validation() const
{
  return Labelled(m_PositiveSamples, m_PositiveValidation, m_NegativeSamples, m_NegativeValidation);
}

std::map<std::string, long> TrainingSet::Counts() const
{
  const auto validation = [](const std::vector<bool>& flags) { return static_cast<long>(std::count(flags.begin(), flags.end(), true)); };
  return { { "train_positive", static_cast<long>(m_PositiveValidation.size()) - validation(m_PositiveValidation) },
           { "train_negative", static_cast<long>(m_NegativeValidation.size()) - validation(m_NegativeValidation) },
           { "validation_positive", validation(m_PositiveValidation) },
           { "validation_negative", validation(m_NegativeValidation) } };
}

std::string TrainingSet::Summary() const
{
  std::ostringstream summary;
  summary << "positives: " << m_PositiveSamples.pixels.size() << " pixels drawn of " << m_PositiveAreaPixels << " in " << m_Positives.polygons.size()
          << " polygons (" << m_Positives.description << "); negatives: " << m_NegativeSamples.pixels.size() << " kept of " << m_NegativeAreaPixels
          << " pixels of " << m_NegativeArea.description << " outside " << BufferDistance() << " m of the positives; " << m_NoDataPixels
          << " drawn pixels were no-data";
  return summary.str();
}

std::vector<std::pair<OGRGeometryUniquePtr, int>> TrainingSet::ValidationPolygons() const
{
  std::vector<std::pair<OGRGeometryUniquePtr, int>> polygons;
  if (!m_Settings.splitByPolygon)
  {
    const auto addPixels = [&](const SampleSet& set, const std::vector<bool>& inValidation, int label)
    {
      for (size_t i = 0; i < set.pixels.size(); ++i)
        if (inValidation[i])
          polygons.emplace_back(m_Grid.Rectangle(PixelWindow{ set.pixels[i].x, set.pixels[i].y, 1, 1 }), label);
    };
    addPixels(m_PositiveSamples, m_PositiveValidation, 1);
    addPixels(m_NegativeSamples, m_NegativeValidation, 0);
    return polygons;
  }
  for (size_t p = 0; p < m_Positives.polygons.size(); ++p)
    if (m_ValidationGroup[m_PolygonGroup[p]])
      polygons.emplace_back(OGRGeometryUniquePtr(m_Positives.polygons[p]->clone()), 1);
  // Each block holding validation negatives, cut to where negatives may be drawn.
  std::set<std::pair<long, long>> blocks; // (row, column): written row by row
  for (size_t i = 0; i < m_NegativeSamples.pixels.size(); ++i)
    if (m_NegativeValidation[i])
      blocks.emplace(m_NegativeSamples.pixels[i].y / m_Blocks.BlockPixels(), m_NegativeSamples.pixels[i].x / m_Blocks.BlockPixels());
  for (const auto& block : blocks)
  {
    const auto rectangle = m_Grid.Rectangle(m_Blocks.Block(block.second, block.first, m_Grid.width, m_Grid.height));
    if (auto area = ClipArea(*rectangle, m_NegativeArea.Geometries(), Pointers(m_BufferedPositives)))
      polygons.emplace_back(std::move(area), 0);
  }
  return polygons;
}

} // namespace Imclass
} // namespace otb
