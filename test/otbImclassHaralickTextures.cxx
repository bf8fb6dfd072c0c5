/* Writes the Haralick textures of one band with HaralickTextureFilter, the way
 * otbcli_HaralickTextureExtraction does: the band is extracted and clamped to [min, max], the
 * writer streams it within `ram` MB, ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS sets the threads.
 * Used by bench/bench-textures.sh and by the test against the application (textures_check.py).
 *
 * usage: otbImclassHaralickTextures IN CHANNEL simple|advanced|all XRAD YRAD XOFF YOFF BINS MIN MAX RAM OUT */
#include "otbImclassHaralickTextureFilter.h"

#include "otbClampImageFilter.h"
#include "otbImage.h"
#include "otbImageFileReader.h"
#include "otbImageFileWriter.h"
#include "otbMultiToMonoChannelExtractROI.h"
#include "otbVectorImage.h"

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char* argv[])
{
  using BandType  = otb::Image<float, 2>;
  using StackType = otb::VectorImage<float, 2>;
  using Filter    = otb::Imclass::HaralickTextureFilter<BandType, StackType>;
  if (argc != 13)
  {
    std::cerr << "usage: " << argv[0] << " IN CHANNEL simple|advanced|all XRAD YRAD XOFF YOFF BINS MIN MAX RAM OUT" << std::endl;
    return EXIT_FAILURE;
  }
  const std::string set = argv[3];
  if (set != "simple" && set != "advanced" && set != "all")
  {
    std::cerr << "unknown texture set '" << set << "' (simple, advanced, all)" << std::endl;
    return EXIT_FAILURE;
  }
  const float min = std::stof(argv[9]), max = std::stof(argv[10]);
  try
  {
    auto reader = otb::ImageFileReader<StackType>::New();
    reader->SetFileName(argv[1]);
    auto extract = otb::MultiToMonoChannelExtractROI<float, float>::New();
    extract->SetInput(reader->GetOutput());
    extract->SetChannel(std::stoi(argv[2]));
    auto clamp = otb::ClampImageFilter<BandType, BandType>::New();
    clamp->SetInput(extract->GetOutput());
    clamp->ClampOutside(min, max);

    auto               textures = Filter::New();
    Filter::SizeType   radius   = {{std::stoul(argv[4]), std::stoul(argv[5])}};
    Filter::OffsetType offset   = {{std::stol(argv[6]), std::stol(argv[7])}};
    textures->SetInput(clamp->GetOutput());
    textures->SetRadius(radius);
    textures->SetOffset(offset);
    textures->SetNumberOfBinsPerAxis(std::stoul(argv[8]));
    textures->SetInputImageMinimum(min);
    textures->SetInputImageMaximum(max);
    textures->SetTextureSet(set == "simple"     ? otb::Imclass::TextureSet::Simple
                            : set == "advanced" ? otb::Imclass::TextureSet::Advanced
                                                : otb::Imclass::TextureSet::All);

    auto writer = otb::ImageFileWriter<StackType>::New();
    writer->SetInput(textures->GetOutput());
    writer->SetFileName(argv[12]);
    writer->SetAutomaticAdaptativeStreaming(std::stoul(argv[11]));
    writer->Update();
  }
  catch (const std::exception& error)
  {
    std::cerr << error.what() << std::endl;
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
