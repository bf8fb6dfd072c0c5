#include "otbImclassStackList.h"

#include "otbImclassBandNames.h"
#include "otbImclassFeatureRecipe.h"
#include "otbImclassInputError.h"

#include <cmath>
#include <map>
#include <sstream>

namespace otb
{
namespace Imclass
{

FeatureStackList::FeatureStackList(const std::vector<FloatVectorImageType*>& stacks, const std::vector<std::string>& paths) : m_Stacks(stacks), m_Paths(paths)
{
  m_Paths.resize(m_Stacks.size());
  ImageMetadata                 combined;
  std::map<std::string, size_t> stackOfName;
  for (size_t s = 0; s < m_Stacks.size(); ++s)
  {
    FloatVectorImageType* stack = m_Stacks[s];
    stack->UpdateOutputInformation();
    const std::string described = m_Paths[s].empty() ? "stack " + std::to_string(s + 1) : "'" + m_Paths[s] + "'";
    Imclass::CheckOnGrid(stack, m_Stacks[0], "-il: stack " + std::to_string(s + 1) + (m_Paths[s].empty() ? "" : " (" + m_Paths[s] + ")"));
    const auto& metadata = stack->GetImageMetadata();
    auto        names    = ReadBandNames(metadata, stack->GetNumberOfComponentsPerPixel());
    for (size_t b = 0; b < names.size(); ++b)
      if (names[b].empty() && !m_Paths[s].empty())
      {
        names = ReadBandNamesFromFile(m_Paths[s]);
        break;
      }
    for (size_t b = 0; b < names.size(); ++b)
    {
      if (names[b].empty())
        throw InputError("-il: band " + std::to_string(b + 1) + " of " + described +
                         " has no name (ImCLASS feature stacks name every band; the model records the names)");
      if (!stackOfName.emplace(names[b], s).second)
        throw InputError("-il: feature '" + names[b] + "' is in '" + m_Paths[stackOfName[names[b]]] + "' and in '" + m_Paths[s] + "'");
      m_FeatureNames.push_back(names[b]);
    }
    for (const auto& band : metadata.Bands)
      combined.Bands.push_back(band);
  }
  m_NoData = NoDataRule(combined);
}

std::string FeatureStackList::Recipes() const
{
  std::string recipes;
  for (size_t s = 0; s < m_Stacks.size(); ++s)
    for (const auto& recipe : RecordedRecipes(m_Stacks[s]->GetImageMetadata()))
      recipes += (recipes.empty() ? "" : "\n") + std::string("stack ") + std::to_string(s + 1) + ": " + recipe;
  return recipes;
}

FloatVectorImageType* FeatureStackList::Concatenated()
{
  if (!m_Concatenate)
  {
    m_Concatenate = StackConcatenateFilter<FloatVectorImageType, MaskImageType>::New();
    for (auto* stack : m_Stacks)
      m_Concatenate->PushBackStack(stack);
    m_Concatenate->UpdateOutputInformation();
  }
  return m_Concatenate->GetOutput();
}

} // namespace Imclass
} // namespace otb
