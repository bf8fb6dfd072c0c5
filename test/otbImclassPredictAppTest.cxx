/* ImclassPredict application tests, around files:
 *  otbImclassPredictTrainTestModel  writes an ImCLASS model learnt from feature stacks and a
 *                                   truth raster (what ImclassTrain does, without its sampling;
 *                                   bench/bench-predict.sh uses it too);
 *  otbImclassPredictAppTest         checks a probability map pixel by pixel against OpenCV's
 *                                   votes, the forest read by OpenCV itself from the model file. */
#include "otbImclassForestTestData.h"
#include "otbImclassModel.h"
#include "otbImclassBandNames.h"
#include "otbImclassTestCheck.h"

#include "otbImage.h"
#include "otbImageFileReader.h"
#include "otbVectorImage.h"

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

using namespace otb::Imclass;

namespace
{
using StackType = otb::VectorImage<float, 2>;
using ByteType  = otb::Image<unsigned char, 2>;
using FloatType = otb::Image<float, 2>;

template <class TImage>
typename TImage::Pointer Read(const std::string& path)
{
  auto reader = otb::ImageFileReader<TImage>::New();
  reader->SetFileName(path);
  reader->Update();
  return reader->GetOutput();
}

/** The features of every pixel of the stacks, concatenated in order: one row per pixel. A pixel
 * is invalid where any feature is -9999 or NaN. */
cv::Mat ReadFeatures(const std::vector<std::string>& paths, std::vector<char>& valid, std::vector<std::string>& names)
{
  std::vector<StackType::Pointer> stacks;
  int                             nbFeatures = 0;
  for (const auto& path : paths)
  {
    stacks.push_back(Read<StackType>(path));
    nbFeatures += stacks.back()->GetNumberOfComponentsPerPixel();
    for (const auto& name : ReadBandNamesFromFile(path))
      names.push_back(name);
  }
  const int nbPixels = stacks[0]->GetLargestPossibleRegion().GetNumberOfPixels();
  cv::Mat   features(nbPixels, nbFeatures, CV_32F);
  valid.assign(nbPixels, 1);
  for (int p = 0; p < nbPixels; ++p)
  {
    float* row = features.ptr<float>(p);
    for (const auto& stack : stacks)
    {
      const unsigned int nbBands = stack->GetNumberOfComponentsPerPixel();
      for (unsigned int b = 0; b < nbBands; ++b, ++row)
      {
        *row = stack->GetBufferPointer()[p * nbBands + b];
        if (*row == NoDataValue || std::isnan(*row))
          valid[p] = 0;
      }
    }
  }
  return features;
}
} // namespace

// Arguments: model.yaml truth.tif trees depth stack.tif [stack.tif ...]
int otbImclassPredictTrainTestModel(int argc, char* argv[])
{
  IMCLASS_CHECK(argc >= 6);
  const std::string       nbTrees = argv[3], maxDepth = argv[4];
  std::vector<char>       valid;
  ModelMetadata           metadata;
  const cv::Mat           features = ReadFeatures(std::vector<std::string>(argv + 5, argv + argc), valid, metadata.featureNames);
  const ByteType::Pointer truth    = Read<ByteType>(argv[2]);

  // Every third valid pixel, labelled by the truth raster with 20% of the labels flipped: the
  // scene is easy, and noisy trees make probabilities strictly between 0 and 1 common.
  cv::RNG rng(5);
  cv::Mat samples, labels;
  for (int p = 0; p < features.rows; p += 3)
    if (valid[p])
    {
      samples.push_back(features.row(p));
      labels.push_back(static_cast<int>((truth->GetBufferPointer()[p] == 1) != (rng.uniform(0.f, 1.f) < 0.2f)));
    }
  cv::Ptr<cv::ml::RTrees> forest = cv::ml::RTrees::create();
  forest->setMaxDepth(std::stoi(maxDepth));
  forest->setMinSampleCount(3);
  forest->setTermCriteria(cv::TermCriteria(cv::TermCriteria::MAX_ITER, std::stoi(nbTrees), 0));
  forest->train(cv::ml::TrainData::create(samples, cv::ml::ROW_SAMPLE, labels));

  metadata.inputStacks                      = std::vector<std::string>(argv + 5, argv + argc);
  metadata.classDefinition                  = std::string(argv[2]) + ": value = 1";
  metadata.trainingParameters["rf.nbtrees"] = nbTrees;
  metadata.trainingParameters["rf.max"]     = maxDepth;
  // Not cross-validated: empty vote histograms of the right size.
  metadata.crossValidationPositiveVotes.assign(std::stoi(nbTrees) + 1, 0);
  metadata.crossValidationNegativeVotes.assign(std::stoi(nbTrees) + 1, 0);
  SaveModel(argv[1], forest, metadata);
  return EXIT_SUCCESS;
}

// Arguments: probability.tif float|percent model.yaml mask.tif stack.tif [stack.tif ...]
int otbImclassPredictAppTest(int argc, char* argv[])
{
  IMCLASS_CHECK(argc >= 6);
  const bool               percent = std::string(argv[2]) == "percent";
  std::vector<char>        valid;
  std::vector<std::string> names;
  const cv::Mat            features = ReadFeatures(std::vector<std::string>(argv + 5, argv + argc), valid, names);
  const ByteType::Pointer  mask     = Read<ByteType>(argv[4]);
  const FloatType::Pointer output   = Read<FloatType>(argv[1]);
  IMCLASS_CHECK(static_cast<int>(output->GetLargestPossibleRegion().GetNumberOfPixels()) == features.rows);
  IMCLASS_CHECK(ReadBandNamesFromFile(argv[1]) == std::vector<std::string>({"probability"}));

  // OpenCV reads the forest from the model file by itself: the oracle shares no ImCLASS code.
  const cv::Ptr<cv::ml::RTrees>   forest  = cv::ml::RTrees::load(argv[3]);
  const double                    nbTrees = forest->getRoots().size();
  const std::vector<unsigned int> votes   = Test::OpenCvVotes(*forest, features);

  unsigned int nbNoData = 0, nbMasked = 0, nbIntermediate = 0, differences = 0;
  for (int p = 0; p < features.rows; ++p)
  {
    const bool   masked   = mask->GetBufferPointer()[p] == 0;
    const bool   isValid  = valid[p] && !masked;
    const double fraction = votes[p] / nbTrees;
    const float  expected =
        !isValid ? (percent ? 255.f : NoDataValue) : (percent ? static_cast<float>(std::lround(100.0 * fraction)) : static_cast<float>(fraction));
    const float actual = output->GetBufferPointer()[p];
    if (actual != expected && differences++ < 5)
      std::cerr << "pixel " << p << ": " << actual << ", OpenCV: " << expected << std::endl;
    nbNoData += !isValid;
    nbMasked += masked;
    nbIntermediate += isValid && votes[p] > 0 && votes[p] < nbTrees;
  }
  std::cout << features.rows << " pixels, " << nbNoData << " no-data (" << nbMasked << " masked), " << nbIntermediate
            << " with a probability strictly between 0 and 1, " << differences << " differences" << std::endl;
  IMCLASS_CHECK(differences == 0);
  // The check saw what it must: masked pixels, and pixels where the trees disagree.
  IMCLASS_CHECK(nbMasked > 0 && nbNoData < static_cast<unsigned int>(features.rows));
  IMCLASS_CHECK(nbIntermediate > 1000);
  return EXIT_SUCCESS;
}
