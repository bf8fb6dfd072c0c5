/*
 * ImclassPredict — probability map of the class from feature stacks and an ImclassTrain model.
 */
#include "otbImclassApplication.h"
#include "otbImclassFeatureCatalogue.h"
#include "otbImclassForest.h"
#include "otbImclassModel.h"
#include "otbImclassNoData.h"
#include "otbImclassPredictProbabilityFilter.h"
#include "otbWrapperApplicationFactory.h"

#include <cmath>
#include <memory>
#include <sstream>

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

  using ProbabilityFilterType = Imclass::PredictProbabilityFilter<FloatVectorImageType, FloatImageType, UInt8ImageType>;

private:
  void DoInit() override
  {
    SetName("ImclassPredict");
    SetDescription("Probability map of one thematic class from ImCLASS feature stacks and a model written by ImclassTrain.");
    SetDocLongDescription(
        "Applies the Random Forest of an ImclassTrain model to every pixel of the feature stacks and writes the probability of "
        "the class: the fraction of the trees that vote for it (exactly the vote fractions OpenCV's RTrees::getVotes gives). "
        "The stacks given to -il are read as one stack, in the order given, and must carry the feature names the model was "
        "trained on, in the same order (the GDAL band descriptions ImclassFeatures, ImclassChangeFeatures and ImclassTopo "
        "write); otherwise the application stops and names the first differing feature. "
        "A pixel is no-data in the output where -mask is 0 or where any feature is no-data: NaN, -9999 (the ImCLASS no-data), "
        "the no-data value its band declares, or 3.4e38 (FLT_MAX, OpenCV's missing value). "
        "The output is float32 probabilities in [0,1] with -9999 as no-data, or, when -out is written as uint8, "
        "percentages 0..100 (rounded to the nearest integer) with 255 as no-data; the output declares its no-data value and "
        "names its band 'probability'. The forest is converted once into a compact array form evaluated on all threads; the "
        "image is processed in streamed tiles whose size follows -ram, and the result does not depend on the number of "
        "threads. Threshold the map with ImclassThreshold.");
    SetDocLimitations("All stacks and the mask must be on the same grid (same size, origin and pixel size). Only models written "
                      "by ImclassTrain (two-class OpenCV Random Forests over ordered features) are accepted.");
    SetDocAuthors("ImCLASS developers");
    SetDocSeeAlso("ImclassTrain, ImclassThreshold, ImclassFeatures, ImclassChangeFeatures, ImclassTopo, ImageClassifier");
    AddDocTag("ImCLASS");
    AddDocTag(Tags::Learning);

    AddParameter(ParameterType_InputImageList, "il", "Feature stacks");
    SetParameterDescription("il", "The feature stacks the model was trained on, in the same order as given to ImclassTrain -il; "
                                  "their band names and order must match the model's feature names.");
    AddParameter(ParameterType_InputFilename, "model", "Model");
    SetParameterDescription("model", "Model file written by ImclassTrain -out (forest and feature names).");
    AddParameter(ParameterType_InputImage, "mask", "Validity mask");
    SetParameterDescription("mask", "Optional mask on the grid of the stacks: 0 = invalid (the output is no-data there), other "
                                    "values = valid.");
    MandatoryOff("mask");

    AddParameter(ParameterType_OutputImage, "out", "Probability map");
    SetParameterDescription("out", "Probability of the class per pixel: float32 in [0,1] with -9999 as no-data (default), or "
                                   "uint8 percent 0..100 with 255 as no-data (-out map.tif uint8). Other pixel types are refused.");
    SetDefaultOutputPixelType("out", ImagePixelType_float);
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
    const ImagePixelType pixelType = GetParameterOutputImagePixelType("out");
    const bool           percent   = pixelType == ImagePixelType_uint8;
    if (!percent && pixelType != ImagePixelType_float && pixelType != ImagePixelType_double)
      throw Imclass::InputError("-out: the probability map is written as float (probability) or uint8 (percent), not another type");

    Imclass::ModelMetadata metadata;
    const cv::Ptr<cv::ml::RTrees> model = Imclass::LoadModel(GetParameterString("model"), metadata);

    FloatVectorImageListType*      stacks = GetParameterImageList("il");
    const std::vector<std::string> paths  = GetParameterStringList("il");
    std::vector<std::string>       featureNames;
    for (unsigned int s = 0; s < stacks->Size(); ++s)
    {
      FloatVectorImageType* stack = stacks->GetNthElement(s);
      stack->UpdateOutputInformation();
      CheckOnFirstStackGrid(stack, stack->GetProjectionRef(), stacks->GetNthElement(0), stacks->GetNthElement(0)->GetProjectionRef(),
                            "-il: stack " + std::to_string(s + 1) + " (" + paths[s] + ")");
      for (const auto& name : Imclass::ReadBandNamesFromFile(paths[s]))
        featureNames.push_back(name);
    }
    Imclass::CheckFeatureNames(featureNames, metadata.featureNames);

    auto forest = std::make_shared<const Imclass::CompactForest>(*model, static_cast<unsigned int>(featureNames.size()));
    otbAppLogINFO(<< "Model: " << forest->GetNumberOfTrees() << " trees, " << forest->GetNumberOfSplitNodes() << " split nodes, "
                  << featureNames.size() << " features; class: " << metadata.classDefinition << "; cross-validated at threshold " << metadata.validationThreshold << ": precision "
                  << metadata.validationPrecision << ", recall " << metadata.validationRecall << ", F1 " << metadata.validationF1);

    m_Filter = ProbabilityFilterType::New();
    for (unsigned int s = 0; s < stacks->Size(); ++s)
      m_Filter->PushBackStack(stacks->GetNthElement(s));
    if (HasValue("mask"))
    {
      UInt8ImageType* mask = GetParameterUInt8Image("mask");
      mask->UpdateOutputInformation();
      CheckOnFirstStackGrid(mask, mask->GetProjectionRef(), stacks->GetNthElement(0), stacks->GetNthElement(0)->GetProjectionRef(), "-mask");
      m_Filter->SetMaskImage(mask);
    }
    m_Filter->SetForest(forest);
    m_Filter->SetModelFingerprint(Imclass::ModelFingerprint(GetParameterString("model")));
    m_Filter->SetPercent(percent);
    SetParameterOutputImage("out", m_Filter->GetOutput());
  }


  ProbabilityFilterType::Pointer m_Filter;
};

} // namespace Wrapper
} // namespace otb

OTB_APPLICATION_EXPORT(otb::Wrapper::ImclassPredict)
