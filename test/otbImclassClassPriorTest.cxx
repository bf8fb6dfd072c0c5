/*
 * The class prior of unlabelled negatives, worked out by hand (the PU-corrected precision it
 * gives: otbImclassThresholdCurvesTest).
 *
 * Class prior (mixture proportion), one score with 4 bins: positives 0 2 3 5 (10), negatives
 * 80 10 6 4 (100), the negatives above each threshold counted one more, of 101. From the top:
 * above bin 3, positives 5/10, negatives 5/101 -> 0.0990; above bin 2, 8/10 and 11/101 -> 0.136;
 * above bin 1, 10/10 and 21/101 -> 0.208. Estimate: 10/101. When the top bin holds fewer than 5 %
 * of the positives (positives 0 12 27 1 of 40, negatives 80 9 11 0), its ratio (1/101 / 1/40) is
 * not used: above bin 2, 28/40 against 12/101 gives 0.170; above bin 1, 40/40 against 21/101. A
 * second score (positives all in the top bin, 5 of 100 negatives there) lowers the estimate to
 * 6/101.
 *
 * Feature histograms: positives' feature 2 1 2, negatives' 0.5 2 -> distinct values 0.5 1 2,
 * positives 0 1 2, negatives 1 0 1.
 */
#include "otbImclassCrossValidation.h"
#include "otbImclassTestCheck.h"
#include "otbImclassTrainVotes.h"

#include <cstdlib>

using namespace otb::Imclass;

namespace
{
SampleSet Samples(const std::vector<float>& values)
{
  SampleSet samples;
  samples.numberOfFeatures = 2;
  for (size_t i = 0; i < values.size(); ++i)
  {
    const float features[] = {0.f, values[i]};
    samples.Append({static_cast<long>(i), 0, 0.0, 0}, features);
  }
  return samples;
}
} // namespace

int otbImclassClassPriorTest(int, char*[])
{
  using Score = std::pair<std::vector<long>, std::vector<long>>;
  const Score plain{{0, 2, 3, 5}, {80, 10, 6, 4}};
  IMCLASS_CHECK_NEAR(EstimateClassPrior({plain}), 10. / 101., 1e-12);
  const Score thinTop{{0, 12, 27, 1}, {80, 9, 11, 0}};
  IMCLASS_CHECK_NEAR(EstimateClassPrior({thinTop}), 12. / 101. / 0.7, 1e-12);
  const Score sharper{{0, 0, 0, 10}, {90, 5, 0, 5}};
  IMCLASS_CHECK_NEAR(EstimateClassPrior({plain, sharper}), 6. / 101., 1e-12);
  // No positive or no negative: no evidence, the bound stays 1.
  IMCLASS_CHECK(EstimateClassPrior({{{0, 0}, {5, 5}}}) == 1.);

  const auto histograms = FeatureHistograms(Samples({2.f, 1.f, 2.f}), Samples({0.5f, 2.f}), 1);
  IMCLASS_CHECK(histograms.first == std::vector<long>({0, 1, 2}) && histograms.second == std::vector<long>({1, 0, 1}));
  return EXIT_SUCCESS;
}
