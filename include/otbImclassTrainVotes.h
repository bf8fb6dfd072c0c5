/*
 * ImCLASS — what ImclassTrain does with the out-of-fold votes of each sample: the vote histograms
 * of the cross-validation curves (samples failing the gate count as 0 votes), and the negatives a
 * first cross-validation scores highest, left out of the training that follows (negatives drawn
 * from the image are unlabelled: the highest scored are likely undigitized objects of the class).
 */
#ifndef otbImclassTrainVotes_h
#define otbImclassTrainVotes_h

#include "OTBImclassExport.h"
#include "otbImclassGate.h"
#include "otbImclassTrainSampler.h"

#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Samples per number of trees voting for the class (0 .. nbTrees) from each sample's votes; a
 * sample that fails the gate counts as 0 votes. */
OTBImclass_EXPORT std::vector<long> VoteHistogram(const std::vector<int>& votes, const SampleSet& samples, const Gate& gate, int nbTrees);

/** Positive and negative sample counts per distinct value of feature `feature` (bins in increasing
 * value): the feature as a score, e.g. for EstimateClassPrior. */
OTBImclass_EXPORT std::pair<std::vector<long>, std::vector<long>> FeatureHistograms(const SampleSet& positives, const SampleSet& negatives, int feature);

/** Flags the round(`fraction` x count) negatives of highest votes (failing the gate: 0 votes),
 * among those with at least one vote; ties by sample order. One flag per sample of `samples`. */
OTBImclass_EXPORT std::vector<bool> HighestScored(const std::vector<int>& votes, const SampleSet& samples, const Gate& gate, double fraction);

} // namespace Imclass
} // namespace otb

#endif
