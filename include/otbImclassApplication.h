/*
 * ImCLASS — base class of the ImCLASS applications: the parameter groups they share (sensor,
 * indices, textures), and one error convention: bad input ends with one line naming the
 * parameter and the problem ("(FATAL) ImclassFeatures: -indices: ndbi needs band swir1 ...").
 */
#ifndef otbImclassApplication_h
#define otbImclassApplication_h

#include "OTBImclassExport.h"
#include "otbImclassFeatureStackBuilder.h"
#include "otbWrapperApplication.h"

#include <string>
#include <vector>

namespace otb
{
namespace Wrapper
{

class OTBImclass_EXPORT ImclassApplication : public Application
{
protected:
  ImclassApplication()           = default;
  ~ImclassApplication() override = default;

  /** The work of the application; InputError thrown from here becomes one FATAL line. */
  virtual void DoImclassExecute() = 0;

  /** -<sensorKey> choice of presets and -<bandNamesKey> list of canonical band names. */
  void AddSensorParameters(const std::string& sensorKey, const std::string& bandNamesKey, const std::string& imageDescription);

  /** -indices, -texture, -texture.band, -texture.radius, -texture.bins, -texture.min/max. */
  void AddFeatureParameters();

  /** Recipe from the parameters above, for an image of nbBands bands; `prefix` ("pre_", "post_")
   * for one date of a bi-date stack. Throws InputError. */
  Imclass::FeatureRecipe ReadFeatureRecipe(const std::string& sensorKey, const std::string& bandNamesKey, unsigned int nbBands,
                                           bool withPan, const std::string& prefix = "");

  /** Logs the names of the output bands, numbered. */
  void LogFeatureNames(const std::vector<std::string>& names);

  /** Throws InputError naming `what` when `image` is not on the grid of `first` (the first -il
   * stack): size, origin and pixel size (to rounding), and CRS when both declare one. */
  static void CheckOnFirstStackGrid(const itk::ImageBase<2>* image, const std::string& imageCrs, const itk::ImageBase<2>* first,
                                    const std::string& firstCrs, const std::string& what);

private:
  void DoExecute() override;

  /** OTB 8 writes band names as a "BandName" metadata item; ImCLASS also writes them as GDAL
   * band descriptions, which GDAL, QGIS and ImclassTrain/Predict read. */
  void AfterExecuteAndWriteOutputs() override;
};

} // namespace Wrapper
} // namespace otb

#endif
