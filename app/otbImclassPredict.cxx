/*
 * ImclassPredict — probability map of the class from feature stacks and an ImclassTrain model.
 */
#include "otbImclassApplication.h"
#include "otbImclassInputError.h"
#include "otbImclassPredictRun.h"
#include "otbWrapperApplicationFactory.h"

namespace otb
{
namespace Wrapper
{

class ImclassPredict : public ImclassApplication
{
public:
  using Self    = ImclassPredict;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ImclassPredict, ImclassApplication);

private:
  void DoInit() override
  {
    SetName("ImclassPredict");
    SetDescription("Probability map of one thematic class from ImCLASS feature stacks and a model written by ImclassTrain.");
    SetDocLongDescription(
        "Applies the Random Forest of an ImclassTrain model to every pixel of the feature stacks and writes the probability of "
        "the class: the fraction of the trees that vote for it (exactly the vote fractions OpenCV's RTrees::getVotes gives). "
        "The model's features are found by name (the GDAL band descriptions ImclassFeatures, ImclassChangeFeatures and "
        "ImclassTopo write) among the bands of the stacks given to -il, in any order; a feature the stacks lack stops the "
        "application, which names it. "
        "Fused mode: without -il, the stacks are rebuilt from the raw images with the recipes the model records (the settings "
        "of ImclassFeatures, ImclassChangeFeatures and ImclassTopo, texture ranges included), inside the streamed pipeline: no "
        "feature file is written, the probabilities are those of the stacks written then read to the last bit, and only what "
        "the model uses is computed (indices, texture sets, topographic attributes and scales it does not use are left out). "
        "Give the images the stacks were made from: -in (and -pan) for a mono-date stack, -pre and -post (and their masks) for "
        "a bi-date one, -series (and -masks) for a time series, in its order, -dem or -elev.dem for topography. "
        "A pixel is no-data in the output where -mask is 0 or where any feature is no-data: NaN, -9999 (the ImCLASS no-data), "
        "the no-data value its band declares, or 3.4e38 (FLT_MAX, OpenCV's missing value). "
        "The output is float32 probabilities in [0,1] with -9999 as no-data, or, when -out is written as uint8, "
        "percentages 0..100 (rounded to the nearest integer) with 255 as no-data; the output declares its no-data value and "
        "names its band 'probability'. The forest is converted once into a compact array form evaluated on all threads; the "
        "image is processed in streamed tiles whose size follows -ram, and the result does not depend on the number of "
        "threads. Threshold the map with ImclassThreshold.");
    SetDocLimitations(
        "All stacks and the mask must be on the same grid (same size, origin and pixel size). Only models written "
        "by ImclassTrain (two-class OpenCV Random Forests over ordered features) are accepted.");
    SetDocAuthors("ImCLASS developers");
    SetDocSeeAlso("ImclassTrain, ImclassThreshold, ImclassFeatures, ImclassChangeFeatures, ImclassTopo, ImageClassifier");
    AddDocTag("ImCLASS");
    AddDocTag(Tags::Learning);

    AddOptionalParameter(ParameterType_InputImageList, "il", "Feature stacks",
                         "Feature stacks holding the model's features (found by band name, in any order). Without -il: fused mode, from "
                         "the raw images below.");
    AddParameter(ParameterType_InputFilename, "model", "Model");
    SetParameterDescription("model", "Model file written by ImclassTrain -out (forest and feature names).");
    AddRawInputParameters("fused mode");

    AddOutputImageParameter("out", "Probability map",
                            "Probability of the class per pixel: float32 in [0,1] with -9999 as no-data (default), or uint8 percent 0..100 "
                            "with 255 as no-data (-out map.tif uint8). Other pixel types are refused.",
                            ImagePixelType_float, {ImagePixelType_float, ImagePixelType_double, ImagePixelType_uint8},
                            "the map is written as probabilities (float) or percentages (uint8)");
    AddRAMParameter();

    SetDocExampleParameterValue("il", "change_features.tif topo.tif");
    SetDocExampleParameterValue("model", "model.yaml");
    SetDocExampleParameterValue("mask", "post_mask.tif");
    SetDocExampleParameterValue("out", "probability.tif");
    SetOfficialDocLink();
  }

  void DoUpdateParameters() override
  {
  }

  void DoImclassExecute() override
  {
    Imclass::PredictSettings settings;
    settings.modelPath = GetParameterString("model");
    settings.percent   = GetParameterOutputImagePixelType("out") == ImagePixelType_uint8;

    std::vector<FloatVectorImageType*> stacks;
    std::vector<std::string>           paths;
    if (HasValue("il"))
    {
      paths = GetParameterStringList("il");
      for (unsigned int s = 0; s < GetParameterImageList("il")->Size(); ++s)
        stacks.push_back(GetParameterImageList("il")->GetNthElement(s));
    }
    const Imclass::RawInputs raw = ReadRawInputs();
    if (stacks.empty() && !raw.image && !raw.pre && !raw.post && raw.series.empty())
      throw Imclass::InputError("-il: give the feature stacks (-il), or the raw images for the fused mode (-in, or -pre and -post, or -series)");

    m_Run = Imclass::PredictRun::New();
    SetParameterOutputImage("out", m_Run->Build(settings, stacks, paths, raw, raw.mask, Log()));
  }

  Imclass::PredictRun::Pointer m_Run;
};

} // namespace Wrapper
} // namespace otb

OTB_APPLICATION_EXPORT(otb::Wrapper::ImclassPredict)
