#include "otbImclassThresholdCurves.h"

#include "otbImclassInputError.h"

#include <limits>
#include <stdexcept>

namespace otb
{
namespace Imclass
{

namespace
{
const double NotANumber = std::numeric_limits<double>::quiet_NaN();

BinCounts SuffixSums(const BinCounts& counts)
{
  if (counts.size() != ThresholdSteps + 1)
    throw std::invalid_argument("ThresholdCurves: a histogram must have ThresholdSteps + 1 bins");
  BinCounts above(counts.size() + 1, 0);
  for (size_t bin = counts.size(); bin-- > 0;)
    above[bin] = above[bin + 1] + counts[bin];
  return above;
}
} // namespace

double Confusion::Precision() const
{
  // Without negative reference pixels nothing can be a false positive: precision is not measured.
  const std::uint64_t predicted = truePositives + falsePositives;
  return predicted && falsePositives + trueNegatives ? static_cast<double>(truePositives) / predicted : NotANumber;
}

double Confusion::Recall() const
{
  const std::uint64_t actual = truePositives + falseNegatives;
  return actual ? static_cast<double>(truePositives) / actual : NotANumber;
}

double Confusion::FScore(double beta) const
{
  const double precision = Precision(), recall = Recall();
  if (std::isnan(precision) || std::isnan(recall) || precision + recall == 0.)
    return 0.;
  const double beta2 = beta * beta;
  return (1. + beta2) * precision * recall / (beta2 * precision + recall);
}

double Confusion::Kappa() const
{
  const double total = static_cast<double>(truePositives) + falsePositives + falseNegatives + trueNegatives;
  if (total == 0.)
    return NotANumber;
  const double observed = (static_cast<double>(truePositives) + trueNegatives) / total;
  const double chance   = ((static_cast<double>(truePositives) + falsePositives) * (static_cast<double>(truePositives) + falseNegatives) +
                         (static_cast<double>(falseNegatives) + trueNegatives) * (static_cast<double>(falsePositives) + trueNegatives)) /
                        (total * total);
  return chance == 1. ? NotANumber : (observed - chance) / (1. - chance);
}

ThresholdMethod ParseThresholdMethod(const std::string& name, const std::string& parameter)
{
  if (name == "f1")
    return ThresholdMethod::F1;
  if (name == "fbeta")
    return ThresholdMethod::FBeta;
  if (name == "user")
    return ThresholdMethod::User;
  if (name == "pu")
    return ThresholdMethod::PU;
  throw InputError(parameter + ": unknown method '" + name + "' (f1, fbeta, user or pu)");
}

ThresholdCurves::ThresholdCurves(const BinCounts& positives, const BinCounts& negatives, const BinCounts& valid)
  : m_PositiveAbove(SuffixSums(positives)), m_NegativeAbove(SuffixSums(negatives)), m_ValidAbove(SuffixSums(valid))
{
}

Confusion ThresholdCurves::At(unsigned int bin) const
{
  Confusion confusion;
  confusion.truePositives  = m_PositiveAbove[bin];
  confusion.falseNegatives = m_PositiveAbove[0] - m_PositiveAbove[bin];
  confusion.falsePositives = m_NegativeAbove[bin];
  confusion.trueNegatives  = m_NegativeAbove[0] - m_NegativeAbove[bin];
  return confusion;
}

double ThresholdCurves::PUCriterion(unsigned int bin) const
{
  const Confusion confusion    = At(bin);
  const double    recall       = confusion.Recall();
  const bool      hasNegatives = m_NegativeAbove[0] > 0;
  const double    predicted    = hasNegatives ? static_cast<double>(confusion.truePositives + confusion.falsePositives) : m_ValidAbove[bin];
  const double    population   = hasNegatives ? static_cast<double>(m_PositiveAbove[0] + m_NegativeAbove[0]) : m_ValidAbove[0];
  if (std::isnan(recall) || predicted == 0.)
    return 0.;
  return recall * recall / (predicted / population);
}

double ThresholdCurves::Criterion(ThresholdMethod method, unsigned int bin, double beta) const
{
  switch (method)
  {
  case ThresholdMethod::F1:
    return At(bin).FScore(1.);
  case ThresholdMethod::FBeta:
    return At(bin).FScore(beta);
  case ThresholdMethod::PU:
    return PUCriterion(bin);
  case ThresholdMethod::User:
    break;
  }
  throw std::invalid_argument("ThresholdCurves: a user threshold has no criterion");
}

unsigned int ThresholdCurves::ChooseBin(ThresholdMethod method, double beta, unsigned int lowestBin) const
{
  std::vector<double> values(ThresholdSteps + 1);
  double              best = -1.;
  for (unsigned int bin = lowestBin; bin <= ThresholdSteps; ++bin)
  {
    values[bin] = Criterion(method, bin, beta);
    best        = std::max(best, values[bin]);
  }
  // No threshold scores (only possible from a lowest bin above 0, a gated model whose positives
  // all lie below the gate): no evidence to raise the threshold, the gate decides.
  if (best <= 0.)
    return lowestBin;
  unsigned int first = lowestBin;
  while (values[first] != best)
    ++first;
  unsigned int last = first;
  while (last < ThresholdSteps && values[last + 1] == best)
    ++last;
  return (first + last) / 2;
}

} // namespace Imclass
} // namespace otb
