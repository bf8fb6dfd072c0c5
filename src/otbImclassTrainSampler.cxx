#include "otbImclassTrainSampler.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <tuple>

namespace otb
{
namespace Imclass
{

namespace
{

// SplitMix64 finalizer: a well-mixed 64-bit hash of a 64-bit value.
uint64_t Mix(uint64_t value)
{
  value += 0x9E3779B97F4A7C15ULL;
  value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9ULL;
  value = (value ^ (value >> 27)) * 0x94D049BB133111EBULL;
  return value ^ (value >> 31);
}

bool EnvelopesIntersect(const OGRGeometry* geometry, const OGREnvelope& window)
{
  OGREnvelope envelope;
  geometry->getEnvelope(&envelope);
  return envelope.Intersects(window);
}

/** Windows of at most tileSide x tileSide pixels covering `window`, row by row. */
std::vector<PixelWindow> Tiles(const PixelWindow& window, long tileSide)
{
  std::vector<PixelWindow> tiles;
  for (long y = window.y0; y < window.y0 + window.height; y += tileSide)
    for (long x = window.x0; x < window.x0 + window.width; x += tileSide)
      tiles.push_back(PixelWindow{x, y, std::min(tileSide, window.x0 + window.width - x), std::min(tileSide, window.y0 + window.height - y)});
  return tiles;
}

/** Pixels of `tile` inside include[group] and inside neither `exclude` nor an earlier include
 * geometry (a pixel belongs to the first polygon holding it). */
std::vector<unsigned char> GroupMask(const SamplingArea& area, size_t group, const ImageGrid& grid, const PixelWindow& tile)
{
  std::vector<unsigned char> mask = RasterizeWindow({area.include[group]}, grid, tile);
  OGREnvelope                tileEnvelope;
  grid.Rectangle(tile)->getEnvelope(&tileEnvelope);
  std::vector<const OGRGeometry*> excluded;
  for (const auto* geometry : area.exclude)
    if (EnvelopesIntersect(geometry, tileEnvelope))
      excluded.push_back(geometry);
  for (size_t earlier = 0; earlier < group; ++earlier)
    if (EnvelopesIntersect(area.include[earlier], tileEnvelope))
      excluded.push_back(area.include[earlier]);
  if (!excluded.empty())
  {
    const std::vector<unsigned char> excludedMask = RasterizeWindow(excluded, grid, tile);
    for (size_t i = 0; i < mask.size(); ++i)
      mask[i] = mask[i] && !excludedMask[i];
  }
  return mask;
}

} // namespace

double SeededUniform(unsigned int seed, unsigned int stream, long x, long y)
{
  uint64_t hash = Mix(seed);
  hash          = Mix(hash ^ (static_cast<uint64_t>(stream) << 40));
  hash          = Mix(hash ^ static_cast<uint64_t>(x));
  hash          = Mix(hash ^ (static_cast<uint64_t>(y) << 1));
  return static_cast<double>(hash >> 11) * (1.0 / 9007199254740992.0); // 53 bits -> [0, 1)
}

StackWindowReader::StackWindowReader(FloatVectorImageType* stack, const NoDataRule& noData)
  : m_Stack(stack), m_NoData(noData), m_NumberOfFeatures(stack->GetNumberOfComponentsPerPixel())
{
}

void StackWindowReader::Read(const PixelWindow& window)
{
  FloatVectorImageType::RegionType region;
  region.SetIndex(0, window.x0);
  region.SetIndex(1, window.y0);
  region.SetSize(0, window.width);
  region.SetSize(1, window.height);
  m_Stack->SetRequestedRegion(region);
  m_Stack->Update();
}

const float* StackWindowReader::Pixel(long x, long y) const
{
  FloatVectorImageType::IndexType index;
  index[0] = x;
  index[1] = y;
  return m_Stack->GetBufferPointer() + m_Stack->ComputeOffset(index) * m_NumberOfFeatures;
}

bool StackWindowReader::Valid(long x, long y) const
{
  const float* values = Pixel(x, y);
  for (unsigned int b = 0; b < m_NumberOfFeatures; ++b)
    if (m_NoData.IsInvalidFeature(b, values[b]))
      return false;
  return true;
}

void SampleSet::Append(const SamplePixel& pixel, const float* values)
{
  pixels.push_back(pixel);
  features.insert(features.end(), values, values + numberOfFeatures);
}

void SampleSet::KeepLowestRanks(size_t count)
{
  std::vector<size_t> order(pixels.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [this](size_t a, size_t b)
            {
              const auto& pa = pixels[a];
              const auto& pb = pixels[b];
              return std::tie(pa.rank, pa.y, pa.x) < std::tie(pb.rank, pb.y, pb.x);
            });
  order.resize(std::min(count, order.size()));
  SampleSet kept;
  kept.numberOfFeatures = numberOfFeatures;
  for (const size_t i : order)
    kept.Append(pixels[i], Features(i));
  *this = std::move(kept);
}

void SampleSet::KeepFeatures(const std::vector<unsigned int>& columns)
{
  std::vector<float> kept;
  kept.reserve(pixels.size() * columns.size());
  for (size_t i = 0; i < pixels.size(); ++i)
    for (const unsigned int column : columns)
      kept.push_back(Features(i)[column]);
  features         = std::move(kept);
  numberOfFeatures = static_cast<unsigned int>(columns.size());
}

void SampleSet::Filter(const std::vector<bool>& keep)
{
  SampleSet kept;
  kept.numberOfFeatures = numberOfFeatures;
  for (size_t i = 0; i < pixels.size(); ++i)
    if (keep[i])
      kept.Append(pixels[i], Features(i));
  *this = std::move(kept);
}

SamplingResult SampleArea(const SamplingArea& area, const ImageGrid& grid, StackWindowReader& reader, unsigned int seed, DrawStream stream, size_t maxCount,
                          long tileSide)
{
  SamplingResult result;
  result.samples.numberOfFeatures = reader.NumberOfFeatures();
  result.groupPixels.assign(area.include.size(), 0);

  std::vector<std::vector<PixelWindow>> tiles;
  for (const auto* geometry : area.include)
  {
    OGREnvelope envelope;
    geometry->getEnvelope(&envelope);
    tiles.push_back(Tiles(grid.WindowOf(envelope), tileSide));
  }
  // First pass, rasterization only: how many pixels the area holds.
  for (size_t group = 0; group < area.include.size(); ++group)
    for (const auto& tile : tiles[group])
    {
      const auto mask = GroupMask(area, group, grid, tile);
      result.groupPixels[group] += std::count(mask.begin(), mask.end(), 1);
    }
  result.areaPixels = std::accumulate(result.groupPixels.begin(), result.groupPixels.end(), 0L);
  if (result.areaPixels == 0)
    return result;

  // Second pass: read only the pixels whose rank is below `fraction`; a margin for no-data
  // pixels, and a larger fraction while too few valid pixels were found.
  double fraction = maxCount == 0 ? 1.0 : std::min(1.0, 1.5 * maxCount / result.areaPixels);
  for (;;)
  {
    result.samples.pixels.clear();
    result.samples.features.clear();
    result.noDataPixels = 0;
    for (size_t group = 0; group < area.include.size(); ++group)
      for (const auto& tile : tiles[group])
      {
        const auto               mask = GroupMask(area, group, grid, tile);
        std::vector<SamplePixel> drawn;
        for (long row = 0; row < tile.height; ++row)
          for (long column = 0; column < tile.width; ++column)
            if (mask[row * tile.width + column])
            {
              const long   x = tile.x0 + column, y = tile.y0 + row;
              const double rank = SeededUniform(seed, stream, x, y);
              if (rank < fraction)
                drawn.push_back(SamplePixel{x, y, rank, static_cast<int>(group)});
            }
        if (drawn.empty())
          continue;
        PixelWindow around{drawn.front().x, drawn.front().y, 1, 1};
        long        x1 = around.x0, y1 = around.y0;
        for (const auto& pixel : drawn)
        {
          around.x0 = std::min(around.x0, pixel.x);
          around.y0 = std::min(around.y0, pixel.y);
          x1        = std::max(x1, pixel.x);
          y1        = std::max(y1, pixel.y);
        }
        around.width  = x1 - around.x0 + 1;
        around.height = y1 - around.y0 + 1;
        reader.Read(around);
        for (const auto& pixel : drawn)
        {
          if (reader.Valid(pixel.x, pixel.y))
            result.samples.Append(pixel, reader.Pixel(pixel.x, pixel.y));
          else
            ++result.noDataPixels;
        }
      }
    if (maxCount == 0 || result.samples.pixels.size() >= maxCount || fraction >= 1.0)
      break;
    fraction = std::min(1.0, fraction * 4);
  }
  const double drawn     = static_cast<double>(result.samples.pixels.size() + result.noDataPixels);
  result.validAreaPixels = drawn > 0 ? std::lround(result.areaPixels * (result.samples.pixels.size() / drawn)) : 0;
  if (maxCount > 0)
    result.samples.KeepLowestRanks(maxCount);
  return result;
}

} // namespace Imclass
} // namespace otb
