/*
 * ImclassSeriesFeatures — time-series feature stack: N dates on one grid, gap-filled in time, and
 * the temporal features of each band or index (minimum, maximum, mean, ..., value at chosen dates).
 */
#include "otbImclassApplication.h"
#include "otbImclassInputError.h"
#include "otbImclassSeriesCatalogue.h"
#include "otbImclassSeriesStackBuilder.h"
#include "otbWrapperApplicationFactory.h"

namespace otb
{
namespace Wrapper
{

class ImclassSeriesFeatures : public ImclassApplication
{
public:
  using Self    = ImclassSeriesFeatures;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ImclassSeriesFeatures, ImclassApplication);

private:
  void DoInit() override
  {
    SetName("ImclassSeriesFeatures");
    SetDescription(
        "Time-series feature stack for ImCLASS: N dates on one grid, masked dates filled by linear interpolation in time, and the "
        "temporal features of each index or band (minimum, maximum, mean, standard deviation, amplitude, day of the maximum, slope, "
        "values at chosen dates).");
    std::string statistics;
    for (const auto& statistic : Imclass::TemporalStatisticCatalogue())
      statistics += "ts_<variable>_" + statistic.name + " = " + statistic.formula + "; ";
    SetDocLongDescription(
        "Computes the features ImclassTrain and ImclassPredict use to map a class that a season of images separates and a single date "
        "does not (vineyards, crops, grassland: their vegetation follows different curves through the year). "
        "The dates (-il, in date order) may come from different sensors (-sensors) and have different grids: the grid of the reference "
        "date (-ref, default the first) is the output grid, and every other date is resampled onto it inside the streamed pipeline, as "
        "ImclassChangeFeatures resamples its other date (OTB's GenericRSResampleImageFilter, as otbcli_Superimpose; no temporary file). "
        "Each date gives the bands and indices of ImclassFeatures (the same formulas), named by its sensor preset or -bandnames. "
        "A date is invalid at a pixel when the pixel is 0 in its mask (-masks), no-data in the image, outside the image, or "
        "interpolated from such a pixel. For each variable (each -bands band b_<band>, each index, then, when every date is a SAR image, each "
        "SAR feature of ImclassFeatures: sar_<pol>_db, the speckle-filtered sar_<pol>_<filter>_r<radius>, the cross-ratio; -sar.*), "
        "the series is gap-filled: " +
        Imclass::GapFillingDescription() + ". Then: " + statistics +
        "ts_<variable>_at_<YYYYMMDD> = the filled series interpolated linearly at each -at date. "
        "Dates come from -dates, or else from each image's metadata: OTB's acquisition date of the product, then the GDAL metadata items "
        "ACQUISITIONDATETIME (IMAGERY domain, then the default one) and TIFFTAG_DATETIME; the log says which was read. "
        "The stack records its recipe (dates, band names, indices, bands, -at dates, reference grid) so that ImclassTrain -recipes and "
        "ImclassPredict (fused mode, -series) rebuild it from the images. Every output band carries its feature name as GDAL band "
        "description; the image is processed in streamed tiles whose size follows -ram, on all cores.");
    SetDocLimitations(
        "Radiometry is used as given: dates from different sensors must be in the same physical quantity (e.g. surface reflectance with "
        "the same scale factor). Every date must have the bands the chosen indices need. Masks must be on the grid of their own date, "
        "one per date. The dates must increase in the order of -il.");
    SetDocAuthors("ImCLASS developers");
    SetDocSeeAlso("ImclassFeatures, ImclassChangeFeatures, ImclassTrain, ImclassPredict, Superimpose");
    AddDocTag("ImCLASS");
    AddDocTag(Tags::FeatureExtraction);

    AddParameter(ParameterType_InputImageList, "il", "Dates");
    SetParameterDescription("il",
                            "The images of the series, one per date, in date order (any GDAL format); their band order must match -sensor, "
                            "-sensors or -bandnames.");
    AddSensorParameters("sensor", "bandnames", "every date");
    AddOptionalParameter(ParameterType_StringList, "sensors", "Sensor of each date",
                         "One sensor preset per date, in the order of -il (" + Imclass::SensorKeyList() +
                             "), for series that mix sensors; instead of -sensor.");
    AddOptionalParameter(ParameterType_InputImageList, "masks", "Validity masks",
                         "Optional, one per date in the order of -il, each on the grid of its date: 0 = invalid (cloud, shadow, no-data), "
                         "other values = valid. Invalid dates are gap-filled.");
    AddOptionalParameter(ParameterType_StringList, "dates", "Acquisition dates",
                         "One date per image, YYYY-MM-DD, increasing (default: read from each image's metadata: OTB's acquisition date of "
                         "the product, GDAL's ACQUISITIONDATETIME or TIFFTAG_DATETIME; refused when an image has none).");
    AddIntegerParameter("ref", "Reference date", "Number of the date (1 = the first of -il) whose grid (CRS, resolution, extent) is the output grid.", 1, 1);
    AddInterpolatorParameter("Interpolation of the dates resampled onto the reference grid (unused for dates already on it).");

    AddIndicesParameter();
    AddSarParameters();
    AddOptionalParameter(ParameterType_StringList, "bands", "Bands",
                         "Bands (canonical names, e.g. red nir swir1) whose temporal features are computed too, named ts_b_<band>_...; every "
                         "date must have them (default: none).");
    AddOptionalParameter(ParameterType_StringList, "at", "Values at dates",
                         "Dates (YYYY-MM-DD, increasing, within the series) where each variable's filled series is interpolated: "
                         "ts_<variable>_at_<YYYYMMDD>.");

    AddOutputImageParameter("out", "Output feature stack",
                            "Float32 stack on the reference grid: for each variable its temporal features, one named band per feature, "
                            "-9999 = no data (no valid date).",
                            ImagePixelType_float, {ImagePixelType_float, ImagePixelType_double},
                            "features such as index means in [-1, 1] would be rounded to integers");
    MandatoryOff("out");
    AddRecipeParameter();
    AddRAMParameter();

    SetDocExampleParameterValue("il", "s2_2023-01.tif s2_2023-04.tif s2_2023-07.tif s2_2023-10.tif");
    SetDocExampleParameterValue("sensor", "s2");
    SetDocExampleParameterValue("masks", "clouds_2023-01.tif clouds_2023-04.tif clouds_2023-07.tif clouds_2023-10.tif");
    SetDocExampleParameterValue("dates", "2023-01-12 2023-04-21 2023-07-10 2023-10-18");
    SetDocExampleParameterValue("indices", "ndvi ndwi");
    SetDocExampleParameterValue("at", "2023-06-15");
    SetDocExampleParameterValue("out", "series_features.tif");
    SetOfficialDocLink();
  }

  void DoUpdateParameters() override
  {
  }

  void DoImclassExecute() override
  {
    std::vector<FloatVectorImageType*> images;
    for (unsigned int k = 0; k < GetParameterImageList("il")->Size(); ++k)
      images.push_back(GetParameterImageList("il")->GetNthElement(k));
    if (HasUserValue("sensor") && HasValue("sensors"))
      throw Imclass::InputError("-sensors: give -sensor (one sensor for every date) or -sensors (one per date), not both");

    Imclass::SeriesSettings settings;
    settings.sensorParameter = HasValue("sensors") ? "-sensors" : "-sensor";
    settings.sensors         = HasValue("sensors") ? GetParameterStringList("sensors") : std::vector<std::string>{GetParameterString("sensor")};
    settings.bandNames       = GetParameterStringListOrEmpty("bandnames");
    settings.dates           = GetParameterStringListOrEmpty("dates");
    settings.indices         = GetParameterStringListOrEmpty("indices");
    settings.bands           = GetParameterStringListOrEmpty("bands");
    settings.at              = GetParameterStringListOrEmpty("at");
    settings.reference       = GetParameterInt("ref");
    settings.interpolator    = GetParameterString("interpolator");
    ReadSarSettings(settings.sar);

    const Imclass::SeriesRecipe recipe = Imclass::MakeSeriesRecipe(settings, images, GetParameterStringList("il"), Log());
    m_Builder                          = Imclass::SeriesStackBuilder::New();
    FloatVectorImageType* stack        = m_Builder->Build(images, GetParameterMaskList("masks"), recipe);
    for (const unsigned int date : m_Builder->GetResampledDates())
      otbAppLogINFO(<< "date " << date + 1 << " is resampled onto the grid of date " << recipe.reference + 1 << " (" << recipe.interpolator
                    << " interpolation)");
    LogFeatureNames(recipe.FeatureNames());
    WriteStackOrRecipe(stack);
  }

  Imclass::SeriesStackBuilder::Pointer m_Builder;
};

} // namespace Wrapper
} // namespace otb

OTB_APPLICATION_EXPORT(otb::Wrapper::ImclassSeriesFeatures)
