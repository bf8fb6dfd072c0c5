/*
 * ImCLASS — the Random Forest of a model in a compact form for fast per-pixel evaluation.
 *
 * Built once from the OpenCV forest ImclassTrain writes, it holds every split node of every
 * tree in one flat array of 16-byte nodes (feature index, threshold, two children; a leaf is a
 * negative child that carries its vote), so a pixel walks a tree without calling OpenCV and
 * without touching anything but the nodes on its path. Votes are counted for a block of
 * samples one tree at a time, so the tree in use stays in cache.
 *
 * It gives exactly the votes of cv::ml::RTrees::getVotes: a sample goes left when
 * value <= threshold (NaN goes right), as OpenCV does. OpenCV's missing-value marker (FLT_MAX)
 * is not handled here: ImclassPredict treats such pixels as no-data.
 */
#ifndef otbImclassCompactForest_h
#define otbImclassCompactForest_h

#include "OTBImclassExport.h"

#include <opencv2/ml.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
class OTBImclass_EXPORT CompactForest
{
public:
  /** Flattens a classification forest over `nbFeatures` ordered features. A tree votes for
   * the class when its leaf carries the label `classLabel`. Throws InputError("-model: ...")
   * for a forest ImCLASS cannot evaluate exactly: a regression forest, categorical or
   * inverted ("gt") splits, a split on a feature beyond nbFeatures. */
  CompactForest(const cv::ml::RTrees& forest, unsigned int nbFeatures, double classLabel = 1);

  unsigned int GetNumberOfTrees() const
  {
    return static_cast<unsigned int>(m_Roots.size());
  }

  unsigned int GetNumberOfFeatures() const
  {
    return m_NbFeatures;
  }

  /** Number of split nodes of all trees (leaves take no room). */
  size_t GetNumberOfSplitNodes() const
  {
    return m_Nodes.size();
  }

  /** For each of nbSamples samples (sample i starts at samples + i * stride and holds the
   * features in model order), sets votes[i] to the number of trees voting for the class. */
  void CountVotes(const float* samples, size_t nbSamples, size_t stride, unsigned int* votes) const;

private:
  /** A split node: go to child[0] when sample[feature] <= threshold, else child[1]. A child
   * >= 0 is a node index; a negative child c is a leaf that gives ~c votes (0 or 1).
   * \ingroup OTBImclass */
  struct Node
  {
    float         threshold;
    std::uint32_t feature;
    std::int32_t  child[2];
  };

  /** Appends the subtree of OpenCV node `cvNode` and returns its compact reference. */
  std::int32_t Flatten(const cv::ml::RTrees& forest, int cvNode, double classLabel);

  /** Leaf reference of a tree whose root is `reference` reached by `sample`. */
  std::int32_t Descend(std::int32_t reference, const float* sample) const
  {
    const Node* nodes = m_Nodes.data();
    while (reference >= 0)
    {
      const Node& node = nodes[reference];
      reference        = node.child[!(sample[node.feature] <= node.threshold)];
    }
    return reference;
  }

  std::vector<Node>         m_Nodes;
  std::vector<std::int32_t> m_Roots; // one reference per tree: a node index, or a leaf
  unsigned int              m_NbFeatures = 0;
};

} // namespace Imclass
} // namespace otb

#endif
