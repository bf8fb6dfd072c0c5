/*
 * ImCLASS — the ImclassTopo pipeline: a DEM (a raster file in any CRS, or OTB's DEM handler set
 * from -elev.*) brought onto the grid of a reference image, topographic attributes at several
 * scales, one float32 stack with named bands.
 *
 * Scale k: the DEM is resampled (bilinear) onto the reference grid extended by k pixels on each
 * side and rounded up to whole k x k blocks, averaged over the blocks (a grid k times coarser),
 * the attributes are computed there and interpolated (bilinear) back onto the reference grid.
 * The extension gives the attributes at the border of the reference image real neighbours
 * where the DEM extends beyond it. Every stage streams: a tile of the output needs only the DEM
 * around it, at every scale.
 */
#ifndef otbImclassTopoStackBuilder_h
#define otbImclassTopoStackBuilder_h

#include "OTBImclassExport.h"
#include "otbImclassImageTypes.h"
#include "otbImclassTopoCatalogue.h"

#include "itkObject.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Elevations at or below this are DEM voids (SRTM marks them -32768): no land is this low. */
constexpr double LowestElevation = -12000.0;

/** What OTB's elevation parameters add to the DEM heights: with a geoid (any georeferenced raster
 * GDAL reads, e.g. EGM96), heights become heights above the ellipsoid (DEM + geoid undulation);
 * with fillWithDefault, places without a DEM value (voids, outside the DEM) take defaultHeight
 * (above the geoid when one is given) instead of being no-data, as OTB's DEM handler does.
 * \ingroup OTBImclass */
struct OTBImclass_EXPORT ElevationReference
{
  std::string geoidPath;
  bool        fillWithDefault = false;
  double      defaultHeight   = 0.0;
};

/** \ingroup OTBImclass */
class OTBImclass_EXPORT TopoStackBuilder : public itk::Object
{
public:
  using Self    = TopoStackBuilder;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(TopoStackBuilder, itk::Object);

  /** From a DEM raster: its declared no-data and voids become no-data, areas of the reference
   * outside the DEM are no-data. Throws InputError naming `parameter` when the DEM does not
   * overlap the reference, or "-in" when the reference has no map projection. */
  FloatVectorImageType* BuildFromDem(const FloatVectorImageType* reference, FloatImageType* dem, const TopoRecipe& recipe,
                                     const std::string& parameter = "-dem", const ElevationReference& heights = {});

  /** From a directory of DEM tiles (SRTM .hgt, GeoTIFF... every raster GDAL opens there), read
   * as one mosaic, as OTB's DEM handler does; then as BuildFromDem. Throws InputError naming
   * `parameter` when the directory holds no DEM or tiles that cannot be mosaicked. */
  FloatVectorImageType* BuildFromDemDirectory(const FloatVectorImageType* reference, const std::string& directory, const TopoRecipe& recipe,
                                              const std::string& parameter = "-elev.dem", const ElevationReference& heights = {});

protected:
  TopoStackBuilder() = default;
  ~TopoStackBuilder() override; // removes the in-memory mosaic

private:
  TopoStackBuilder(const Self&) = delete;
  /** A raster onto the fine grid of one scale (bilinear, NaN outside it). */
  FloatImageType* OntoScaleGrid(FloatImageType* raster, const FloatVectorImageType* reference, unsigned int scale);

  void operator=(const Self&) = delete;

  std::string                              m_MosaicPath; // in-memory VRT of a tile directory
  std::vector<itk::ProcessObject::Pointer> m_Filters;    // keeps the pipeline alive
};

} // namespace Imclass
} // namespace otb

#endif
