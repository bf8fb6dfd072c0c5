/* The ImCLASS applications through OTB's application API, as Python users of OTB's own binaries
 * drive them:
 *  otbImclassInMemoryChainTest   the bi-date chain (ChangeFeatures, Topo, Train, Predict,
 *                                Threshold) chained in memory, no stack or probability file
 *                                written, against the same chain through files: same forest,
 *                                same cross-validation, same probabilities, same map, same objects;
 *  otbImclassParameterLabelsTest every application's parameter labels are unique (QGIS and
 *                                otbgui show labels, not keys). */
#include "otbImclassModel.h"
#include "otbImclassTestCheck.h"

#include "otbImage.h"
#include "otbImageFileReader.h"
#include "otbWrapperApplicationRegistry.h"

#include "gdal_priv.h"

#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <vector>

using otb::Wrapper::Application;
using otb::Wrapper::ApplicationRegistry;

namespace
{

const std::vector<std::string> Applications{"ImclassFeatures", "ImclassChangeFeatures", "ImclassTopo", "ImclassTrain", "ImclassPredict", "ImclassThreshold"};

Application::Pointer Create(const std::string& name)
{
  Application::Pointer application = ApplicationRegistry::CreateApplication(name);
  if (!application)
    throw std::runtime_error("application " + name + " not found");
  application->Init();
  return application;
}

template <class TImage>
std::vector<typename TImage::PixelType> Pixels(const std::string& path)
{
  auto reader = otb::ImageFileReader<TImage>::New();
  reader->SetFileName(path);
  reader->Update();
  const auto* image = reader->GetOutput();
  return std::vector<typename TImage::PixelType>(image->GetBufferPointer(), image->GetBufferPointer() + image->GetBufferedRegion().GetNumberOfPixels());
}

/** The forest part of a model file, as OpenCV writes it. */
std::string ForestText(const std::string& model)
{
  otb::Imclass::ModelMetadata metadata;
  const auto                  forest = otb::Imclass::LoadModel(model, metadata);
  cv::FileStorage             fs(".yaml", cv::FileStorage::WRITE | cv::FileStorage::MEMORY);
  forest->write(fs);
  return fs.releaseAndGetString();
}

long FeatureCount(const std::string& vector)
{
  GDALDatasetUniquePtr dataset(GDALDataset::Open(vector.c_str(), GDAL_OF_VECTOR));
  return dataset ? dataset->GetLayer(0)->GetFeatureCount() : -1;
}

struct ChainFiles
{
  std::string model, probability, map, polygons;
};

/** The chain on `scene`; with `inMemory`, stacks and probability map are never written. */
ChainFiles RunChain(const std::string& scene, const std::string& out, bool inMemory)
{
  const std::string prefix = out + (inMemory ? "/memory_" : "/files_");
  ChainFiles        files{prefix + "model.yaml", prefix + "probability.tif", prefix + "map.tif", prefix + "map.gpkg"};

  auto change = Create("ImclassChangeFeatures");
  change->SetParameterString("pre", scene + "/pre.tif");
  change->SetParameterString("post", scene + "/post.tif");
  change->SetParameterString("postmask", scene + "/post_mask.tif");
  change->SetParameterStringList("indices", {"ndvi", "ndwi", "nbr"});
  change->SetParameterString("texture", "simple");
  auto topo = Create("ImclassTopo");
  topo->SetParameterString("in", scene + "/post.tif");
  topo->SetParameterString("dem", scene + "/dem.tif");
  topo->SetParameterStringList("scales", {"1", "3"});

  auto train   = Create("ImclassTrain");
  auto predict = Create("ImclassPredict");
  if (inMemory)
  {
    change->Execute();
    topo->Execute();
    for (auto* application : {train.GetPointer(), predict.GetPointer()})
    {
      application->AddImageToParameterInputImageList("il", change->GetParameterOutputImage("out"));
      application->AddImageToParameterInputImageList("il", topo->GetParameterOutputImage("out"));
    }
  }
  else
  {
    change->SetParameterString("out", prefix + "change.tif");
    topo->SetParameterString("out", prefix + "topo.tif");
    change->ExecuteAndWriteOutput();
    topo->ExecuteAndWriteOutput();
    train->SetParameterStringList("il", {prefix + "change.tif", prefix + "topo.tif"});
    predict->SetParameterStringList("il", {prefix + "change.tif", prefix + "topo.tif"});
  }
  train->SetParameterString("vec", scene + "/samples.gpkg");
  train->SetParameterString("class.field", "label");
  train->SetParameterString("class.value", "1");
  train->SetParameterInt("rf.nbtrees", 20);
  train->SetParameterInt("sampling.folds", 3);
  train->SetParameterString("out", files.model);
  train->ExecuteAndWriteOutput();

  predict->SetParameterString("model", files.model);
  auto threshold = Create("ImclassThreshold");
  if (inMemory)
  {
    predict->Execute();
    threshold->SetParameterInputImage("in", predict->GetParameterOutputImage("out"));
  }
  else
  {
    predict->SetParameterString("out", files.probability);
    predict->ExecuteAndWriteOutput();
    threshold->SetParameterString("in", files.probability);
  }
  threshold->SetParameterString("model", files.model);
  threshold->SetParameterString("out", files.map);
  threshold->SetParameterOutputImagePixelType("out", otb::Wrapper::ImagePixelType_uint8);
  threshold->SetParameterString("outvec", files.polygons);
  threshold->ExecuteAndWriteOutput();
  if (inMemory)
  {
    // The probabilities of the in-memory map, for the comparison.
    predict->SetParameterString("out", files.probability);
    predict->ExecuteAndWriteOutput();
  }
  return files;
}

} // namespace

// Arguments: application_dir scene_dir out_dir
int otbImclassInMemoryChainTest(int argc, char* argv[])
{
  IMCLASS_CHECK(argc == 4);
  ApplicationRegistry::SetApplicationPath(argv[1]);
  GDALAllRegister();
  const ChainFiles files  = RunChain(argv[2], argv[3], false);
  const ChainFiles memory = RunChain(argv[2], argv[3], true);

  IMCLASS_CHECK(ForestText(memory.model) == ForestText(files.model));
  otb::Imclass::ModelMetadata fromFiles, fromMemory;
  otb::Imclass::LoadModel(files.model, fromFiles);
  otb::Imclass::LoadModel(memory.model, fromMemory);
  IMCLASS_CHECK(fromMemory.featureNames == fromFiles.featureNames && fromFiles.featureNames.size() > 40);
  IMCLASS_CHECK(fromMemory.featureRecipe == fromFiles.featureRecipe && fromFiles.featureRecipe.find("IMCLASS_RECIPE_post=") != std::string::npos);
  IMCLASS_CHECK(fromMemory.crossValidationPositiveVotes == fromFiles.crossValidationPositiveVotes);
  IMCLASS_CHECK(fromMemory.crossValidationNegativeVotes == fromFiles.crossValidationNegativeVotes);

  const auto probabilities = Pixels<otb::Image<float, 2>>(files.probability);
  IMCLASS_CHECK((Pixels<otb::Image<float, 2>>(memory.probability) == probabilities));
  const auto map = Pixels<otb::Image<unsigned char, 2>>(files.map);
  IMCLASS_CHECK((Pixels<otb::Image<unsigned char, 2>>(memory.map) == map));
  std::map<unsigned char, long> classes; // a real map, not an empty one
  for (const auto value : map)
    classes[value] += 1;
  IMCLASS_CHECK((classes[1] > 100 && classes[0] > 1000));
  IMCLASS_CHECK((FeatureCount(memory.polygons) == FeatureCount(files.polygons) && FeatureCount(files.polygons) > 0));
  return EXIT_SUCCESS;
}

// Arguments: application_dir
int otbImclassParameterLabelsTest(int argc, char* argv[])
{
  IMCLASS_CHECK(argc == 2);
  ApplicationRegistry::SetApplicationPath(argv[1]);
  for (const auto& name : Applications)
  {
    auto                  application = Create(name);
    std::set<std::string> labels;
    for (const auto& key : application->GetParametersKeys())
      if (!labels.insert(application->GetParameterName(key)).second)
      {
        std::cerr << name << ": label '" << application->GetParameterName(key) << "' (-" << key << ") is used twice" << std::endl;
        return EXIT_FAILURE;
      }
    if (labels.size() < 5)
    {
      std::cerr << name << ": only " << labels.size() << " parameters" << std::endl;
      return EXIT_FAILURE;
    }
  }
  return EXIT_SUCCESS;
}
