/*
 * ImCLASS — what the cross-validation of ImclassTrain says: precision / recall curves from the
 * out-of-fold votes a model records, and the scores at the threshold of maximum F1. ImclassTrain
 * records them; ImclassThreshold -model chooses its threshold on the same curves.
 */
#ifndef otbImclassCrossValidation_h
#define otbImclassCrossValidation_h

#include "OTBImclassExport.h"
#include "otbImclassModel.h"
#include "otbImclassThresholdCurves.h"

#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Precision / recall curves of the cross-validation: each out-of-fold sample stands for its
 * share of the valid pixels of the area it was drawn from (positive polygons, negative area), so
 * precision reflects the prevalence of the class there, not the balance of the samples. */
OTBImclass_EXPORT ThresholdCurves CrossValidationCurves(const ModelMetadata& metadata);

/** The lowest threshold bin a threshold may be chosen from: 1 for a gated model, whose pixels
 * below the gate have probability 0 and must stay out of the class at every threshold; else 0. */
OTBImclass_EXPORT unsigned int LowestThresholdBin(const ModelMetadata& metadata);

/** Share of the positives a threshold must keep for EstimateClassPrior to use it. */
constexpr double MinimumPriorRecall = 0.05;

/** Upper estimate of the share of the negative area that is of the class, when the negatives are
 * unlabelled background (undigitized objects of the class among them): mixture proportion
 * estimation (Blanchard, Lee & Scott 2010; Scott 2015). The negatives' scores mix the class's,
 * as the positives show them, in proportion `prior`, with the true negatives': at every threshold,
 * (share of the negatives above it) >= prior x (share of the positives above it). The smallest
 * ratio over the thresholds that keep at least MinimumPriorRecall of the positives is the
 * estimate, the negatives above each counted one more (never 0 from a finite draw); it is exact only where some scores are reached by positives and not by true
 * negatives, and too high otherwise, hence an upper estimate. `scores`: one or more pairs of
 * sample counts per score bin (positives, negatives), e.g. the out-of-fold votes and the gate
 * feature; the smallest estimate over them is kept. In [0, 1]. */
OTBImclass_EXPORT double EstimateClassPrior(const std::vector<std::pair<std::vector<long>, std::vector<long>>>& scores);

/** Precision at `bin` corrected for the undigitized objects among the negatives: their expected
 * pixels above the threshold, prior x (negative pixels) x recall, are true positives, not false
 * ones. The prior being an upper bound raises it; the cross-validated recall, usually below the
 * map's, lowers it: an estimate, not a bound; min(1, ...); NaN when nothing is predicted. */
OTBImclass_EXPORT double PUCorrectedPrecision(const ThresholdCurves& curves, unsigned int bin, double prior);

/** F1 of the PU-corrected precision and the recall at `bin` (the recall needs no correction when the
 * undigitized objects are recalled as the digitized ones, as assumed); 0 when both are 0 or undefined. */
OTBImclass_EXPORT double PUCorrectedF1(const ThresholdCurves& curves, unsigned int bin, double prior);

/** Records in `metadata` the threshold of maximum F1 on its cross-validation curves and the
 * precision, recall and F1 there, and the PU-corrected precision and F1 with metadata.classPrior;
 * returns the confusion matrix (pixels) at that threshold. */
OTBImclass_EXPORT Confusion ScoreCrossValidation(ModelMetadata& metadata);

} // namespace Imclass
} // namespace otb

#endif
