#include "otbImclassCompactForest.h"

#include "otbImclassInputError.h"

#include <algorithm>
#include <string>
#include <utility>

namespace otb
{
namespace Imclass
{

CompactForest::CompactForest(const cv::ml::RTrees& forest, unsigned int nbFeatures, double classLabel) : m_NbFeatures(nbFeatures)
{
  if (!forest.isTrained() || !forest.isClassifier())
    throw InputError("-model: the forest is not a trained classification forest");
  if (forest.getVarCount() != static_cast<int>(nbFeatures))
    throw InputError("-model: the forest uses " + std::to_string(forest.getVarCount()) + " features, the model lists " + std::to_string(nbFeatures));
  // OpenCV stores the category subsets of categorical splits here; ImCLASS features are all ordered.
  if (!forest.getSubsets().empty())
    throw InputError("-model: the forest has categorical splits, which ImCLASS models never contain");
  const std::vector<int>& roots = forest.getRoots();
  m_Roots.reserve(roots.size());
  for (int root : roots)
    m_Roots.push_back(Flatten(forest, root, classLabel));
}

std::int32_t CompactForest::Flatten(const cv::ml::RTrees& forest, int cvRoot, double classLabel)
{
  const std::vector<cv::ml::DTrees::Node>&  cvNodes  = forest.getNodes();
  const std::vector<cv::ml::DTrees::Split>& cvSplits = forest.getSplits();
  const int                                 nbNodes  = static_cast<int>(cvNodes.size());

  // A leaf becomes a vote; a split node gets a slot, filled when it is popped below. Siblings
  // get adjacent slots, so the two possible next nodes share cache lines.
  auto reference = [&](int cvNode) -> std::int32_t
  {
    if (cvNode < 0 || cvNode >= nbNodes)
      throw InputError("-model: the forest is corrupt (a node points outside the tree)");
    if (cvNodes[cvNode].split < 0)
      return ~static_cast<std::int32_t>(cvNodes[cvNode].value == classLabel);
    m_Nodes.push_back(Node());
    return static_cast<std::int32_t>(m_Nodes.size() - 1);
  };

  const std::int32_t                        rootReference = reference(cvRoot);
  std::vector<std::pair<std::int32_t, int>> pending; // (compact slot, OpenCV node) still to fill
  if (rootReference >= 0)
    pending.emplace_back(rootReference, cvRoot);
  while (!pending.empty())
  {
    const std::int32_t          slot   = pending.back().first;
    const cv::ml::DTrees::Node& cvNode = cvNodes[pending.back().second];
    pending.pop_back();
    if (cvNode.split >= static_cast<int>(cvSplits.size()))
      throw InputError("-model: the forest is corrupt (a split index is out of range)");
    const cv::ml::DTrees::Split& split = cvSplits[cvNode.split];
    // OpenCV reads a "gt" split as inversed but predicts as if it were "le": refuse the ambiguity.
    if (split.inversed)
      throw InputError("-model: the forest has an inverted ('gt') split, which ImCLASS models never contain");
    if (split.varIdx < 0 || split.varIdx >= static_cast<int>(m_NbFeatures))
      throw InputError("-model: the forest splits on feature " + std::to_string(split.varIdx + 1) + " of " + std::to_string(m_NbFeatures));
    const std::int32_t left  = reference(cvNode.left);
    const std::int32_t right = reference(cvNode.right);
    Node&              node  = m_Nodes[slot];
    node.threshold           = split.c;
    node.feature             = static_cast<std::uint32_t>(split.varIdx);
    node.child[0]            = left;
    node.child[1]            = right;
    if (right >= 0)
      pending.emplace_back(right, cvNode.right);
    if (left >= 0)
      pending.emplace_back(left, cvNode.left);
  }
  return rootReference;
}

void CompactForest::CountVotes(const float* samples, size_t nbSamples, size_t stride, unsigned int* votes) const
{
  std::fill(votes, votes + nbSamples, 0u);
  // One tree at a time over the whole block: its nodes stay in cache from one sample to the next.
  // Samples walk the tree in groups of Lanes, one level per step for the whole group: the
  // groups' walks are independent chains of loads the processor overlaps, and a sample that
  // reached its leaf stays there (no branch to mispredict).
  constexpr size_t Lanes  = 8;
  const Node*      nodes  = m_Nodes.data();
  const size_t     nbFull = nbSamples - nbSamples % Lanes;
  for (const std::int32_t root : m_Roots)
  {
    for (size_t first = 0; first < nbFull; first += Lanes)
    {
      const float* lane[Lanes];
      std::int32_t reference[Lanes];
      for (size_t l = 0; l < Lanes; ++l)
      {
        lane[l]      = samples + (first + l) * stride;
        reference[l] = root;
      }
      for (bool walking = root >= 0; walking;)
      {
        walking = false;
        for (size_t l = 0; l < Lanes; ++l)
        {
          const bool         atLeaf = reference[l] < 0;
          const Node&        node   = nodes[atLeaf ? 0 : reference[l]];
          const std::int32_t next   = node.child[!(lane[l][node.feature] <= node.threshold)];
          reference[l]              = atLeaf ? reference[l] : next;
          walking |= next >= 0 && !atLeaf;
        }
      }
      for (size_t l = 0; l < Lanes; ++l)
        votes[first + l] += ~reference[l];
    }
    for (size_t i = nbFull; i < nbSamples; ++i)
      votes[i] += ~Descend(root, samples + i * stride);
  }
}

} // namespace Imclass
} // namespace otb
