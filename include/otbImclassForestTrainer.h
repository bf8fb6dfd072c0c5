/*
 * ImCLASS — the two-class Random Forest trainer: Breiman's forest (bootstrap per tree, a random
 * subset of the features at each node, Gini splits, unpruned trees) with the histogram split
 * search of LightGBM and scikit-learn's HistGradientBoosting, trained on every core.
 *
 * Algorithm
 *  - Binning, once per forest: each feature's sorted training values are cut into at most 256
 *    bins holding about equal numbers of samples (a feature with at most 256 distinct values gets
 *    one bin per value; a value is never split between two bins).
 *  - Tree t grows on the bootstrap BootstrapCounts(seed, t, n): n draws with replacement; a
 *    sample drawn k times weighs k in the sample counts, the Gini impurity and the votes (as in
 *    OpenCV's RTrees and scikit-learn). The features tried at its nodes come from a second
 *    stream of (seed, t).
 *  - A node is a leaf when it holds at most minSamples distinct samples (scikit-learn's
 *    min_samples_split = minSamples + 1), lies at depth maxDepth (the root is at depth 0) or
 *    holds one class only. Otherwise features are drawn without replacement; for each, a
 *    histogram of (samples, positives) per bin gives the Gini impurity of every "bins <= b go
 *    left" split, and the node takes the split of lowest weighted child impurity among the
 *    first activeVariables features drawn (features are drawn further while none of them can
 *    split the node, as scikit-learn does). Ties go to the feature drawn first, then to the
 *    lower bin. A node that no feature can split is a leaf.
 *  - The chosen split is then refined on the node's values of its feature in the two bins
 *    around the cut (b and the next bin holding samples): the cut of lowest impurity between
 *    two of these values (the cut between the bins is one of them). The threshold is the float
 *    midpoint of the two values the cut separates, or the lower one when the midpoint rounds up
 *    to the upper: "value <= threshold goes left" partitions the node's training samples exactly
 *    as the trainer counted them. (Bins alone cost accuracy on large sample sets, see
 *    doc/train.md.)
 *  - A node votes for the class when it holds more positives than negatives (a tie votes 0, as
 *    OpenCV's RTrees does); the probability of the class is the fraction of trees voting for it.
 *
 * Guarantees
 *  - Tree t depends only on the samples, the parameters and t: trees are dealt to `threads`
 *    threads in any order, each fills its own slot, and the importance is summed in tree order.
 *    The forest, and every byte written from it, are the same for any number of threads; the
 *    same seed gives the same forest.
 *  - WriteOpenCv writes the content of an "opencv_ml_rtrees" node that cv::ml::RTrees::read
 *    loads: OpenCV's getVotes, ImCLASS's CompactForest and ClassVotes below give the same votes
 *    (go left when value <= threshold, NaN goes right), except for OpenCV's missing-value marker
 *    FLT_MAX, which OpenCV replaces by 0 and ImCLASS treats as no-data.
 *  - Feature importance is the mean decrease in Gini impurity (scikit-learn's
 *    feature_importances_): for each tree, the sum over its splits on a feature of
 *    n_node * gini(node) - n_left * gini(left) - n_right * gini(right) (n counting bootstrap
 *    copies), normalised to sum 1 over the features; then the sum over the trees, normalised to
 *    sum 1 (all 0 when no tree splits).
 *
 * Thrown: std::invalid_argument when there is no sample, no feature, the features are not a
 * CV_32F matrix, the labels not one CV_32S label (0 or 1) per sample, a feature value is NaN, or
 * a parameter is out of range (trees, depth or minimum samples < 1, active variables < 0);
 * std::bad_alloc when memory runs out. Memory: one byte per sample and feature (the bins), the
 * trees, and per thread a work space of about 100 bytes per sample.
 *
 * \ingroup OTBImclass
 */
#ifndef otbImclassForestTrainer_h
#define otbImclassForestTrainer_h

#include "OTBImclassExport.h"

#include <opencv2/core.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace otb
{
namespace Imclass
{

/** Parameters of a forest (the defaults are ImclassTrain's). */
struct ForestParameters
{
  int          nbTrees         = 100;
  int          maxDepth        = 25;
  int          minSamples      = 5;  // a node with at most this many distinct samples is a leaf
  int          activeVariables = 0;  // features tried at each node; 0 = square root of the feature count, rounded
  unsigned int seed            = 42; // of each tree's bootstrap and feature draws
};

/** A node of a trained tree. */
struct TreeNode
{
  std::int32_t  feature   = -1;        // feature of the split; -1 for a leaf
  float         threshold = 0;         // a sample goes left when its value <= threshold
  std::int32_t  left = -1, right = -1; // children, as indices in the tree's node vector
  std::uint32_t samples   = 0;         // training samples reaching the node, bootstrap copies counted
  std::uint32_t positives = 0;         // of which of the class

  bool VotesForClass() const
  {
    return 2 * static_cast<std::uint64_t>(positives) > samples;
  }
};

/** \brief A trained forest: trees of nodes, root first.
 * \ingroup OTBImclass */
struct OTBImclass_EXPORT TrainedForest
{
  using Tree = std::vector<TreeNode>;

  ForestParameters    parameters;
  int                 nbFeatures = 0;
  std::vector<Tree>   trees;
  std::vector<double> importance; // per feature, see the header comment

  /** Number of trees voting for the class for each row of `features` (CV_32F, nbFeatures columns;
   * no row gives no vote). Throws std::invalid_argument for other samples. */
  std::vector<unsigned int> ClassVotes(const cv::Mat& features) const;

  /** Writes the forest as the content of a cv::ml::RTrees node, as OpenCV's RTrees::write does:
   * call it inside an open map (fs << "opencv_ml_rtrees" << "{"). */
  void WriteOpenCv(cv::FileStorage& fs) const;
};

/** Trains a forest on the rows of `features` (CV_32F) labelled by `labels` (CV_32S, 1 = the class,
 * 0 = everything else), with `threads` threads (at least 1 is used). See the header comment. */
OTBImclass_EXPORT TrainedForest TrainRandomForest(const cv::Mat& features, const cv::Mat& labels, const ForestParameters& parameters, unsigned int threads);

/** How many times each of nbSamples samples is in the bootstrap of tree `tree`. */
OTBImclass_EXPORT std::vector<std::uint32_t> BootstrapCounts(unsigned int seed, unsigned int tree, size_t nbSamples);

} // namespace Imclass
} // namespace otb

#endif
