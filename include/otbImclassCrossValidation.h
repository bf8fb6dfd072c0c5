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

/** Records in `metadata` the threshold of maximum F1 on its cross-validation curves and the
 * precision, recall and F1 there; returns the confusion matrix (pixels) at that threshold. */
OTBImclass_EXPORT Confusion ScoreCrossValidation(ModelMetadata& metadata);

} // namespace Imclass
} // namespace otb

#endif
