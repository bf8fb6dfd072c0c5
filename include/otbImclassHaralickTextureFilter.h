/*
 * ImCLASS — Haralick textures of one band: the values of OTB's ScalarImageToTexturesFilter (the 8
 * "simple" features) and ScalarImageToAdvancedTexturesFilter (the 10 "advanced" ones), computed
 * from a co-occurrence histogram that slides along each row instead of being rebuilt per pixel.
 *
 * What is computed (OTB 8.1's definitions, conventions included):
 * - Grey levels: [min, max + 1] is cut into `bins` levels with OTB's float step; a value outside
 *   [min, max] leaves its pairs out (the caller clamps the band, so none is); NaN falls in level
 *   bins / 2, where OTB's binary search ends for it.
 * - Window: the (2 rx + 1) x (2 ry + 1) pixels around the output pixel that lie in the image. Each
 *   window pixel q pairs with q + offset when that pixel is in the image, inside the window or not.
 *   A pair of levels (i, j) counts in cells (i, j) and (j, i); frequencies are counts over their
 *   total N. A window without pairs gives 0 in every band but dissimilarity, NaN (OTB divides by N).
 * - Features, in OTB's output order, are listed with their formulas in ComputeSimple and
 *   ComputeAdvanced (.hxx). OTB's quirks are kept: frequencies of at most 1e-4 are left out of every
 *   entropy; "correlation" divides by the variance squared (by 1 when that is below 1e-4); Haralick's
 *   correlation uses the mean and variance of the marginal values over the bins; the sum histogram
 *   keeps only level sums >= bins and the difference histogram counts each unequal pair once and
 *   each equal pair twice; dissimilarity is 0 (a symmetric matrix cancels it); IC1 and IC2 mix
 *   base-2 and natural logarithms. Where a marginal, sum or difference frequency, or a product of two
 *   marginal ones, is exactly 1e-4, OTB's answer depends on how its sums rounded in the order of its
 *   list: the filter redoes those sums in that order.
 *
 * How it runs: along an output row the window slides right, the column of pairs that leaves is
 * removed and the one that enters is added to the co-occurrence counts, which keep their energy and
 * entropy sums up to date; sums that grow linearly with the pairs (moments, marginal, sum and
 * difference histograms) are kept per image column over the window's rows and slide by whole
 * columns. Every sum is exact (integers, logarithms in 32-bit fixed point), so a value depends only
 * on its window, not on where the slide started.
 * Streaming: the input requested region is the output region and its copy shifted by the offset,
 * padded by the radius and cropped to the image, as OTB's filters ask. Threading: ProcessRegion
 * (otbImclassThreading.h) depends only on its region: the output is identical for any number of
 * threads and tiles.
 */
#ifndef otbImclassHaralickTextureFilter_h
#define otbImclassHaralickTextureFilter_h

#include "otbImclassFeatureCatalogue.h"
#include "otbImclassThreading.h"

#include "itkImageToImageFilter.h"
#include "otbVectorImage.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace otb
{
namespace Imclass
{

namespace Haralick
{
/** Tables shared by all threads, built once per run. Fixed-point values are scaled by 2^32. */
struct Tables
{
  unsigned int bins = 0;
  // Change of the sum of c ln c over the cells when u pairs (i, j) become u + 1: i != j fills two
  // cells of count u, i == j one cell of count 2u.
  std::vector<int64_t> offDiagonalStep, diagonalStep;
  std::vector<int64_t> countLog;          // c ln c
  std::vector<int64_t> logCount;          // ln c
  std::vector<double>  logCountDouble;    // ln c
  std::vector<int64_t> idmWeight;         // 1 / (1 + d^2), for level differences d
  int                  smallCountMax = 0; // largest cell count an entropy may leave out
};

/** The levels of a pixel and of its partner at the offset. */
struct Pair
{
  static constexpr uint16_t None = 0xFFFF; // in `a`: the pixel has no pair
  uint16_t                  a, b;
};

/** The symmetric co-occurrence matrix of a window, each unordered pair of levels stored once,
 * with the sums its energy and entropy need kept exact as pairs come and go. */
class CooccurrenceMatrix
{
public:
  /** `trackCells` keeps the list of non-empty cells. */
  void Reset(const Tables& tables, bool trackCells);

  /** Adds (sign +1) or removes (sign -1) a pair of levels, in either order. */
  template <int Sign>
  void Add(unsigned int a, unsigned int b);

  /** Count of cell (row, column): (i, j) and (j, i) each count every pair {i, j}. */
  int32_t Count(unsigned int row, unsigned int column) const
  {
    const int32_t pairs = m_Pairs[std::min(row, column) * m_Bins + std::max(row, column)];
    return row == column ? 2 * pairs : pairs;
  }
  /** Sum of the squared cell counts. */
  int64_t SumOfSquares() const
  {
    return m_SumOfSquares;
  }
  /** Sum of f ln f over the cells whose frequency f = count / total is above 1e-4. */
  double SumFrequencyLogFrequency(int64_t total) const;
  /** Non-empty cells row * bins + column with row <= column (with `trackCells`). */
  const std::vector<int32_t>& NonEmptyCells() const
  {
    return m_NonEmpty;
  }

private:
  const Tables*        m_Tables = nullptr;
  unsigned int         m_Bins   = 0;
  std::vector<int32_t> m_Pairs;            // at row * bins + column, row <= column
  int64_t              m_SumLog       = 0; // sum of count ln count over the cells, fixed point
  int64_t              m_SumOfSquares = 0;
  std::vector<int32_t> m_SmallCounts; // [k]: cells of count k, for k <= smallCountMax
  bool                 m_Track = false;
  std::vector<int32_t> m_NonEmpty;
  std::vector<int32_t> m_Position; // of each cell in m_NonEmpty
};

/** Sums over a set of pairs that grow linearly with it: moments and histograms, all over the
 * matrix cells (each pair counts twice). A window's are its columns' added up, so they slide by
 * whole columns. A record holds the moments, then the marginal histogram and, for the advanced
 * set, the histograms of level sums s >= bins (at s - bins) and of OTB's level differences. */
class LinearSums
{
public:
  enum Moment
  {
    Total,
    SumI,      // i
    SumII,     // i^2
    SumIJ,     // i j
    SumS3,     // (i + j)^3
    SumS4,     // (i + j)^4
    SumIdm,    // 1 / (1 + (i - j)^2), fixed point
    HighSumS,  // i + j where it is >= bins
    HighSumS2, // (i + j)^2 where i + j >= bins
    SumHalfD,  // |i - j| / 2
    Moments
  };
  LinearSums(const Tables& tables, bool advanced) : m_Tables(tables), m_Bins(tables.bins), m_Advanced(advanced)
  {
  }

  std::size_t Size() const
  {
    return Moments + (m_Advanced ? 3 : 1) * static_cast<std::size_t>(m_Bins);
  }
  std::size_t Marginal() const
  {
    return Moments;
  }
  std::size_t LevelSums() const
  {
    return Moments + m_Bins;
  }
  std::size_t Differences() const
  {
    return Moments + 2 * static_cast<std::size_t>(m_Bins);
  }

  /** Adds (sign +1) or removes (sign -1) the pair of levels (a, b) to a record. */
  template <int Sign>
  void AddPair(int64_t* record, unsigned int a, unsigned int b) const;

private:
  const Tables&      m_Tables;
  const unsigned int m_Bins;
  const bool         m_Advanced;
};

/** The co-occurrence histogram of one window, updated column by column. */
class Window
{
public:
  Window(const Tables& tables, const LinearSums& layout, bool advanced);

  /** Adds (sign +1) or removes (sign -1) a column of the window: its `count` pairs, `stride`
   * apart, and their linear sums `record`. */
  template <int Sign>
  void UpdateColumn(const Pair* pairs, long count, long stride, const int64_t* record);

  /** The 8 simple features, in OTB's order. */
  void ComputeSimple(double* features) const;
  /** The 10 advanced features, in OTB's order. `rasterPairs(visit)` calls visit(a, b) for the
   * window's pairs in raster order (needed only when a value sits exactly on OTB's 1e-4 cut). */
  template <class RasterPairs>
  void ComputeAdvanced(double* features, const RasterPairs& rasterPairs) const;

private:
  /** Whether count / total is above 1e-4 as OTB finds it: exact, unless it is exactly 1e-4 where
   * OTB's rounded sum `otbSum` decides. */
  bool Above(int64_t count, double otbSum) const;
  /** The same for p_i p_j, the product of the marginal frequencies of levels i and j (OTB: hx[j] hy[i]). */
  bool ProductAbove(unsigned int i, unsigned int j) const;
  template <class RasterPairs>
  void SumAsOtb(const RasterPairs& rasterPairs) const;

  const Tables&        m_Tables;
  const LinearSums&    m_Layout;
  const unsigned int   m_Bins;
  CooccurrenceMatrix   m_Cells;
  std::vector<int64_t> m_Sums; // the window's linear sums
  const int64_t*       m_Marginal;
  // Per-pixel scratch of ComputeAdvanced.
  mutable std::vector<unsigned int> m_Levels;
  mutable std::vector<double>       m_LogProbability;
  mutable std::vector<double>       m_OtbRows, m_OtbColumns, m_OtbSumsAndDifferences;
  mutable std::vector<uint32_t>     m_Seen;
  mutable uint32_t                  m_Stamp = 0;
};
} // namespace Haralick

/** \class HaralickTextureFilter
 * \brief Haralick textures of a scalar band, equal to OTB's ScalarImageToTexturesFilter and
 * ScalarImageToAdvancedTexturesFilter, one output band per feature, streamed and threaded.
 *
 * Parameters as OTB's filters (radius, offset of any sign, number of bins per axis >= 2, input
 * minimum and maximum) and the feature set; defaults radius 2, offset (1, 1), 8 bins, [0, 255],
 * simple set. An exception is thrown when the bins are fewer than 2, the maximum is not above the
 * minimum, or the window and bins are too large for exact 64-bit sums (radius above about 1900 at
 * 16 bins, 1200 at 256 bins, 250 at 1024 bins). See the file comment for the definitions.
 *
 * \ingroup OTBImclass
 */
template <class TInputImage, class TOutputImage = otb::VectorImage<float, 2>>
class ITK_EXPORT HaralickTextureFilter : public itk::ImageToImageFilter<TInputImage, TOutputImage>
{
public:
  using Self         = HaralickTextureFilter;
  using Superclass   = itk::ImageToImageFilter<TInputImage, TOutputImage>;
  using Pointer      = itk::SmartPointer<Self>;
  using ConstPointer = itk::SmartPointer<const Self>;
  itkNewMacro(Self);
  itkTypeMacro(HaralickTextureFilter, ImageToImageFilter);

  using InputPixelType   = typename TInputImage::PixelType;
  using InputRegionType  = typename TInputImage::RegionType;
  using SizeType         = typename TInputImage::SizeType;
  using OffsetType       = typename TInputImage::OffsetType;
  using OutputRegionType = typename TOutputImage::RegionType;

  itkSetMacro(Radius, SizeType);
  itkGetConstMacro(Radius, SizeType);
  itkSetMacro(Offset, OffsetType);
  itkGetConstMacro(Offset, OffsetType);
  itkSetMacro(NumberOfBinsPerAxis, unsigned int);
  itkGetConstMacro(NumberOfBinsPerAxis, unsigned int);
  itkSetMacro(InputImageMinimum, InputPixelType);
  itkGetConstMacro(InputImageMinimum, InputPixelType);
  itkSetMacro(InputImageMaximum, InputPixelType);
  itkGetConstMacro(InputImageMaximum, InputPixelType);

  void SetTextureSet(TextureSet set)
  {
    if (m_TextureSet != set)
    {
      m_TextureSet = set;
      this->Modified();
    }
  }
  TextureSet GetTextureSet() const
  {
    return m_TextureSet;
  }

  /** Output bands of a set: 8, 10 or 18. */
  static unsigned int NumberOfFeatures(TextureSet set);

protected:
  HaralickTextureFilter();
  ~HaralickTextureFilter() override = default;

  void GenerateOutputInformation() override;
  void GenerateInputRequestedRegion() override;
  void BeforeThreadedGenerateData() override;
  IMCLASS_THREADED_GENERATE_DATA(OutputRegionType)
  void ProcessRegion(const OutputRegionType& region);

private:
  HaralickTextureFilter(const Self&) = delete;
  void operator=(const Self&)        = delete;

  /** Grey level of a value, or `bins` when OTB leaves its pairs out. */
  unsigned int Level(InputPixelType value) const;

  SizeType       m_Radius;
  OffsetType     m_Offset;
  unsigned int   m_NumberOfBinsPerAxis = 8;
  InputPixelType m_InputImageMinimum   = 0;
  InputPixelType m_InputImageMaximum   = 255;
  TextureSet     m_TextureSet          = TextureSet::Simple;

  Haralick::Tables    m_Tables;
  std::vector<double> m_LevelLowerBounds; // lower bound of each level, as OTB computes it
  float               m_LevelStep = 1;
};

} // namespace Imclass
} // namespace otb

#ifndef OTB_MANUAL_INSTANTIATION
#include "otbImclassHaralickTextureFilter.hxx"
#endif

#endif
