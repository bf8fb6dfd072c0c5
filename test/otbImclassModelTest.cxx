#include "otbImclassInputError.h"
#include "otbImclassCrossValidation.h"
#include "otbImclassModel.h"
#include "otbImclassTrainRun.h"
#include "otbImclassTestCheck.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

using namespace otb::Imclass;

namespace
{

std::string ReadText(const std::string& path)
{
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

/** A small forest on a rule it can learn: label 1 when feature 0 > 0.5. */
cv::Ptr<cv::ml::RTrees> TrainSmallForest()
{
  cv::RNG rng(7);
  cv::Mat samples(200, 3, CV_32F);
  cv::Mat labels(200, 1, CV_32S);
  rng.fill(samples, cv::RNG::UNIFORM, 0.0, 1.0);
  for (int i = 0; i < samples.rows; ++i)
    labels.at<int>(i) = samples.at<float>(i, 0) > 0.5f ? 1 : 0;
  auto forest = cv::ml::RTrees::create();
  forest->setMaxDepth(4);
  forest->setTermCriteria(cv::TermCriteria(cv::TermCriteria::MAX_ITER, 10, 0));
  forest->train(cv::ml::TrainData::create(samples, cv::ml::ROW_SAMPLE, labels));
  return forest;
}

ModelMetadata ExampleMetadata()
{
  ModelMetadata metadata;
  metadata.featureNames                 = {"ndvi", "b_red", "tex_energy_nir_r2"};
  metadata.inputStacks                  = {"features.tif"};
  metadata.featureRecipe                = "{\"sensor\": \"s2\", \"indices\": [ndvi]}"; // starts like a FileStorage structure
  metadata.trainingParameters           = {{"rf.nbtrees", "10"}, {"split", "polygon"}, {"sampling.ratio", "1.5"}};
  metadata.seed                         = 4000000000u; // above the signed 32-bit range
  metadata.classDefinition              = "samples.gpkg: label = 1";
  metadata.sampleCounts                 = {{"positive", 120}, {"negative", 480}, {"positive_area", 240}, {"negative_area", 3000000000L}, {"folds", 5}};
  metadata.crossValidationPositiveVotes = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 75};
  metadata.crossValidationNegativeVotes = {400, 70, 3, 2, 1, 1, 1, 1, 1, 0, 0};
  metadata.validationThreshold          = 0.75;
  metadata.validationPrecision          = 0.875;
  metadata.validationRecall             = 0.5;
  metadata.validationF1                 = 0.636363636363636;
  metadata.classPrior                   = 0.0125;
  metadata.validationPrecisionPU        = 0.9375;
  metadata.validationF1PU               = 0.652173913043478;
  metadata.featureImportance            = {{"ndvi", 0.25}, {"b_red", 0.125}, {"tex_energy_nir_r2", 0.0}};
  return metadata;
}

} // namespace

int otbImclassModelTest(int argc, char* argv[])
{
  if (argc < 2)
    return EXIT_FAILURE;
  const std::string directory = argv[1];
  const auto        forest    = TrainSmallForest();
  const auto        written   = ExampleMetadata();

  for (const std::string extension : {".yaml", ".xml", ".json"})
  {
    const std::string path = directory + "/imclass_model_test" + extension;
    SaveModel(path, forest, written);
    IMCLASS_CHECK(!std::ifstream(path + ".part").good());

    ModelMetadata read;
    const auto    loaded = LoadModel(path, read);
    IMCLASS_CHECK(read.featureNames == written.featureNames);
    IMCLASS_CHECK(read.inputStacks == written.inputStacks);
    IMCLASS_CHECK(read.featureRecipe == written.featureRecipe);
    IMCLASS_CHECK(read.trainingParameters == written.trainingParameters);
    IMCLASS_CHECK(read.seed == written.seed);
    IMCLASS_CHECK(read.classDefinition == written.classDefinition);
    IMCLASS_CHECK(read.sampleCounts == written.sampleCounts);
    IMCLASS_CHECK(read.crossValidationPositiveVotes == written.crossValidationPositiveVotes);
    IMCLASS_CHECK(read.crossValidationNegativeVotes == written.crossValidationNegativeVotes);
    IMCLASS_CHECK(read.validationThreshold == written.validationThreshold);
    IMCLASS_CHECK(read.validationPrecision == written.validationPrecision);
    IMCLASS_CHECK(read.validationF1 == written.validationF1);
    IMCLASS_CHECK(read.classPrior == written.classPrior && read.validationPrecisionPU == written.validationPrecisionPU);
    IMCLASS_CHECK(read.validationF1PU == written.validationF1PU);
    IMCLASS_CHECK(read.featureImportance == written.featureImportance);

    // The forest read back votes as the one written; OpenCV alone also reads the file.
    const auto plainOpenCV = cv::ml::RTrees::load(path);
    IMCLASS_CHECK(plainOpenCV && plainOpenCV->isTrained());
    cv::Mat probe(5, 3, CV_32F);
    cv::RNG(11).fill(probe, cv::RNG::UNIFORM, 0.0, 1.0);
    cv::Mat votesWritten, votesLoaded, votesPlain;
    forest->getVotes(probe, votesWritten, 0);
    loaded->getVotes(probe, votesLoaded, 0);
    plainOpenCV->getVotes(probe, votesPlain, 0);
    IMCLASS_CHECK(cv::countNonZero(votesWritten != votesLoaded) == 0);
    IMCLASS_CHECK(cv::countNonZero(votesWritten != votesPlain) == 0);

    // Same forest and metadata -> the same bytes.
    const std::string again = directory + "/imclass_model_test_again" + extension;
    SaveModel(again, loaded, read);
    IMCLASS_CHECK(ReadText(path) == ReadText(again));
  }

  // Bad files: one message naming -model.
  const std::string yaml = directory + "/imclass_model_test.yaml";
  ModelMetadata     ignored;
  IMCLASS_CHECK_THROWS(LoadModel(directory + "/no_such_model.yaml", ignored), "-model: cannot open");
  const std::string plain = directory + "/imclass_model_test_plain.yaml";
  forest->save(plain);
  IMCLASS_CHECK_THROWS(LoadModel(plain, ignored), "is not an ImCLASS model");
  const std::string truncated = directory + "/imclass_model_test_truncated.yaml";
  const std::string text      = ReadText(yaml);
  std::ofstream(truncated) << text.substr(0, text.size() / 2);
  IMCLASS_CHECK_THROWS(LoadModel(truncated, ignored), "-model:");
  const std::string garbage = directory + "/imclass_model_test_garbage.yaml";
  std::ofstream(garbage) << "%YAML:1.0\n---\nimclass: [ 1, 2\n";
  IMCLASS_CHECK_THROWS(LoadModel(garbage, ignored), "-model:");
  ModelMetadata wrongCount = written;
  wrongCount.featureNames.pop_back();
  const std::string mismatch = directory + "/imclass_model_test_mismatch.yaml";
  SaveModel(mismatch, forest, wrongCount);
  IMCLASS_CHECK_THROWS(LoadModel(mismatch, ignored), "its forest uses 3 features but it names 2");
  IMCLASS_CHECK_THROWS(SaveModel(directory + "/model.rf", forest, written), "-out: ");
  ModelMetadata shortVotes = written;
  shortVotes.crossValidationNegativeVotes.pop_back();
  const std::string votes = directory + "/imclass_model_test_votes.yaml";
  SaveModel(votes, forest, shortVotes);
  IMCLASS_CHECK_THROWS(LoadModel(votes, ignored), "-model: '" + votes + "' is corrupt: its cross-validation votes do not match its 10 trees");

  // Cross-validation curves by hand. 4 trees: positives got 1, 3, 3, 4 votes and stand for 2
  // pixels each (8 pixels of class polygons, 4 samples); negatives 0 x5, 1 x2, 2 x1 and stand for
  // 100 pixels each. At probability >= 0.75: TP 6, FP 0 (precision 1, recall 0.75, F1 6/7),
  // the best; >= 0.5: TP 6, FP 100; >= 0.25: TP 8, FP 300. No probability lies in (0.5, 0.75):
  // thresholds 0.501 ... 0.75 form the plateau, whose middle 0.625 is chosen.
  ModelMetadata byHand;
  byHand.sampleCounts                 = {{"positive", 4}, {"negative", 8}, {"positive_area", 8}, {"negative_area", 800}};
  byHand.crossValidationPositiveVotes = {0, 1, 0, 2, 1};
  byHand.crossValidationNegativeVotes = {5, 2, 1, 0, 0};
  const ThresholdCurves curves        = CrossValidationCurves(byHand);
  IMCLASS_CHECK(curves.PositivePixels() == 8 && curves.NegativePixels() == 800 && curves.ValidPixels() == 808);
  const Confusion atHalf = curves.At(ScoreBin(0.5));
  IMCLASS_CHECK(atHalf.truePositives == 6 && atHalf.falsePositives == 100 && atHalf.falseNegatives == 2 && atHalf.trueNegatives == 700);
  const Confusion atQuarter = curves.At(ScoreBin(0.25));
  IMCLASS_CHECK(atQuarter.truePositives == 8 && atQuarter.falsePositives == 300);
  const unsigned int best = curves.ChooseBin(ThresholdMethod::F1, 1.);
  IMCLASS_CHECK(best == 625);
  IMCLASS_CHECK_NEAR(curves.At(best).FScore(), 6.0 / 7.0, 1e-12);
  const Confusion recorded = ScoreCrossValidation(byHand);
  IMCLASS_CHECK(recorded.truePositives == 6 && recorded.falsePositives == 0 && byHand.validationThreshold == 0.625);
  IMCLASS_CHECK(byHand.validationPrecision == 1.0 && byHand.validationRecall == 0.75);
  IMCLASS_CHECK_NEAR(byHand.validationF1, 6.0 / 7.0, 1e-12);

  // Feature names: the first difference, or the count difference.
  // A selection of features: the top of the ranking by count, cut by a share of the importance
  // (negative importance counted as 0: total 0.95), returned in stack order.
  const std::vector<std::pair<std::string, double>> ranking{{"c", 0.5}, {"a", 0.3}, {"b", 0.15}, {"d", -0.05}};
  const std::vector<std::string>                    names{"a", "b", "c", "d"};
  IMCLASS_CHECK((SelectFeatures(ranking, names, 2, 1.) == std::vector<unsigned int>{0, 2}));
  IMCLASS_CHECK((SelectFeatures(ranking, names, 0, 0.75) == std::vector<unsigned int>{0, 2}));  // 0.5 < 0.7125 <= 0.8
  IMCLASS_CHECK((SelectFeatures(ranking, names, 0, 0.5) == std::vector<unsigned int>{2}));      // 0.5 >= 0.475
  IMCLASS_CHECK((SelectFeatures(ranking, names, 1, 0.9) == std::vector<unsigned int>{2}));      // the count first
  IMCLASS_CHECK((SelectFeatures(ranking, names, 0, 1.) == std::vector<unsigned int>{0, 1, 2})); // 0.95 reached without d

  // Model features are found by name among the stacks' bands, in any order, extra bands unused.
  IMCLASS_CHECK((FeaturePositions({"a", "b"}, {"a", "b"}) == std::vector<unsigned int>{0, 1}));
  IMCLASS_CHECK((FeaturePositions({"x", "b", "y", "a"}, {"a", "b"}) == std::vector<unsigned int>{3, 1}));
  IMCLASS_CHECK_THROWS(FeaturePositions({"a", "ndvi", "c"}, {"a", "post_ndvi", "c"}),
                       "-il: the model's feature 'post_ndvi' (2 of 3) is not in the stacks, which have 3 features");
  return EXIT_SUCCESS;
}
