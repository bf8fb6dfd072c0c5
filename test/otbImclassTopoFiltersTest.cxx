/* ImclassTopo library: attribute formulas on hand-derived windows, grid metrics against published
 * degree lengths, the catalogue, block aggregation and bilinear upsampling on tiny images. */
#include "otbImclassTestCheck.h"
#include "otbImclassInputError.h"
#include "otbImclassNoData.h"
#include "otbImclassTopoAggregateFilter.h"
#include "otbImclassTopoAttributeFilter.h"
#include "otbImclassTopoCatalogue.h"
#include "otbImclassTopoUpsampleFilter.h"

#include "otbImage.h"
#include "otbVectorImage.h"

#include <cmath>
#include <limits>

namespace
{
using namespace otb::Imclass;
using ImageType                      = otb::Image<float, 2>;
using VectorType                     = otb::VectorImage<float, 2>;
const double                     NaN = std::numeric_limits<double>::quiet_NaN();
const std::vector<TopoAttribute> All = TopoRecipe::Default().attributes;

/** 3x3 window of z(east, north) around (x0, y0) for pixels of `size` metres, north up. */
template <class F>
void Window(F z, double x0, double y0, double size, double window[9])
{
  for (int row = 0; row < 3; ++row)
    for (int column = 0; column < 3; ++column)
      window[row * 3 + column] = z(x0 + (column - 1) * size, y0 - (row - 1) * size);
}

ImageType::Pointer NewImage(unsigned int width, unsigned int height, const std::vector<float>& values)
{
  auto                  image = ImageType::New();
  ImageType::RegionType region({{0, 0}}, {{width, height}});
  image->SetRegions(region);
  image->Allocate();
  std::copy(values.begin(), values.end(), image->GetBufferPointer());
  ImageType::SpacingType spacing;
  spacing[0] = 10;
  spacing[1] = -10;
  image->SetSignedSpacing(spacing);
  ImageType::PointType origin;
  origin[0] = 1000;
  origin[1] = 2000;
  image->SetOrigin(origin);
  return image;
}
} // namespace

int otbImclassTopoFiltersTest(int, char*[])
{
  float  out[8];
  double window[9];

  // Plane rising 0.3 m/m to the east and 0.4 m/m to the north, 10 m pixels: gradient 0.5.
  Window([](double x, double y) { return 100 + 0.3 * x + 0.4 * y; }, 50, 70, 10, window);
  ComputeTopoAttributes(window, 10, -10, All, out);
  IMCLASS_CHECK_NEAR(out[0], 100 + 0.3 * 50 + 0.4 * 70, 1e-4);
  IMCLASS_CHECK_NEAR(out[1], std::atan(0.5) * 180 / M_PI, 1e-5); // 26.565 degrees
  IMCLASS_CHECK_NEAR(out[2], -0.6, 1e-6);                        // downslope: south-west
  IMCLASS_CHECK_NEAR(out[3], -0.8, 1e-6);
  IMCLASS_CHECK_NEAR(out[4], 0, 1e-9);
  IMCLASS_CHECK_NEAR(out[5], 0, 1e-9);
  IMCLASS_CHECK_NEAR(out[6], 14, 1e-4); // 2 pixels x (3 + 4) m
  IMCLASS_CHECK_NEAR(out[7], 0, 1e-5);

  // The same plane with missing neighbours (top edge, top-left corner, left edge, corner pixel of
  // the DEM): extrapolation keeps it exact.
  const double missingSets[][5] = {{0, 1, 2, -1, -1}, {0, 1, 2, 3, -1}, {0, 3, 6, 7, -1}, {0, 1, 2, 3, 6}};
  for (const auto& missing : missingSets)
  {
    Window([](double x, double y) { return 100 + 0.3 * x + 0.4 * y; }, 50, 70, 10, window);
    for (double k : missing)
      if (k >= 0)
        window[static_cast<int>(k)] = NaN;
    ComputeTopoAttributes(window, 10, -10, All, out);
    IMCLASS_CHECK_NEAR(out[1], std::atan(0.5) * 180 / M_PI, 1e-5);
    IMCLASS_CHECK_NEAR(out[2], -0.6, 1e-6);
    IMCLASS_CHECK_NEAR(out[7], 0, 1e-5);
  }

  // Paraboloid z = a r^2 at distance r = 50 m east of its vertex: plan = 1/r, profile = 2a/(1+4a^2r^2)^1.5.
  const double a = 0.002;
  Window([a](double x, double y) { return a * (x * x + y * y); }, 50, 0, 5, window);
  ComputeTopoAttributes(window, 5, -5, All, out);
  IMCLASS_CHECK_NEAR(out[4], 1.0 / 50, 1e-6);
  IMCLASS_CHECK_NEAR(out[5], 2 * a / std::pow(1 + 4 * a * a * 2500, 1.5), 1e-7);
  IMCLASS_CHECK_NEAR(out[1], std::atan(2 * a * 50) * 180 / M_PI, 1e-4);
  IMCLASS_CHECK_NEAR(out[2], -1, 1e-6);                         // downslope towards the vertex: west
  IMCLASS_CHECK_NEAR(out[7], -a * (4 * 25 + 4 * 50) / 8, 1e-6); // the 8 neighbours are (4 x 25 + 4 x 50) a / 8 higher on average

  // Flat ground: no aspect, no curvature, not NaN.
  std::fill(window, window + 9, 250.0);
  ComputeTopoAttributes(window, 10, -10, All, out);
  for (int b = 1; b < 8; ++b)
    IMCLASS_CHECK(out[b] == 0.f);

  // Grid metrics: a degree on WGS 84 (published lengths: 111319.49 m of longitude at the equator,
  // 111131.78 m of latitude and 78846.81 m of longitude at 45 degrees, from the series
  // 111132.954 - 559.822 cos 2φ + 1.175 cos 4φ and 111412.84 cos φ - 93.5 cos 3φ + 0.118 cos 5φ).
  GridMetrics geographic;
  geographic.geographic = true;
  double sizeX, sizeY;
  geographic.PixelSize(1, -1, 0, sizeX, sizeY);
  IMCLASS_CHECK_NEAR(sizeX, 111319.49, 0.01);
  geographic.PixelSize(1, -1, 45, sizeX, sizeY);
  IMCLASS_CHECK_NEAR(sizeX, 78846.81, 0.05);
  IMCLASS_CHECK_NEAR(sizeY, -111131.78, 0.01);
  const GridMetrics feet = GridMetrics::FromProjection("EPSG:2227"); // California zone 3, US survey feet
  IMCLASS_CHECK(!feet.geographic);
  feet.PixelSize(10, -10, 0, sizeX, sizeY);
  IMCLASS_CHECK_NEAR(sizeX, 3.048006, 1e-6);
  IMCLASS_CHECK(GridMetrics::FromProjection("EPSG:4326").geographic);

  // Catalogue: band names and order, errors.
  const auto names = TopoRecipe::Default().BandNames();
  IMCLASS_CHECK(names.size() == 24);
  IMCLASS_CHECK(names[0] == "topo_elevation_s1" && names[3] == "topo_aspect_cos_s1" && names[9] == "topo_slope_s3" && names[23] == "topo_tpi_s4");
  const auto picked = TopoRecipe::FromNames({"tpi", "aspect"}, {"2"}).BandNames();
  IMCLASS_CHECK((picked == std::vector<std::string>{"topo_aspect_sin_s2", "topo_aspect_cos_s2", "topo_tpi_s2"}));
  IMCLASS_CHECK_THROWS(TopoRecipe::FromNames({"hillshade"}, {}), "-attributes: unknown attribute 'hillshade'");
  IMCLASS_CHECK_THROWS(TopoRecipe::FromNames({}, {"1.5"}), "-scales: '1.5'");

  // Aggregation by 2 of a 4 x 4 DEM: block means, NaN ignored, an all-NaN block stays NaN.
  const float n         = std::numeric_limits<float>::quiet_NaN();
  auto        dem       = NewImage(4, 4, {1, 2, 5, n, 3, 4, 7, 9, n, n, 10, 10, n, n, 10, 14});
  auto        aggregate = TopoAggregateFilter<ImageType>::New();
  aggregate->SetInput(dem);
  aggregate->SetFactor(2);
  aggregate->Update();
  const ImageType* coarse = aggregate->GetOutput();
  IMCLASS_CHECK(coarse->GetLargestPossibleRegion().GetSize(0) == 2);
  IMCLASS_CHECK_NEAR(coarse->GetOrigin()[0], 1005, 1e-9);
  IMCLASS_CHECK_NEAR(coarse->GetOrigin()[1], 1995, 1e-9);
  IMCLASS_CHECK_NEAR(coarse->GetSignedSpacing()[1], -20, 1e-9);
  IMCLASS_CHECK_NEAR(coarse->GetPixel({{0, 0}}), 2.5, 1e-6);
  IMCLASS_CHECK_NEAR(coarse->GetPixel({{1, 0}}), 7, 1e-6);
  IMCLASS_CHECK(std::isnan(coarse->GetPixel({{0, 1}})));
  IMCLASS_CHECK_NEAR(coarse->GetPixel({{1, 1}}), 11, 1e-6);

  // Bilinear back onto the 10 m grid; the invalid coarse pixel gets no weight.
  auto stack = VectorType::New();
  stack->CopyInformation(coarse);
  stack->SetRegions(coarse->GetLargestPossibleRegion());
  stack->SetNumberOfComponentsPerPixel(2);
  stack->Allocate();
  const float values[4][2] = {{2, 20}, {6, 60}, {NoDataValue, NoDataValue}, {10, 100}};
  for (int k = 0; k < 4; ++k)
  {
    VectorType::PixelType pixel(2);
    pixel[0] = values[k][0];
    pixel[1] = values[k][1];
    stack->SetPixel({{k % 2, k / 2}}, pixel);
  }
  auto upsample = TopoUpsampleFilter<VectorType>::New();
  upsample->SetInput(stack);
  upsample->SetOutputGrid(dem->GetOrigin(), dem->GetSignedSpacing(), dem->GetLargestPossibleRegion().GetSize());
  upsample->Update();
  const VectorType* fine = upsample->GetOutput();
  // Fine pixel (1, 0) lies 1/4 of the way from coarse (0, 0) to (1, 0), and 1/4 outside row 0 (clamped).
  IMCLASS_CHECK_NEAR(fine->GetPixel({{1, 0}})[0], 0.75 * 2 + 0.25 * 6, 1e-6);
  IMCLASS_CHECK_NEAR(fine->GetPixel({{1, 0}})[1], 0.75 * 20 + 0.25 * 60, 1e-5);
  // Fine pixel (2, 2): 1/4 from coarse (1, 1) towards (0, 0); weights 1/16 (0,0), 3/16 (1,0), 3/16 (0,1) invalid, 9/16 (1,1).
  IMCLASS_CHECK_NEAR(fine->GetPixel({{2, 2}})[0], (2 * 1 + 6 * 3 + 10 * 9) / 13.0, 1e-5);
  // Fine pixel (0, 3): only the invalid coarse pixel (0, 1) has weight.
  IMCLASS_CHECK(fine->GetPixel({{0, 3}})[0] == NoDataValue && fine->GetPixel({{0, 3}})[1] == NoDataValue);
  return EXIT_SUCCESS;
}
