/*
 * ImCLASS — drawing training pixels inside polygons without reading the whole feature stack.
 *
 * A polygon is rasterized (pixel centres) window by window over its envelope; each pixel gets a
 * rank from a seeded hash of its position, and only the pixels whose rank is low enough are read,
 * through the stack pipeline, in the window around them. The result depends on the seed and the
 * positions only: not on threads, tiles or the order of the polygons.
 */
#ifndef otbImclassTrainSampler_h
#define otbImclassTrainSampler_h

#include "OTBImclassExport.h"
#include "otbImclassGrid.h"
#include "otbImclassImageTypes.h"
#include "otbImclassNoData.h"

#include "ogr_geometry.h"

#include <cstdint>
#include <vector>

namespace otb
{
namespace Imclass
{

/** A number in [0, 1) from (seed, stream, x, y): the same everywhere, independent draws for
 * different streams (sampling, split...). */
OTBImclass_EXPORT double SeededUniform(unsigned int seed, unsigned int stream, long x, long y);

/** Independent draw streams of SeededUniform. */
enum DrawStream : unsigned int
{
  PositiveSelectionStream = 1,
  NegativeSelectionStream = 2,
  PixelSplitStream        = 3,
  BlockSplitStream        = 4,
  PolygonSplitStream      = 5
};

/** Reads windows of a (concatenated) feature stack through its pipeline, and tells valid pixels.
 * \ingroup OTBImclass */
class OTBImclass_EXPORT StackWindowReader
{
public:
  /** `noData`: the no-data rule of the stack's bands (NaN, declared no-data values). */
  StackWindowReader(FloatVectorImageType* stack, const NoDataRule& noData);

  void         Read(const PixelWindow& window);
  unsigned int NumberOfFeatures() const
  {
    return m_NumberOfFeatures;
  }
  /** Feature values of a pixel inside the last window read. */
  const float* Pixel(long x, long y) const;
  bool         Valid(long x, long y) const;

private:
  FloatVectorImageType::Pointer m_Stack;
  NoDataRule                    m_NoData;
  unsigned int                  m_NumberOfFeatures;
};

/** One sampled pixel.
 * \ingroup OTBImclass */
struct SamplePixel
{
  long   x, y;
  double rank;  // SeededUniform of the selection stream
  int    group; // index of the polygon it was drawn from
};

/** Sampled pixels and their features (row-major, NumberOfFeatures per pixel).
 * \ingroup OTBImclass */
struct OTBImclass_EXPORT SampleSet
{
  unsigned int             numberOfFeatures = 0;
  std::vector<SamplePixel> pixels;
  std::vector<float>       features;

  void         Append(const SamplePixel& pixel, const float* values);
  const float* Features(size_t i) const
  {
    return features.data() + i * numberOfFeatures;
  }
  /** Keeps the `count` pixels of lowest rank (ties by position), in that order. */
  void KeepLowestRanks(size_t count);
  /** Keeps the pixels for which keep[i] is true. */
  void Filter(const std::vector<bool>& keep);
  /** Keeps the features of `columns` (increasing), in that order. */
  void KeepFeatures(const std::vector<unsigned int>& columns);
};

/** Where to sample: pixels inside one of `include` (the group of a pixel is the index of the
 * first one holding it) and inside none of `exclude`.
 * \ingroup OTBImclass */
struct SamplingArea
{
  std::vector<const OGRGeometry*> include;
  std::vector<const OGRGeometry*> exclude;
};

/** \ingroup OTBImclass */
struct OTBImclass_EXPORT SamplingResult
{
  SampleSet         samples;
  std::vector<long> groupPixels; // pixels of each include geometry, exclusions removed (no-data counted)
  long              areaPixels      = 0;
  long              validAreaPixels = 0; // estimated from the drawn pixels
  long              noDataPixels    = 0; // drawn pixels found no-data
};

/** Draws up to `maxCount` valid pixels of `area` (0 = all of them) with ranks from (seed,
 * stream); windows are at most `tileSide` pixels wide. */
OTBImclass_EXPORT SamplingResult SampleArea(const SamplingArea& area, const ImageGrid& grid, StackWindowReader& reader, unsigned int seed, DrawStream stream,
                                            size_t maxCount, long tileSide);

} // namespace Imclass
} // namespace otb

#endif
