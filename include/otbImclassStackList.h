/*
 * ImCLASS — the feature stacks given to -il (ImclassTrain, ImclassPredict), used as one stack:
 * every stack on the grid of the first (size, origin, pixel size, CRS), every band named and no
 * name twice, one no-data rule over all the bands, the recipes they record, and their
 * concatenation inside the pipeline (never written).
 *
 * Band names and recipes come from the image metadata, so stacks chained in memory (OTB's
 * application API) work as files do; a file is read only for a band its metadata leaves unnamed.
 */
#ifndef otbImclassStackList_h
#define otbImclassStackList_h

#include "OTBImclassExport.h"
#include "otbImclassGrid.h"
#include "otbImclassImageTypes.h"
#include "otbImclassNoData.h"
#include "otbImclassStackConcatenateFilter.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
class OTBImclass_EXPORT FeatureStackList
{
public:
  /** `paths[s]` names stack s in messages ("" for an image made in memory). Throws InputError
   * naming -il: a stack off the grid of the first, a band without name, a name given twice. */
  FeatureStackList(const std::vector<FloatVectorImageType*>& stacks, const std::vector<std::string>& paths);

  const std::vector<FloatVectorImageType*>& Stacks() const
  {
    return m_Stacks;
  }
  /** Band names of all stacks, in order. */
  const std::vector<std::string>& FeatureNames() const
  {
    return m_FeatureNames;
  }
  /** What is no-data in each band of the concatenated stack. */
  const NoDataRule& NoData() const
  {
    return m_NoData;
  }
  /** The recipes the stacks record, "stack <n>: <key>=<recipe>" one per line. */
  std::string Recipes() const;

  /** Throws InputError naming `what` when `image` (e.g. a mask) is not on the grid of the stacks. */
  template <class TImage>
  void CheckOnGrid(const TImage* image, const std::string& what) const
  {
    Imclass::CheckOnGrid(image, m_Stacks[0], what);
  }

  /** The stacks as one (built once, kept alive by this list). */
  FloatVectorImageType* Concatenated();

private:
  std::vector<FloatVectorImageType*>                                   m_Stacks;
  std::vector<std::string>                                             m_Paths, m_FeatureNames;
  NoDataRule                                                           m_NoData;
  StackConcatenateFilter<FloatVectorImageType, MaskImageType>::Pointer m_Concatenate;
};

} // namespace Imclass
} // namespace otb

#endif
