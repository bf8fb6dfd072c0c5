/*
 * ImCLASS — builds the streamed pipeline of a time-series stack (ImclassSeriesFeatures): every date
 * on the grid of the reference date (resampled as ImclassChangeFeatures resamples its other date,
 * otbImclassResample.h), its bands and indices (FeatureStackBuilder, no texture), then the temporal
 * features of each series variable (SeriesFeaturesFilter), named ts_<variable>_<statistic>.
 */
#ifndef otbImclassSeriesStackBuilder_h
#define otbImclassSeriesStackBuilder_h

#include "OTBImclassExport.h"
#include "otbImclassFeatureStackBuilder.h"
#include "otbImclassImageTypes.h"
#include "otbImclassReporter.h"
#include "otbImclassSeriesRecipe.h"

#include "itkObject.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** What the user asks of a series, before the images are read. \ingroup OTBImclass */
struct OTBImclass_EXPORT SeriesSettings
{
  std::vector<std::string> sensors;                     // one for every date, or one per date
  std::string              sensorParameter = "-sensor"; // which parameter gave them (-sensor or -sensors)
  std::vector<std::string> bandNames;                   // -bandnames: one name per band, for every date (overrides the presets)
  std::vector<std::string> dates;                       // YYYY-MM-DD, one per date; empty: read from the images
  std::vector<std::string> indices;                     // empty: every index all dates allow
  std::vector<std::string> bands;            // bands whose temporal features are computed too
  std::vector<std::string> at;               // YYYY-MM-DD dates where the value is interpolated
  unsigned int             reference    = 1; // the date whose grid is the output grid (1 = the first)
  std::string              interpolator = "bco";
  FeatureRecipe            sar; // -sar.* for the polarisations of every date (sarLooks 0: each date's preset's)
};

/** The recipe of a series from what the user asks and the images it is made of (their band counts,
 * and their acquisition dates when none is given: ReadAcquisitionDay). `paths` are the images'
 * files (empty strings for images in memory). Logs where each date was read. Throws InputError
 * naming the parameter, e.g. a date found nowhere, dates that do not increase. */
OTBImclass_EXPORT SeriesRecipe MakeSeriesRecipe(const SeriesSettings& settings, const std::vector<FloatVectorImageType*>& images,
                                                const std::vector<std::string>& paths, Reporter& reporter);

/** Holds the filters of one series pipeline (they must live as long as the output is used).
 * \ingroup OTBImclass */
class OTBImclass_EXPORT SeriesStackBuilder : public itk::Object
{
public:
  using Self    = SeriesStackBuilder;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(SeriesStackBuilder, itk::Object);

  /** Builds the pipeline and returns its (not yet updated) output on the grid of the reference
   * date: recipe.FeatureNames(), every band named, the recipe recorded (IMCLASS_RECIPE_series and
   * one IMCLASS_RECIPE_t<k> per date); NoDataValue in every band where no date is valid. `images`
   * are the dates in recipe order, `masks` empty or one per date (0 = invalid, on the grid of its
   * date). `imagesParameter` names the images in messages (-il, or -series in the fused mode).
   * Throws InputError: another number of images or masks, a mask off its date's grid, a date
   * without CRS or outside the reference grid, band counts that differ from the recipe. */
  FloatVectorImageType* Build(const std::vector<FloatVectorImageType*>& images, const std::vector<MaskImageType*>& masks, const SeriesRecipe& recipe,
                              const std::string& imagesParameter = "-il");

  /** The dates the last Build resampled onto the reference grid (0-based). */
  const std::vector<unsigned int>& GetResampledDates() const
  {
    return m_ResampledDates;
  }

protected:
  SeriesStackBuilder()           = default;
  ~SeriesStackBuilder() override = default;

private:
  SeriesStackBuilder(const Self&) = delete;
  void operator=(const Self&)     = delete;

  std::vector<itk::ProcessObject::Pointer>  m_Filters; // keep the pipeline alive
  std::vector<FeatureStackBuilder::Pointer> m_DateBuilders;
  std::vector<unsigned int>                 m_ResampledDates;
};

/** For the fused mode: throws InputError naming `imagesParameter` when the series recorded its
 * dates from the images' metadata and an image of `paths` carries another date there (images given
 * in another order, or of another series). */
OTBImclass_EXPORT void CheckRecordedDates(const SeriesRecipe& recipe, const std::vector<FloatVectorImageType*>& images, const std::vector<std::string>& paths,
                                          const std::string& imagesParameter);

} // namespace Imclass
} // namespace otb

#endif
