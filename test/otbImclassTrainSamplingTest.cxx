#include "otbImclassInputError.h"
#include "otbImclassTrainSampler.h"
#include "otbImclassVectorLayers.h"
#include "otbImclassTrainSplit.h"
#include "otbImclassTestCheck.h"
#include "otbImclassTrainForest.h"

#include <algorithm>
#include <cstdlib>
#include <set>

#include "ogr_spatialref.h"

using namespace otb::Imclass;

namespace
{

/** A 10 x 8 two-band image, pixel size 1, upper-left corner at (0, 8): the centre of pixel
 * (x, y) is (x + 0.5, 7.5 - y). Band 0 = 100 y + x, band 1 = x; pixel (3, 4) is no-data. */
FloatVectorImageType::Pointer SmallStack()
{
  auto                             image = FloatVectorImageType::New();
  FloatVectorImageType::RegionType region;
  region.SetSize(0, 10);
  region.SetSize(1, 8);
  image->SetRegions(region);
  image->SetNumberOfComponentsPerPixel(2);
  FloatVectorImageType::PointType origin;
  origin[0] = 0.5;
  origin[1] = 7.5;
  image->SetOrigin(origin);
  FloatVectorImageType::SpacingType spacing;
  spacing[0] = 1;
  spacing[1] = -1;
  image->SetSignedSpacing(spacing);
  image->Allocate();
  for (long y = 0; y < 8; ++y)
    for (long x = 0; x < 10; ++x)
    {
      FloatVectorImageType::IndexType index = {{x, y}};
      FloatVectorImageType::PixelType pixel(2);
      pixel[0] = (x == 3 && y == 4) ? NoDataValue : 100.f * y + x;
      pixel[1] = x;
      image->SetPixel(index, pixel);
    }
  return image;
}

OGRGeometryUniquePtr Square(double x0, double y0, double x1, double y1)
{
  OGRGeometry*      geometry = nullptr;
  const std::string wkt      = "POLYGON((" + std::to_string(x0) + " " + std::to_string(y0) + "," + std::to_string(x1) + " " + std::to_string(y0) + "," +
                          std::to_string(x1) + " " + std::to_string(y1) + "," + std::to_string(x0) + " " + std::to_string(y1) + "," + std::to_string(x0) + " " +
                          std::to_string(y0) + "))";
  OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry);
  return OGRGeometryUniquePtr(geometry);
}

std::set<std::pair<long, long>> Positions(const SampleSet& samples)
{
  std::set<std::pair<long, long>> positions;
  for (const auto& pixel : samples.pixels)
    positions.emplace(pixel.x, pixel.y);
  return positions;
}

} // namespace

int otbImclassTrainSamplingTest(int, char*[])
{
  auto       image = SmallStack();
  const auto grid  = GridOf(image.GetPointer());
  IMCLASS_CHECK(grid.width == 10 && grid.height == 8);
  IMCLASS_CHECK(grid.geoTransform[0] == 0 && grid.geoTransform[3] == 8 && grid.geoTransform[1] == 1 && grid.geoTransform[5] == -1);

  // Pixel centres inside the square (2, 2)-(5, 5): x + 0.5 and 7.5 - y in ]2, 5[, so x in 2..4 and
  // y in 3..5: 9 pixels.
  const auto square = Square(2, 2, 5, 5);
  const auto mask   = RasterizeWindow({square.get()}, grid, PixelWindow{0, 0, 10, 8});
  IMCLASS_CHECK(std::count(mask.begin(), mask.end(), 1) == 9);
  IMCLASS_CHECK(mask[3 * 10 + 2] == 1 && mask[5 * 10 + 4] == 1 && mask[3 * 10 + 5] == 0 && mask[2 * 10 + 2] == 0);
  OGREnvelope squareEnvelope;
  square->getEnvelope(&squareEnvelope);
  const PixelWindow window = grid.WindowOf(squareEnvelope);
  IMCLASS_CHECK(window.x0 <= 2 && window.x0 + window.width >= 5 && window.y0 <= 3 && window.y0 + window.height >= 6);

  // All valid pixels of the square: 9 minus the no-data pixel (3, 4), with their values.
  StackWindowReader reader(image, NoDataRule());
  const auto        all = SampleArea({{square.get()}, {}}, grid, reader, 42, PositiveSelectionStream, 0, 64);
  IMCLASS_CHECK(all.areaPixels == 9 && all.groupPixels.at(0) == 9 && all.noDataPixels == 1);
  IMCLASS_CHECK(all.samples.pixels.size() == 8);
  for (size_t i = 0; i < all.samples.pixels.size(); ++i)
  {
    const auto& pixel = all.samples.pixels[i];
    IMCLASS_CHECK(all.samples.Features(i)[0] == 100.f * pixel.y + pixel.x && all.samples.Features(i)[1] == pixel.x);
    IMCLASS_CHECK(pixel.rank == SeededUniform(42, PositiveSelectionStream, pixel.x, pixel.y));
  }
  IMCLASS_CHECK(Positions(all.samples).count({3, 4}) == 0);

  // At most 3: the 3 valid pixels of lowest rank; windows of 2 pixels give the same draw.
  std::vector<std::pair<double, std::pair<long, long>>> ranked;
  for (const auto& pixel : all.samples.pixels)
    ranked.push_back({pixel.rank, {pixel.x, pixel.y}});
  std::sort(ranked.begin(), ranked.end());
  const std::set<std::pair<long, long>> lowest = {ranked[0].second, ranked[1].second, ranked[2].second};
  const auto                            three  = SampleArea({{square.get()}, {}}, grid, reader, 42, PositiveSelectionStream, 3, 64);
  IMCLASS_CHECK(Positions(three.samples) == lowest);
  IMCLASS_CHECK(Positions(SampleArea({{square.get()}, {}}, grid, reader, 42, PositiveSelectionStream, 3, 2).samples) == lowest);
  IMCLASS_CHECK(Positions(SampleArea({{square.get()}, {}}, grid, reader, 7, PositiveSelectionStream, 3, 64).samples) != lowest ||
                Positions(SampleArea({{square.get()}, {}}, grid, reader, 8, PositiveSelectionStream, 3, 64).samples) != lowest);

  // Exclusion: the column x = 2 (centres at 2.5) is taken out; a pixel is in the first polygon
  // that holds it.
  const auto column   = Square(2, 0, 3, 8);
  const auto excluded = SampleArea({{square.get()}, {column.get()}}, grid, reader, 42, PositiveSelectionStream, 0, 64);
  IMCLASS_CHECK(excluded.areaPixels == 6 && excluded.samples.pixels.size() == 5);
  const auto wide   = Square(0, 0, 10, 8);
  const auto groups = SampleArea({{square.get(), wide.get()}, {}}, grid, reader, 42, PositiveSelectionStream, 0, 64);
  IMCLASS_CHECK(groups.groupPixels.at(0) == 9 && groups.groupPixels.at(1) == 71 && groups.samples.pixels.size() == 79);

  // Seeded draws: reproducible, about uniform, independent streams.
  double mean = 0;
  for (long i = 0; i < 10000; ++i)
    mean += SeededUniform(42, PixelSplitStream, i % 100, i / 100) / 10000;
  IMCLASS_CHECK_NEAR(mean, 0.5, 0.01);
  IMCLASS_CHECK(SeededUniform(42, PixelSplitStream, 3, 4) == SeededUniform(42, PixelSplitStream, 3, 4));
  IMCLASS_CHECK(SeededUniform(42, PixelSplitStream, 3, 4) != SeededUniform(42, BlockSplitStream, 3, 4));
  IMCLASS_CHECK(SeededUniform(42, PixelSplitStream, 3, 4) != SeededUniform(42, PixelSplitStream, 4, 3));

  // Touching polygons stay together: A and B share an edge, C is 3 units away.
  const auto a = Square(0, 0, 1, 1), b = Square(1, 0, 2, 1), c = Square(5, 0, 6, 1);
  IMCLASS_CHECK(TouchingGroups({a.get(), b.get(), c.get()}, 0.5) == std::vector<int>({0, 0, 1}));
  IMCLASS_CHECK(TouchingGroups({a.get(), c.get(), b.get()}, 0.5) == std::vector<int>({0, 1, 0}));
  IMCLASS_CHECK(TouchingGroups({a.get(), c.get(), b.get()}, 3.5) == std::vector<int>({0, 0, 0}));

  // Each group joins the fold with the fewest pixels so far: six groups of 100 in 3 folds make
  // three folds of 200 whatever the order; the seed changes which groups go together. Never
  // more folds than groups.
  const std::vector<long> six(6, 100);
  const auto              folds = GroupFolds(six, 3, 42);
  IMCLASS_CHECK(std::count(folds.begin(), folds.end(), 0) == 2 && std::count(folds.begin(), folds.end(), 1) == 2 &&
                std::count(folds.begin(), folds.end(), 2) == 2);
  IMCLASS_CHECK(GroupFolds(six, 3, 42) == folds);
  bool seedMatters = false;
  for (unsigned int seed = 1; seed < 10; ++seed)
    seedMatters = seedMatters || GroupFolds(six, 3, seed) != folds;
  IMCLASS_CHECK(seedMatters);
  const auto two = GroupFolds({100, 50}, 5, 42);
  IMCLASS_CHECK(two.size() == 2 && two[0] != two[1] && std::max(two[0], two[1]) == 1);
  IMCLASS_CHECK_THROWS(GroupFolds({100}, 3, 42), "-split: the polygon split needs at least two separate positive polygons");

  // Blocks of 5 pixels: borders are the first and last row and column of each block.
  const BlockSplit blocks(5, 3, 42);
  IMCLASS_CHECK(blocks.OnBlockBorder(0, 2) && blocks.OnBlockBorder(4, 2) && blocks.OnBlockBorder(5, 7) && blocks.OnBlockBorder(7, 9));
  IMCLASS_CHECK(!blocks.OnBlockBorder(2, 2) && !blocks.OnBlockBorder(7, 7));
  const auto last = blocks.Block(1, 1, 12, 8);
  IMCLASS_CHECK(last.x0 == 5 && last.y0 == 5 && last.width == 5 && last.height == 3);
  IMCLASS_CHECK(blocks.Fold(5, 5) == blocks.Fold(9, 9));
  std::vector<double> blockShare(3, 0);
  for (long by = 0; by < 100; ++by)
    for (long bx = 0; bx < 100; ++bx)
      blockShare.at(blocks.Fold(bx * 5, by * 5)) += 1e-4;
  for (const double share : blockShare)
    IMCLASS_CHECK_NEAR(share, 1.0 / 3, 0.02);

  // A forest on a rule of feature 0 alone: votes agree with it, feature 0 ranks first.
  SampleSet positives, negatives;
  positives.numberOfFeatures = negatives.numberOfFeatures = 3;
  cv::RNG rng(5);
  for (int i = 0; i < 300; ++i)
  {
    const float values[3] = {rng.uniform(0.f, 1.f), rng.uniform(0.f, 1.f), rng.uniform(0.f, 1.f)};
    (values[0] > 0.5f ? positives : negatives).Append(SamplePixel{i, 0, 0.0, 0}, values);
  }
  const auto training = Labelled(positives, std::vector<bool>(positives.pixels.size(), true), negatives, std::vector<bool>(negatives.pixels.size(), true));
  ForestParameters parameters;
  parameters.nbTrees   = 20;
  const auto    forest = TrainForest(training, parameters, 2);
  const cv::Mat probe  = (cv::Mat_<float>(2, 3) << 0.95f, 0.5f, 0.5f, 0.05f, 0.5f, 0.5f);
  const auto    votes  = forest.ClassVotes(probe);
  IMCLASS_CHECK(votes[0] >= 18 && votes[1] <= 2);
  const auto ranking = RankFeatures(forest, {"a", "b", "c"});
  IMCLASS_CHECK(ranking.size() == 3 && ranking[0].first == "a" && ranking[0].second >= ranking[1].second && ranking[1].second >= ranking[2].second);
  // Distances in metres on any grid: a geographic grid converts with the length of a degree
  // along the parallel through its centre (WGS84: 111319.49 m x cos(latitude)).
  {
    OGRSpatialReference wgs84, utm;
    wgs84.importFromEPSG(4326);
    utm.importFromEPSG(32632);
    char*     wkt = nullptr;
    ImageGrid geographic;
    geographic.width = geographic.height = 100;
    const double transform[6]            = {6.0, 0.0001, 0.0, 60.005, 0.0, -0.0001}; // centre at 60 N
    std::copy(transform, transform + 6, geographic.geoTransform);
    wgs84.exportToWkt(&wkt);
    geographic.projectionWkt = wkt;
    CPLFree(wkt);
    IMCLASS_CHECK_NEAR(geographic.MetresPerMapUnit(), 111319.49 * 0.5, 1.0);
    ImageGrid projected = geographic;
    utm.exportToWkt(&wkt);
    projected.projectionWkt = wkt;
    CPLFree(wkt);
    IMCLASS_CHECK_NEAR(projected.MetresPerMapUnit(), 1.0, 0.0);
  }
  return EXIT_SUCCESS;
}
