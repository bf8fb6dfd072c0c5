/*
 * ImclassTopo — topographic attributes of a DEM on the grid of an image, at several scales.
 */
#include "otbImclassApplication.h"
#include "otbImclassInputError.h"
#include "otbImclassTopoStackBuilder.h"

#include "otbWrapperApplicationFactory.h"
#include "otbWrapperElevationParametersHandler.h"

#include <sstream>

namespace otb
{
namespace Wrapper
{

class ImclassTopo : public ImclassApplication
{
public:
  using Self    = ImclassTopo;
  using Pointer = itk::SmartPointer<Self>;
  itkNewMacro(Self);
  itkTypeMacro(ImclassTopo, ImclassApplication);

private:
  void DoInit() override
  {
    std::ostringstream attributes;
    for (const auto& attribute : Imclass::TopoAttributeCatalogue())
      attributes << (attributes.tellp() > 0 ? "; " : "") << attribute.name << " = " << attribute.description;
    attributes << ". ";

    SetName("ImclassTopo");
    SetDescription(
        "Topographic attributes for ImCLASS (elevation, slope, aspect, curvatures, roughness, TPI) at several scales, on "
        "the grid of an image, every band named.");
    SetDocLongDescription(
        "Brings a DEM onto the grid of -in and computes topographic attributes there, at full resolution and on grids k times "
        "coarser (-scales, default 1 3 4): for scale k the DEM is resampled onto the grid of -in, averaged over k x k blocks, the "
        "attributes are computed on that coarse grid and interpolated (bilinear) back onto the grid of -in, so that the coarse "
        "scales describe the landform around a pixel rather than the pixel itself. The DEM is either a raster file (-dem: any "
        "GDAL raster, any CRS, resampled bilinearly as Superimpose does) or a directory of tiles given with OTB's elevation "
        "parameters (-elev.dem: every raster GDAL reads there, e.g. SRTM .hgt tiles, mosaicked as OTB's DEM handler does). "
        "Attributes, from the 3 x 3 neighbourhood of each pixel: " +
        attributes.str() +
        "Slope is Horn's gradient and roughness and TPI are defined as in gdaldem; plan and profile curvatures come from the "
        "Zevenbergen-Thorne quadratic surface. Horizontal distances are in metres: the projection's unit for a projected grid, and "
        "for a geographic grid (EPSG:4326) the ellipsoid's radii at the latitude of each row, so slopes are true metres per "
        "metre. On flat ground (gradient below 1e-9) the aspect sine and cosine and both curvatures are 0. A neighbour without "
        "elevation (edge of the DEM, DEM no-data) is extrapolated linearly from the pixels in line with it, which keeps planes "
        "exact (the centre value when none is available). Pixels where the DEM has no value (declared no-data, voids at or below -12000 m such "
        "as SRTM's -32768, areas of -in outside a -dem file) are -9999 in every band, and the output declares -9999 as no-data. "
        "Output bands are named topo_<attribute>_s<scale> (topo_elevation_s1, topo_slope_s3, topo_aspect_sin_s1, "
        "topo_aspect_cos_s1, ...), scale by scale. Every stage streams: memory follows -ram at every scale.");
    SetDocLimitations(
        "Projected grids: distances are grid distances (the projection's scale factor, 0.9996 on a UTM central "
        "meridian, is not corrected). Elevations are those of the DEM (above mean sea level for SRTM) unless "
        "-elev.geoid is given (any georeferenced geoid grid GDAL reads: heights then are above the ellipsoid, as "
        "with OTB's DEM handler). Areas without DEM value are no-data unless -elev.default is set explicitly: they then "
        "take that height, as in OTB, which puts cliffs at the edges of the tiles and in SRTM voids. On the "
        "coarse grids, the blocks past the edge of the DEM average only the pixels that have elevation.");
    SetDocAuthors("ImCLASS developers");
    SetDocSeeAlso("ImclassFeatures, ImclassChangeFeatures, ImclassTrain, Superimpose, gdaldem");
    AddDocTag("ImCLASS");
    AddDocTag(Tags::FeatureExtraction);

    AddParameter(ParameterType_InputImage, "in", "Reference image");
    SetParameterDescription("in",
                            "Image whose grid (extent, pixel size, projection) the output takes; only its geometry is used. It "
                            "may be in a projected or a geographic CRS.");
    AddOptionalParameter(ParameterType_InputImage, "dem", "DEM file",
                         "Digital elevation model in metres, any GDAL raster in any CRS (first band). Its declared no-data value is "
                         "honoured. Without -dem, the DEM comes from -elev.dem.");
    ElevationParametersHandler::AddElevationParameters(this, "elev");

    AddOptionalParameter(ParameterType_StringList, "scales", "Scales",
                         "Whole numbers k: the attributes are computed on a grid k times coarser than -in (1 = the grid of -in) and "
                         "interpolated back. Default: 1 3 4.");
    AddOptionalParameter(ParameterType_StringList, "attributes", "Attributes",
                         "Attributes to compute at every scale, from: " + attributes.str() + "Default: all.");

    AddOutputImageParameter("out", "Output topographic stack", "Float32 stack on the grid of -in, one named band per attribute and scale, -9999 = no data.",
                            ImagePixelType_float, {ImagePixelType_float, ImagePixelType_double},
                            "slopes, curvatures and aspect sines would be rounded to integers");
    MandatoryOff("out");
    AddRecipeParameter();
    AddRAMParameter();

    SetDocExampleParameterValue("in", "post.tif");
    SetDocExampleParameterValue("dem", "dem.tif");
    SetDocExampleParameterValue("scales", "1 3 4");
    SetDocExampleParameterValue("out", "topo.tif");
    SetOfficialDocLink();
  }

  void DoUpdateParameters() override
  {
  }

  void DoImclassExecute() override
  {
    const auto recipe = Imclass::TopoRecipe::FromNames(GetParameterStringListOrEmpty("attributes"),
                                                       GetParameterStringListOrEmpty("scales"));
    FloatVectorImageType* reference = GetParameterFloatVectorImage("in");
    reference->UpdateOutputInformation();

    Imclass::ElevationReference heights;
    if (ElevationParametersHandler::IsGeoidUsed(this, "elev"))
      heights.geoidPath = ElevationParametersHandler::GetGeoidFile(this, "elev");
    heights.fillWithDefault = HasUserValue("elev.default");
    heights.defaultHeight   = ElevationParametersHandler::GetDefaultElevation(this, "elev");

    m_Builder                   = Imclass::TopoStackBuilder::New();
    FloatVectorImageType* stack = nullptr;
    if (HasValue("dem"))
      stack = m_Builder->BuildFromDem(reference, GetParameterFloatImage("dem"), recipe, "-dem", heights);
    else if (ElevationParametersHandler::IsDEMUsed(this, "elev"))
      stack = m_Builder->BuildFromDemDirectory(reference, ElevationParametersHandler::GetDEMDirectory(this, "elev"), recipe, "-elev.dem", heights);
    else
      throw Imclass::InputError("-dem: give a DEM file (-dem) or a directory of DEM tiles (-elev.dem)");

    LogFeatureNames(recipe.BandNames());
    WriteStackOrRecipe(stack);
  }

  Imclass::TopoStackBuilder::Pointer m_Builder;
};

} // namespace Wrapper
} // namespace otb

OTB_APPLICATION_EXPORT(otb::Wrapper::ImclassTopo)
