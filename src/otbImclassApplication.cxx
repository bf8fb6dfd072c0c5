#include "otbImclassApplication.h"

#include "otbImclassBandNames.h"
#include "otbImclassFeatureCatalogue.h"
#include "otbImclassInputError.h"

#include "gdal_priv.h"
#include "otbFunctorImageFilter.h"
#include "itkMultiThreader.h"
#include "otbWrapperChoiceParameter.h"
#include "otbWrapperElevationParametersHandler.h"
#include "otbWrapperNumericalParameter.h"
#include "otbWrapperOutputImageParameter.h"
#include "otbWrapperParameterGroup.h"
#include "otbWrapperParameterKey.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <limits>
#include <sstream>
#include <sys/stat.h>
#include <type_traits>
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

/** A number parameter that keeps a text it cannot read whole, to be reported, where OTB's own reads
 * "ten" as 0 and "12abc" as 12; and that never clamps (the application checks the range and says
 * what is wrong). */
template <class TNumberParameter>
class StrictNumberParameter : public TNumberParameter
{
public:
  using Self    = StrictNumberParameter;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);

  void FromString(const std::string& text) override
  {
    using Value        = decltype(this->GetDefaultValue());
    char* end          = nullptr;
    errno              = 0;
    const double value = std::strtod(text.c_str(), &end);
    const bool   whole = !std::is_integral<Value>::value || (value == std::floor(value) && std::abs(value) <= INT_MAX);
    if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(value) || !whole)
      m_Unreadable = text;
    else
    {
      m_Unreadable.clear();
      this->SetValue(static_cast<Value>(value));
    }
  }

  /** The text last given that is not a number of this parameter's kind (empty when none). */
  const std::string& Unreadable() const
  {
    return m_Unreadable;
  }

private:
  std::string m_Unreadable;
};

/** A choice parameter that keeps an unknown choice to be reported with the known ones, where
 * OTB's own stops the launcher with an ITK exception. */
class StrictChoiceParameter : public ChoiceParameter
{
public:
  using Self    = StrictChoiceParameter;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);

  void SetValue(std::string choice) override
  {
    const auto keys = GetChoiceKeys();
    if (std::find(keys.begin(), keys.end(), choice) == keys.end())
    {
      m_Unknown = choice;
      return;
    }
    m_Unknown.clear();
    ChoiceParameter::SetValue(choice);
  }
  using ChoiceParameter::SetValue;

  const std::string& Unknown() const
  {
    return m_Unknown;
  }

private:
  std::string m_Unknown;
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

std::vector<std::pair<std::string, std::string>> ImclassApplication::GivenInputFiles()
{
  std::vector<std::pair<std::string, std::string>> files;
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
    for (const auto& path : paths)
      if (!path.empty() && path.rfind("/vsi", 0) != 0) // an image made in memory, or one of GDAL's virtual file systems
        files.emplace_back(key, path);
  }
  return files;
}

void ImclassApplication::CheckInputsReadable()
{
  for (const auto& input : GivenInputFiles())
  {
    const std::string path = Imclass::WithoutExtendedFilename(input.second);
    struct stat       status;
    if (stat(path.c_str(), &status) != 0)
      throw Imclass::InputError("-" + input.first + ": cannot open '" + input.second + "': no such file");
    if (S_ISDIR(status.st_mode) && GetParameterType(input.first) != ParameterType_InputVectorData)
      throw Imclass::InputError("-" + input.first + ": '" + input.second + "' is a directory, not a file");
    if (access(path.c_str(), R_OK) != 0)
      throw Imclass::InputError("-" + input.first + ": cannot open '" + input.second + "': permission denied");
    const ParameterType type = GetParameterType(input.first);
    if (type == ParameterType_InputImage || type == ParameterType_InputImageList)
    {
      GDALAllRegister();
      CPLPushErrorHandler(CPLQuietErrorHandler);
      GDALDatasetUniquePtr image(GDALDataset::FromHandle(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
      CPLPopErrorHandler();
      if (!image)
        throw Imclass::InputError("-" + input.first + ": GDAL cannot read '" + input.second + "' as an image");
    }
  }
}

void ImclassApplication::CheckOutputsAreNotInputs()
{
  // The same file, whatever the path that leads to it (links, "./", "../").
  const auto sameFile = [](const std::string& a, const std::string& b)
  {
    struct stat first, second;
    return stat(a.c_str(), &first) == 0 && stat(b.c_str(), &second) == 0 && first.st_dev == second.st_dev && first.st_ino == second.st_ino;
  };
  const auto outputs = GivenOutputs();
  for (size_t o = 0; o < outputs.size(); ++o)
  {
    const std::string output = Imclass::WithoutExtendedFilename(GetParameterString(outputs[o]));
    for (const auto& input : GivenInputFiles())
      if (sameFile(output, Imclass::WithoutExtendedFilename(input.second)))
        throw Imclass::InputError("-" + outputs[o] + ": '" + GetParameterString(outputs[o]) + "' is also the input -" + input.first +
                                  ": write the output elsewhere");
    for (size_t other = 0; other < o; ++other)
      if (Imclass::WithoutExtendedFilename(GetParameterString(outputs[other])) == output ||
          sameFile(output, Imclass::WithoutExtendedFilename(GetParameterString(outputs[other]))))
        throw Imclass::InputError("-" + outputs[o] + ": '" + GetParameterString(outputs[o]) + "' is also the output -" + outputs[other]);
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
    CheckParameterValues();
    CheckInputsReadable();
    CheckOutputFormats();
    CheckOutputsAreNotInputs();
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
    // OTB's writers come next: GDAL's failures while they write (a full disk) fail the run.
    m_WriteFailures = std::make_unique<Imclass::GdalFailures>();
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
  const std::string writeFailure = m_WriteFailures ? m_WriteFailures->First() : std::string();
  m_WriteFailures.reset();
  try
  {
    for (const auto& output : m_Staged)
      if (GetParameterType(output.first) == ParameterType_OutputImage)
      {
        dynamic_cast<OutputImageParameter*>(GetParameterByKey(output.first))->SetFileName(m_Targets[output.first]);
        if (!writeFailure.empty())
          throw Imclass::InputError("-" + output.first + ": writing '" + m_Targets[output.first] + "' failed: " + writeFailure);
        Imclass::CheckWrittenRaster(output.second, "-" + output.first);
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

void ImclassApplication::AddStrictParameter(Parameter::Pointer parameter, const std::string& key, const std::string& name, const std::string& description)
{
  // As OTB's ParameterGroup::AddParameter(type, key, name) does, with an ImCLASS parameter.
  ParameterKey    parameterKey(key);
  ParameterGroup* group = GetParameterList();
  if (parameterKey.Split().size() > 1)
  {
    Parameter::Pointer parent = GetParameterList()->GetParameterByKey(parameterKey.GetRoot());
    group                     = dynamic_cast<ParameterGroup*>(parent.GetPointer());
    parameter->SetRoot(parent);
    parent->AddChild(parameter);
  }
  parameter->SetKey(parameterKey.GetLastElement());
  parameter->SetName(name);
  group->AddParameter(parameter);
  SetParameterDescription(key, description);
}

namespace
{

std::string RangeText(double minimum, double maximum)
{
  std::ostringstream text;
  if (minimum == std::numeric_limits<double>::lowest() && maximum == std::numeric_limits<double>::max())
    text << "any number";
  else if (maximum < std::numeric_limits<double>::max())
    text << minimum << " to " << maximum;
  else
    text << "at least " << minimum;
  return text.str();
}

} // namespace

void ImclassApplication::AddIntegerParameter(const std::string& key, const std::string& name, const std::string& description, int value, int minimum,
                                             int maximum)
{
  const double top = maximum == INT_MAX ? std::numeric_limits<double>::max() : maximum;
  // The range in the label: otbcli -help, otbgui and QGIS show it.
  AddStrictParameter(StrictNumberParameter<IntParameter>::New().GetPointer(), key, name + " (" + RangeText(minimum, top) + ")", description);
  SetDefaultParameterInt(key, value);
  m_Ranges[key] = {static_cast<double>(minimum), top, true};
}

void ImclassApplication::AddRealParameter(const std::string& key, const std::string& name, const std::string& description, float value, float minimum,
                                          float maximum)
{
  const double top    = maximum == std::numeric_limits<float>::max() ? std::numeric_limits<double>::max() : maximum;
  const double bottom = minimum == std::numeric_limits<float>::lowest() ? std::numeric_limits<double>::lowest() : minimum;
  AddStrictParameter(StrictNumberParameter<FloatParameter>::New().GetPointer(), key, name + " (" + RangeText(bottom, top) + ")", description);
  SetDefaultParameterFloat(key, value);
  m_Ranges[key] = {bottom, top, false};
}

void ImclassApplication::CheckParameterValues()
{
  for (const auto& key : GetParametersKeys())
  {
    Parameter* parameter = GetParameterByKey(key);
    if (auto* choice = dynamic_cast<StrictChoiceParameter*>(parameter))
      if (!choice->Unknown().empty())
      {
        std::string known;
        for (const auto& option : choice->GetChoiceKeys())
          known += (known.empty() ? "" : ", ") + option;
        throw Imclass::InputError("-" + key + ": '" + choice->Unknown() + "' is not one of " + known);
      }
    const auto range = m_Ranges.find(key);
    if (range == m_Ranges.end() || !IsParameterEnabled(key))
      continue;
    const auto*       integer    = dynamic_cast<StrictNumberParameter<IntParameter>*>(parameter);
    const auto*       real       = dynamic_cast<StrictNumberParameter<FloatParameter>*>(parameter);
    const auto&       unreadable = integer ? integer->Unreadable() : real->Unreadable();
    const std::string kind       = range->second.integer ? "a whole number" : "a number";
    if (!unreadable.empty())
      throw Imclass::InputError("-" + key + ": '" + unreadable + "' is not " + kind + " (" + RangeText(range->second.minimum, range->second.maximum) + ")");
    const double value = range->second.integer ? GetParameterInt(key) : GetParameterFloat(key);
    if (std::isnan(value) || value < range->second.minimum || value > range->second.maximum)
    {
      std::ostringstream message;
      message << "-" << key << ": " << value << " is out of range (" << RangeText(range->second.minimum, range->second.maximum) << ")";
      throw Imclass::InputError(message.str());
    }
  }
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
  AddStrictParameter(StrictChoiceParameter::New().GetPointer(), key, name, description);
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

void ImclassApplication::AddRawInputParameters(const std::string& use)
{
  AddOptionalParameter(ParameterType_InputImage, "in", "Image (" + use + ")", "The image a mono-date stack was made from (ImclassFeatures -in).");
  AddOptionalParameter(ParameterType_InputImage, "pan", "Panchromatic image (" + use + ")",
                       "The panchromatic image of a very high resolution stack (ImclassFeatures -pan).");
  AddOptionalParameter(ParameterType_InputImage, "mask", "Validity mask",
                       "Optional mask on the grid of the stacks (of -in, or -pan): 0 = invalid (no-data there), other values = valid.");
  AddOptionalParameter(ParameterType_InputImage, "pre", "Pre-event image (" + use + ")",
                       "The pre-event image of a bi-date stack (ImclassChangeFeatures -pre).");
  AddOptionalParameter(ParameterType_InputImage, "premask", "Pre-event validity mask (" + use + ")", "Its mask (ImclassChangeFeatures -premask).");
  AddOptionalParameter(ParameterType_InputImage, "post", "Post-event image (" + use + ")",
                       "The post-event image of a bi-date stack (ImclassChangeFeatures -post).");
  AddOptionalParameter(ParameterType_InputImage, "postmask", "Post-event validity mask (" + use + ")", "Its mask (ImclassChangeFeatures -postmask).");
  AddOptionalParameter(ParameterType_InputImageList, "series", "Time series (" + use + ")",
                       "The dates of a time-series stack, in its order (ImclassSeriesFeatures -il).");
  AddOptionalParameter(ParameterType_InputImageList, "masks", "Time series validity masks (" + use + ")",
                       "Their masks, one per date (ImclassSeriesFeatures -masks).");
  AddOptionalParameter(ParameterType_InputImage, "grid", "Grid image (" + use + ")",
                       "The image whose grid a stack made with -grid is on (ImclassFeatures or ImclassChangeFeatures -grid); default: the grid of "
                       "the other stacks.");
  AddOptionalParameter(ParameterType_InputImage, "dem", "DEM file (" + use + ")", "The DEM of a topographic stack (ImclassTopo -dem).");
  ElevationParametersHandler::AddElevationParameters(this, "elev");
}

Imclass::RawInputs ImclassApplication::ReadRawInputs()
{
  Imclass::RawInputs raw;
  raw.image    = HasValue("in") ? GetParameterFloatVectorImage("in") : nullptr;
  raw.pan      = HasValue("pan") ? GetParameterFloatImage("pan") : nullptr;
  raw.mask     = HasValue("mask") ? GetParameterUInt8Image("mask") : nullptr;
  raw.pre      = HasValue("pre") ? GetParameterFloatVectorImage("pre") : nullptr;
  raw.post     = HasValue("post") ? GetParameterFloatVectorImage("post") : nullptr;
  raw.preMask  = HasValue("premask") ? GetParameterUInt8Image("premask") : nullptr;
  raw.postMask = HasValue("postmask") ? GetParameterUInt8Image("postmask") : nullptr;
  if (HasValue("series"))
  {
    raw.seriesPaths = GetParameterStringList("series");
    for (unsigned int k = 0; k < GetParameterImageList("series")->Size(); ++k)
      raw.series.push_back(GetParameterImageList("series")->GetNthElement(k));
  }
  raw.seriesMasks = GetParameterMaskList("masks");
  raw.grid        = HasValue("grid") ? GetParameterFloatVectorImage("grid") : nullptr;
  raw.dem         = HasValue("dem") ? GetParameterFloatImage("dem") : nullptr;
  if (ElevationParametersHandler::IsDEMUsed(this, "elev"))
    raw.demDirectory = ElevationParametersHandler::GetDEMDirectory(this, "elev");
  if (ElevationParametersHandler::IsGeoidUsed(this, "elev"))
    raw.heights.geoidPath = ElevationParametersHandler::GetGeoidFile(this, "elev");
  raw.heights.fillWithDefault = HasUserValue("elev.default");
  raw.heights.defaultHeight   = ElevationParametersHandler::GetDefaultElevation(this, "elev");
  return raw;
}

void ImclassApplication::AddRecipeParameter()
{
  AddOutputFileParameter("recipe", "Recipe file",
                         "The recipe of the stack (its features and every setting, texture ranges included), as a small text file: "
                         "ImclassTrain -recipes builds the stack from it and the raw images in memory, only where it draws samples, "
                         "so that no stack needs writing. With -out or instead of it.",
                         {".txt"}, false);
}

void ImclassApplication::WriteStackOrRecipe(FloatVectorImageType* stack)
{
  if (HasValue("recipe"))
  {
    stack->UpdateOutputInformation();
    Imclass::WriteRecipeFile(OutputPath("recipe"), Imclass::RecordedRecipes(stack->GetImageMetadata()), "-recipe");
  }
  // Also without a file name: chained in memory, the next application takes the image.
  SetParameterOutputImage("out", stack);
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

void ImclassApplication::AddIndicesParameter()
{
  std::ostringstream indexList;
  for (const auto& index : Imclass::IndexCatalogue())
    indexList << index.name << " = " << index.formula << "; ";
  AddOptionalParameter(ParameterType_StringList, "indices", "Spectral indices",
                       "Indices to compute (default: every index whose bands the image has). Known: " + indexList.str());
}

void ImclassApplication::AddInterpolatorParameter(const std::string& description)
{
  AddChoiceParameter("interpolator", "Interpolator", description,
                     {{"bco", "Bicubic", "OTB's bicubic (BCO) interpolation, radius 2, as otbcli_Superimpose by default."},
                      {"linear", "Linear", "Bilinear interpolation."},
                      {"nn", "Nearest neighbour", "Nearest neighbour: values unchanged, for categorical bands or a coarser reference."}},
                     "bco");
}

std::vector<Imclass::MaskImageType*> ImclassApplication::GetParameterMaskList(const std::string& key)
{
  std::vector<Imclass::MaskImageType*> masks;
  if (!HasValue(key))
    return masks;
  for (unsigned int k = 0; k < GetParameterImageList(key)->Size(); ++k)
  {
    auto validity = NewFunctorFilter([](const FloatVectorImageType::PixelType& mask) -> unsigned char { return mask[0] != 0; });
    validity->SetInputs(GetParameterImageList(key)->GetNthElement(k));
    m_MaskFilters.push_back(validity.GetPointer());
    masks.push_back(validity->GetOutput());
  }
  return masks;
}

void ImclassApplication::AddFeatureParameters()
{
  AddIndicesParameter();

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
                       "Band name whose textures are computed (default: pan when a panchromatic image is given, else nir, else the first "
                       "co-polarisation, vv or hh, of a SAR image). A polarisation's textures are computed on its backscatter in dB.");
  AddIntegerParameter("tex.radius", "Texture window radius", "Radius of the co-occurrence window in pixels (window side = 2 radius + 1).", 2, 1);
  AddIntegerParameter("tex.bins", "Texture grey levels", "Number of grey levels the band is quantized to between min and max.", 16, 2);
  AddOptionalParameter(ParameterType_Float, "tex.min", "Texture minimum",
                       "Band value mapped to the first grey level (default: the 1st percentile of the band over the image, computed by "
                       "a streamed pass).");
  AddOptionalParameter(ParameterType_Float, "tex.max", "Texture maximum",
                       "Band value mapped to the last grey level (default: the 99th percentile of the band).");

  AddSarParameters();
}

void ImclassApplication::AddSarParameters()
{
  // SAR: how the polarisations' values are given, and the speckle filter.
  AddParameter(ParameterType_Group, "sar", "SAR settings");
  SetParameterDescription("sar", "How the backscatter of the polarisations (bands vv vh hh hv) is given, and OTB's speckle filter applied to it.");
  AddChoiceParameter("sar.unit", "Backscatter unit", "How the polarisation bands hold the backscatter (sigma0 for Sentinel-1 GRD).",
                     {{"power", "Linear power", "Linear power (intensity), as calibrated GRD products give sigma0."},
                      {"db", "Decibels", "10 log10 of the power."},
                      {"amplitude", "Amplitude", "The square root of the power (detected amplitude, as many 8 and 16-bit products)."}},
                     "power");
  AddChoiceParameter("sar.filter", "Speckle filter",
                     "OTB's speckle filter (the filters of otbcli_Despeckle) applied to the power of each polarisation; its output is the "
                     "feature sar_<pol>_<filter>_r<radius> and feeds the cross-ratios and the change features.",
                     {{"none", "None", "No filter: the SAR features are the backscatter in dB and the cross-ratios of the raw powers."},
                      {"lee", "Lee", "Lee's minimum mean square error filter (otb::LeeImageFilter)."},
                      {"frost", "Frost", "Frost's filter, weights decreasing exponentially with distance (otb::FrostImageFilter, -sar.deramp)."},
                      {"gammamap", "Gamma-MAP", "Maximum a posteriori filter for Gamma-distributed speckle (otb::GammaMAPImageFilter)."},
                      {"kuan", "Kuan", "Kuan's filter (otb::KuanImageFilter)."}},
                     "lee");
  AddIntegerParameter("sar.radius", "Speckle filter radius",
                      "Radius of the filter's window in pixels (window side = 2 radius + 1); also the window of the mean-ratio change features.", 2, 1);
  AddRealParameter("sar.looks", "Equivalent number of looks",
                   "Equivalent number of looks of the images (Lee, Gamma-MAP, Kuan); 0 = the sensor preset's: 4.4 for s1 (IW GRD high "
                   "resolution), 1 otherwise.",
                   0.f, 0.f);
  AddRealParameter("sar.deramp", "Frost damping factor", "Damping factor of the Frost filter (OTB's deramp).", 0.1f, 0.f);
}

void ImclassApplication::AddGridParameters(const std::string& imageDescription)
{
  AddOptionalParameter(ParameterType_InputImage, "grid", "Output grid",
                       "Optional image whose grid (CRS, resolution, extent) the stack takes: " + imageDescription +
                           " is resampled onto it inside the pipeline, its invalid pixels carried (e.g. a SAR stack on the grid of an "
                           "optical one, so that both go to -il of ImclassTrain and ImclassPredict).");
  AddInterpolatorParameter("Interpolation of a resampled image (unused when no image is resampled).");
}

void ImclassApplication::ReadSarSettings(Imclass::FeatureRecipe& recipe)
{
  recipe.sarUnit   = Imclass::ParseSarUnit(GetParameterString("sar.unit"));
  recipe.sarFilter = Imclass::ParseSpeckleFilter(GetParameterString("sar.filter"));
  recipe.sarRadius = GetParameterInt("sar.radius");
  recipe.sarLooks  = GetParameterFloat("sar.looks");
  recipe.sarDeramp = GetParameterFloat("sar.deramp");
}

Imclass::FeatureRecipe ImclassApplication::ReadFeatureRecipe(const std::string& sensorKey, const std::string& bandNamesKey, unsigned int nbBands, bool withPan,
                                                             const std::string& prefix)
{
  Imclass::FeatureRecipe recipe;
  recipe.prefix                            = prefix;
  const std::vector<std::string> userNames = GetParameterStringListOrEmpty(bandNamesKey);
  recipe.bandNames                         = Imclass::ResolveBandNames(GetParameterString(sensorKey), userNames, nbBands, "-" + bandNamesKey, "-" + sensorKey);
  recipe.withPan                           = withPan;
  // An image of polarisations only has no index; in a pair with an optical date, -indices is the
  // optical date's.
  const bool sarOnly =
      std::all_of(recipe.bandNames.begin(), recipe.bandNames.end(), [](const std::string& band) { return band == "other" || Imclass::IsPolarisation(band); });
  recipe.indices     = HasValue("indices") && !(sarOnly && !prefix.empty()) ? GetParameterStringList("indices") : Imclass::DefaultIndices(recipe.bandNames);
  recipe.texture     = Imclass::ParseTextureSet(GetParameterString("texture"));
  recipe.textureBand = HasValue("tex.band") ? GetParameterString("tex.band") : Imclass::DefaultTextureBand(recipe.bandNames, withPan);
  ReadSarSettings(recipe);
  if (!(recipe.sarLooks > 0))
    recipe.sarLooks = Imclass::FindSensorPreset(GetParameterString(sensorKey)).looks;
  recipe.textureRadius = GetParameterInt("tex.radius");
  recipe.textureBins   = GetParameterInt("tex.bins");
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

void ImclassApplication::LogRecipe(const Imclass::FeatureRecipe& recipe)
{
  const std::string date          = recipe.prefix.empty() ? "" : recipe.prefix.substr(0, recipe.prefix.size() - 1) + ": ";
  const auto        polarisations = recipe.Polarisations();
  if (!polarisations.empty())
  {
    std::ostringstream line;
    line << date << "SAR " << Imclass::SarUnitName(recipe.sarUnit) << " values of";
    for (const auto& polarisation : polarisations)
      line << " " << polarisation;
    if (recipe.sarFilter == Imclass::SpeckleFilter::None)
      line << ", no speckle filter";
    else if (recipe.sarFilter == Imclass::SpeckleFilter::Frost)
      line << ", frost filter of radius " << recipe.sarRadius << ", damping " << recipe.sarDeramp;
    else
      line << ", " << Imclass::SpeckleFilterName(recipe.sarFilter) << " filter of radius " << recipe.sarRadius << ", " << recipe.sarLooks << " looks";
    otbAppLogINFO(<< line.str());
  }
  if (recipe.texture != Imclass::TextureSet::None)
    otbAppLogINFO(<< date << "textures of " << recipe.textureBand << (Imclass::IsPolarisation(recipe.textureBand) ? " (dB)" : "") << ": radius "
                  << recipe.textureRadius << ", " << recipe.textureBins << " grey levels over [" << recipe.textureMin << ", " << recipe.textureMax << "]");
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
