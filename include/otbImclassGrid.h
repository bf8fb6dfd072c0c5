/*
 * ImCLASS — the grid of an image as vector work sees it: size, GDAL geotransform and CRS, pixel
 * windows, and polygons burnt onto a window (pixel centres). The polygon readers, the training
 * sampler and the threshold's reference all place geometries on it.
 */
#ifndef otbImclassGrid_h
#define otbImclassGrid_h

#include "OTBImclassExport.h"

#include "itkImageBase.h"
#include "ogr_geometry.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** A window of pixels (x0, y0 = upper-left pixel).
 * \ingroup OTBImclass */
struct PixelWindow
{
  long x0 = 0, y0 = 0, width = 0, height = 0;
  bool Empty() const
  {
    return width <= 0 || height <= 0;
  }
};

/** The grid of an image: size, GDAL geotransform (upper-left corner of the first pixel, north
 * up) and CRS. \ingroup OTBImclass */
struct OTBImclass_EXPORT ImageGrid
{
  long        width = 0, height = 0;
  double      geoTransform[6] = {0, 1, 0, 0, 0, -1};
  std::string projectionWkt;

  double PixelSize() const;
  /** Metres per map unit: the CRS's linear unit, or for a geographic CRS the length of a degree
   * along the parallel through the image centre (the shorter way, so that a distance converted
   * with it is at least as long in metres in every direction). */
  double MetresPerMapUnit() const;
  /** The image rectangle as a polygon. */
  OGRGeometryUniquePtr Footprint() const;
  /** The pixels whose centres may fall in `envelope`, clipped to the image (may be empty). */
  PixelWindow WindowOf(const OGREnvelope& envelope) const;
  /** The rectangle covered by the pixels of `window`. */
  OGRGeometryUniquePtr Rectangle(const PixelWindow& window) const;
};

/** The grid of an OTB image or vector image (size, geotransform, CRS). */
template <class TImage>
ImageGrid GridOf(const TImage* image)
{
  ImageGrid  grid;
  const auto size      = image->GetLargestPossibleRegion().GetSize();
  const auto origin    = image->GetOrigin(); // centre of the first pixel
  const auto spacing   = image->GetSignedSpacing();
  grid.width           = static_cast<long>(size[0]);
  grid.height          = static_cast<long>(size[1]);
  grid.geoTransform[0] = origin[0] - 0.5 * spacing[0];
  grid.geoTransform[1] = spacing[0];
  grid.geoTransform[2] = 0;
  grid.geoTransform[3] = origin[1] - 0.5 * spacing[1];
  grid.geoTransform[4] = 0;
  grid.geoTransform[5] = spacing[1];
  grid.projectionWkt   = image->GetProjectionRef();
  return grid;
}

/** Throws InputError("<what>: ... (all inputs must be on one grid)") when `image` differs from
 * `first` (named `firstName` in the message) in size, origin or pixel size (beyond rounding), or in
 * CRS when both declare one. */
OTBImclass_EXPORT void CheckOnGrid(const itk::ImageBase<2>* image, const std::string& imageCrs, const itk::ImageBase<2>* first, const std::string& firstCrs,
                                   const std::string& what, const std::string& firstName);

/** The same for any two OTB images, which declare their CRS. */
template <class TImage, class TFirst>
void CheckOnGrid(const TImage* image, const TFirst* first, const std::string& what, const std::string& firstName = "the first stack")
{
  CheckOnGrid(image, image->GetProjectionRef(), first, first->GetProjectionRef(), what, firstName);
}

/** 1 where the pixel centre lies inside one of the geometries, 0 elsewhere, over `window`
 * (row-major). */
OTBImclass_EXPORT std::vector<unsigned char> RasterizeWindow(const std::vector<const OGRGeometry*>& geometries, const ImageGrid& grid,
                                                             const PixelWindow& window);

} // namespace Imclass
} // namespace otb

#endif
