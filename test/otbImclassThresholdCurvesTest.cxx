/*
 * ImclassThreshold curves on a tiny case computed by hand.
 *
 * Positives have probabilities 0.9 0.8 0.6 0.3, negatives 0.7 0.4 0.2 0.1 0.05; a pixel is of the
 * class when p >= t. By hand, for t in
 *   (0.8, 0.9]: TP 1 FP 0 -> P 1,   R 0.25, F1 0.4
 *   (0.7, 0.8]: TP 2 FP 0 -> P 1,   R 0.5,  F1 0.6667, F0.5 0.8333
 *   (0.6, 0.7]: TP 2 FP 1 -> P 2/3, R 0.5,  F1 0.5714
 *   (0.4, 0.6]: TP 3 FP 1 -> P 0.75 R 0.75  F1 0.75
 *   (0.3, 0.4]: TP 3 FP 2 -> P 0.6, R 0.75, F1 0.6667
 *   (0.2, 0.3]: TP 4 FP 2 -> P 2/3, R 1,    F1 0.8 (maximum), kappa 24/42, PU 1 / (6/9) = 1.5 (maximum)
 *   (0.1, 0.2]: TP 4 FP 3 -> P 4/7, R 1,    F1 0.7273
 * The F1 maximum is the plateau of bins 201..300: its middle, 0.25, is chosen. F0.5 is maximal on
 * (0.7, 0.8]: 0.75.
 *
 * PU-corrected precision (the negatives unlabelled, a share `prior` of them of the class): at
 * t = 0.5, TP 3, FP 1, recall 0.75; a prior of 0.2 of the 5 negatives is 1 hidden positive, 0.75
 * of it above t: precision (3 + 0.75) / 4 = 0.9375, F1 2 x 0.9375 x 0.75 / 1.6875. A prior of
 * 0.4: (3 + 1.5) / 4 > 1, capped at 1.
 */
#include "otbImclassCrossValidation.h"
#include "otbImclassTestCheck.h"
#include "otbImclassThresholdCurves.h"

#include <cstdlib>
#include <vector>

using namespace otb::Imclass;

namespace
{
BinCounts Histogram(const std::vector<double>& probabilities)
{
  BinCounts counts(ThresholdSteps + 1, 0);
  for (double p : probabilities)
    ++counts[ScoreBin(p)];
  return counts;
}
} // namespace

int otbImclassThresholdCurvesTest(int, char*[])
{
  // The bin rule: float32 probabilities land on the threshold they print as.
  IMCLASS_CHECK(ScoreBin(0.7f) == 700);
  IMCLASS_CHECK(ScoreBin(0.3f) == 300);
  IMCLASS_CHECK(ScoreBin(0.6999) == 699);
  IMCLASS_CHECK(ScoreBin(1.f) == ThresholdSteps);
  IMCLASS_CHECK(ScoreBin(-0.2) == 0 && ScoreBin(1.5) == ThresholdSteps);
  IMCLASS_CHECK(ScoreBin(37 * 0.01) == 370); // uint8 percent maps

  const std::vector<double> positives = {0.9, 0.8, 0.6, 0.3}, negatives = {0.7, 0.4, 0.2, 0.1, 0.05};
  std::vector<double>       all = positives;
  all.insert(all.end(), negatives.begin(), negatives.end());
  const ThresholdCurves curves(Histogram(positives), Histogram(negatives), Histogram(all));
  IMCLASS_CHECK(curves.PositivePixels() == 4 && curves.NegativePixels() == 5 && curves.ValidPixels() == 9);

  const Confusion at05 = curves.At(500);
  IMCLASS_CHECK(at05.truePositives == 3 && at05.falsePositives == 1 && at05.falseNegatives == 1 && at05.trueNegatives == 4);
  IMCLASS_CHECK_NEAR(at05.FScore(), 0.75, 1e-12);
  // p >= t: the pixel at 0.6 is positive at t = 0.6, not at 0.601.
  IMCLASS_CHECK(curves.At(600).truePositives == 3 && curves.At(601).truePositives == 2);
  IMCLASS_CHECK_NEAR(curves.At(650).FScore(), 4. / 7., 1e-12);
  // Nothing predicted: precision undefined, F 0.
  IMCLASS_CHECK(std::isnan(curves.At(ThresholdSteps).Precision()) && curves.At(ThresholdSteps).FScore() == 0.);
  // Everything predicted: recall 1, precision = prevalence.
  IMCLASS_CHECK_NEAR(curves.At(0).Precision(), 4. / 9., 1e-12);

  const unsigned int f1Bin = curves.ChooseBin(ThresholdMethod::F1, 1.);
  IMCLASS_CHECK(f1Bin == 250);
  const Confusion best = curves.At(f1Bin);
  IMCLASS_CHECK(best.truePositives == 4 && best.falsePositives == 2 && best.falseNegatives == 0 && best.trueNegatives == 3);
  IMCLASS_CHECK_NEAR(best.Precision(), 2. / 3., 1e-12);
  IMCLASS_CHECK_NEAR(best.Recall(), 1., 1e-12);
  IMCLASS_CHECK_NEAR(best.FScore(), 0.8, 1e-12);
  IMCLASS_CHECK_NEAR(best.Kappa(), 24. / 42., 1e-12);

  // From a lowest bin on (a gated model's: bin 0 would take the pixels below the gate): the rest
  // of the F1 plateau, 260..300; above it, the best is the plateau of (0.4, 0.6], F1 0.75.
  IMCLASS_CHECK(curves.ChooseBin(ThresholdMethod::F1, 1., 260) == 280);
  IMCLASS_CHECK(curves.ChooseBin(ThresholdMethod::F1, 1., 301) == 500);
  // Above 0.9 no positive remains: F1 is 0 everywhere, no evidence to raise the threshold.
  IMCLASS_CHECK(curves.ChooseBin(ThresholdMethod::F1, 1., 901) == 901);

  IMCLASS_CHECK_NEAR(PUCorrectedPrecision(curves, 500, 0.), 0.75, 1e-12);
  IMCLASS_CHECK_NEAR(PUCorrectedPrecision(curves, 500, 0.2), 0.9375, 1e-12);
  IMCLASS_CHECK_NEAR(PUCorrectedF1(curves, 500, 0.2), 2 * 0.9375 * 0.75 / 1.6875, 1e-12);
  IMCLASS_CHECK(PUCorrectedPrecision(curves, 500, 0.4) == 1.);
  IMCLASS_CHECK(std::isnan(PUCorrectedPrecision(curves, ThresholdSteps, 0.2)) && PUCorrectedF1(curves, ThresholdSteps, 0.2) == 0.);

  IMCLASS_CHECK(curves.ChooseBin(ThresholdMethod::FBeta, 0.5) == 750);
  IMCLASS_CHECK_NEAR(curves.At(750).FScore(0.5), 1.25 * 0.5 / (0.25 + 0.5), 1e-12);

  IMCLASS_CHECK_NEAR(curves.PUCriterion(250), 1.5, 1e-12);
  IMCLASS_CHECK_NEAR(curves.PUCriterion(500), 0.75 * 0.75 / (4. / 9.), 1e-12);
  IMCLASS_CHECK(curves.ChooseBin(ThresholdMethod::PU, 1.) == 250);
  // Without negative polygons, the unlabelled population is every valid pixel: same numbers here.
  const ThresholdCurves positivesOnly(Histogram(positives), Histogram({}), Histogram(all));
  IMCLASS_CHECK_NEAR(positivesOnly.PUCriterion(250), 1.5, 1e-12);
  IMCLASS_CHECK(positivesOnly.ChooseBin(ThresholdMethod::PU, 1.) == 250);
  // Valid pixels outside the reference (0.95, 0.02, 0.01) tell the two populations apart: with
  // negative polygons they are ignored (PU stays 1.5 at 0.25); without, 7 of 12 valid pixels are
  // predicted at 0.25: PU = 1 / (7/12).
  std::vector<double> withUnreferenced = all;
  withUnreferenced.insert(withUnreferenced.end(), {0.95, 0.02, 0.01});
  const ThresholdCurves referenced(Histogram(positives), Histogram(negatives), Histogram(withUnreferenced));
  IMCLASS_CHECK_NEAR(referenced.PUCriterion(250), 1.5, 1e-12);
  const ThresholdCurves unlabelled(Histogram(positives), Histogram({}), Histogram(withUnreferenced));
  IMCLASS_CHECK_NEAR(unlabelled.PUCriterion(250), 12. / 7., 1e-12);
  IMCLASS_CHECK(std::isnan(positivesOnly.At(250).Precision())); // no negative: precision not measured

  IMCLASS_CHECK(ParseThresholdMethod("pu", "-method") == ThresholdMethod::PU);
  IMCLASS_CHECK_THROWS(ParseThresholdMethod("auc", "-method"), "-method: unknown method 'auc'");
  return EXIT_SUCCESS;
}
