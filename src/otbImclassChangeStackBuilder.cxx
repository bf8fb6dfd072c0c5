#include "otbImclassChangeStackBuilder.h"

#include "otbImclassChangeFunctor.h"
#include "otbImclassGrid.h"
#include "otbImclassInputError.h"
#include "otbImclassResample.h"
#include "otbImclassStackConcatenateFilter.h"

#include "otbFunctorImageFilter.h"
#include "otbGenericRSTransform.h"


#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{
using ConcatenateFilter = StackConcatenateFilter<FloatVectorImageType, MaskImageType>;
using PixelType         = FloatVectorImageType::PixelType;
constexpr float NaN     = std::numeric_limits<float>::quiet_NaN();

/** Invalid input pixels (declared no-data or NaN) become NaN in every band. */
class NaNWhereNoData
{
public:
  NaNWhereNoData() = default;
  NaNWhereNoData(const NoDataRule& rule, size_t nbBands) : m_Rule(rule), m_NumberOfBands(nbBands)
  {
  }
  size_t OutputSize(const std::array<size_t, 1>&) const
  {
    return m_NumberOfBands;
  }
  void operator()(PixelType& out, const PixelType& in) const
  {
    if (m_Rule.IsNoData(in))
      out.Fill(NaN);
    else
      out = in;
  }

private:
  NoDataRule m_Rule;
  size_t     m_NumberOfBands = 0;
};

/** The same, and pixels where the mask is 0. */
class NaNWhereNoDataOrMasked
{
public:
  NaNWhereNoDataOrMasked() = default;
  NaNWhereNoDataOrMasked(const NoDataRule& rule, size_t nbBands) : m_Valid(rule, nbBands)
  {
  }
  size_t OutputSize(const std::array<size_t, 2>&) const
  {
    return m_Valid.OutputSize({{0}});
  }
  void operator()(PixelType& out, const PixelType& in, unsigned char mask) const
  {
    if (mask == 0)
      out.Fill(NaN);
    else
      m_Valid(out, in);
  }

private:
  NaNWhereNoData m_Valid;
};

/** Extent of an image in its physical coordinates: {xmin, xmax, ymin, ymax}. */
std::array<double, 4> Extent(const FloatVectorImageType* image)
{
  const auto            region = image->GetLargestPossibleRegion();
  std::array<double, 4> extent{
      {std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()}};
  for (int corner = 0; corner < 4; ++corner)
  {
    itk::ContinuousIndex<double, 2> index;
    index[0] = region.GetIndex(0) - 0.5 + ((corner & 1) ? region.GetSize(0) : 0);
    index[1] = region.GetIndex(1) - 0.5 + ((corner & 2) ? region.GetSize(1) : 0);
    FloatVectorImageType::PointType point;
    image->TransformContinuousIndexToPhysicalPoint(index, point);
    extent[0] = std::min(extent[0], point[0]);
    extent[1] = std::max(extent[1], point[0]);
    extent[2] = std::min(extent[2], point[1]);
    extent[3] = std::max(extent[3], point[1]);
  }
  return extent;
}

std::string Join(const std::vector<std::string>& items)
{
  std::ostringstream out;
  for (size_t i = 0; i < items.size(); ++i)
    out << (i ? " " : "") << items[i];
  return out.str();
}

std::string Describe(const std::array<double, 4>& extent)
{
  std::ostringstream out;
  out << "x " << extent[0] << ".." << extent[1] << ", y " << extent[2] << ".." << extent[3];
  return out.str();
}

void CheckMaskGrid(MaskImageType* mask, const std::string& maskParameter, const FloatVectorImageType* image, const std::string& imageParameter)
{
  if (!mask)
    return;
  mask->UpdateOutputInformation();
  CheckOnGrid(mask, image, maskParameter, imageParameter);
}

} // namespace

std::string ChangeOptions::ToString() const
{
  std::ostringstream out;
  out.precision(17);
  out << "reference=" << reference << ";interpolator=" << interpolator << ";lr.eps=" << logRatioEpsilon
      << ";texture.range=" << (sharedTextureRange ? "shared" : "perdate");
  return out.str();
}

ChangeOptions ChangeOptions::FromString(const std::string& text)
{
  auto          items = RecipeItems(text, "change");
  ChangeOptions options;
  try
  {
    options.reference          = items.at("reference");
    options.interpolator       = items.at("interpolator");
    options.logRatioEpsilon    = std::stod(items.at("lr.eps"));
    options.sharedTextureRange = items.at("texture.range") == "shared";
  }
  catch (const std::logic_error&)
  {
    throw InputError("-model: the change recipe it records is incomplete or corrupt ('" + text + "')");
  }
  return options;
}

bool SameGrid(const FloatVectorImageType* a, const FloatVectorImageType* b)
{
  const double tolerance = 1e-6 * std::abs(a->GetSignedSpacing()[0]);
  for (unsigned int d = 0; d < 2; ++d)
    if (std::abs(a->GetOrigin()[d] - b->GetOrigin()[d]) > tolerance || std::abs(a->GetSignedSpacing()[d] - b->GetSignedSpacing()[d]) > tolerance)
      return false;
  return a->GetLargestPossibleRegion() == b->GetLargestPossibleRegion() && a->GetProjectionRef() == b->GetProjectionRef();
}

void CheckOverlap(const FloatVectorImageType* image, const std::string& imageParameter, const FloatVectorImageType* reference,
                  const std::string& referenceParameter)
{
  using TransformType = otb::GenericRSTransform<double, 2, 2>;
  auto transform      = TransformType::New();
  transform->SetInputProjectionRef(image->GetProjectionRef());
  transform->SetOutputProjectionRef(reference->GetProjectionRef());
  try
  {
    transform->InstantiateTransform();
  }
  catch (const std::exception& error)
  {
    throw InputError(imageParameter + ": cannot reproject it into the CRS of " + referenceParameter + " (" + error.what() + ")");
  }

  // The footprint's border, reprojected point by point (a reprojected rectangle is curved).
  const auto            source = Extent(image);
  std::array<double, 4> footprint{
      {std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max(), std::numeric_limits<double>::lowest()}};
  const int steps = 16;
  for (int i = 0; i <= steps; ++i)
    for (int edge = 0; edge < 4; ++edge)
    {
      const double                  t = static_cast<double>(i) / steps;
      TransformType::InputPointType point;
      point[0]             = edge < 2 ? source[0] + t * (source[1] - source[0]) : source[edge - 2];
      point[1]             = edge < 2 ? source[2 + edge] : source[2] + t * (source[3] - source[2]);
      const auto projected = transform->TransformPoint(point);
      if (!std::isfinite(projected[0]) || !std::isfinite(projected[1]))
        continue;
      footprint[0] = std::min(footprint[0], projected[0]);
      footprint[1] = std::max(footprint[1], projected[0]);
      footprint[2] = std::min(footprint[2], projected[1]);
      footprint[3] = std::max(footprint[3], projected[1]);
    }
  const auto target = Extent(reference);
  if (!(footprint[0] < target[1] && target[0] < footprint[1] && footprint[2] < target[3] && target[2] < footprint[3]))
    throw InputError(imageParameter + ": does not overlap " + referenceParameter + " (" + imageParameter + " covers " + Describe(footprint) + ", " +
                     referenceParameter + " covers " + Describe(target) + " in the CRS of " + referenceParameter + ")");
}

FloatVectorImageType* ChangeStackBuilder::OntoReferenceGrid(FloatVectorImageType* image, MaskImageType* mask, const FloatVectorImageType* reference,
                                                            const std::string& interpolator)
{
  const unsigned int    nbBands = image->GetNumberOfComponentsPerPixel();
  const NoDataRule      noData(image->GetImageMetadata());
  FloatVectorImageType* flagged = nullptr;
  if (mask)
  {
    auto filter = NewFunctorFilter(NaNWhereNoDataOrMasked(noData, nbBands));
    filter->SetInputs(image, mask);
    m_Filters.push_back(filter.GetPointer());
    flagged = filter->GetOutput();
  }
  else
  {
    auto filter = NewFunctorFilter(NaNWhereNoData(noData, nbBands));
    filter->SetInputs(image);
    m_Filters.push_back(filter.GetPointer());
    flagged = filter->GetOutput();
  }

  // As otbcli_Superimpose: output parameters from the reference, a deformation grid of 4
  // reference pixels; outside the footprint is NaN, hence no-data.
  auto resample = NewSuperimposeFilter(flagged, reference, interpolator, NaN);
  m_Filters.push_back(resample.GetPointer());
  return resample->GetOutput();
}

void ChangeStackBuilder::SetTextureRanges(FloatVectorImageType* pre, FloatVectorImageType* post, FeatureRecipe& preRecipe, FeatureRecipe& postRecipe,
                                          bool shared)
{
  const auto rangeOf = [](FloatVectorImageType* image, const FeatureRecipe& recipe, const std::string& parameter)
  {
    try
    {
      return TextureBandRange(image, recipe);
    }
    catch (const InputError&)
    {
      throw InputError(parameter + ": band " + recipe.textureBand + " has no valid pixel on the output grid (all no-data)");
    }
  };
  auto preRange = rangeOf(pre, preRecipe, "-pre"), postRange = rangeOf(post, postRecipe, "-post");
  if (shared)
    preRange = postRange = {std::min(preRange.first, postRange.first), std::max(preRange.second, postRange.second)};
  const auto assign = [](FeatureRecipe& recipe, const std::pair<double, double>& range)
  {
    recipe.textureRangeGiven = true;
    recipe.textureMin        = range.first;
    recipe.textureMax        = range.second;
  };
  assign(preRecipe, preRange);
  assign(postRecipe, postRange);
}

FloatVectorImageType* ChangeStackBuilder::Build(FloatVectorImageType* pre, FloatVectorImageType* post, MaskImageType* preMask, MaskImageType* postMask,
                                                FeatureRecipe& preRecipe, FeatureRecipe& postRecipe, const ChangeOptions& options)
{
  if (options.reference != "pre" && options.reference != "post")
    throw InputError("-ref: unknown reference '" + options.reference + "' (pre, post)");
  if (!(options.logRatioEpsilon > 0))
    throw InputError("-lr.eps: must be positive");
  pre->UpdateOutputInformation();
  post->UpdateOutputInformation();
  CheckMaskGrid(preMask, "-premask", pre, "-pre");
  CheckMaskGrid(postMask, "-postmask", post, "-post");
  preRecipe.prefix  = "pre_";
  postRecipe.prefix = "post_";
  preRecipe.Check();
  postRecipe.Check();
  m_ChangeFeatures = ChangeFeatures(preRecipe, postRecipe);
  if (CommonBands(preRecipe.bandNames, postRecipe.bandNames).empty())
    throw InputError("-postbandnames: -pre and -post have no band in common (pre: " + Join(preRecipe.bandNames) + "; post: " + Join(postRecipe.bandNames) +
                     ")");

  // The other date goes onto the reference grid; its mask is folded into it on its own grid.
  const bool            postIsReference = options.reference == "post";
  FloatVectorImageType* reference       = postIsReference ? post : pre;
  FloatVectorImageType* other           = postIsReference ? pre : post;
  MaskImageType*        otherMask       = postIsReference ? preMask : postMask;
  m_Resampled                           = !SameGrid(other, reference);
  if (m_Resampled)
  {
    // Without a CRS, a date cannot be placed on the other one's grid.
    for (const auto* date : {pre, post})
      if (date->GetProjectionRef().empty())
        throw InputError(std::string(date == pre ? "-pre" : "-post") + ": the image has no coordinate reference system, and its grid is not " + "the one of " +
                         (date == pre ? "-post" : "-pre") + ": it cannot be resampled onto it (georeference it)");
    CheckOverlap(other, postIsReference ? "-pre" : "-post", reference, postIsReference ? "-post" : "-pre");
    other     = OntoReferenceGrid(other, otherMask, reference, options.interpolator);
    otherMask = nullptr;
    other->UpdateOutputInformation();
  }
  FloatVectorImageType* preOnGrid      = postIsReference ? other : reference;
  FloatVectorImageType* postOnGrid     = postIsReference ? reference : other;
  MaskImageType*        preMaskOnGrid  = postIsReference ? otherMask : preMask;
  MaskImageType*        postMaskOnGrid = postIsReference ? postMask : otherMask;

  if (preRecipe.texture != TextureSet::None && !preRecipe.textureRangeGiven)
    SetTextureRanges(preOnGrid, postOnGrid, preRecipe, postRecipe, options.sharedTextureRange);

  m_PreBuilder                    = FeatureStackBuilder::New();
  m_PostBuilder                   = FeatureStackBuilder::New();
  FloatVectorImageType* preStack  = m_PreBuilder->Build(preOnGrid, preRecipe, nullptr, preMaskOnGrid);
  FloatVectorImageType* postStack = m_PostBuilder->Build(postOnGrid, postRecipe, nullptr, postMaskOnGrid);

  auto change = NewFunctorFilter(ChangeFeaturesFunctor(m_ChangeFeatures, options.logRatioEpsilon));
  change->SetInputs(preStack, postStack);
  m_Filters.push_back(change.GetPointer());

  auto concatenate = ConcatenateFilter::New();
  concatenate->PushBackStack(preStack);
  concatenate->PushBackStack(postStack);
  concatenate->PushBackStack(change->GetOutput());
  std::vector<std::string> names = preRecipe.FeatureNames();
  for (const auto& list : {postRecipe.FeatureNames(), ChangeFeatureNames(m_ChangeFeatures)})
    names.insert(names.end(), list.begin(), list.end());
  concatenate->SetBandNames(names);
  concatenate->SetMetadataItem(RecipeMetadataKey(preRecipe.prefix), preRecipe.ToString());
  concatenate->SetMetadataItem(RecipeMetadataKey(postRecipe.prefix), postRecipe.ToString());
  concatenate->SetMetadataItem(ChangeRecipeKey, options.ToString());
  m_Filters.push_back(concatenate.GetPointer());
  return concatenate->GetOutput();
}

} // namespace Imclass
} // namespace otb
