/*
 * ImCLASS — the one catalogue of bi-date change features (d_ prefix): which change features a
 * pair of dates gives, their names and their formulas.
 *
 * Change features are computed over what both dates have, matched by name: bands present in
 * both images (a Landsat-8 / Sentinel-2 pair shares blue green red nir swir1 swir2), indices
 * both stacks compute, polarisations both SAR dates have, and textures of the same band and
 * settings. An optical date and a SAR date share nothing: their stack holds each date's own
 * features only. The per-pixel formulas are evaluated in otbImclassChangeFunctor.h; the mean-ratio
 * by OTB's MeanRatioImageFilter.
 */
#ifndef otbImclassChangeCatalogue_h
#define otbImclassChangeCatalogue_h

#include "OTBImclassExport.h"
#include "otbImclassFeatureRecipe.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

enum class ChangeKind
{
  Difference,    // post - pre of one feature (band, index or texture)
  LogRatio,      // ln((max(post, 0) + eps) / (max(pre, 0) + eps)) of one band
  SpectralAngle, // angle between the pre and post spectra of the common bands
  ChangeVector,  // Euclidean norm of post - pre over the common bands
  SarLogRatio,   // ln(post / pre) of one speckle-filtered power, each floored at SarPowerFloor
  MeanRatio,     // OTB's mean-ratio of one speckle-filtered power: 1 - min(m_pre / m_post, m_post / m_pre), local means
  StandardisedChangeVector // min(norm of the standardised difference, its window mean) / Otsu split of the mean
};

/** What d_cva needs from the whole image: the mean and standard deviation of each of its bands in
 * each date (over the pixels valid in both dates), the radius of the window the magnitude of the
 * standardised change vector is averaged over, and the Otsu split of that mean. Measured by
 * ChangeStackBuilder, recorded in the stack's metadata.
 * \ingroup OTBImclass */
struct OTBImclass_EXPORT ChangeVectorStatistics
{
  std::vector<std::string> bands;
  std::vector<double>      preMean, preStd, postMean, postStd;
  unsigned int             radius = 1; // of the window the magnitude is averaged over
  double                   split  = 0;

  /** "cva.bands=blue,green;cva.pre.mean=...;...;cva.radius=1;cva.split=..." (part of the change recipe, item ChangeRecipeKey). */
  std::string ToString() const;
};

/** One change feature: its name, its formula and where it reads its values. Positions are band
 * positions in the pre and post feature stacks (FeatureRecipe::FeatureNames order); a Difference,
 * LogRatio, SarLogRatio or MeanRatio reads one position, SpectralAngle and ChangeVector read one
 * per common band, StandardisedChangeVector one per band of ChangeVectorBands. A MeanRatio
 * averages over a window of `radius` (the speckle filter's).
 * \ingroup OTBImclass */
struct ChangeFeature
{
  ChangeKind                kind;
  std::string               featureName;
  std::vector<unsigned int> prePositions;
  std::vector<unsigned int> postPositions;
  unsigned int              radius = 0;
  ChangeVectorStatistics    statistics; // StandardisedChangeVector only: bands named here, values set by the stack builder
};

/** Formula of each kind, for documentation and parameter descriptions. */
OTBImclass_EXPORT std::string ChangeFormula(ChangeKind kind);

/** Optical bands both dates have, in the order of CanonicalBandNames ("other" and "pan" excluded:
 * they do not name one spectral band; polarisations are not optical bands). */
OTBImclass_EXPORT std::vector<std::string> CommonBands(const std::vector<std::string>& preBands, const std::vector<std::string>& postBands);

/** The bands of d_cva: the common bands but the water vapour and cirrus bands, which see the
 * atmosphere rather than the ground. */
OTBImclass_EXPORT std::vector<std::string> ChangeVectorBands(const std::vector<std::string>& commonBands);

/** Polarisations both dates have, in the order of Polarisations(). */
OTBImclass_EXPORT std::vector<std::string> CommonPolarisations(const std::vector<std::string>& preBands, const std::vector<std::string>& postBands);

/** The change features of a pair of dates, in output order: band differences d_b_<band>, index
 * differences d_<index>, log-ratios d_lr_<band>, d_sam, d_cvm, d_cva; for each common polarisation the
 * difference of dB d_sar_<pol>_db and, when both dates filter it alike, the log-ratio of the
 * filtered powers d_sar_lr_<pol>_<filter>_r<radius>; texture differences
 * d_tex_<texture>_<band>_r<radius>; last the mean-ratios d_sar_mr_<pol>_<filter>_r<radius>.
 * d_sam and d_cvm need at least two common bands, d_cva two ChangeVectorBands; texture differences need the same texture
 * set, band, radius and bins on both dates. */
OTBImclass_EXPORT std::vector<ChangeFeature> ChangeFeatures(const FeatureRecipe& pre, const FeatureRecipe& post);

/** True for the kinds evaluated pixel by pixel (ChangeFeaturesFunctor), false for MeanRatio. */
OTBImclass_EXPORT bool IsPerPixel(ChangeKind kind);

/** Names of the features above, in output order. */
OTBImclass_EXPORT std::vector<std::string> ChangeFeatureNames(const std::vector<ChangeFeature>& features);

} // namespace Imclass
} // namespace otb

#endif
