#include "otbImclassChangeCatalogue.h"

#include "otbImclassFeatureCatalogue.h"

#include <algorithm>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{
/** Position of an unprefixed feature name in a date's stack. */
unsigned int StackPosition(const FeatureRecipe& recipe, const std::string& feature)
{
  const auto names = recipe.FeatureNames();
  return static_cast<unsigned int>(BandPosition(names, recipe.prefix + feature));
}

ChangeFeature Single(ChangeKind kind, const std::string& name, const FeatureRecipe& pre, const FeatureRecipe& post, const std::string& feature)
{
  return {kind, name, {StackPosition(pre, feature)}, {StackPosition(post, feature)}};
}

/** A feature reading the b_<band> feature of each of `bands` in both dates. */
ChangeFeature OfBands(ChangeKind kind, const std::string& name, const FeatureRecipe& pre, const FeatureRecipe& post, const std::vector<std::string>& bands)
{
  ChangeFeature feature{kind, name, {}, {}};
  for (const auto& band : bands)
  {
    feature.prePositions.push_back(StackPosition(pre, BandFeatureName(band)));
    feature.postPositions.push_back(StackPosition(post, BandFeatureName(band)));
  }
  return feature;
}
} // namespace

std::string ChangeFormula(ChangeKind kind)
{
  switch (kind)
  {
  case ChangeKind::Difference:
    return "post - pre";
  case ChangeKind::LogRatio:
    return "ln((max(post, 0) + eps) / (max(pre, 0) + eps))";
  case ChangeKind::SpectralAngle:
    return "arccos(sum(pre_k post_k) / (|pre| |post|)) over the common bands k, in radians, 0 where a spectrum is all zero";
  case ChangeKind::ChangeVector:
    return "sqrt(sum((post_k - pre_k)^2)) over the common bands k";
  case ChangeKind::SarLogRatio:
    return "ln(max(post, 1e-5) / max(pre, 1e-5)) of the speckle-filtered powers";
  case ChangeKind::MeanRatio:
    return "1 - min(m_pre / m_post, m_post / m_pre), m the means of the speckle-filtered powers over the filter's window (OTB's MeanRatioImageFilter)";
  case ChangeKind::StandardisedChangeVector:
    return "min(m, mean of m over the 3 x 3 window) / s, m = sqrt(sum((zpost_k - zpre_k)^2)) over the common bands k but water vapour and cirrus, "
           "z = (value - mean) / std of the band in its date, s = Otsu split of the window mean over the image (>= 1: the pixel and its window "
           "changed by Otsu's rule)";
  }
  return "";
}

std::string ChangeVectorStatistics::ToString() const
{
  std::ostringstream out;
  out.precision(17);
  const auto list = [&](const std::string& key, const auto& values)
  {
    out << key << "=";
    for (size_t k = 0; k < values.size(); ++k)
      out << (k ? "," : "") << values[k];
    out << ";";
  };
  list("cva.bands", bands);
  list("cva.pre.mean", preMean);
  list("cva.pre.std", preStd);
  list("cva.post.mean", postMean);
  list("cva.post.std", postStd);
  out << "cva.radius=" << radius << ";cva.split=" << split;
  return out.str();
}

std::vector<std::string> CommonBands(const std::vector<std::string>& preBands, const std::vector<std::string>& postBands)
{
  std::vector<std::string> common;
  for (const auto& band : CanonicalBandNames())
    if (band != "other" && band != "pan" && !IsPolarisation(band) && BandPosition(preBands, band) >= 0 && BandPosition(postBands, band) >= 0)
      common.push_back(band);
  return common;
}

std::vector<std::string> ChangeVectorBands(const std::vector<std::string>& commonBands)
{
  std::vector<std::string> bands;
  for (const auto& band : commonBands)
    if (band != "wv" && band != "cirrus")
      bands.push_back(band);
  return bands;
}

std::vector<std::string> CommonPolarisations(const std::vector<std::string>& preBands, const std::vector<std::string>& postBands)
{
  std::vector<std::string> common;
  for (const auto& polarisation : Polarisations())
    if (BandPosition(preBands, polarisation) >= 0 && BandPosition(postBands, polarisation) >= 0)
      common.push_back(polarisation);
  return common;
}

bool IsPerPixel(ChangeKind kind)
{
  return kind != ChangeKind::MeanRatio;
}

std::vector<ChangeFeature> ChangeFeatures(const FeatureRecipe& pre, const FeatureRecipe& post)
{
  const auto                 bands = CommonBands(pre.bandNames, post.bandNames);
  std::vector<ChangeFeature> features;
  for (const auto& band : bands)
    features.push_back(Single(ChangeKind::Difference, "d_" + BandFeatureName(band), pre, post, BandFeatureName(band)));
  for (const auto& index : pre.indices)
    if (std::find(post.indices.begin(), post.indices.end(), index) != post.indices.end())
      features.push_back(Single(ChangeKind::Difference, "d_" + index, pre, post, index));
  for (const auto& band : bands)
    features.push_back(Single(ChangeKind::LogRatio, "d_lr_" + band, pre, post, BandFeatureName(band)));
  if (bands.size() >= 2)
  {
    features.push_back(OfBands(ChangeKind::SpectralAngle, "d_sam", pre, post, bands));
    features.push_back(OfBands(ChangeKind::ChangeVector, "d_cvm", pre, post, bands));
  }
  const auto cvaBands = ChangeVectorBands(bands);
  if (cvaBands.size() >= 2)
  {
    features.push_back(OfBands(ChangeKind::StandardisedChangeVector, "d_cva", pre, post, cvaBands));
    features.back().statistics.bands = cvaBands;
  }
  // SAR: the difference of dB, and the log-ratio and mean-ratio of powers filtered alike (the
  // same feature name on both dates); without a filter the dB difference is the log-ratio.
  const auto polarisations = CommonPolarisations(pre.bandNames, post.bandNames);
  const auto filteredAlike = [&](const std::string& polarisation)
  {
    const std::string name = SarFilteredFeatureName(polarisation, pre.sarFilter, pre.sarRadius);
    return pre.sarFilter != SpeckleFilter::None && name == SarFilteredFeatureName(polarisation, post.sarFilter, post.sarRadius);
  };
  for (const auto& polarisation : polarisations)
    features.push_back(Single(ChangeKind::Difference, "d_" + SarDecibelFeatureName(polarisation), pre, post, SarDecibelFeatureName(polarisation)));
  for (const auto& polarisation : polarisations)
    if (filteredAlike(polarisation))
      features.push_back(Single(ChangeKind::SarLogRatio, "d_sar_lr_" + polarisation + SpeckleSuffix(pre.sarFilter, pre.sarRadius), pre, post,
                                SarFilteredFeatureName(polarisation, pre.sarFilter, pre.sarRadius)));
  if (pre.texture == post.texture && pre.textureBand == post.textureBand && pre.textureRadius == post.textureRadius && pre.textureBins == post.textureBins)
    for (const auto& texture : pre.TextureNames())
    {
      const std::string name = TextureFeatureName(texture, pre.textureBand, pre.textureRadius);
      features.push_back(Single(ChangeKind::Difference, "d_" + name, pre, post, name));
    }
  for (const auto& polarisation : polarisations)
    if (filteredAlike(polarisation))
    {
      ChangeFeature ratio = Single(ChangeKind::MeanRatio, "d_sar_mr_" + polarisation + SpeckleSuffix(pre.sarFilter, pre.sarRadius), pre, post,
                                   SarFilteredFeatureName(polarisation, pre.sarFilter, pre.sarRadius));
      ratio.radius        = pre.sarRadius;
      features.push_back(ratio);
    }
  return features;
}

std::vector<std::string> ChangeFeatureNames(const std::vector<ChangeFeature>& features)
{
  std::vector<std::string> names;
  for (const auto& feature : features)
    names.push_back(feature.featureName);
  return names;
}

} // namespace Imclass
} // namespace otb
