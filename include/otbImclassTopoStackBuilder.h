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
#include "otbImclassFeatureStackBuilder.h"
#include "otbImclassTopoCatalogue.h"

#include "itkObject.h"

#include <functional>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Elevations at or below this are DEM voids (SRTM marks them -32768): no land is this low. */
constexpr double LowestElevation = -12000.0;

class OTBImclass_EXPORT TopoStackBuilder : public itk::Object
{
public:
  using Self    = TopoStackBuilder;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(TopoStackBuilder, itk::Object);

  /** From a DEM raster: its declared no-data and voids become no-data, areas of the reference
   * outside the DEM are no-data. Throws InputError ("-dem: ...") when the DEM does not overlap
   * the reference, ("-in: ...") when the reference has no map projection. */
  FloatVectorImageType* BuildFromDem(const FloatVectorImageType* reference, FloatImageType* dem, const TopoRecipe& recipe);

  /** From OTB's DEM handler (set up beforehand, e.g. from -elev.*): heights above the geoid, or
   * above the ellipsoid when `aboveEllipsoid`; where the handler has no tile it answers its
   * default height, which the stack then holds. */
  FloatVectorImageType* BuildFromDemHandler(const FloatVectorImageType* reference, const TopoRecipe& recipe, bool aboveEllipsoid);

protected:
  TopoStackBuilder()           = default;
  ~TopoStackBuilder() override = default;

private:
  TopoStackBuilder(const Self&) = delete;
  void operator=(const Self&) = delete;

  /** A grid: origin (pixel centre), signed spacing, size. */
  struct Grid
  {
    FloatImageType::PointType   origin;
    FloatImageType::SpacingType spacing;
    FloatImageType::SizeType    size;
  };

  /** The elevations of a grid, NaN where there is none. */
  using DemSource = std::function<FloatImageType*(const Grid&)>;

  FloatVectorImageType* Build(const FloatVectorImageType* reference, const TopoRecipe& recipe, const DemSource& source);

  std::vector<itk::ProcessObject::Pointer> m_Filters; // keeps the pipeline alive
};

} // namespace Imclass
} // namespace otb

#endif
