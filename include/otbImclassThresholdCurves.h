/*
 * ImCLASS — precision / recall curves of a probability map against reference polygons, and the
 * choice of the decision threshold.
 *
 * Probabilities are counted in a histogram of ThresholdSteps + 1 bins per reference class; bin k
 * holds the pixels whose probability p satisfies k / ThresholdSteps <= p < (k + 1) / ThresholdSteps
 * (the last bin holds p = 1). A pixel is predicted positive at threshold t_k = k / ThresholdSteps
 * when its bin is >= k, so the confusion matrix at every threshold of the grid 0, 0.001, ..., 1 is
 * exact, and the binary map uses the very same rule (ScoreBin).
 */
#ifndef otbImclassThresholdCurves_h
#define otbImclassThresholdCurves_h

#include "OTBImclassExport.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Number of steps of the threshold grid over [0, 1] (thresholds 0, 0.001, ..., 1). */
constexpr unsigned int ThresholdSteps = 1000;

/** Histogram bin (0..ThresholdSteps) of a probability in [0, 1]; values outside are clamped. The
 * small tolerance puts a float32 probability that prints as 0.7 into the 0.7 bin. */
inline unsigned int ScoreBin(double probability)
{
  const double scaled = std::floor(probability * ThresholdSteps + 1e-4);
  return scaled <= 0. ? 0u : (scaled >= ThresholdSteps ? ThresholdSteps : static_cast<unsigned int>(scaled));
}

/** Threshold of the grid for a bin. */
inline double BinThreshold(unsigned int bin)
{
  return static_cast<double>(bin) / ThresholdSteps;
}

/** Pixel counts of one reference class per probability bin (size ThresholdSteps + 1). */
using BinCounts = std::vector<std::uint64_t>;

/** Two-class confusion matrix (the class = positive).
 * \ingroup OTBImclass */
struct OTBImclass_EXPORT Confusion
{
  std::uint64_t truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0;

  /** NaN when nothing is predicted positive, or when the reference has no negative pixel. */
  double Precision() const;
  /** NaN when the reference has no positive pixel. */
  double Recall() const;
  /** F-beta score; 0 when precision or recall is undefined or both are 0. */
  double FScore(double beta = 1.) const;
  /** Cohen's kappa; NaN when the matrix is empty or chance agreement is 1. */
  double Kappa() const;
};

/** How the threshold is chosen. */
enum class ThresholdMethod
{
  F1,    // maximum F1
  FBeta, // maximum F-beta
  User,  // a given value
  PU     // maximum recall^2 / P(predicted positive) over positives and unlabelled pixels
};

/** Parses "f1", "fbeta", "user", "pu". Throws InputError naming `parameter` otherwise. */
OTBImclass_EXPORT ThresholdMethod ParseThresholdMethod(const std::string& name, const std::string& parameter);

/** Precision, recall, F and the PU criterion at every threshold of the grid.
 * \ingroup OTBImclass */
class OTBImclass_EXPORT ThresholdCurves
{
public:
  /** `positives`, `negatives`: bin counts of the pixels of the positive and negative reference
   * polygons; `valid`: of every valid pixel of the map (the unlabelled population of the PU
   * criterion when the reference has no negative pixel). Each has ThresholdSteps + 1 bins. */
  ThresholdCurves(const BinCounts& positives, const BinCounts& negatives, const BinCounts& valid);

  /** Confusion matrix of the reference pixels when predicting positive from threshold bin `bin`. */
  Confusion At(unsigned int bin) const;

  /** recall^2 / P(predicted positive). P is measured over the positive and negative reference
   * pixels, or over every valid pixel of the map when the reference has no negative pixel
   * (Lee & Liu 2003: the negatives are treated as unlabelled). 0 when nothing is predicted. */
  double PUCriterion(unsigned int bin) const;

  /** The value a method maximises at `bin` (F-beta for F1/FBeta, the PU criterion for PU). */
  double Criterion(ThresholdMethod method, unsigned int bin, double beta) const;

  /** The bin maximising the method's criterion among bins >= `lowestBin`. Ties form plateaus (no
   * probability falls between their thresholds): the middle of the first maximal plateau is taken,
   * the threshold with the widest margin on both sides; when no bin scores above 0, `lowestBin`.
   * Not for ThresholdMethod::User. */
  unsigned int ChooseBin(ThresholdMethod method, double beta, unsigned int lowestBin = 0) const;

  std::uint64_t PositivePixels() const
  {
    return m_PositiveAbove[0];
  }
  std::uint64_t NegativePixels() const
  {
    return m_NegativeAbove[0];
  }
  std::uint64_t ValidPixels() const
  {
    return m_ValidAbove[0];
  }

private:
  // Pixels of each population with bin >= k (suffix sums of the histograms).
  BinCounts m_PositiveAbove, m_NegativeAbove, m_ValidAbove;
};

} // namespace Imclass
} // namespace otb

#endif
