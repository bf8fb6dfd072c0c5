/*
 * ImCLASS — base class of the ImCLASS applications: one way to declare parameters, the parameter
 * groups the feature applications share (sensor, indices, textures), and the promises every
 * application keeps:
 *  - bad input ends with one line naming the parameter and the problem
 *    ("(FATAL) ImclassFeatures: -indices: ndbi needs band swir1 ...") and a non-zero exit;
 *  - outputs appear whole or not at all: each is written under a temporary name and moved into
 *    place once the whole run succeeded (otbImclassOutputFiles.h); an all no-data raster is an
 *    error, not a result;
 *  - band names travel with the data: written as GDAL band descriptions too.
 */
#ifndef otbImclassApplication_h
#define otbImclassApplication_h

#include "OTBImclassExport.h"
#include "otbImclassFeatureRecipe.h"
#include "otbImclassFusedStacks.h"
#include "otbImclassOutputFiles.h"
#include "otbImclassReporter.h"
#include "otbWrapperApplication.h"

#include <climits>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace otb
{
namespace Wrapper
{

/** \ingroup OTBImclass */
class OTBImclass_EXPORT ImclassApplication : public Application
{
protected:
  ImclassApplication();
  ~ImclassApplication() override;

  /** The work of the application; InputError thrown from here becomes one FATAL line. */
  virtual void DoImclassExecute() = 0;

  /** @name Declaring parameters: every application declares its parameters with these. */
  //@{
  /** Numbers in [minimum, maximum]: a value outside, or a text that is not a number of the kind,
   * is refused before anything runs (OTB's own parameters clamp and read leniently). The range is
   * added to the label, which -help shows. */
  void AddIntegerParameter(const std::string& key, const std::string& name, const std::string& description, int value, int minimum, int maximum = INT_MAX);
  void AddRealParameter(const std::string& key, const std::string& name, const std::string& description, float value, float minimum,
                        float maximum = std::numeric_limits<float>::max());
  /** A choice among `choices`; another value is refused before anything runs, naming the known
   * ones. A parameter the user may leave out (no default): AddOptionalParameter. */
  void AddOptionalParameter(ParameterType type, const std::string& key, const std::string& name, const std::string& description);
  /** \ingroup OTBImclass */
  struct Choice
  {
    std::string key, name, description;
  };
  void AddChoiceParameter(const std::string& key, const std::string& name, const std::string& description, const std::vector<Choice>& choices,
                          const std::string& value);
  /** An output image of pixel type `value` by default; the types in `allowed` only (the others are
   * refused before anything runs, with `why` as the reason). */
  void AddOutputImageParameter(const std::string& key, const std::string& name, const std::string& description, ImagePixelType value,
                               const std::vector<ImagePixelType>& allowed, const std::string& why);
  /** An output file whose format follows its extension: a path ending otherwise is refused before
   * anything runs. */
  void AddOutputFileParameter(const std::string& key, const std::string& name, const std::string& description, const std::vector<std::string>& extensions,
                              bool mandatory);
  //@}

  /** The raw images feature stacks are made from (-in, -pan, -mask, -pre, -premask, -post,
   * -postmask, -series, -masks, -dem, -elev.*), for the applications that rebuild stacks from
   * recipes; `use` says what they are for, in the labels. */
  void               AddRawInputParameters(const std::string& use);
  Imclass::RawInputs ReadRawInputs();

  /** -recipe: the feature applications write the recipe of the stack they make (ImclassTrain
   * -recipes builds it in memory), with -out or instead of it. */
  void AddRecipeParameter();
  /** Writes -recipe (when given) and hands `stack` to -out (written when it has a file name). */
  void WriteStackOrRecipe(FloatVectorImageType* stack);

  /** -<sensorKey> choice of presets and -<bandNamesKey> list of canonical band names. */
  void AddSensorParameters(const std::string& sensorKey, const std::string& bandNamesKey, const std::string& imageDescription);

  /** -indices, -texture, -tex.band, -tex.radius, -tex.bins, -tex.min/max, and the SAR settings
   * -sar.unit, -sar.filter, -sar.radius, -sar.looks, -sar.deramp. */
  void AddFeatureParameters();
  /** The SAR settings alone: -sar.unit, -sar.filter, -sar.radius, -sar.looks, -sar.deramp. */
  void AddSarParameters();
  /** Reads them into `recipe`; sarLooks 0: the sensor preset's, which the caller sets. */
  void ReadSarSettings(Imclass::FeatureRecipe& recipe);
  /** -indices alone. */
  void AddIndicesParameter();

  /** -interpolator: how an image is resampled onto another grid (bco, linear, nn). */
  void AddInterpolatorParameter(const std::string& description);

  /** The images of an image list parameter as validity masks (first band, 0 = invalid, any other
   * value = valid); empty when the parameter has no value. */
  std::vector<Imclass::MaskImageType*> GetParameterMaskList(const std::string& key);

  /** The strings of list parameter `key`, none when it is not given. */
  std::vector<std::string> GetParameterStringListOrEmpty(const std::string& key)
  {
    return HasValue(key) ? GetParameterStringList(key) : std::vector<std::string>();
  }

  /** -grid (an image whose grid the output takes; `imageDescription` is what is resampled) and
   * -interpolator. */
  void AddGridParameters(const std::string& imageDescription);

  /** Recipe from the parameters above, for an image of nbBands bands; `prefix` ("pre_", "post_")
   * for one date of a bi-date stack. Throws InputError. */
  Imclass::FeatureRecipe ReadFeatureRecipe(const std::string& sensorKey, const std::string& bandNamesKey, unsigned int nbBands, bool withPan,
                                           const std::string& prefix = "");

  /** Logs the SAR and texture settings of a recipe (ranges included). */
  void LogRecipe(const Imclass::FeatureRecipe& recipe);

  /** Logs the names of the output bands, numbered. */
  void LogFeatureNames(const std::vector<std::string>& names);

  /** Where the output of parameter `key` is written during the run (a temporary name). */
  std::string OutputPath(const std::string& key) const;
  /** The output of parameter `key` as the user gave it. */
  std::string TargetPath(const std::string& key) const;

  /** The library's messages and progress, into this application's log. */
  Imclass::Reporter& Log();

  /** The threads ITK uses (all cores unless the user says otherwise). */
  static unsigned int Threads();

private:
  void DoExecute() override;
  void AfterExecuteAndWriteOutputs() override;

  /** Adds an ImCLASS parameter object under `key` (dotted keys go into their group). */
  void AddStrictParameter(Parameter::Pointer parameter, const std::string& key, const std::string& name, const std::string& description);

  /** Throws InputError for a number that is not one or out of its range, or an unknown choice. */
  void CheckParameterValues();

  /** (key, path) of every input file the user gave. */
  std::vector<std::pair<std::string, std::string>> GivenInputFiles();

  /** Throws InputError naming the parameter of an input file that does not exist or cannot be read. */
  void CheckInputsReadable();

  /** Throws InputError when an output is an input (the same file after links) or another output. */
  void CheckOutputsAreNotInputs();

  /** Keys of the output parameters (images and files) the user gave. */
  std::vector<std::string> GivenOutputs();

  /** Throws InputError when a given output has an extension or pixel type its parameter refuses. */
  void CheckOutputFormats();

  struct PixelTypes
  {
    std::vector<ImagePixelType> allowed;
    std::string                 why;
  };
  struct Range
  {
    double minimum, maximum;
    bool   integer;
  };
  std::map<std::string, Range>                    m_Ranges;     // of AddIntegerParameter and AddRealParameter numbers
  std::map<std::string, PixelTypes>               m_PixelTypes; // of AddOutputImageParameter outputs
  std::map<std::string, std::vector<std::string>> m_Extensions; // of AddOutputFileParameter outputs
  std::map<std::string, std::string>              m_Targets;    // key -> the path the user gave
  std::map<std::string, std::string>              m_Staged;     // key -> where it is written
  std::unique_ptr<Imclass::StagedOutputs>         m_Outputs;
  std::unique_ptr<Imclass::GdalFailures>          m_WriteFailures; // while OTB's writers write
  std::unique_ptr<Imclass::Reporter>              m_Reporter;
  std::vector<itk::ProcessObject::Pointer>        m_MaskFilters; // of GetParameterMaskList
};

} // namespace Wrapper
} // namespace otb

#endif
