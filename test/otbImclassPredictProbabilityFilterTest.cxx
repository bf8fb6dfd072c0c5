/* The predict filter, on two in-memory stacks with a mask and every kind of no-data: each valid
 * pixel is OpenCV's vote fraction (RTrees::getVotes), each invalid pixel is no-data, in float
 * and percent modes, with 1 thread in one piece and with 3 threads in 5 streamed pieces; and the
 * forest's features picked among more bands in another order. */
#include "otbImclassForestTestData.h"
#include "otbImclassPredictProbabilityFilter.h"
#include "otbImclassTestCheck.h"

#include "itkImageRegionIteratorWithIndex.h"
#include "itkStreamingImageFilter.h"
#include "otbImage.h"
#include "otbVectorImage.h"

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>

using namespace otb::Imclass;

namespace
{
using StackType       = otb::VectorImage<float, 2>;
using MaskType        = otb::Image<unsigned char, 2>;
using ProbabilityType = otb::Image<float, 2>;
using FilterType      = PredictProbabilityFilter<StackType, ProbabilityType, MaskType>;
using StreamerType    = itk::StreamingImageFilter<ProbabilityType, ProbabilityType>;

const unsigned int Width = 53, Height = 41;
const float        DeclaredNoData = 0.5f; // the no-data value band 4 of the second stack declares

StackType::Pointer MakeStack(unsigned int nbBands, cv::RNG& rng)
{
  auto                stack = StackType::New();
  StackType::SizeType size  = {{Width, Height}};
  stack->SetRegions(StackType::RegionType(size));
  stack->SetNumberOfComponentsPerPixel(nbBands);
  stack->Allocate();
  rng.fill(cv::Mat(1, Width * Height * nbBands, CV_32F, stack->GetBufferPointer()), cv::RNG::UNIFORM, -1.f, 1.f);
  return stack;
}

/** Runs the filter and returns its output, computed by `threads` threads in `pieces` pieces. */
ProbabilityType::Pointer Run(const StackType* first, const StackType* second, const MaskType* mask, std::shared_ptr<const CompactForest> forest, bool percent,
                             unsigned int threads, unsigned int pieces)
{
  auto filter = FilterType::New();
  filter->PushBackStack(first);
  filter->PushBackStack(second);
  filter->SetMaskImage(mask);
  filter->SetForest(forest);
  filter->SetPercent(percent);
  filter->SetNumberOfThreads(threads);
  auto streamer = StreamerType::New();
  streamer->SetInput(filter->GetOutput());
  streamer->SetNumberOfStreamDivisions(pieces);
  streamer->Update();
  return streamer->GetOutput();
}
} // namespace

int otbImclassPredictProbabilityFilterTest(int, char*[])
{
  cv::RNG rng(11);
  auto    first  = MakeStack(3, rng);
  auto    second = MakeStack(4, rng);
  auto    mask   = MaskType::New();
  mask->SetRegions(first->GetLargestPossibleRegion());
  mask->Allocate();
  mask->FillBuffer(1);
  otb::ImageMetadata declared;
  declared.Bands.resize(4);
  declared.Bands[3].Add(otb::MDNum::NoData, DeclaredNoData);
  second->SetImageMetadata(declared);

  // No-data of every kind at known pixels; everything else is valid.
  const unsigned int nbPixels = Width * Height;
  std::vector<char>  valid(nbPixels, 1);
  for (unsigned int p = 0; p < nbPixels; p += 7)
  {
    const unsigned int kind = (p / 7) % 6;
    float*             a    = first->GetBufferPointer() + 3 * p;
    float*             b    = second->GetBufferPointer() + 4 * p;
    switch (kind)
    {
    case 0:
      a[1] = NoDataValue;
      break;
    case 1:
      b[2] = std::numeric_limits<float>::quiet_NaN();
      break;
    case 2:
      a[0] = FLT_MAX;
      break;
    case 3:
      b[3] = DeclaredNoData;
      break;
    case 4:
      mask->GetBufferPointer()[p] = 0;
      break;
    default:
      b[0] = DeclaredNoData;
      continue; // declared on band 4 only: still valid
    }
    valid[p] = 0;
  }

  const cv::Ptr<cv::ml::RTrees>              opencv = Test::TrainForest(7, 25, 12);
  const std::shared_ptr<const CompactForest> forest = std::make_shared<const CompactForest>(*opencv, 7);

  // The oracle: OpenCV's votes for the concatenated features of every pixel.
  cv::Mat features(nbPixels, 7, CV_32F);
  for (unsigned int p = 0; p < nbPixels; ++p)
  {
    std::copy_n(first->GetBufferPointer() + 3 * p, 3, features.ptr<float>(p));
    std::copy_n(second->GetBufferPointer() + 4 * p, 4, features.ptr<float>(p) + 3);
  }
  const std::vector<unsigned int> votes = Test::OpenCvVotes(*opencv, features);

  unsigned int nbValid = 0, nbIntermediate = 0;
  for (unsigned int p = 0; p < nbPixels; ++p)
  {
    nbValid += valid[p];
    nbIntermediate += valid[p] && votes[p] > 0 && votes[p] < 25;
  }
  IMCLASS_CHECK(nbValid > nbPixels / 2 && nbValid < nbPixels);
  IMCLASS_CHECK(nbIntermediate > nbValid / 10); // probabilities strictly between 0 and 1 are common

  for (const bool percent : {false, true})
  {
    const auto oneThread = Run(first, second, mask, forest, percent, 1, 1);
    const auto streamed  = Run(first, second, mask, forest, percent, 3, 5);
    for (const auto& output : {oneThread, streamed})
    {
      const float* probability = output->GetBufferPointer();
      unsigned int differences = 0;
      for (unsigned int p = 0; p < nbPixels; ++p)
      {
        const float expected = !valid[p] ? (percent ? 255.f : NoDataValue)
                                         : (percent ? static_cast<float>(std::lround(100.0 * votes[p] / 25)) : static_cast<float>(votes[p] / 25.0));
        differences += probability[p] != expected;
      }
      if (differences > 0)
        std::cerr << differences << " pixels differ (percent " << percent << ")" << std::endl;
      IMCLASS_CHECK(differences == 0);
      const auto& band = output->GetImageMetadata().Bands.at(0);
      IMCLASS_CHECK(band[otb::MDStr::BandName] == "probability");
      IMCLASS_CHECK(band[otb::MDNum::NoData] == (percent ? 255.0 : NoDataValue));
    }
  }

  // The forest's features picked by position among stacks that hold more bands, in another order:
  // the same map, and the unused bands (all NaN here) do not make pixels invalid.
  auto                 unused = MakeStack(2, rng);
  StackType::PixelType nan(2);
  nan.Fill(std::numeric_limits<float>::quiet_NaN());
  unused->FillBuffer(nan);
  {
    auto picked = FilterType::New();
    picked->PushBackStack(second);
    picked->PushBackStack(unused);
    picked->PushBackStack(first);
    picked->SetMaskImage(mask);
    picked->SetForest(forest);
    picked->SetFeaturePositions({6, 7, 8, 0, 1, 2, 3});
    auto streamer = StreamerType::New();
    streamer->SetInput(picked->GetOutput());
    streamer->SetNumberOfStreamDivisions(4);
    streamer->Update();
    const auto   reference   = Run(first, second, mask, forest, false, 1, 1);
    unsigned int differences = 0;
    for (unsigned int p = 0; p < nbPixels; ++p)
      differences += streamer->GetOutput()->GetBufferPointer()[p] != reference->GetBufferPointer()[p];
    IMCLASS_CHECK(differences == 0);
  }

  // Stacks whose band count is not the forest's are refused.
  auto filter = FilterType::New();
  filter->PushBackStack(first);
  filter->SetForest(forest);
  IMCLASS_CHECK_THROWS(filter->UpdateOutputInformation(), "the stacks give 3 features, the forest uses 7");
  return EXIT_SUCCESS;
}
