/*
 * The gate and the out-of-fold votes of ImclassTrain, on five samples worked out by hand.
 *
 * Two features per sample, the gate reads the second one (minimum 1): samples 0, 2 and 3 pass it
 * (2, 1 and 3), samples 1 and 4 fail it (0.5, 0.9). Out-of-fold votes of 10 trees: 7 9 0 3 5.
 *   histogram without gate: one sample at 0, 3, 5, 7 and 9 votes;
 *   with the gate: samples 1 and 4 count as 0 votes: three at 0, one at 3, one at 7.
 * Highest scored with the gate (gated votes 7 0 0 3 0): a fraction 0.4 flags round(2) samples, 0
 * and 3; a fraction 0.8 (4 samples) still flags only those two, the others have no vote. Without
 * the gate, 0.4 flags samples 1 (9 votes) and 0 (7).
 */
#include "otbImclassCrossValidation.h"
#include "otbImclassInputError.h"
#include "otbImclassTestCheck.h"
#include "otbImclassTrainVotes.h"

#include <cstdlib>

using namespace otb::Imclass;

int otbImclassTrainVotesTest(int, char*[])
{
  SampleSet samples;
  samples.numberOfFeatures = 2;
  const float gateValues[] = {2.f, 0.5f, 1.f, 3.f, 0.9f};
  for (int i = 0; i < 5; ++i)
  {
    const float features[] = {100.f + i, gateValues[i]};
    samples.Append({i, 0, 0.0, 0}, features);
  }
  const std::vector<int> votes = {7, 9, 0, 3, 5};

  const Gate none = Gate::Of("", 1, {"a", "b"});
  const Gate gate = Gate::Of("b", 1, {"a", "b"});
  IMCLASS_CHECK(none.index == -1 && gate.index == 1 && gate.minimum == 1);
  IMCLASS_CHECK(gate.Passes(samples.Features(2)) && !gate.Passes(samples.Features(4)) && none.Passes(samples.Features(4)));
  IMCLASS_CHECK_THROWS(Gate::Of("d_cva", 1, {"a", "b"}), "-gate.feature: the stacks have no feature 'd_cva'");

  IMCLASS_CHECK(VoteHistogram(votes, samples, none, 10) == std::vector<long>({1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0}));
  IMCLASS_CHECK(VoteHistogram(votes, samples, gate, 10) == std::vector<long>({3, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0}));

  IMCLASS_CHECK(HighestScored(votes, samples, gate, 0.4) == std::vector<bool>({true, false, false, true, false}));
  IMCLASS_CHECK(HighestScored(votes, samples, gate, 0.8) == std::vector<bool>({true, false, false, true, false}));
  IMCLASS_CHECK(HighestScored(votes, samples, none, 0.4) == std::vector<bool>({true, true, false, false, false}));
  IMCLASS_CHECK(HighestScored(votes, samples, none, 0.) == std::vector<bool>(5, false));
  // Ties go by sample order: of the two samples with 5 votes, the first.
  IMCLASS_CHECK(HighestScored({2, 5, 5, 1, 0}, samples, none, 0.2) == std::vector<bool>({false, true, false, false, false}));

  // A gated model's threshold is never 0, which would take the pixels below the gate.
  ModelMetadata metadata;
  IMCLASS_CHECK(LowestThresholdBin(metadata) == 0);
  metadata.gateFeature = "d_cva";
  IMCLASS_CHECK(LowestThresholdBin(metadata) == 1);
  return EXIT_SUCCESS;
}
