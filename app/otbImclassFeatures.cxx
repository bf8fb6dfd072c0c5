/*
 * ImclassFeatures — mono-date feature stack: spectral bands, indices, SAR features and Haralick
 * textures.
 */
#include "otbImclassApplication.h"
#include "otbImclassFeatureStackBuilder.h"
#include "otbWrapperApplicationFactory.h"

namespace otb
{
namespace Wrapper
{

class ImclassFeatures : public ImclassApplication
{
public:
  using Self    = ImclassFeatures;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ImclassFeatures, ImclassApplication);

private:
  void DoInit() override
  {
    SetName("ImclassFeatures");
    SetDescription(
        "Mono-date feature stack for ImCLASS: spectral bands, spectral indices, SAR backscatter features and Haralick textures, every band "
        "named.");
    SetDocLongDescription(
        "Computes the features ImclassTrain and ImclassPredict use to map one thematic class in a single image. "
        "Bands are addressed by name: a sensor preset (or -bandnames) names each input band, indices are then computed from the "
        "bands they need (an index whose band is missing is an error), and Haralick textures are computed on one band over a "
        "sliding window. Every output band carries its feature name as GDAL band description (b_nir, ndvi, tex_entropy_nir_r2, ...), "
        "which the model records and checks. With -pan (very high resolution mode), the multispectral bands are fused onto the "
        "panchromatic grid and the textures use the panchromatic band. "
        "SAR images (-sensor s1 for Sentinel-1 GRD vv vh, or -sensor sar with the polarisations in -bandnames) give, per "
        "polarisation, the backscatter in dB (sar_vv_db) and its power filtered by OTB's speckle filter (-sar.filter, "
        "-sar.radius: sar_vv_lee_r2), and the cross-ratios of the filtered powers (sar_cross_ratio_vv_lee_r2 = vh / vv); "
        "-sar.unit says whether the bands hold linear power (sigma0), dB or amplitude. Textures of a polarisation "
        "(-tex.band vv, the default for a SAR image) are computed on its dB values. "
        "With -grid, the image is resampled onto the grid of another image inside the pipeline (e.g. a Sentinel-1 stack on the "
        "grid of a Sentinel-2 one, for ImclassTrain -il). Pixels that are no-data in the input (declared no-data or "
        "NaN) or 0 in -mask are written as -9999 in every band, and the output declares -9999 as its no-data value; a speckle-"
        "filtered feature is no-data too where its window holds such a pixel. The image is processed in streamed tiles whose "
        "size follows -ram.");
    SetDocLimitations(
        "Input values are used as they are: SAVI and brightness assume reflectance (scale digital numbers first if "
        "their absolute values matter); SAR bands are expected calibrated (sigma0) and geocoded. -mask must be on the grid of -in.");
    SetDocAuthors("ImCLASS developers");
    SetDocSeeAlso("ImclassChangeFeatures, ImclassTopo, ImclassTrain, RadiometricIndices, HaralickTextureExtraction, Despeckle");
    AddDocTag("ImCLASS");
    AddDocTag(Tags::FeatureExtraction);

    AddParameter(ParameterType_InputImage, "in", "Input image");
    SetParameterDescription("in", "Multispectral or SAR image (any GDAL format); its band order must match -sensor or -bandnames.");
    AddSensorParameters("sensor", "bandnames", "the input image");

    AddOptionalParameter(ParameterType_InputImage, "pan", "Panchromatic image",
                         "Optional panchromatic image of the same scene (very high resolution mode): the output is on its grid.");
    AddOptionalParameter(ParameterType_InputImage, "mask", "Validity mask",
                         "Optional mask on the grid of -in (of -pan with it): 0 = invalid (cloud, no-data), other values = valid.");
    AddGridParameters("-in");

    AddFeatureParameters();

    AddOutputImageParameter("out", "Output feature stack", "Float32 feature stack, one named band per feature, -9999 = no data.", ImagePixelType_float,
                            {ImagePixelType_float, ImagePixelType_double}, "features such as indices in [-1, 1] would be rounded to integers");
    MandatoryOff("out");
    AddRecipeParameter();
    AddRAMParameter();

    SetDocExampleParameterValue("in", "post.tif");
    SetDocExampleParameterValue("sensor", "s2");
    SetDocExampleParameterValue("texture", "simple");
    SetDocExampleParameterValue("out", "features.tif");
    SetOfficialDocLink();
  }

  void DoUpdateParameters() override
  {
  }

  void DoImclassExecute() override
  {
    FloatVectorImageType* image = GetParameterFloatVectorImage("in");
    image->UpdateOutputInformation();
    FloatImageType*       pan  = HasValue("pan") ? GetParameterFloatImage("pan") : nullptr;
    UInt8ImageType*       mask = HasValue("mask") ? GetParameterUInt8Image("mask") : nullptr;
    FloatVectorImageType* grid = HasValue("grid") ? GetParameterFloatVectorImage("grid") : nullptr;

    Imclass::FeatureRecipe recipe = ReadFeatureRecipe("sensor", "bandnames", image->GetNumberOfComponentsPerPixel(), pan != nullptr);
    recipe.interpolator           = GetParameterString("interpolator");
    m_Builder                     = Imclass::FeatureStackBuilder::New();
    FloatVectorImageType* stack   = m_Builder->Build(image, recipe, pan, mask, grid);
    LogRecipe(recipe);
    LogFeatureNames(recipe.FeatureNames());
    WriteStackOrRecipe(stack);
  }

  Imclass::FeatureStackBuilder::Pointer m_Builder;
};

} // namespace Wrapper
} // namespace otb

OTB_APPLICATION_EXPORT(otb::Wrapper::ImclassFeatures)
