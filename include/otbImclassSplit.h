/*
 * ImCLASS — training / validation split of ImclassTrain's samples.
 *
 * "polygon": positives by whole polygons (polygons that touch stay together), negatives by
 * square spatial blocks; training negatives on the border pixels of their block are dropped, so
 * no training pixel is a neighbour of a validation block. "pixel": each pixel independently
 * (the paper's random 2/3 - 1/3). Both are seeded draws, the same whatever the threads.
 */
#ifndef otbImclassSplit_h
#define otbImclassSplit_h

#include "OTBImclassExport.h"
#include "otbImclassPixelSampler.h"

#include <vector>

namespace otb
{
namespace Imclass
{

/** Polygons closer than `distance` to each other (transitively) share a group; returns the group
 * of each polygon, groups numbered from 0 in the order of their first polygon. */
OTBImclass_EXPORT std::vector<int> TouchingGroups(const std::vector<const OGRGeometry*>& polygons, double distance);

/** Validation flag of each group: groups, in an order drawn with `seed`, go to training until
 * `trainFraction` of the pixels (`groupPixels`) are in training, the others to validation; at
 * least one group on each side. Throws InputError("-split: ...") with fewer than two groups. */
OTBImclass_EXPORT std::vector<bool> ValidationGroups(const std::vector<long>& groupPixels, double trainFraction, unsigned int seed);

/** Square blocks of `blockPixels` pixels, each drawn to validation with probability
 * 1 - trainFraction. */
class OTBImclass_EXPORT BlockSplit
{
public:
  BlockSplit(long blockPixels, double trainFraction, unsigned int seed);
  bool InValidation(long x, long y) const;
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
  double       m_TrainFraction;
  unsigned int m_Seed;
};

/** Validation flags of pixel samples in "pixel" mode. */
OTBImclass_EXPORT std::vector<bool> PixelSplit(const SampleSet& samples, double trainFraction, unsigned int seed);

} // namespace Imclass
} // namespace otb

#endif
