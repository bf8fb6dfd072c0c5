/*
 * ImclassChangeFeatures — bi-date feature stack: features of both dates on one grid, and the
 * change features between them.
 */
#include "otbImclassApplication.h"
#include "otbImclassBandNames.h"
#include "otbImclassChangeStackBuilder.h"
#include "otbWrapperApplicationFactory.h"

namespace otb
{
namespace Wrapper
{

class ImclassChangeFeatures : public ImclassApplication
{
public:
  using Self    = ImclassChangeFeatures;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ImclassChangeFeatures, ImclassApplication);

private:
  void DoInit() override
  {
    using Imclass::ChangeFormula;
    using Imclass::ChangeKind;
    SetName("ImclassChangeFeatures");
    SetDescription(
        "Bi-date feature stack for ImCLASS: the features of a pre and a post image (optical or SAR) on one grid, and their change "
        "features (differences, log-ratios, spectral angle, change-vector magnitude, texture differences, SAR log-ratios and "
        "mean-ratios).");
    SetDocLongDescription(
        "Computes the features ImclassTrain and ImclassPredict use to map a change (landslides, construction works, burnt areas) "
        "between two images. The two images may come from different sensors (Landsat-7 and Landsat-8, Landsat-8 and Sentinel-2, ...), "
        "with different resolutions, extents and coordinate reference systems: the grid of the reference date (-ref) is the output "
        "grid, and the other date is resampled onto it inside the streamed pipeline with OTB's GenericRSResampleImageFilter, as "
        "otbcli_Superimpose does (no temporary file). Images that do not overlap are an error. "
        "Each date gives the features of ImclassFeatures (bands, indices, Haralick textures, same parameters), prefixed pre_ and post_. "
        "Change features, prefixed d_, are computed over what both dates have, matched by band name: band differences d_b_<band> = " +
        ChangeFormula(ChangeKind::Difference) + "; index differences d_<index> = post - pre; log-ratios d_lr_<band> = " + ChangeFormula(ChangeKind::LogRatio) +
        "; spectral angle d_sam = " + ChangeFormula(ChangeKind::SpectralAngle) +
        "; change-vector magnitude d_cvm = " + ChangeFormula(ChangeKind::ChangeVector) +
        "; texture differences d_tex_<texture>_<band>_r<radius> = post - pre. Textures of both dates are quantized over one "
        "shared range (unless -tex.perdate), so that their differences compare like with like. "
        "SAR dates (-presensor s1 -postsensor s1, or sar with -prebandnames/-postbandnames) give, per polarisation both have, the "
        "difference of dB d_sar_<pol>_db, the log-ratio of the speckle-filtered powers d_sar_lr_<pol>_<filter>_r<radius> = " +
        ChangeFormula(ChangeKind::SarLogRatio) + " and their mean-ratio d_sar_mr_<pol>_<filter>_r<radius> = " + ChangeFormula(ChangeKind::MeanRatio) +
        ". An optical date and a SAR date (e.g. -presensor s2 -postsensor s1: a cloudy optical post date replaced by Sentinel-1) "
        "share no change feature: the stack holds each date's own features. With -grid, both dates are resampled onto the grid "
        "of another image (e.g. a Sentinel-1 pair on the grid of a Sentinel-2 stack, for ImclassTrain -il). "
        "A pixel is no-data (-9999 in every band) when it is invalid in either date: input no-data or NaN, 0 in -premask or "
        "-postmask, outside the footprint of the resampled date, or interpolated from such a pixel. Every output band carries "
        "its feature name as GDAL band description. The image is processed in streamed tiles whose size follows -ram.");
    SetDocLimitations(
        "Radiometry is used as given: when the two dates come from different sensors or processing levels (Landsat-8 and "
        "Sentinel-2 scale factors, digital numbers against reflectance), convert both to the same physical quantity first, or "
        "differences and log-ratios mix sensor scales with real change. Spectral angle and change-vector magnitude are computed "
        "over the common bands only, whose wavelengths may differ slightly between sensors. Masks must be on the grid of their own "
        "image. The default shared texture range suits dates of the same radiometric scale; otherwise give -tex.perdate.");
    SetDocAuthors("ImCLASS developers");
    SetDocSeeAlso("ImclassFeatures, ImclassTopo, ImclassTrain, Superimpose, BandMath, MultivariateAlterationDetector, Despeckle");
    AddDocTag("ImCLASS");
    AddDocTag(Tags::FeatureExtraction);
    AddDocTag(Tags::ChangeDetection);

    AddParameter(ParameterType_InputImage, "pre", "Pre-event image");
    SetParameterDescription("pre",
                            "Multispectral or SAR image before the change (any GDAL format); its band order must match -presensor or "
                            "-prebandnames.");
    AddSensorParameters("presensor", "prebandnames", "the pre-event image");
    AddOptionalParameter(ParameterType_InputImage, "premask", "Pre-event validity mask",
                         "Optional mask on the grid of -pre: 0 = invalid (cloud, shadow, no-data), other values = valid.");

    AddParameter(ParameterType_InputImage, "post", "Post-event image");
    SetParameterDescription("post",
                            "Multispectral or SAR image after the change; any sensor, resolution, extent or CRS that overlaps -pre. "
                            "Its band order must match -postsensor or -postbandnames.");
    AddSensorParameters("postsensor", "postbandnames", "the post-event image");
    AddOptionalParameter(ParameterType_InputImage, "postmask", "Post-event validity mask",
                         "Optional mask on the grid of -post: 0 = invalid, other values = valid.");

    AddChoiceParameter("ref", "Reference grid", "Date whose grid (CRS, resolution, extent) is the output grid; the other date is resampled onto it.",
                       {{"post", "Post-event image", "Output on the grid of -post (default: the most recent, often the finest image)."},
                        {"pre", "Pre-event image", "Output on the grid of -pre."}},
                       "post");
    AddGridParameters("each date (overriding -ref)");

    AddFeatureParameters();
    AddParameter(ParameterType_Bool, "tex.perdate", "Texture range per date");
    SetParameterDescription("tex.perdate",
                            "Quantize each date over its own robust range (1st-99th percentile of its texture band) "
                            "instead of one range shared by both dates; for pairs whose radiometric scales differ. "
                            "Ignored when -tex.min and -tex.max are given.");

    AddParameter(ParameterType_Group, "lr", "Log-ratios");
    SetParameterDescription("lr", "Settings of the log-ratio change features d_lr_<band>.");
    AddRealParameter("lr.eps", "Log-ratio offset",
                     "eps in " + ChangeFormula(ChangeKind::LogRatio) +
                         ": keeps the ratio finite where a band is 0. Small against the band values (default 0.001 suits reflectance in "
                         "[0, 1] and digital numbers alike).",
                     1e-3, 0.);

    AddOutputImageParameter("out", "Output feature stack",
                            "Float32 stack on the reference grid: pre_ features, post_ features, then d_ change features, one named band "
                            "per feature, -9999 = no data.",
                            ImagePixelType_float, {ImagePixelType_float, ImagePixelType_double},
                            "features such as index differences in [-2, 2] would be rounded to integers");
    MandatoryOff("out");
    AddRecipeParameter();
    AddRAMParameter();

    SetDocExampleParameterValue("pre", "l8_2013.tif");
    SetDocExampleParameterValue("presensor", "l8");
    SetDocExampleParameterValue("post", "s2_2018.tif");
    SetDocExampleParameterValue("postsensor", "s2");
    SetDocExampleParameterValue("postmask", "s2_2018_clouds.tif");
    SetDocExampleParameterValue("out", "change_features.tif");
    SetOfficialDocLink();
  }

  void DoUpdateParameters() override
  {
  }

  void DoImclassExecute() override
  {
    FloatVectorImageType* pre  = GetParameterFloatVectorImage("pre");
    FloatVectorImageType* post = GetParameterFloatVectorImage("post");
    pre->UpdateOutputInformation();
    post->UpdateOutputInformation();
    UInt8ImageType*       preMask  = HasValue("premask") ? GetParameterUInt8Image("premask") : nullptr;
    UInt8ImageType*       postMask = HasValue("postmask") ? GetParameterUInt8Image("postmask") : nullptr;
    FloatVectorImageType* grid     = HasValue("grid") ? GetParameterFloatVectorImage("grid") : nullptr;

    Imclass::FeatureRecipe preRecipe  = ReadFeatureRecipe("presensor", "prebandnames", pre->GetNumberOfComponentsPerPixel(), false, "pre_");
    Imclass::FeatureRecipe postRecipe = ReadFeatureRecipe("postsensor", "postbandnames", post->GetNumberOfComponentsPerPixel(), false, "post_");
    Imclass::ChangeOptions options;
    options.reference          = grid ? "grid" : GetParameterString("ref");
    options.interpolator       = GetParameterString("interpolator");
    options.logRatioEpsilon    = GetParameterFloat("lr.eps");
    options.sharedTextureRange = !GetParameterInt("tex.perdate");

    m_Builder                   = Imclass::ChangeStackBuilder::New();
    FloatVectorImageType* stack = m_Builder->Build(pre, post, preMask, postMask, preRecipe, postRecipe, options, grid);
    for (const auto& date : m_Builder->GetResampled())
      otbAppLogINFO(<< date << " is resampled onto the grid of -" << options.reference << " (" << options.interpolator << " interpolation)");
    LogRecipe(preRecipe);
    LogRecipe(postRecipe);
    otbAppLogINFO(<< m_Builder->GetChangeFeatures().size() << " change features");
    LogFeatureNames(ReadBandNamesOf(stack));
    WriteStackOrRecipe(stack);
  }

  static std::vector<std::string> ReadBandNamesOf(FloatVectorImageType* stack)
  {
    stack->UpdateOutputInformation();
    return Imclass::ReadBandNames(stack->GetImageMetadata(), stack->GetNumberOfComponentsPerPixel());
  }

  Imclass::ChangeStackBuilder::Pointer m_Builder;
};

} // namespace Wrapper
} // namespace otb

OTB_APPLICATION_EXPORT(otb::Wrapper::ImclassChangeFeatures)
