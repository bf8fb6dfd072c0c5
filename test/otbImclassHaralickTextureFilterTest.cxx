/* HaralickTextureFilter against OTB's own filters (ScalarImageToTexturesFilter and
 * ScalarImageToAdvancedTexturesFilter) on the same clamped band, every pixel, borders included:
 * - the near-infrared band of the real Landsat-7 scene (argv[1]) for several radii, offsets (some
 *   negative, one longer than the radius) and bin counts, and a crop with a 73 x 73 window, large
 *   enough for OTB's 1e-4 frequency cut to leave single counts out of the entropies and for
 *   products of marginal frequencies to fall exactly on it (where OTB's rounding decides);
 * - a generated band with a no-data block (-9999, clamped to the minimum), a flat block reaching
 *   the image edge (degenerate windows: zero variance, one cell), a block above the maximum and NaN
 *   pixels (OTB puts NaN in the middle level).
 * Each feature must be within 1e-4 of its range over the image (1e-10 for a feature OTB leaves at
 * rounding noise), and the output must be the same bytes with 1 thread in one piece and with 3
 * threads in 37 tiles. */
#include "otbImclassHaralickTextureFilter.h"
#include "otbImclassTestCheck.h"

#include "itkImageRegionSplitterMultidimensional.h"
#include "itkStreamingImageFilter.h"
#include "otbClampImageFilter.h"
#include "otbExtractROI.h"
#include "otbImage.h"
#include "otbImageFileReader.h"
#include "otbMultiToMonoChannelExtractROI.h"
#include "otbScalarImageToAdvancedTexturesFilter.h"
#include "otbScalarImageToTexturesFilter.h"
#include "otbVectorImage.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iomanip>
#include <iostream>
#include <limits>
#include <vector>

using namespace otb::Imclass;

namespace
{
using BandType     = otb::Image<float, 2>;
using StackType    = otb::VectorImage<float, 2>;
using FilterType   = HaralickTextureFilter<BandType, StackType>;
using SimpleType   = otb::ScalarImageToTexturesFilter<BandType, BandType>;
using AdvancedType = otb::ScalarImageToAdvancedTexturesFilter<BandType, BandType>;

struct Case
{
  const char*  image;
  unsigned int radiusX, radiusY;
  int          offsetX, offsetY;
  unsigned int bins;
};

BandType::Pointer ReadBand(const char* path, unsigned int channel)
{
  auto reader = otb::ImageFileReader<StackType>::New();
  reader->SetFileName(path);
  auto extract = otb::MultiToMonoChannelExtractROI<float, float>::New();
  extract->SetInput(reader->GetOutput());
  extract->SetChannel(channel);
  extract->Update();
  return extract->GetOutput();
}

BandType::Pointer Crop(BandType* band, long x, long y, unsigned long width, unsigned long height)
{
  auto extract = otb::ExtractROI<float, float>::New();
  extract->SetInput(band);
  extract->SetStartX(x);
  extract->SetStartY(y);
  extract->SetSizeX(width);
  extract->SetSizeY(height);
  extract->Update();
  return extract->GetOutput();
}

/** 97 x 83 texture in [0, 100] with no-data, flat, saturated and NaN blocks (see the file comment). */
BandType::Pointer MakeGeneratedBand()
{
  auto image = BandType::New();
  image->SetRegions(BandType::RegionType({{0, 0}}, {{97, 83}}));
  image->Allocate();
  uint32_t state = 12345;
  for (long y = 0; y < 83; ++y)
    for (long x = 0; x < 97; ++x)
    {
      state       = state * 1664525u + 1013904223u;
      float value = 50 + 30 * std::sin(x / 7.0) * std::cos(y / 5.0) + 15 * (state >> 8) / 16777216.0;
      if (x >= 10 && x < 30 && y >= 5 && y < 25)
        value = -9999;
      if (x >= 70 && y >= 50)
        value = 42;
      if (x >= 40 && x < 50 && y >= 60 && y < 70)
        value = 250;
      if (x >= 85 && x < 88 && y >= 10 && y < 13)
        value = std::numeric_limits<float>::quiet_NaN();
      image->SetPixel({{x, y}}, value);
    }
  return image;
}

/** The band as the feature builder feeds the texture filters: clamped to [min, max]. */
BandType::Pointer Clamp(BandType* band, float min, float max)
{
  auto clamp = otb::ClampImageFilter<BandType, BandType>::New();
  clamp->SetInput(band);
  clamp->ClampOutside(min, max);
  clamp->Update();
  return clamp->GetOutput();
}

template <class TFilter>
void Configure(TFilter* filter, BandType* input, const Case& c, float min, float max)
{
  typename TFilter::SizeType   radius = {{c.radiusX, c.radiusY}};
  typename TFilter::OffsetType offset = {{c.offsetX, c.offsetY}};
  filter->SetInput(input);
  filter->SetRadius(radius);
  filter->SetOffset(offset);
  filter->SetNumberOfBinsPerAxis(c.bins);
  filter->SetInputImageMinimum(min);
  filter->SetInputImageMaximum(max);
}

/** OTB's 18 feature images: simple then advanced. */
std::vector<BandType::Pointer> RunOtb(BandType* input, const Case& c, float min, float max)
{
  auto simple   = SimpleType::New();
  auto advanced = AdvancedType::New();
  Configure(simple.GetPointer(), input, c, min, max);
  Configure(advanced.GetPointer(), input, c, min, max);
  simple->Update();
  advanced->Update();
  std::vector<BandType::Pointer> features;
  for (unsigned int k = 0; k < 8; ++k)
    features.push_back(simple->GetOutput(k));
  for (unsigned int k = 0; k < 10; ++k)
    features.push_back(advanced->GetOutput(k));
  return features;
}

StackType::Pointer RunOurs(BandType* input, const Case& c, float min, float max, TextureSet set, unsigned int threads, unsigned int pieces)
{
  auto filter = FilterType::New();
  Configure(filter.GetPointer(), input, c, min, max);
  filter->SetTextureSet(set);
  filter->SetNumberOfThreads(threads);
  auto streamer = itk::StreamingImageFilter<StackType, StackType>::New();
  streamer->SetInput(filter->GetOutput());
  streamer->SetRegionSplitter(itk::ImageRegionSplitterMultidimensional::New());
  streamer->SetNumberOfStreamDivisions(pieces);
  streamer->Update();
  return streamer->GetOutput();
}

bool SameBytes(const StackType* a, const StackType* b)
{
  const auto values = a->GetLargestPossibleRegion().GetNumberOfPixels() * a->GetNumberOfComponentsPerPixel();
  return values == b->GetLargestPossibleRegion().GetNumberOfPixels() * b->GetNumberOfComponentsPerPixel() &&
         std::memcmp(a->GetBufferPointer(), b->GetBufferPointer(), values * sizeof(float)) == 0;
}

int CheckCase(BandType* band, const Case& c, float min, float max)
{
  auto       input     = Clamp(band, min, max);
  const auto reference = RunOtb(input, c, min, max);
  const auto ours      = RunOurs(input, c, min, max, TextureSet::All, 1, 1);
  IMCLASS_CHECK(ours->GetNumberOfComponentsPerPixel() == 18);
  IMCLASS_CHECK(SameBytes(ours, RunOurs(input, c, min, max, TextureSet::All, 3, 37)));

  std::cout << std::setprecision(2) << c.image << " radius " << c.radiusX << "x" << c.radiusY << " offset (" << c.offsetX << ", " << c.offsetY << ") " << c.bins
            << " bins: max |difference| / range per feature:";
  const auto pixels = ours->GetLargestPossibleRegion().GetNumberOfPixels();
  for (unsigned int k = 0; k < 18; ++k)
  {
    // OTB's dissimilarity is NaN where a window has no pair: NaN must match NaN.
    const float* theirs = reference[k]->GetBufferPointer();
    double       low = std::numeric_limits<double>::max(), high = std::numeric_limits<double>::lowest(), error = 0;
    for (std::size_t p = 0; p < pixels; ++p)
    {
      const float mine = ours->GetBufferPointer()[p * 18 + k];
      IMCLASS_CHECK(std::isnan(mine) == std::isnan(theirs[p]));
      if (std::isnan(mine))
        continue;
      low   = std::min(low, static_cast<double>(theirs[p]));
      high  = std::max(high, static_cast<double>(theirs[p]));
      error = std::max(error, std::abs(static_cast<double>(mine) - theirs[p]));
    }
    std::cout << " " << error / std::max(high - low, 1e-300);
    IMCLASS_CHECK(error <= std::max(1e-4 * (high - low), 1e-10));
  }
  std::cout << std::endl;
  return EXIT_SUCCESS;
}
} // namespace

int otbImclassHaralickTextureFilterTest(int argc, char* argv[])
{
  if (argc != 2)
  {
    std::cerr << "usage: otbImclassHaralickTextureFilterTest l7_etms.tif" << std::endl;
    return EXIT_FAILURE;
  }
  auto       nir         = ReadBand(argv[1], 4);
  auto       generated   = MakeGeneratedBand();
  const Case realCases[] = {
      {"l7 nir", 2, 2, 1, 1, 16}, {"l7 nir", 5, 5, 1, 1, 32}, {"l7 nir", 3, 3, -2, 1, 8}, {"l7 nir", 1, 1, 0, 1, 64}, {"l7 nir", 4, 2, 3, -2, 12}};
  for (const auto& c : realCases)
    if (CheckCase(nir, c, 20, 120) != EXIT_SUCCESS)
      return EXIT_FAILURE;
  if (CheckCase(Crop(nir, 120, 130, 90, 80), {"l7 nir crop", 36, 36, 1, 1, 16}, 20, 120) != EXIT_SUCCESS)
    return EXIT_FAILURE;
  const Case generatedCases[] = {{"generated", 2, 2, 1, 1, 16}, {"generated", 3, 3, -1, -1, 8}, {"generated", 1, 1, 2, 0, 32}, {"generated", 2, 2, 6, -5, 16}};
  for (const auto& c : generatedCases)
    if (CheckCase(generated, c, 0, 100) != EXIT_SUCCESS)
      return EXIT_FAILURE;

  // The simple and advanced sets alone are the two parts of the full output.
  auto       input    = Clamp(nir, 20, 120);
  const Case c        = realCases[0];
  auto       all      = RunOurs(input, c, 20, 120, TextureSet::All, 2, 5);
  auto       simple   = RunOurs(input, c, 20, 120, TextureSet::Simple, 2, 5);
  auto       advanced = RunOurs(input, c, 20, 120, TextureSet::Advanced, 2, 5);
  IMCLASS_CHECK(simple->GetNumberOfComponentsPerPixel() == 8 && advanced->GetNumberOfComponentsPerPixel() == 10);
  const auto pixels = all->GetLargestPossibleRegion().GetNumberOfPixels();
  for (std::size_t p = 0; p < pixels; ++p)
  {
    IMCLASS_CHECK(std::memcmp(simple->GetBufferPointer() + p * 8, all->GetBufferPointer() + p * 18, 8 * sizeof(float)) == 0);
    IMCLASS_CHECK(std::memcmp(advanced->GetBufferPointer() + p * 10, all->GetBufferPointer() + p * 18 + 8, 10 * sizeof(float)) == 0);
  }
  return EXIT_SUCCESS;
}
