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
#include <vector>

namespace otb
{
namespace Imclass
{

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

private:
  std::vector<ChangeFeature> m_Features;
  double                     m_Epsilon = 1e-3;
};

} // namespace Imclass
} // namespace otb

#endif
