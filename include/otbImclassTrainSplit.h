/*
 * ImCLASS — cross-validation folds of ImclassTrain's samples.
 *
 * "polygon": positives by whole polygons (polygons that touch stay together), negatives by
 * square spatial blocks; negatives on the border pixels of their block are dropped, so no pixel
 * of a fold is a neighbour of a pixel of another fold. "pixel": each pixel independently (the
 * paper's random split, optimistic). Both are seeded draws, the same whatever the threads.
 */
#ifndef otbImclassTrainSplit_h
#define otbImclassTrainSplit_h

#include "OTBImclassExport.h"
#include "otbImclassTrainSampler.h"

#include <vector>

namespace otb
{
namespace Imclass
{

/** Polygons closer than `distance` to each other (transitively) share a group; returns the group
 * of each polygon, groups numbered from 0 in the order of their first polygon. */
OTBImclass_EXPORT std::vector<int> TouchingGroups(const std::vector<const OGRGeometry*>& polygons, double distance);

/** Fold (0 .. min(folds, groups) - 1) of each group: groups, in an order drawn with `seed`, each
 * go to the fold holding the fewest pixels (`groupPixels`) so far, so folds hold similar areas
 * of the class. Throws InputError("-split: ...") with fewer than two groups. */
OTBImclass_EXPORT std::vector<int> GroupFolds(const std::vector<long>& groupPixels, int folds, unsigned int seed);

/** Square blocks of `blockPixels` pixels, each drawn into one of `folds` folds.
 * \ingroup OTBImclass */
class OTBImclass_EXPORT BlockSplit
{
public:
  BlockSplit(long blockPixels, int folds, unsigned int seed);
  int Fold(long x, long y) const;
  /** True on the first or last row or column of a block. */
  bool OnBlockBorder(long x, long y) const;
  /** The pixels of block (bx, by) inside an image of width x height. */
  PixelWindow Block(long bx, long by, long width, long height) const;
  long        BlockPixels() const
  {
    return m_BlockPixels;
  }

private:
  long         m_BlockPixels;
  int          m_Folds;
  unsigned int m_Seed;
};

/** Fold of each pixel sample in "pixel" mode. */
OTBImclass_EXPORT std::vector<int> PixelFolds(const SampleSet& samples, int folds, unsigned int seed);

} // namespace Imclass
} // namespace otb

#endif
