#ifndef otbImclassHaralickTextureFilter_hxx
#define otbImclassHaralickTextureFilter_hxx

#include "otbImclassHaralickTextureFilter.h"

#include "itkMacro.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <initializer_list>
#include <limits>
#include <type_traits>

namespace otb
{
namespace Imclass
{
namespace Haralick
{

// Logarithms are summed in fixed point so that sums do not depend on the order of updates.
constexpr double FixedPoint = 4294967296.0; // 2^32
// OTB leaves frequencies (and products of marginal frequencies) of at most 1e-4 out of entropies.
constexpr int64_t FrequencyCut = 10000;

inline void CooccurrenceMatrix::Reset(const Tables& tables, bool trackCells)
{
  m_Tables = &tables;
  m_Bins   = tables.bins;
  m_Pairs.assign(static_cast<std::size_t>(m_Bins) * m_Bins, 0);
  m_SumLog = m_SumOfSquares = 0;
  m_SmallCounts.assign(tables.smallCountMax + 1, 0);
  m_Track = trackCells;
  m_NonEmpty.clear();
  m_Position.assign(trackCells ? m_Pairs.size() : 0, -1);
}

template <int Sign>
inline void CooccurrenceMatrix::Add(unsigned int a, unsigned int b)
{
  const unsigned int row = std::min(a, b), column = std::max(a, b);
  const std::size_t  cell     = static_cast<std::size_t>(row) * m_Bins + column;
  const bool         diagonal = row == column;
  const int32_t      before   = m_Pairs[cell];
  const int32_t      after    = before + Sign;
  const int32_t      lower    = Sign > 0 ? before : after;
  m_Pairs[cell]               = after;
  m_SumLog += Sign * (diagonal ? m_Tables->diagonalStep : m_Tables->offDiagonalStep)[lower];
  m_SumOfSquares += Sign * (diagonal ? 4 : 2) * (2 * static_cast<int64_t>(lower) + 1);
  if (m_Tables->smallCountMax > 0)
  {
    // Cells of count k: a diagonal cell counts its pairs twice, an off-diagonal pair fills two cells.
    const int  factor = diagonal ? 2 : 1, cells = diagonal ? 1 : 2;
    const auto tally = [&](int32_t count, int change)
    {
      if (count > 0 && count <= m_Tables->smallCountMax)
        m_SmallCounts[count] += change;
    };
    tally(factor * before, -cells);
    tally(factor * after, cells);
  }
  if (m_Track)
  {
    if (before == 0)
    {
      m_Position[cell] = static_cast<int32_t>(m_NonEmpty.size());
      m_NonEmpty.push_back(static_cast<int32_t>(cell));
    }
    else if (after == 0)
    {
      const int32_t last           = m_NonEmpty.back();
      m_NonEmpty[m_Position[cell]] = last;
      m_Position[last]             = m_Position[cell];
      m_NonEmpty.pop_back();
    }
  }
}

inline double CooccurrenceMatrix::SumFrequencyLogFrequency(int64_t total) const
{
  // A count over the total is one correctly rounded division: exactly 1e-4 is not above 1e-4.
  int64_t sum = m_SumLog, mass = total;
  for (int64_t k = 1; k * FrequencyCut <= total; ++k) // only in windows of 10000 counts or more
  {
    sum -= m_SmallCounts[k] * m_Tables->countLog[k];
    mass -= m_SmallCounts[k] * k;
  }
  return (static_cast<double>(sum) / FixedPoint - static_cast<double>(mass) * m_Tables->logCountDouble[total]) / static_cast<double>(total);
}

template <int Sign>
inline void LinearSums::AddPair(int64_t* record, unsigned int a, unsigned int b) const
{
  const int64_t s = a + b, d = a > b ? a - b : b - a, s2 = s * s;
  record[Total] += 2 * Sign;
  record[SumI] += Sign * s;
  record[SumII] += Sign * (static_cast<int64_t>(a) * a + static_cast<int64_t>(b) * b);
  record[SumIJ] += Sign * 2 * static_cast<int64_t>(a) * b;
  record[SumS3] += Sign * 2 * s2 * s;
  record[SumS4] += Sign * 2 * s2 * s2;
  record[SumIdm] += Sign * 2 * m_Tables.idmWeight[d];
  record[Marginal() + a] += Sign;
  record[Marginal() + b] += Sign;
  if (m_Advanced)
  {
    if (s >= m_Bins)
    {
      record[LevelSums() + s - m_Bins] += 2 * Sign;
      record[HighSumS] += Sign * 2 * s;
      record[HighSumS2] += Sign * 2 * s2;
    }
    // OTB's difference histogram holds the cells on and below the diagonal.
    record[Differences() + d] += d == 0 ? 2 * Sign : Sign;
    record[SumHalfD] += Sign * d;
  }
}

inline Window::Window(const Tables& tables, const LinearSums& layout, bool advanced)
  : m_Tables(tables), m_Layout(layout), m_Bins(tables.bins), m_Sums(layout.Size(), 0), m_Marginal(&m_Sums[layout.Marginal()])
{
  m_Cells.Reset(tables, advanced);
  if (advanced)
  {
    m_Levels.reserve(m_Bins);
    m_LogProbability.resize(m_Bins);
    m_Seen.assign(static_cast<std::size_t>(m_Bins) * m_Bins, 0);
  }
}

template <int Sign>
inline void Window::UpdateColumn(const Pair* pairs, long count, long stride, const int64_t* record)
{
  for (long k = 0; k < count; ++k, pairs += stride)
    if (pairs->a != Pair::None)
      m_Cells.Add<Sign>(pairs->a, pairs->b);
  for (std::size_t k = 0; k < m_Sums.size(); ++k)
    m_Sums[k] += Sign * record[k];
}

inline void Window::ComputeSimple(double* features) const
{
  using L             = LinearSums;
  const int64_t total = m_Sums[L::Total];
  if (total == 0)
  {
    std::fill(features, features + 8, 0.0);
    return;
  }
  const int64_t sumI = m_Sums[L::SumI], sumII = m_Sums[L::SumII], sumIJ = m_Sums[L::SumIJ];
  const double  inverse  = 1 / static_cast<double>(total);
  const double  inverse2 = inverse * inverse;
  const double  variance = static_cast<double>(total * sumII - sumI * sumI) * inverse2;
  // OTB divides the covariance by the variance squared, and by 1 when that is below 1e-4.
  double varianceSquared = variance * variance;
  if (varianceSquared < 1e-4)
    varianceSquared = 1;
  // Moments of s = i + j about its mean m = 2 mu (s^2 = i^2 + j^2 + 2 i j).
  const double m = 2 * sumI * inverse, e2 = 2 * (sumII + sumIJ) * inverse;
  const double e3 = m_Sums[L::SumS3] * inverse, e4 = m_Sums[L::SumS4] * inverse;
  // OTB's Haralick correlation takes the mean (1 / bins) and the variance of the bins' marginal
  // frequencies.
  int64_t marginalSquares = 0;
  for (unsigned int k = 0; k < m_Bins; ++k)
    marginalSquares += m_Marginal[k] * m_Marginal[k];
  const double bins           = m_Bins;
  const double inverseBins2   = 1 / (bins * bins);
  const double marginalSpread = static_cast<double>(m_Bins * marginalSquares - total * total) * inverse2 * inverseBins2;

  features[0] = static_cast<double>(m_Cells.SumOfSquares()) * inverse2;
  features[1] = -m_Cells.SumFrequencyLogFrequency(total) * (1 / std::log(2.0));
  features[2] = static_cast<double>(total * sumIJ - sumI * sumI) * inverse2 / varianceSquared;
  features[3] = static_cast<double>(m_Sums[L::SumIdm]) / FixedPoint * inverse;
  features[4] = 2 * (sumII - sumIJ) * inverse; // (i - j)^2 = i^2 + j^2 - 2 i j
  features[5] = e3 - 3 * m * e2 + 2 * m * m * m;
  features[6] = e4 - 4 * m * e3 + 6 * m * m * e2 - 3 * m * m * m * m;
  features[7] = std::abs(marginalSpread) > 1e-8 ? (sumIJ * inverse - inverseBins2) / marginalSpread : 0;
}

inline bool Window::Above(int64_t count, double otbSum) const
{
  const int64_t scaled = count * FrequencyCut, total = m_Sums[LinearSums::Total];
  return scaled != total ? scaled > total : otbSum > 1e-4;
}

inline bool Window::ProductAbove(unsigned int i, unsigned int j) const
{
  const int64_t scaled = m_Marginal[i] * m_Marginal[j] * FrequencyCut, total = m_Sums[LinearSums::Total];
  return scaled != total * total ? scaled > total * total : m_OtbRows[j] * m_OtbColumns[i] > 1e-4;
}

template <class RasterPairs>
void Window::SumAsOtb(const RasterPairs& rasterPairs) const
{
  // OTB's list holds the cells in the order they first appear, (a, b) then (b, a) for each pair
  // in raster order; its marginal, sum and difference frequencies are sums in that order.
  m_OtbRows.assign(m_Bins, 0);
  m_OtbColumns.assign(m_Bins, 0);
  m_OtbSumsAndDifferences.assign(2 * m_Bins, 0);
  ++m_Stamp;
  const double n     = static_cast<double>(m_Sums[LinearSums::Total]);
  auto         enter = [&](unsigned int row, unsigned int column)
  {
    const std::size_t cell = static_cast<std::size_t>(row) * m_Bins + column;
    if (m_Seen[cell] == m_Stamp)
      return;
    m_Seen[cell]           = m_Stamp;
    const double frequency = m_Cells.Count(row, column) / n;
    m_OtbRows[row] += frequency;
    m_OtbColumns[column] += frequency;
    if (row + column >= m_Bins)
      m_OtbSumsAndDifferences[row + column] += frequency;
    if (column <= row)
      m_OtbSumsAndDifferences[row - column] += frequency;
  };
  rasterPairs(
      [&](unsigned int a, unsigned int b)
      {
        enter(a, b);
        enter(b, a);
      });
}

template <class RasterPairs>
void Window::ComputeAdvanced(double* features, const RasterPairs& rasterPairs) const
{
  using L             = LinearSums;
  const int64_t total = m_Sums[L::Total];
  if (total == 0)
  {
    // OTB's dissimilarity divides the (zero) frequencies by the zero total.
    std::fill(features, features + 10, 0.0);
    features[2] = std::numeric_limits<double>::quiet_NaN();
    return;
  }
  const int64_t* levelSums   = &m_Sums[m_Layout.LevelSums()];
  const int64_t* differences = &m_Sums[m_Layout.Differences()];
  const double   n           = static_cast<double>(total);
  const double   logN        = m_Tables.logCountDouble[total];
  const double   log2        = std::log(2.0);

  // The levels present; OTB's rounding matters only if a frequency or a product of marginal
  // frequencies is exactly 1e-4 (possible when the total is a multiple of 100).
  m_Levels.clear();
  for (unsigned int k = 0; k < m_Bins; ++k)
    if (m_Marginal[k] > 0)
    {
      m_Levels.push_back(k);
      m_LogProbability[k] = m_Tables.logCountDouble[m_Marginal[k]] - logN;
    }
  bool tie = false;
  if (total % 100 == 0)
  {
    for (const unsigned int i : m_Levels)
      for (const unsigned int j : m_Levels)
        tie = tie || m_Marginal[i] * m_Marginal[j] * FrequencyCut == total * total;
    for (unsigned int k = 0; k < m_Bins; ++k)
      tie = tie || m_Marginal[k] * FrequencyCut == total || levelSums[k] * FrequencyCut == total || differences[k] * FrequencyCut == total;
  }
  if (tie)
    SumAsOtb(rasterPairs);
  const auto otb = [&](const std::vector<double>& sums, std::size_t k) { return tie ? sums[k] : 0.0; };

  // Entropies of the marginal, sum and difference frequencies (f ln f, natural logarithm).
  double     rowEntropy = 0, columnEntropy = 0, sumEntropy = 0, differenceEntropy = 0;
  const auto fLogF = [&](int64_t count) { return count / n * (m_Tables.logCountDouble[count] - logN); };
  for (const unsigned int k : m_Levels)
  {
    if (Above(m_Marginal[k], otb(m_OtbRows, k)))
      rowEntropy += fLogF(m_Marginal[k]);
    if (Above(m_Marginal[k], otb(m_OtbColumns, k)))
      columnEntropy += fLogF(m_Marginal[k]);
  }
  for (unsigned int k = 0; k < m_Bins; ++k)
  {
    if (levelSums[k] > 0 && Above(levelSums[k], otb(m_OtbSumsAndDifferences, k + m_Bins)))
      sumEntropy += fLogF(levelSums[k]);
    if (differences[k] > 0 && Above(differences[k], otb(m_OtbSumsAndDifferences, k)))
      differenceEntropy += fLogF(differences[k]);
  }
  const double entropy         = -m_Cells.SumFrequencyLogFrequency(total) / log2;
  const double marginalEntropy = std::max(rowEntropy, columnEntropy); // OTB: max(hxCumul, hyCumul)

  // HXY1 = -sum f ln(p_i p_j) over the cells whose p_i p_j is above 1e-4 (exact integer sums).
  int64_t    logSum = 0, mass = 0;
  const auto cellTerm = [&](unsigned int row, unsigned int column)
  {
    if (ProductAbove(column, row))
    {
      const int64_t count = m_Cells.Count(row, column);
      logSum += count * (m_Tables.logCount[m_Marginal[row]] + m_Tables.logCount[m_Marginal[column]]);
      mass += count;
    }
  };
  for (const int32_t cell : m_Cells.NonEmptyCells())
  {
    const unsigned int row = cell / m_Bins, column = cell % m_Bins;
    cellTerm(row, column);
    if (row != column)
      cellTerm(column, row);
  }
  const double hxy1 = -(static_cast<double>(logSum) / FixedPoint - 2 * logN * static_cast<double>(mass)) / n;

  // HXY2 = -sum over all level pairs of p_i p_j ln(p_i p_j), above 1e-4.
  double hxy2 = 0;
  for (const unsigned int i : m_Levels)
    for (const unsigned int j : m_Levels)
      if (ProductAbove(i, j))
        hxy2 -= static_cast<double>(m_Marginal[i] * m_Marginal[j]) / (n * n) * (m_LogProbability[i] + m_LogProbability[j]);

  const int64_t sumI = m_Sums[L::SumI], sumII = m_Sums[L::SumII], sumIJ = m_Sums[L::SumIJ];
  const double  sumMean        = m_Sums[L::HighSumS] / n;
  const double  differenceMean = m_Sums[L::SumHalfD] / n;
  features[0]                  = sumI / n;
  features[1]                  = static_cast<double>(total * sumII - sumI * sumI) / (n * n);
  features[2]                  = 0; // sum (j - i) f^2 over a symmetric matrix
  features[3]                  = sumMean;
  features[4]                  = m_Sums[L::HighSumS2] / n - sumMean * sumMean;
  features[5]                  = -sumEntropy / log2;
  features[6]                  = -differenceEntropy / log2;
  features[7]                  = (sumII - sumIJ) / n - differenceMean * differenceMean; // mean of (i - j)^2 over the pairs
  features[8]                  = std::abs(marginalEntropy) > 1e-4 ? (entropy - hxy1) / marginalEntropy : 0;
  features[9]                  = std::sqrt(std::max(0.0, 1 - std::exp(-2 * std::abs(hxy2 - entropy))));
}

} // namespace Haralick

template <class TInputImage, class TOutputImage>
HaralickTextureFilter<TInputImage, TOutputImage>::HaralickTextureFilter()
{
  m_Radius.Fill(2);
  m_Offset.Fill(1);
  IMCLASS_ENABLE_DYNAMIC_THREADING();
}

template <class TInputImage, class TOutputImage>
unsigned int HaralickTextureFilter<TInputImage, TOutputImage>::NumberOfFeatures(TextureSet set)
{
  switch (set)
  {
  case TextureSet::Simple:
    return 8;
  case TextureSet::Advanced:
    return 10;
  case TextureSet::All:
    return 18;
  case TextureSet::None:
    break;
  }
  return 0;
}

template <class TInputImage, class TOutputImage>
void HaralickTextureFilter<TInputImage, TOutputImage>::GenerateOutputInformation()
{
  Superclass::GenerateOutputInformation();
  if (m_NumberOfBinsPerAxis < 2)
    itkExceptionMacro("the number of bins must be at least 2");
  if (!(m_InputImageMaximum > m_InputImageMinimum))
    itkExceptionMacro("the input maximum must be greater than the input minimum");
  // Window sums are exact 64-bit integers: the largest products of them (n sum i^2, n^2 10^4 in
  // the 1e-4 cut, sum n (i + j)^4 for a total count n) must fit.
  const double n   = 2 * (2.0 * m_Radius[0] + 1) * (2.0 * m_Radius[1] + 1);
  const double top = m_NumberOfBinsPerAxis - 1.0;
  if (std::max(n * n * std::max(top * top, 1e4), n * std::pow(2 * top, 4)) > 9e18)
    itkExceptionMacro("radius " << m_Radius << " and " << m_NumberOfBinsPerAxis << " bins are too large for exact sums");
  this->GetOutput()->SetNumberOfComponentsPerPixel(NumberOfFeatures(m_TextureSet));
}

template <class TInputImage, class TOutputImage>
void HaralickTextureFilter<TInputImage, TOutputImage>::GenerateInputRequestedRegion()
{
  Superclass::GenerateInputRequestedRegion();
  auto* input = const_cast<TInputImage*>(this->GetInput());
  if (!input)
    return;
  // The windows' pixels and their partners at the offset.
  const auto      output = this->GetOutput()->GetRequestedRegion();
  InputRegionType region = output;
  for (unsigned int dim = 0; dim < TInputImage::ImageDimension; ++dim)
  {
    region.SetIndex(dim, output.GetIndex(dim) + std::min<long>(0, m_Offset[dim]));
    region.SetSize(dim, output.GetSize(dim) + std::abs(m_Offset[dim]));
  }
  region.PadByRadius(m_Radius);
  if (!region.Crop(input->GetLargestPossibleRegion()))
  {
    itk::InvalidRequestedRegionError error(__FILE__, __LINE__);
    error.SetLocation(ITK_LOCATION);
    error.SetDescription("the requested region is outside the input image");
    error.SetDataObject(input);
    throw error;
  }
  input->SetRequestedRegion(region);
}

template <class TInputImage, class TOutputImage>
void HaralickTextureFilter<TInputImage, TOutputImage>::BeforeThreadedGenerateData()
{
  const unsigned int bins = m_NumberOfBinsPerAxis;

  // Level bounds as otb::GreyLevelCooccurrenceIndexedList computes them: a float step over
  // [min, max + 1], each bound in double from a float product.
  const double lower = m_InputImageMinimum, upper = static_cast<double>(m_InputImageMaximum) + 1;
  m_LevelStep = static_cast<float>(static_cast<float>(upper - lower) / static_cast<double>(bins));
  m_LevelLowerBounds.resize(bins);
  for (unsigned int k = 0; k < bins; ++k)
    m_LevelLowerBounds[k] = lower + static_cast<double>(static_cast<float>(k) * m_LevelStep);

  // A window holds at most (2 rx + 1)(2 ry + 1) pairs, each counted twice.
  const int64_t largest = 2 * static_cast<int64_t>(2 * m_Radius[0] + 1) * (2 * m_Radius[1] + 1);
  m_Tables.bins         = bins;
  m_Tables.countLog.assign(largest + 1, 0);
  m_Tables.logCount.assign(largest + 1, 0);
  m_Tables.logCountDouble.assign(largest + 1, 0);
  const auto fixed = [](double value) { return std::llround(value * Haralick::FixedPoint); };
  for (int64_t c = 1; c <= largest; ++c)
  {
    const double logC          = std::log(static_cast<double>(c));
    m_Tables.logCountDouble[c] = logC;
    m_Tables.logCount[c]       = fixed(logC);
    m_Tables.countLog[c]       = fixed(c * logC);
  }
  // Steps between integers telescope exactly: a window's sum does not depend on its history.
  m_Tables.offDiagonalStep.resize(largest / 2);
  m_Tables.diagonalStep.resize(largest / 2);
  for (int64_t u = 0; u < largest / 2; ++u)
  {
    m_Tables.offDiagonalStep[u] = 2 * (m_Tables.countLog[u + 1] - m_Tables.countLog[u]);
    m_Tables.diagonalStep[u]    = m_Tables.countLog[2 * u + 2] - m_Tables.countLog[2 * u];
  }
  m_Tables.idmWeight.resize(bins);
  for (unsigned int d = 0; d < bins; ++d)
    m_Tables.idmWeight[d] = fixed(1 / (1.0 + static_cast<double>(d) * d));
  m_Tables.smallCountMax = static_cast<int>(largest / Haralick::FrequencyCut);
}

template <class TInputImage, class TOutputImage>
unsigned int HaralickTextureFilter<TInputImage, TOutputImage>::Level(InputPixelType value) const
{
  const unsigned int bins = m_NumberOfBinsPerAxis;
  if (std::isnan(value))
    return bins / 2;
  if (value < m_InputImageMinimum || value > m_InputImageMaximum)
    return bins;
  const double v     = value;
  const double guess = (v - m_LevelLowerBounds[0]) / m_LevelStep;
  unsigned int level = static_cast<unsigned int>(std::min<double>(bins - 1, std::max(0.0, guess)));
  while (level > 0 && v < m_LevelLowerBounds[level])
    --level;
  while (level + 1 < bins && v >= m_LevelLowerBounds[level + 1])
    ++level;
  return level;
}

template <class TInputImage, class TOutputImage>
void HaralickTextureFilter<TInputImage, TOutputImage>::ProcessRegion(const OutputRegionType& region)
{
  const TInputImage* input    = this->GetInput();
  TOutputImage*      output   = this->GetOutput();
  const auto         largest  = input->GetLargestPossibleRegion();
  const unsigned int bins     = m_NumberOfBinsPerAxis;
  const unsigned int bands    = output->GetNumberOfComponentsPerPixel();
  const bool         simple   = m_TextureSet != TextureSet::Advanced;
  const bool         advanced = m_TextureSet != TextureSet::Simple;

  // The pixels the windows of `region` hold, row by row, each with the pair of levels it starts.
  using Haralick::Pair;
  InputRegionType windows = region;
  windows.PadByRadius(m_Radius);
  windows.Crop(largest);
  const long            x0 = windows.GetIndex(0), y0 = windows.GetIndex(1);
  const long            width = windows.GetSize(0), height = windows.GetSize(1);
  std::vector<Pair>     pairs(static_cast<std::size_t>(width) * height, Pair{Pair::None, 0});
  const InputPixelType* buffer       = input->GetBufferPointer();
  const long            partnerShift = m_Offset[0] + m_Offset[1] * static_cast<long>(input->GetBufferedRegion().GetSize(0));
  // Pixels whose partner is in the image: columns [xFirst, xLast] of rows whose partner row is.
  const long xFirst = std::max(x0, largest.GetIndex(0) - m_Offset[0]);
  const long xLast  = std::min(x0 + width, largest.GetIndex(0) + static_cast<long>(largest.GetSize(0)) - m_Offset[0]) - 1;
  for (long y = y0; y < y0 + height; ++y)
  {
    const long partnerY = y + m_Offset[1];
    if (xFirst > xLast || partnerY < largest.GetIndex(1) || partnerY >= largest.GetIndex(1) + static_cast<long>(largest.GetSize(1)))
      continue;
    const InputPixelType* pixel = buffer + input->ComputeOffset({{xFirst, y}});
    for (long x = xFirst; x <= xLast; ++x, ++pixel)
    {
      const unsigned int a = Level(pixel[0]), b = Level(pixel[partnerShift]);
      if (a < bins && b < bins)
        pairs[(y - y0) * width + (x - x0)] = Pair{static_cast<uint16_t>(a), static_cast<uint16_t>(b)};
    }
  }
  const auto pairAt = [&](long x, long y) -> const Pair& { return pairs[(y - y0) * width + (x - x0)]; };

  // Linear sums of each column over the window's rows [rowFirst, rowLast], which follow the output row.
  const Haralick::LinearSums layout(m_Tables, advanced);
  const std::size_t          recordSize = layout.Size();
  std::vector<int64_t>       columns(width * recordSize, 0);
  const auto                 updateColumns = [&](long y, auto sign)
  {
    for (long x = x0; x < x0 + width; ++x)
      if (pairAt(x, y).a != Pair::None)
        layout.AddPair<decltype(sign)::value>(&columns[(x - x0) * recordSize], pairAt(x, y).a, pairAt(x, y).b);
  };
  const std::integral_constant<int, 1>  add;
  const std::integral_constant<int, -1> remove;
  long                                  rowFirst = y0, rowLast = y0 - 1;

  Haralick::Window window(m_Tables, layout, advanced);
  const long       rx = m_Radius[0], ry = m_Radius[1];
  const long       xEnd = x0 + width - 1, yEnd = y0 + height - 1;
  double           features[18];
  for (unsigned long r = 0; r < region.GetSize(1); ++r)
  {
    const long y     = region.GetIndex(1) + r;
    const long first = std::max(y - ry, y0), last = std::min(y + ry, yEnd);
    for (; rowFirst < first; ++rowFirst)
      updateColumns(rowFirst, remove);
    for (; rowLast < last;)
      updateColumns(++rowLast, add);
    const auto column = [&](long x, auto sign)
    { window.UpdateColumn<decltype(sign)::value>(&pairAt(x, first), last - first + 1, width, &columns[(x - x0) * recordSize]); };

    typename TOutputImage::IndexType start = {{region.GetIndex(0), y}};
    auto*                            out   = output->GetBufferPointer() + output->ComputeOffset(start) * bands;
    // The window's columns are [low, high]; it slides right, one column out and one in (out first:
    // the tables stop at the counts of a full window).
    long low = std::max(region.GetIndex(0) - rx, x0), high = low - 1;
    for (unsigned long i = 0; i < region.GetSize(0); ++i)
    {
      const long x = region.GetIndex(0) + i;
      for (; low < std::max(x - rx, x0); ++low)
        column(low, remove);
      for (; high < std::min(x + rx, xEnd);)
        column(++high, add);
      if (simple)
        window.ComputeSimple(features);
      if (advanced)
        window.ComputeAdvanced(features + (simple ? 8 : 0),
                               [&](auto&& visit)
                               {
                                 for (long v = first; v <= last; ++v)
                                   for (long u = low; u <= high; ++u)
                                     if (pairAt(u, v).a != Pair::None)
                                       visit(pairAt(u, v).a, pairAt(u, v).b);
                               });
      for (unsigned int band = 0; band < bands; ++band)
        *out++ = static_cast<typename TOutputImage::InternalPixelType>(features[band]);
    }
    for (; low <= high; ++low)
      column(low, remove);
  }
}

} // namespace Imclass
} // namespace otb

#endif
