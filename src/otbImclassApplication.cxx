#include "otbImclassApplication.h"

#include "otbImclassBandNames.h"
#include "otbImclassFeatureCatalogue.h"
#include "otbImclassInputError.h"

#include "itkMultiThreader.h"
#include "otbWrapperOutputImageParameter.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace otb
{
namespace Wrapper
{

namespace
{

/** The library's reporter, speaking through an application's logger and progress. */
class ApplicationReporter : public Imclass::Reporter
{
public:
  using WatchFunction = std::function<void(itk::ProcessObject*, const std::string&)>;
  ApplicationReporter(itk::Logger* logger, WatchFunction watch) : m_Logger(logger), m_Watch(std::move(watch))
  {
  }
  void Info(const std::string& message) override
  {
    m_Logger->Info(message + "\n");
  }
  void Warning(const std::string& message) override
  {
    m_Logger->Warning(message + "\n");
  }
  void Watch(itk::ProcessObject* process, const std::string& description) override
  {
    m_Watch(process, description);
  }

private:
  itk::Logger*  m_Logger;
  WatchFunction m_Watch;
};

std::string Lowercase(std::string text)
{
  for (auto& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

} // namespace

ImclassApplication::ImclassApplication()
  : m_Reporter(std::make_unique<ApplicationReporter>(GetLogger(),
                                                     [this](itk::ProcessObject* process, const std::string& description) { AddProcess(process, description); }))
{
}

ImclassApplication::~ImclassApplication() = default;

Imclass::Reporter& ImclassApplication::Log()
{
  return *m_Reporter;
}

unsigned int ImclassApplication::Threads()
{
  return itk::MultiThreader::GetGlobalDefaultNumberOfThreads();
}

void ImclassApplication::CheckInputsReadable()
{
  for (const auto& key : GetParametersKeys())
  {
    const ParameterType      type = GetParameterType(key);
    std::vector<std::string> paths;
    if (type == ParameterType_InputImage || type == ParameterType_InputFilename || type == ParameterType_InputVectorData)
      paths.push_back(GetParameterString(key));
    else if (type == ParameterType_InputImageList || type == ParameterType_InputFilenameList || type == ParameterType_InputVectorDataList)
      paths = GetParameterStringList(key);
    else
      continue;
    if (!IsParameterEnabled(key) || !HasValue(key))
      continue;
    for (const auto& given : paths)
    {
      const std::string path = Imclass::WithoutExtendedFilename(given);
      if (path.empty() || path.rfind("/vsi", 0) == 0) // an image made in memory, or one of GDAL's virtual file systems
        continue;
      struct stat status;
      if (stat(path.c_str(), &status) != 0)
        throw Imclass::InputError("-" + key + ": cannot open '" + given + "': no such file");
      if (S_ISDIR(status.st_mode) && type != ParameterType_InputVectorData)
        throw Imclass::InputError("-" + key + ": '" + given + "' is a directory, not a file");
      if (access(path.c_str(), R_OK) != 0)
        throw Imclass::InputError("-" + key + ": cannot open '" + given + "': permission denied");
    }
  }
}

void ImclassApplication::CheckOutputFormats()
{
  const auto join = [](const std::vector<std::string>& items)
  {
    std::string list;
    for (size_t i = 0; i < items.size(); ++i)
      list += (i == 0 ? "" : i + 1 == items.size() ? " or " : ", ") + items[i];
    return list;
  };
  for (const auto& key : GivenOutputs())
  {
    const auto extensions = m_Extensions.find(key);
    if (extensions != m_Extensions.end())
    {
      const std::string file = Lowercase(Imclass::WithoutExtendedFilename(GetParameterString(key)));
      if (std::none_of(extensions->second.begin(), extensions->second.end(),
                       [&](const std::string& extension)
                       { return file.size() > extension.size() && file.compare(file.size() - extension.size(), extension.size(), extension) == 0; }))
        throw Imclass::InputError("-" + key + ": '" + GetParameterString(key) + "' must end with " + join(extensions->second));
    }
    const auto types = m_PixelTypes.find(key);
    if (types != m_PixelTypes.end())
    {
      const ImagePixelType type = GetParameterOutputImagePixelType(key);
      if (std::find(types->second.allowed.begin(), types->second.allowed.end(), type) == types->second.allowed.end())
      {
        std::vector<std::string> names;
        for (const auto allowed : types->second.allowed)
          names.push_back(OutputImageParameter::ConvertPixelTypeToString(allowed));
        throw Imclass::InputError("-" + key + ": pixel type " + OutputImageParameter::ConvertPixelTypeToString(type) + " refused: " + types->second.why + " (" +
                                  join(names) + ")");
      }
    }
  }
}

std::vector<std::string> ImclassApplication::GivenOutputs()
{
  std::vector<std::string> keys;
  for (const auto& key : GetParametersKeys())
  {
    const ParameterType type = GetParameterType(key);
    if ((type == ParameterType_OutputImage || type == ParameterType_OutputFilename) && IsParameterEnabled(key) && HasValue(key) &&
        !GetParameterString(key).empty())
      keys.push_back(key);
  }
  return keys;
}

std::string ImclassApplication::OutputPath(const std::string& key) const
{
  const auto found = m_Staged.find(key);
  return found == m_Staged.end() ? std::string() : found->second;
}

std::string ImclassApplication::TargetPath(const std::string& key) const
{
  const auto found = m_Targets.find(key);
  return found == m_Targets.end() ? std::string() : found->second;
}

void ImclassApplication::DoExecute()
{
  m_Outputs = std::make_unique<Imclass::StagedOutputs>();
  m_Targets.clear();
  m_Staged.clear();
  try
  {
    CheckInputsReadable();
    CheckOutputFormats();
    for (const auto& key : GivenOutputs())
    {
      const std::string target = GetParameterString(key);
      m_Targets[key]           = target;
      m_Staged[key]            = m_Outputs->Stage("-" + key, target);
      // Images are written by OTB's writer after this method: it writes to the temporary name.
      if (GetParameterType(key) == ParameterType_OutputImage)
        dynamic_cast<OutputImageParameter*>(GetParameterByKey(key))->SetFileName(m_Staged[key]);
    }
    DoImclassExecute();
  }
  catch (const Imclass::InputError& error)
  {
    m_Outputs->Discard();
    otbAppLogFATAL(<< error.what());
  }
  catch (...)
  {
    m_Outputs->Discard();
    throw;
  }
}

void ImclassApplication::AfterExecuteAndWriteOutputs()
{
  try
  {
    for (const auto& output : m_Staged)
      if (GetParameterType(output.first) == ParameterType_OutputImage)
      {
        dynamic_cast<OutputImageParameter*>(GetParameterByKey(output.first))->SetFileName(m_Targets[output.first]);
        Imclass::CopyBandNamesToDescriptions(output.second);
        // An all no-data result means an input (or mask) without a valid pixel: an error, not a map.
        if (Imclass::EveryPixelIsNoData(output.second))
          throw Imclass::InputError("-" + output.first + ": every pixel is no-data: the inputs have no valid pixel in common (check their " +
                                    "no-data values and masks)");
      }
    m_Outputs->Commit();
  }
  catch (const Imclass::InputError& error)
  {
    m_Outputs->Discard();
    otbAppLogFATAL(<< error.what());
  }
}

void ImclassApplication::AddIntegerParameter(const std::string& key, const std::string& name, const std::string& description, int value, int minimum)
{
  AddParameter(ParameterType_Int, key, name);
  SetParameterDescription(key, description);
  SetDefaultParameterInt(key, value);
  SetMinimumParameterIntValue(key, minimum);
}

void ImclassApplication::AddRealParameter(const std::string& key, const std::string& name, const std::string& description, float value, float minimum)
{
  AddParameter(ParameterType_Float, key, name);
  SetParameterDescription(key, description);
  SetDefaultParameterFloat(key, value);
  SetMinimumParameterFloatValue(key, minimum);
}

void ImclassApplication::AddOptionalParameter(ParameterType type, const std::string& key, const std::string& name, const std::string& description)
{
  AddParameter(type, key, name);
  SetParameterDescription(key, description);
  MandatoryOff(key);
}

void ImclassApplication::AddChoiceParameter(const std::string& key, const std::string& name, const std::string& description, const std::vector<Choice>& choices,
                                            const std::string& value)
{
  AddParameter(ParameterType_Choice, key, name);
  SetParameterDescription(key, description);
  for (const auto& choice : choices)
  {
    AddChoice(key + "." + choice.key, choice.name);
    SetParameterDescription(key + "." + choice.key, choice.description);
  }
  SetParameterString(key, value);
}

void ImclassApplication::AddOutputImageParameter(const std::string& key, const std::string& name, const std::string& description, ImagePixelType value,
                                                 const std::vector<ImagePixelType>& allowed, const std::string& why)
{
  AddParameter(ParameterType_OutputImage, key, name);
  SetParameterDescription(key, description);
  SetDefaultOutputPixelType(key, value);
  m_PixelTypes[key] = {allowed, why};
}

void ImclassApplication::AddOutputFileParameter(const std::string& key, const std::string& name, const std::string& description,
                                                const std::vector<std::string>& extensions, bool mandatory)
{
  AddParameter(ParameterType_OutputFilename, key, name);
  SetParameterDescription(key, description);
  if (!mandatory)
    MandatoryOff(key);
  m_Extensions[key] = extensions;
}

void ImclassApplication::AddSensorParameters(const std::string& sensorKey, const std::string& bandNamesKey, const std::string& imageDescription)
{
  std::vector<Choice> presets;
  for (const auto& preset : Imclass::SensorPresets())
  {
    std::ostringstream layouts;
    for (const auto& layout : preset.layouts)
    {
      layouts << (layouts.tellp() > 0 ? "; " : "") << layout.size() << " bands:";
      for (const auto& band : layout)
        layouts << " " << band;
    }
    presets.push_back({preset.key, preset.label, preset.layouts.empty() ? preset.label : preset.label + " (" + layouts.str() + ")"});
  }
  AddChoiceParameter(sensorKey, "Sensor of " + imageDescription,
                     "Sensor preset: gives the name of each band from the band count. Use generic (or " + bandNamesKey +
                         ") for any other sensor or band order.",
                     presets, "s2");

  std::ostringstream canonical;
  for (const auto& band : Imclass::CanonicalBandNames())
    canonical << band << " ";
  AddOptionalParameter(ParameterType_StringList, bandNamesKey, "Band names of " + imageDescription,
                       "One name per input band, in file order, from: " + canonical.str() +
                           "(overrides the sensor preset; indices and textures find their bands by these names).");
}

void ImclassApplication::AddFeatureParameters()
{
  std::ostringstream indexList;
  for (const auto& index : Imclass::IndexCatalogue())
    indexList << index.name << " = " << index.formula << "; ";
  AddOptionalParameter(ParameterType_StringList, "indices", "Spectral indices",
                       "Indices to compute (default: every index whose bands the image has). Known: " + indexList.str());

  AddChoiceParameter("texture", "Haralick textures", "Haralick texture features of one band, over a sliding window.",
                     {{"none", "None", "No texture."},
                      {"simple", "Simple",
                       "OTB's 8 simple Haralick features: energy, entropy, correlation, inverse difference moment, inertia, cluster shade, "
                       "cluster prominence, Haralick correlation."},
                      {"advanced", "Advanced",
                       "OTB's 10 advanced Haralick features: mean, variance, dissimilarity, sum average, sum variance, sum entropy, "
                       "difference of entropies, difference of variances, IC1, IC2."},
                      {"all", "All", "The 8 simple and the 10 advanced features (18)."}},
                     "simple");

  // OTB's parameter engine cannot hang parameters under a choice, so the texture settings live in
  // their own group: -texture simple -tex.radius 3.
  AddParameter(ParameterType_Group, "tex", "Texture settings");
  SetParameterDescription("tex", "Settings of the Haralick textures chosen with -texture.");
  AddOptionalParameter(ParameterType_String, "tex.band", "Texture band",
                       "Band name whose textures are computed (default: nir, or pan when a panchromatic image is given).");
  AddIntegerParameter("tex.radius", "Texture window radius", "Radius of the co-occurrence window in pixels (window side = 2 radius + 1).", 2, 1);
  AddIntegerParameter("tex.bins", "Texture grey levels", "Number of grey levels the band is quantized to between min and max.", 16, 2);
  AddOptionalParameter(ParameterType_Float, "tex.min", "Texture minimum",
                       "Band value mapped to the first grey level (default: the 1st percentile of the band over the image, computed by "
                       "a streamed pass).");
  AddOptionalParameter(ParameterType_Float, "tex.max", "Texture maximum",
                       "Band value mapped to the last grey level (default: the 99th percentile of the band).");
}

Imclass::FeatureRecipe ImclassApplication::ReadFeatureRecipe(const std::string& sensorKey, const std::string& bandNamesKey, unsigned int nbBands, bool withPan,
                                                             const std::string& prefix)
{
  Imclass::FeatureRecipe recipe;
  recipe.prefix                            = prefix;
  const std::vector<std::string> userNames = HasValue(bandNamesKey) ? GetParameterStringList(bandNamesKey) : std::vector<std::string>();
  recipe.bandNames                         = Imclass::ResolveBandNames(GetParameterString(sensorKey), userNames, nbBands, "-" + bandNamesKey, "-" + sensorKey);
  recipe.withPan                           = withPan;
  recipe.indices                           = HasValue("indices") ? GetParameterStringList("indices") : Imclass::DefaultIndices(recipe.bandNames);
  recipe.texture                           = Imclass::ParseTextureSet(GetParameterString("texture"));
  recipe.textureBand                       = HasValue("tex.band") ? GetParameterString("tex.band") : (withPan ? "pan" : "nir");
  recipe.textureRadius                     = GetParameterInt("tex.radius");
  recipe.textureBins                       = GetParameterInt("tex.bins");
  if (HasValue("tex.min") != HasValue("tex.max"))
    throw Imclass::InputError("-tex.min: give both -tex.min and -tex.max, or neither");
  if (HasValue("tex.min"))
  {
    recipe.textureRangeGiven = true;
    recipe.textureMin        = GetParameterFloat("tex.min");
    recipe.textureMax        = GetParameterFloat("tex.max");
  }
  recipe.Check();
  return recipe;
}

void ImclassApplication::LogFeatureNames(const std::vector<std::string>& names)
{
  std::ostringstream list;
  for (size_t i = 0; i < names.size(); ++i)
    list << (i ? ", " : "") << i + 1 << ":" << names[i];
  otbAppLogINFO(<< names.size() << " output bands: " << list.str());
}

} // namespace Wrapper
} // namespace otb
