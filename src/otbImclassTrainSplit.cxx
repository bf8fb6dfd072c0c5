#include "otbImclassTrainSplit.h"

#include "otbImclassInputError.h"

#include <algorithm>
#include <numeric>

namespace otb
{
namespace Imclass
{

namespace
{

int Root(std::vector<int>& parent, int i)
{
  while (parent[i] != i)
    i = parent[i] = parent[parent[i]];
  return i;
}

} // namespace

std::vector<int> TouchingGroups(const std::vector<const OGRGeometry*>& polygons, double distance)
{
  const int                n = static_cast<int>(polygons.size());
  std::vector<OGREnvelope> envelopes(n);
  for (int i = 0; i < n; ++i)
    polygons[i]->getEnvelope(&envelopes[i]);
  // Sweep along x: only polygons whose envelopes come within `distance` are compared.
  std::vector<int> byMinX(n);
  std::iota(byMinX.begin(), byMinX.end(), 0);
  std::sort(byMinX.begin(), byMinX.end(), [&](int a, int b) { return envelopes[a].MinX < envelopes[b].MinX; });
  std::vector<int> parent(n);
  std::iota(parent.begin(), parent.end(), 0);
  for (int k = 0; k < n; ++k)
  {
    const OGREnvelope& a = envelopes[byMinX[k]];
    for (int l = k + 1; l < n && envelopes[byMinX[l]].MinX <= a.MaxX + distance; ++l)
    {
      const OGREnvelope& b = envelopes[byMinX[l]];
      if (b.MinY > a.MaxY + distance || a.MinY > b.MaxY + distance)
        continue;
      const int ra = Root(parent, byMinX[k]), rb = Root(parent, byMinX[l]);
      if (ra != rb && polygons[byMinX[k]]->Distance(polygons[byMinX[l]]) < distance)
        parent[std::max(ra, rb)] = std::min(ra, rb);
    }
  }
  std::vector<int> group(n), number(n, -1);
  int              groups = 0;
  for (int i = 0; i < n; ++i)
  {
    const int root = Root(parent, i);
    if (number[root] < 0)
      number[root] = groups++;
    group[i] = number[root];
  }
  return group;
}

std::vector<int> GroupFolds(const std::vector<long>& groupPixels, int folds, unsigned int seed)
{
  const size_t n = groupPixels.size();
  if (n < 2)
    throw InputError(
        "-split: the polygon split needs at least two separate positive polygons (polygons that touch count as one); "
        "digitize more, or use -split pixel");
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [seed](size_t a, size_t b)
            { return SeededUniform(seed, PolygonSplitStream, static_cast<long>(a), 0) < SeededUniform(seed, PolygonSplitStream, static_cast<long>(b), 0); });
  std::vector<long> foldPixels(std::min<size_t>(std::max(folds, 2), n), 0);
  std::vector<int>  fold(n);
  for (const size_t group : order)
  {
    const auto smallest = std::min_element(foldPixels.begin(), foldPixels.end()) - foldPixels.begin();
    fold[group]         = static_cast<int>(smallest);
    foldPixels[smallest] += groupPixels[group];
  }
  return fold;
}

BlockSplit::BlockSplit(long blockPixels, int folds, unsigned int seed) : m_BlockPixels(std::max(3L, blockPixels)), m_Folds(std::max(folds, 1)), m_Seed(seed)
{
}

int BlockSplit::Fold(long x, long y) const
{
  const double draw = SeededUniform(m_Seed, BlockSplitStream, x / m_BlockPixels, y / m_BlockPixels);
  return std::min(m_Folds - 1, static_cast<int>(draw * m_Folds));
}

bool BlockSplit::OnBlockBorder(long x, long y) const
{
  const long bx = x % m_BlockPixels, by = y % m_BlockPixels;
  return bx == 0 || by == 0 || bx == m_BlockPixels - 1 || by == m_BlockPixels - 1;
}

PixelWindow BlockSplit::Block(long bx, long by, long width, long height) const
{
  const long x0 = bx * m_BlockPixels, y0 = by * m_BlockPixels;
  return PixelWindow{x0, y0, std::min(m_BlockPixels, width - x0), std::min(m_BlockPixels, height - y0)};
}

std::vector<int> PixelFolds(const SampleSet& samples, int folds, unsigned int seed)
{
  std::vector<int> fold;
  for (const auto& pixel : samples.pixels)
    fold.push_back(std::min(folds - 1, static_cast<int>(SeededUniform(seed, PixelSplitStream, pixel.x, pixel.y) * folds)));
  return fold;
}

} // namespace Imclass
} // namespace otb
