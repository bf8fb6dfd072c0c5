#include "otbImclassForestTrainer.h"

#include <opencv2/ml.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstring>
#include <exception>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace otb
{
namespace Imclass
{

namespace
{

constexpr int MaxBins = 256;

/** SplitMix64 (Steele, Lea, Flood 2014): 64-bit state, one multiply-xorshift mix per draw. */
class RandomStream
{
public:
  enum Purpose : std::uint64_t
  {
    Bootstrap = 1,
    Features  = 2
  };

  RandomStream(unsigned int seed, unsigned int tree, Purpose purpose) : m_State(Mix(Mix(Mix(seed) + tree) + purpose))
  {
  }

  std::uint32_t Next32()
  {
    m_State += 0x9E3779B97F4A7C15ULL;
    return static_cast<std::uint32_t>(Mix(m_State) >> 32);
  }

  /** Uniform in [0, range), without bias (Lemire 2019). */
  std::uint32_t Below(std::uint32_t range)
  {
    std::uint64_t product = static_cast<std::uint64_t>(Next32()) * range;
    if (static_cast<std::uint32_t>(product) < range)
    {
      const std::uint32_t floor = static_cast<std::uint32_t>(-range) % range;
      while (static_cast<std::uint32_t>(product) < floor)
        product = static_cast<std::uint64_t>(Next32()) * range;
    }
    return static_cast<std::uint32_t>(product >> 32);
  }

private:
  static std::uint64_t Mix(std::uint64_t z)
  {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  std::uint64_t m_State;
};

/** Runs job(i, slot) for i in [0, count) on `threads` threads; `slot` (< threads) names the
 * calling thread, for per-thread work space. The first exception thrown is rethrown. */
template <class TJob>
void ParallelFor(size_t count, unsigned int threads, const TJob& job)
{
  std::atomic<size_t> next{0};
  std::exception_ptr  failure;
  std::mutex          failureMutex;
  const auto          worker = [&](unsigned int slot)
  {
    for (size_t i = next++; i < count; i = next++)
      try
      {
        job(i, slot);
      }
      catch (...)
      {
        std::lock_guard<std::mutex> lock(failureMutex);
        if (!failure)
          failure = std::current_exception();
        next = count;
      }
  };
  std::vector<std::thread> pool;
  for (unsigned int slot = 1; slot < threads; ++slot)
    pool.emplace_back(worker, slot);
  worker(0);
  for (auto& thread : pool)
    thread.join();
  if (failure)
    std::rethrow_exception(failure);
}

/** Every feature cut into at most MaxBins bins (see the header comment). */
struct BinnedFeatures
{
  size_t                    nbSamples = 0;
  std::vector<std::uint8_t> bins; // feature-major: bins[f * nbSamples + i]

  const std::uint8_t* Column(int feature) const
  {
    return bins.data() + feature * nbSamples;
  }
};

/** The split threshold between the training values `below` < `above`: their midpoint when it
 * stays below `above` in float, else `below` (also when the midpoint of -inf and inf is NaN). */
float ThresholdBetween(float below, float above)
{
  const float middle = static_cast<float>((static_cast<double>(below) + above) / 2);
  return middle < above && middle >= below ? middle : below;
}

/** An unsigned key in the order of the float values (-0 and +0 get the same key). */
std::uint32_t SortKey(float value)
{
  if (value == 0)
    value = 0;
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return (bits & 0x80000000u) ? ~bits : bits | 0x80000000u;
}

/** Sorts `items` by their high 32 bits (least significant digit first: stable). */
void RadixSort(std::vector<std::uint64_t>& items, std::vector<std::uint64_t>& spare)
{
  spare.resize(items.size());
  for (int shift = 32; shift < 64; shift += 8)
  {
    std::array<size_t, 257> start{};
    for (const std::uint64_t item : items)
      ++start[((item >> shift) & 255) + 1];
    if (start[((items[0] >> shift) & 255) + 1] == items.size())
      continue; // one digit for all: nothing moves
    for (int digit = 0; digit < 256; ++digit)
      start[digit + 1] += start[digit];
    for (const std::uint64_t item : items)
      spare[start[(item >> shift) & 255]++] = item;
    items.swap(spare);
  }
}

/** Bins feature `feature`, whose values for every sample are `values`; `items` and `spare` are
 * work space. */
void BinFeature(const float* values, int feature, BinnedFeatures& binned, std::vector<std::uint64_t>& items, std::vector<std::uint64_t>& spare)
{
  const size_t n = binned.nbSamples;
  items.resize(n);
  for (size_t i = 0; i < n; ++i)
    items[i] = static_cast<std::uint64_t>(SortKey(values[i])) << 32 | i;
  RadixSort(items, spare);
  const auto key        = [&](size_t rank) { return items[rank] >> 32; };
  const auto sample     = [&](size_t rank) { return static_cast<std::uint32_t>(items[rank]); };
  size_t     nbDistinct = 1;
  for (size_t rank = 1; rank < n; ++rank)
    nbDistinct += key(rank) != key(rank - 1);

  // A bin ends with a value when the samples at or below it pass a multiple of n / MaxBins (at most
  // MaxBins - 1 values before the last do), or with every value when there are at most MaxBins.
  std::uint8_t* column = binned.bins.data() + feature * n;
  std::uint8_t  bin    = 0;
  size_t        below  = 0; // samples with a smaller value than the current one
  for (size_t rank = 0; rank < n; ++rank)
  {
    column[sample(rank)] = bin;
    if (rank + 1 == n || key(rank + 1) == key(rank))
      continue;
    if (nbDistinct <= MaxBins || below * MaxBins / n < (rank + 1) * MaxBins / n)
      ++bin;
    below = rank + 1;
  }
}

BinnedFeatures BinFeatures(const cv::Mat& features, unsigned int threads)
{
  BinnedFeatures binned;
  const size_t   n = features.rows;
  binned.nbSamples = n;
  binned.bins.resize(n * features.cols);
  // Features by groups of 16 (a cache line of a row): one pass over the rows copies them to columns.
  constexpr int Group = 16;
  ParallelFor((features.cols + Group - 1) / Group, threads,
              [&](size_t group, unsigned int)
              {
                const int                  first = static_cast<int>(group) * Group;
                const int                  count = std::min(Group, features.cols - first);
                std::vector<float>         columns(count * n);
                std::vector<std::uint64_t> items, spare;
                for (size_t i = 0; i < n; ++i)
                {
                  const float* row = features.ptr<float>(static_cast<int>(i)) + first;
                  for (int c = 0; c < count; ++c)
                    columns[c * n + i] = row[c];
                }
                for (int c = 0; c < count; ++c)
                  BinFeature(columns.data() + c * n, first + c, binned, items, spare);
              });
  return binned;
}

/** Gini impurity of a node times its sample count: 2 p (n - p) / n. */
double WeightedGini(std::uint32_t samples, std::uint32_t positives)
{
  return samples == 0 ? 0.0 : 2.0 * positives * (static_cast<double>(samples) - positives) / samples;
}

/** The leaf of `tree` that `sample` reaches. */
const TreeNode& Leaf(const TrainedForest::Tree& tree, const float* sample)
{
  const TreeNode* node = &tree[0];
  while (node->feature >= 0)
    node = &tree[sample[node->feature] <= node->threshold ? node->left : node->right];
  return *node;
}

/** Grows trees one after another, reusing its work space (one grower per thread). */
class TreeGrower
{
public:
  TreeGrower(const cv::Mat& features, const BinnedFeatures& binned, const std::vector<std::uint8_t>& labels, const ForestParameters& parameters,
             int activeVariables)
    : m_Features(features), m_Binned(binned), m_Labels(labels), m_Parameters(parameters), m_ActiveVariables(activeVariables)
  {
  }

  /** Tree `tree` grown on the samples with `counts` copies each (its bootstrap). */
  TrainedForest::Tree Grow(unsigned int tree, const std::vector<std::uint32_t>& counts)
  {
    m_Samples.clear();
    m_Increments.clear();
    TreeNode root;
    for (size_t i = 0; i < counts.size(); ++i)
      if (counts[i] > 0)
      {
        m_Samples.push_back(static_cast<std::uint32_t>(i));
        m_Increments.push_back(Increment(counts[i], counts[i] * m_Labels[i]));
        root.samples += counts[i];
        root.positives += counts[i] * m_Labels[i];
      }
    m_Spare.resize(m_Samples.size());
    m_SpareIncrements.resize(m_Samples.size());
    const int nbFeatures = m_Features.cols;
    m_Order.resize(nbFeatures);
    std::iota(m_Order.begin(), m_Order.end(), 0);
    RandomStream random(m_Parameters.seed, tree, RandomStream::Features);

    TrainedForest::Tree nodes{root};
    struct Pending
    {
      size_t node, first, last;
      int    depth;
    };
    std::vector<Pending> pending{{0, 0, m_Samples.size(), 0}};
    while (!pending.empty())
    {
      const Pending current = pending.back();
      pending.pop_back();
      Split split = BestSplit(nodes[current.node], current.first, current.last, current.depth, random);
      if (split.feature < 0)
        continue;
      Refine(split, nodes[current.node], current.first, current.last);
      const size_t middle = Partition(split, current.first, current.last);
      TreeNode     left, right;
      left.samples    = split.leftSamples;
      left.positives  = split.leftPositives;
      right.samples   = nodes[current.node].samples - split.leftSamples;
      right.positives = nodes[current.node].positives - split.leftPositives;
      TreeNode& node  = nodes[current.node];
      node.feature    = split.feature;
      node.threshold  = split.threshold;
      node.left       = static_cast<std::int32_t>(nodes.size());
      node.right      = node.left + 1;
      nodes.push_back(left);
      nodes.push_back(right);
      // Left child on top: it is split first.
      pending.push_back({nodes.size() - 1, middle, current.last, current.depth + 1});
      pending.push_back({nodes.size() - 2, current.first, middle, current.depth + 1});
    }
    return nodes;
  }

private:
  struct Split
  {
    int           feature     = -1;
    int           bin         = 0;  // bins <= bin go left
    int           nextBin     = 0;  // the node's first occupied bin after `bin`
    double        score       = -1; // sum over both children of (positives^2 + negatives^2) / samples
    std::uint32_t leftSamples = 0, leftPositives = 0;
    float         threshold = 0; // set by Refine
  };

  /** The score of Split for a node of `samples` and `positives` sending the given ones left. */
  static double Score(std::uint64_t samples, std::uint64_t positives, std::uint64_t leftSamples, std::uint64_t leftPositives)
  {
    const std::uint64_t rightSamples = samples - leftSamples, rightPositives = positives - leftPositives;
    const std::uint64_t leftNegatives = leftSamples - leftPositives, rightNegatives = rightSamples - rightPositives;
    return static_cast<double>(leftPositives * leftPositives + leftNegatives * leftNegatives) / leftSamples +
           static_cast<double>(rightPositives * rightPositives + rightNegatives * rightNegatives) / rightSamples;
  }

  /** Histogram entries pack samples (low 32 bits) and positives (high 32 bits) in one add. */
  static std::uint64_t Increment(std::uint32_t samples, std::uint32_t positives)
  {
    return samples | (static_cast<std::uint64_t>(positives) << 32);
  }

  Split BestSplit(const TreeNode& node, size_t first, size_t last, int depth, RandomStream& random)
  {
    Split best;
    if (last - first <= static_cast<size_t>(m_Parameters.minSamples) || depth >= m_Parameters.maxDepth || node.positives == 0 || node.positives == node.samples)
      return best;
    const int nbFeatures = static_cast<int>(m_Order.size());
    for (int drawn = 0; drawn < nbFeatures && (drawn < m_ActiveVariables || best.feature < 0); ++drawn)
    {
      std::swap(m_Order[drawn], m_Order[drawn + random.Below(static_cast<std::uint32_t>(nbFeatures - drawn))]);
      EvaluateFeature(m_Order[drawn], node, first, last, best);
    }
    return best;
  }

  /** Updates `best` with the best split on `feature` of the node's samples [first, last). */
  void EvaluateFeature(int feature, const TreeNode& node, size_t first, size_t last, Split& best)
  {
    const std::uint8_t* column = m_Binned.Column(feature);
    for (size_t k = first; k < last; ++k)
    {
      const std::uint8_t bin = column[m_Samples[k]];
      m_Histogram[bin] += m_Increments[k];
      m_Seen[bin] = 1; // a plain store: no chain of dependent updates, unlike setting bits of one word
    }
    // Bins in increasing order, occupied ones only; each is cleared as it is read.
    std::uint64_t leftSamples = 0, leftPositives = 0;
    bool          bestBefore = false; // the previous occupied bin holds the best split
    for (int word = 0; word < MaxBins / 64; ++word)
      for (std::uint64_t bits = SeenBits(word); bits != 0; bits &= bits - 1)
      {
        const int bin = word * 64 + __builtin_ctzll(bits);
        if (bestBefore)
          best.nextBin = bin;
        bestBefore = false;
        leftSamples += static_cast<std::uint32_t>(m_Histogram[bin]);
        leftPositives += m_Histogram[bin] >> 32;
        m_Histogram[bin] = 0;
        if (leftSamples == node.samples)
          break;
        const double score = Score(node.samples, node.positives, leftSamples, leftPositives);
        if (score > best.score)
        {
          best.score         = score;
          best.feature       = feature;
          best.bin           = bin;
          best.leftSamples   = static_cast<std::uint32_t>(leftSamples);
          best.leftPositives = static_cast<std::uint32_t>(leftPositives);
          bestBefore         = true;
        }
      }
    m_Seen.fill(0);
  }

  /** Bit j tells whether bin 64 * word + j was seen. */
  std::uint64_t SeenBits(int word) const
  {
    std::uint64_t bits = 0;
    for (int group = 0; group < 8; ++group)
    {
      std::uint64_t flags = 0; // byte k: bin 64 * word + 8 * group + k seen (0 or 1)
      for (int k = 0; k < 8; ++k)
        flags |= static_cast<std::uint64_t>(m_Seen[64 * word + 8 * group + k]) << (8 * k);
      // The multiplication gathers byte k's low bit into bit 56 + k, without carries.
      bits |= ((flags * 0x0102040810204080ULL) >> 56) << (8 * group);
    }
    return bits;
  }

  /** Moves the samples of [first, last) that go left to the front, keeping their order in both
   * parts (increasing sample index: the columns are read in memory order). Returns the first
   * sample that goes right. */
  size_t Partition(const Split& split, size_t first, size_t last)
  {
    const std::uint8_t* column = m_Binned.Column(split.feature);
    size_t              left = first, right = 0;
    for (size_t k = first; k < last; ++k)
    {
      const std::uint32_t sample = m_Samples[k];
      const int           bin    = column[sample];
      // Bins before the split's two go left, bins after them right; in them, the value decides.
      if (bin < split.bin || ((bin == split.bin || bin == split.nextBin) && Value(sample, split.feature) <= split.threshold))
      {
        m_Samples[left]    = sample;
        m_Increments[left] = m_Increments[k];
        ++left;
      }
      else
      {
        m_Spare[right]           = sample;
        m_SpareIncrements[right] = m_Increments[k];
        ++right;
      }
    }
    std::copy(m_Spare.begin(), m_Spare.begin() + right, m_Samples.begin() + left);
    std::copy(m_SpareIncrements.begin(), m_SpareIncrements.begin() + right, m_Increments.begin() + left);
    return left;
  }

  float Value(std::uint32_t sample, int feature) const
  {
    return m_Features.ptr<float>(static_cast<int>(sample))[feature];
  }

  /** Moves the cut of the bins' search to the best cut among the node's values in its two bins
   * (`bin` and `nextBin`; the cut between them is a candidate, so the split can only improve)
   * and sets the threshold between the two values it separates: exact splits where they matter
   * most, at the cost of one pass over the node for one feature. */
  void Refine(Split& split, const TreeNode& node, size_t first, size_t last)
  {
    const std::uint8_t* column = m_Binned.Column(split.feature);
    std::uint64_t       inBin  = 0; // histogram increments of bin `bin`
    m_Candidates.clear();
    for (size_t k = first; k < last; ++k)
    {
      const int bin = column[m_Samples[k]];
      if (bin == split.bin || bin == split.nextBin)
        m_Candidates.emplace_back(Value(m_Samples[k], split.feature), m_Increments[k]);
      if (bin == split.bin)
        inBin += m_Increments[k];
    }
    // Equal values may come in any order: cuts are only tried between different values.
    std::sort(m_Candidates.begin(), m_Candidates.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::uint64_t leftSamples   = split.leftSamples - static_cast<std::uint32_t>(inBin);
    std::uint64_t leftPositives = split.leftPositives - (inBin >> 32);
    double        bestScore     = -1;
    for (size_t i = 0; i + 1 < m_Candidates.size(); ++i)
    {
      leftSamples += static_cast<std::uint32_t>(m_Candidates[i].second);
      leftPositives += m_Candidates[i].second >> 32;
      if (m_Candidates[i + 1].first == m_Candidates[i].first)
        continue;
      const double score = Score(node.samples, node.positives, leftSamples, leftPositives);
      if (score > bestScore)
      {
        bestScore           = score;
        split.leftSamples   = static_cast<std::uint32_t>(leftSamples);
        split.leftPositives = static_cast<std::uint32_t>(leftPositives);
        split.threshold     = ThresholdBetween(m_Candidates[i].first, m_Candidates[i + 1].first);
      }
    }
  }

  const cv::Mat&                               m_Features;
  const BinnedFeatures&                        m_Binned;
  const std::vector<std::uint8_t>&             m_Labels;
  const ForestParameters&                      m_Parameters;
  const int                                    m_ActiveVariables;
  std::vector<std::uint32_t>                   m_Samples, m_Spare;              // distinct in-bag samples, node by node
  std::vector<std::uint64_t>                   m_Increments, m_SpareIncrements; // their histogram increments
  std::vector<int>                             m_Order;                         // features, the drawn ones first
  std::vector<std::pair<float, std::uint64_t>> m_Candidates;                    // Refine: values and increments of two bins
  std::array<std::uint64_t, MaxBins>           m_Histogram{};
  std::array<std::uint8_t, MaxBins>            m_Seen{}; // 1 for the bins holding samples
};

/** A tree's impurity decrease per feature, normalised to sum 1 (all 0 for a single leaf). */
std::vector<double> TreeImportance(const TrainedForest::Tree& tree, int nbFeatures)
{
  std::vector<double> importance(nbFeatures, 0.0);
  for (const TreeNode& node : tree)
    if (node.feature >= 0)
    {
      const TreeNode& left  = tree[node.left];
      const TreeNode& right = tree[node.right];
      importance[node.feature] +=
          WeightedGini(node.samples, node.positives) - WeightedGini(left.samples, left.positives) - WeightedGini(right.samples, right.positives);
    }
  const double total = std::accumulate(importance.begin(), importance.end(), 0.0);
  if (total > 0)
    for (double& value : importance)
      value /= total;
  return importance;
}

void Validate(const cv::Mat& features, const cv::Mat& labels, const ForestParameters& parameters)
{
  if (features.empty() || features.rows == 0 || features.cols == 0)
    throw std::invalid_argument("TrainRandomForest: no sample or no feature");
  if (features.type() != CV_32F || features.dims != 2)
    throw std::invalid_argument("TrainRandomForest: the features must be a CV_32F matrix, one row per sample");
  if (labels.type() != CV_32S || labels.total() != static_cast<size_t>(features.rows) || (labels.rows != 1 && labels.cols != 1))
    throw std::invalid_argument("TrainRandomForest: the labels must be one CV_32S value per sample");
  if (parameters.nbTrees < 1 || parameters.maxDepth < 1 || parameters.minSamples < 1 || parameters.activeVariables < 0)
    throw std::invalid_argument("TrainRandomForest: trees, depth and minimum samples must be at least 1, active variables at least 0");
  for (int i = 0; i < features.rows; ++i)
  {
    const int label = labels.rows == 1 ? labels.at<int>(0, i) : labels.at<int>(i, 0);
    if (label != 0 && label != 1)
      throw std::invalid_argument("TrainRandomForest: label " + std::to_string(label) + " of sample " + std::to_string(i) + " is not 0 or 1");
    const float* row = features.ptr<float>(i);
    for (int f = 0; f < features.cols; ++f)
      if (std::isnan(row[f]))
        throw std::invalid_argument("TrainRandomForest: feature " + std::to_string(f) + " of sample " + std::to_string(i) + " is NaN");
  }
}

} // namespace

std::vector<std::uint32_t> BootstrapCounts(unsigned int seed, unsigned int tree, size_t nbSamples)
{
  std::vector<std::uint32_t> counts(nbSamples, 0);
  RandomStream               random(seed, tree, RandomStream::Bootstrap);
  for (size_t draw = 0; draw < nbSamples; ++draw)
    ++counts[random.Below(static_cast<std::uint32_t>(nbSamples))];
  return counts;
}

TrainedForest TrainRandomForest(const cv::Mat& features, const cv::Mat& labels, const ForestParameters& parameters, unsigned int threads)
{
  Validate(features, labels, parameters);
  threads                 = std::max(1u, threads);
  const size_t nbSamples  = features.rows;
  const int    nbFeatures = features.cols;
  // As OpenCV: the square root of the feature count, rounded.
  const int activeVariables =
      std::min(nbFeatures, std::max(1, parameters.activeVariables > 0 ? parameters.activeVariables : static_cast<int>(std::lround(std::sqrt(nbFeatures)))));
  std::vector<std::uint8_t> classOf(nbSamples);
  for (size_t i = 0; i < nbSamples; ++i)
    classOf[i] = static_cast<std::uint8_t>(labels.rows == 1 ? labels.at<int>(0, static_cast<int>(i)) : labels.at<int>(static_cast<int>(i), 0));

  TrainedForest forest;
  forest.parameters = parameters;
  forest.nbFeatures = nbFeatures;
  forest.trees.resize(parameters.nbTrees);
  const BinnedFeatures binned = BinFeatures(features, threads);

  std::vector<TreeGrower> growers; // one per thread: each reuses its work space from tree to tree
  growers.reserve(threads);
  for (unsigned int t = 0; t < threads; ++t)
    growers.emplace_back(features, binned, classOf, parameters, activeVariables);
  std::vector<std::vector<double>> treeImportance(parameters.nbTrees);
  ParallelFor(parameters.nbTrees, threads,
              [&](size_t tree, unsigned int slot)
              {
                const auto counts    = BootstrapCounts(parameters.seed, static_cast<unsigned int>(tree), nbSamples);
                forest.trees[tree]   = growers[slot].Grow(static_cast<unsigned int>(tree), counts);
                treeImportance[tree] = TreeImportance(forest.trees[tree], nbFeatures);
              });

  forest.importance.assign(nbFeatures, 0.0);
  for (const auto& importance : treeImportance)
    for (int f = 0; f < nbFeatures; ++f)
      forest.importance[f] += importance[f];
  const double total = std::accumulate(forest.importance.begin(), forest.importance.end(), 0.0);
  if (total > 0)
    for (double& value : forest.importance)
      value /= total;

  return forest;
}

std::vector<unsigned int> TrainedForest::ClassVotes(const cv::Mat& features) const
{
  if (features.rows == 0)
    return {};
  if (features.type() != CV_32F || features.cols != nbFeatures)
    throw std::invalid_argument("TrainedForest::ClassVotes: the samples must be CV_32F rows of " + std::to_string(nbFeatures) + " features");
  // One tree at a time over every sample: the tree's nodes stay in cache.
  std::vector<unsigned int> votes(features.rows, 0);
  for (const Tree& tree : trees)
    for (int i = 0; i < features.rows; ++i)
      votes[i] += Leaf(tree, features.ptr<float>(i)).VotesForClass();
  return votes;
}

void TrainedForest::WriteOpenCv(cv::FileStorage& fs) const
{
  // The fields and their order are those of OpenCV 4's RTrees::write (format 3): a classifier
  // over nbFeatures ordered features and a categorical response with the labels 0 and 1.
  fs << "format" << 3;
  fs << "is_classifier" << 1;
  fs << "var_all" << nbFeatures + 1;
  fs << "var_count" << nbFeatures;
  fs << "ord_var_count" << nbFeatures;
  fs << "cat_var_count" << 1;
  fs << "training_params"
     << "{";
  fs << "use_surrogates" << 0 << "max_categories" << 10 << "regression_accuracy" << 0.f;
  fs << "max_depth" << parameters.maxDepth << "min_sample_count" << parameters.minSamples << "cross_validation_folds" << 0;
  fs << "nactive_vars" << parameters.activeVariables;
  fs << "}";
  std::vector<int> variables(nbFeatures);
  std::iota(variables.begin(), variables.end(), 0);
  std::vector<uchar> types(nbFeatures, static_cast<uchar>(cv::ml::VAR_ORDERED));
  types.push_back(static_cast<uchar>(cv::ml::VAR_CATEGORICAL));
  fs << "global_var_idx" << 1 << "var_idx" << variables << "var_type" << types;
  fs << "cat_ofs" << std::vector<cv::Vec2i>(nbFeatures, cv::Vec2i(0, 0));
  fs << "class_labels" << std::vector<int>{0, 1};
  fs << "missing_subst" << std::vector<float>(nbFeatures + 1, 0.f);
  fs << "var_importance" << std::vector<float>(importance.begin(), importance.end());
  fs << "ntrees" << static_cast<int>(trees.size()) << "trees"
     << "[";
  for (const Tree& tree : trees)
  {
    fs << "{"
       << "nodes"
       << "[";
    // Depth first, a node before its left then its right subtree: the order RTrees::read expects.
    std::vector<std::pair<std::int32_t, int>> pending{{0, 0}};
    while (!pending.empty())
    {
      const TreeNode& node  = tree[pending.back().first];
      const int       depth = pending.back().second;
      pending.pop_back();
      const int label = node.VotesForClass() ? 1 : 0;
      fs << "{"
         << "depth" << depth << "value" << static_cast<double>(label) << "norm_class_idx" << label;
      if (node.feature >= 0)
      {
        const TreeNode& left  = tree[node.left];
        const TreeNode& right = tree[node.right];
        const double    quality =
            WeightedGini(node.samples, node.positives) - WeightedGini(left.samples, left.positives) - WeightedGini(right.samples, right.positives);
        fs << "splits"
           << "[";
        fs << "{:"
           << "var" << node.feature << "quality" << static_cast<float>(quality) << "le" << node.threshold << "}";
        fs << "]";
        pending.emplace_back(node.right, depth + 1);
        pending.emplace_back(node.left, depth + 1);
      }
      fs << "}";
    }
    fs << "]"
       << "}";
  }
  fs << "]";
}

} // namespace Imclass
} // namespace otb
