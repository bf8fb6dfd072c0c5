/*
 * ImCLASS — the one catalogue of topographic attributes: their names, units and the band names
 * of ImclassTopo's output (topo_<attribute>_s<scale>, e.g. topo_slope_s3).
 */
#ifndef otbImclassTopoCatalogue_h
#define otbImclassTopoCatalogue_h

#include "OTBImclassExport.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Attributes a user selects with -attributes; Aspect gives two bands (sine and cosine). */
enum class TopoAttribute
{
  Elevation,
  Slope,
  Aspect,
  PlanCurvature,
  ProfileCurvature,
  Roughness,
  Tpi
};

/** \ingroup OTBImclass */
struct TopoAttributeDefinition
{
  TopoAttribute            id;
  std::string              name;  // value of -attributes
  std::vector<std::string> bands; // output band names, without prefix and scale suffix
  std::string              description;
};

/** Every attribute, in output band order. */
OTBImclass_EXPORT const std::vector<TopoAttributeDefinition>& TopoAttributeCatalogue();

/** What ImclassTopo computes: attributes (in catalogue order, no repeats) at each scale.
 * \ingroup OTBImclass */
struct OTBImclass_EXPORT TopoRecipe
{
  std::vector<TopoAttribute> attributes;
  std::vector<unsigned int>  scales;

  /** Default: every attribute at scales 1 3 4. */
  static TopoRecipe Default();

  /** From user lists (empty list = default); throws InputError naming -attributes or -scales. */
  static TopoRecipe FromNames(const std::vector<std::string>& attributeNames, const std::vector<std::string>& scaleNames);

  /** Bands per scale, in order: e.g. elevation, slope, aspect_sin, aspect_cos. */
  std::vector<std::string> AttributeBands() const;

  /** All output band names: for each scale, topo_<band>_s<scale>. */
  std::vector<std::string> BandNames() const;

  /** "attributes=elevation,slope,...;scales=1,3,4", recorded in the stack (TopoRecipeKey). */
  std::string ToString() const;
  /** The recipe of ToString; throws InputError("-model: ...") for a text that is not one. */
  static TopoRecipe FromString(const std::string& text);
};

} // namespace Imclass
} // namespace otb

#endif
