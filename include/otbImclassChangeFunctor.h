/*
 * ImCLASS — per-pixel change features from the pre and post feature stacks of one grid: the
 * single place where the formulas of otbImclassChangeCatalogue are evaluated.
 */
#ifndef otbImclassChangeFunctor_h
#define otbImclassChangeFunctor_h

#include "otbImclassChangeCatalogue.h"
#include "otbImclassNoData.h"
#include "otbImclassSarFunctor.h"

#include "itkVariableLengthVector.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Magnitude of the standardised change vector of a StandardisedChangeVector feature at one pixel:
 * sqrt(sum_k (zpost_k - zpre_k)^2), z = (value - mean) / std of the band in its date; a band of
 * standard deviation 0 adds nothing. d_cva is the smaller of it and its mean over a window, in units
 * of the Otsu split of that mean (ChangeStackBuilder). */
inline double StandardisedMagnitude(const ChangeFeature& feature, const float* pre, const float* post)
{
  const ChangeVectorStatistics& statistics = feature.statistics;
  double                        sum        = 0;
  for (size_t k = 0; k < feature.prePositions.size(); ++k)
  {
    const double before = statistics.preStd[k] > 0 ? (pre[feature.prePositions[k]] - statistics.preMean[k]) / statistics.preStd[k] : 0.0;
    const double after  = statistics.postStd[k] > 0 ? (post[feature.postPositions[k]] - statistics.postMean[k]) / statistics.postStd[k] : 0.0;
    sum += (after - before) * (after - before);
  }
  return std::sqrt(sum);
}

/** Value of one change feature from the pre and post stack values. */
inline float EvaluateChange(const ChangeFeature& feature, const float* pre, const float* post, double epsilon)
{
  switch (feature.kind)
  {
  case ChangeKind::Difference:
    return post[feature.postPositions[0]] - pre[feature.prePositions[0]];
  case ChangeKind::LogRatio:
  {
    const double before = std::max<double>(pre[feature.prePositions[0]], 0.0) + epsilon;
    const double after  = std::max<double>(post[feature.postPositions[0]], 0.0) + epsilon;
    return static_cast<float>(std::log(after / before));
  }
  case ChangeKind::SpectralAngle:
  {
    double dot = 0, before = 0, after = 0;
    for (size_t k = 0; k < feature.prePositions.size(); ++k)
    {
      const double a = pre[feature.prePositions[k]], b = post[feature.postPositions[k]];
      dot += a * b;
      before += a * a;
      after += b * b;
    }
    if (before <= 0 || after <= 0)
      return 0.f;
    // Rounding can push the cosine of two parallel spectra just past 1.
    return static_cast<float>(std::acos(std::min(1.0, std::max(-1.0, dot / std::sqrt(before * after)))));
  }
  case ChangeKind::ChangeVector:
  {
    double sum = 0;
    for (size_t k = 0; k < feature.prePositions.size(); ++k)
    {
      const double d = static_cast<double>(post[feature.postPositions[k]]) - pre[feature.prePositions[k]];
      sum += d * d;
    }
    return static_cast<float>(std::sqrt(sum));
  }
  case ChangeKind::SarLogRatio:
    return static_cast<float>(std::log(PowerRatio(post[feature.postPositions[0]], pre[feature.prePositions[0]])));
  case ChangeKind::MeanRatio: // a neighbourhood feature: OTB's MeanRatioImageFilter, not this functor
  case ChangeKind::StandardisedChangeVector: // a neighbourhood feature: ChangeFeaturesWithCvaFunctor's third input
    break;
  }
  return 0.f;
}

/** Functor for otb::FunctorImageFilter with two inputs (pre stack, post stack): the per-pixel
 * change features (IsPerPixel). A pixel invalid in either stack (NoDataValue in its first band, the
 * ImCLASS convention) is NoDataValue in every change feature.
 * \ingroup OTBImclass */
class ChangeFeaturesFunctor
{
public:
  using PixelType = itk::VariableLengthVector<float>;

  ChangeFeaturesFunctor() = default;
  ChangeFeaturesFunctor(const std::vector<ChangeFeature>& features, double epsilon) : m_Features(features), m_Epsilon(epsilon)
  {
  }

  size_t OutputSize(const std::array<size_t, 2>&) const
  {
    return m_Features.size();
  }

  void operator()(PixelType& out, const PixelType& pre, const PixelType& post) const
  {
    if (pre[0] == NoDataValue || post[0] == NoDataValue)
    {
      out.Fill(NoDataValue);
      return;
    }
    for (size_t f = 0; f < m_Features.size(); ++f)
      out[f] = EvaluateChange(m_Features[f], pre.GetDataPointer(), post.GetDataPointer(), m_Epsilon);
  }

protected:
  std::vector<ChangeFeature> m_Features;
  double                     m_Epsilon = 1e-3;
};

/** The per-pixel change features with d_cva (a StandardisedChangeVector feature), for
 * otb::FunctorImageFilter with three inputs: pre stack, post stack, and the windowed mean of the
 * standardised magnitude (ChangeStackBuilder); d_cva = min(the pixel's magnitude, that mean) / the
 * feature's split (Otsu's split of the mean).
 * \ingroup OTBImclass */
class ChangeFeaturesWithCvaFunctor : public ChangeFeaturesFunctor
{
public:
  ChangeFeaturesWithCvaFunctor() = default;
  ChangeFeaturesWithCvaFunctor(const std::vector<ChangeFeature>& features, double epsilon) : ChangeFeaturesFunctor(features, epsilon)
  {
    for (size_t f = 0; f < m_Features.size(); ++f)
      if (m_Features[f].kind == ChangeKind::StandardisedChangeVector)
        m_Cva = f;
  }

  size_t OutputSize(const std::array<size_t, 3>&) const
  {
    return m_Features.size();
  }

  void operator()(PixelType& out, const PixelType& pre, const PixelType& post, float meanMagnitude) const
  {
    ChangeFeaturesFunctor::operator()(out, pre, post);
    if (out[0] == NoDataValue)
      return;
    // A split of 0 (no change anywhere in the sample) leaves no unit: no change.
    const ChangeFeature& cva       = m_Features[m_Cva];
    const double         magnitude = std::min<double>(StandardisedMagnitude(cva, pre.GetDataPointer(), post.GetDataPointer()), meanMagnitude);
    out[m_Cva]                     = cva.statistics.split > 0 ? static_cast<float>(magnitude / cva.statistics.split) : 0.f;
  }

private:
  size_t m_Cva = 0;
};

/** The standardised magnitude of a StandardisedChangeVector feature at one pixel of the two dates
 * on one grid (band positions of the feature in the images), NaN where either date is no-data. For
 * otb::FunctorImageFilter with two inputs (pre, post images); the masks, when there are some, are
 * folded in after it.
 * \ingroup OTBImclass */
class MagnitudeFunctor
{
public:
  MagnitudeFunctor() = default;
  MagnitudeFunctor(const ChangeFeature& feature, const NoDataRule& preRule, const NoDataRule& postRule)
    : m_Feature(feature), m_PreRule(preRule), m_PostRule(postRule)
  {
  }

  float operator()(const itk::VariableLengthVector<float>& pre, const itk::VariableLengthVector<float>& post) const
  {
    if (m_PreRule.IsNoData(pre) || m_PostRule.IsNoData(post))
      return std::numeric_limits<float>::quiet_NaN();
    return static_cast<float>(StandardisedMagnitude(m_Feature, pre.GetDataPointer(), post.GetDataPointer()));
  }

private:
  ChangeFeature m_Feature;
  NoDataRule    m_PreRule, m_PostRule;
};

} // namespace Imclass
} // namespace otb

#endif
