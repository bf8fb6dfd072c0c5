#include "otbImclassModel.h"

#include "otbImclassFeatureCatalogue.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iomanip>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{

const char* const MetadataNode = "imclass";
const char* const ForestNode   = "opencv_ml_rtrees";

/** FileStorage extension of a model path, or empty when ImCLASS does not write that format. */
std::string ModelExtension(const std::string& path)
{
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos)
    return std::string();
  std::string extension = path.substr(dot);
  for (auto& c : extension)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return (extension == ".yaml" || extension == ".yml" || extension == ".xml" || extension == ".json") ? extension : std::string();
}

// cv::write rather than operator<<: operator<< reads a value starting with '{' or '[' as the
// start of a structure, and a recipe or class definition may start with one.
void WriteStringSequence(cv::FileStorage& fs, const std::string& name, const std::vector<std::string>& values)
{
  fs << name << "[";
  for (const auto& value : values)
    cv::write(fs, std::string(), value);
  fs << "]";
}

std::vector<std::string> ReadStringSequence(const cv::FileNode& node)
{
  std::vector<std::string> values;
  for (const auto& item : node)
    values.push_back(static_cast<std::string>(item));
  return values;
}

// FileStorage integers are 32 bits: counts are written as text.
void WriteCounts(cv::FileStorage& fs, const std::string& name, const std::vector<long>& counts)
{
  fs << name << "[";
  for (const long count : counts)
    cv::write(fs, std::string(), std::to_string(count));
  fs << "]";
}

std::vector<long> ReadCounts(const cv::FileNode& node)
{
  std::vector<long> counts;
  for (const auto& item : node)
    counts.push_back(std::stol(static_cast<std::string>(item)));
  return counts;
}

// FileStorage keys may not contain dots ("rf.nbtrees"), so named values are sequences of
// {name, value} maps, which also keeps their order.
template<class TValue>
void WriteNamedValue(cv::FileStorage& fs, const std::string& name, const TValue& value)
{
  fs << "{";
  cv::write(fs, "name", name);
  cv::write(fs, "value", value);
  fs << "}";
}

void WriteMetadata(cv::FileStorage& fs, const ModelMetadata& metadata)
{
  fs << MetadataNode << "{";
  fs << "format_version" << metadata.formatVersion;
  WriteStringSequence(fs, "feature_names", metadata.featureNames);
  WriteStringSequence(fs, "input_stacks", metadata.inputStacks);
  cv::write(fs, "feature_recipe", metadata.featureRecipe);
  fs << "training_parameters"
     << "[";
  for (const auto& parameter : metadata.trainingParameters)
    WriteNamedValue(fs, parameter.first, parameter.second);
  fs << "]";
  // Written as text: a FileStorage integer is signed 32 bits, a seed is unsigned.
  cv::write(fs, "seed", std::to_string(metadata.seed));
  cv::write(fs, "class_definition", metadata.classDefinition);
  fs << "sample_counts"
     << "[";
  for (const auto& count : metadata.sampleCounts)
    WriteNamedValue(fs, count.first, std::to_string(count.second));
  fs << "]";
  fs << "cross_validation"
     << "{";
  WriteCounts(fs, "positive_votes", metadata.crossValidationPositiveVotes);
  WriteCounts(fs, "negative_votes", metadata.crossValidationNegativeVotes);
  fs << "threshold" << metadata.validationThreshold << "precision" << metadata.validationPrecision << "recall" << metadata.validationRecall << "f1"
     << metadata.validationF1 << "}";
  fs << "feature_importance"
     << "[";
  for (const auto& importance : metadata.featureImportance)
    WriteNamedValue(fs, importance.first, importance.second);
  fs << "]";
  fs << "}";
}

void ReadMetadata(const cv::FileNode& node, ModelMetadata& metadata)
{
  metadata               = ModelMetadata();
  metadata.formatVersion = static_cast<int>(node["format_version"]);
  metadata.featureNames  = ReadStringSequence(node["feature_names"]);
  metadata.inputStacks   = ReadStringSequence(node["input_stacks"]);
  metadata.featureRecipe = static_cast<std::string>(node["feature_recipe"]);
  for (const auto& parameter : node["training_parameters"])
    metadata.trainingParameters[static_cast<std::string>(parameter["name"])] = static_cast<std::string>(parameter["value"]);
  metadata.seed            = static_cast<unsigned int>(std::stoul(static_cast<std::string>(node["seed"])));
  metadata.classDefinition = static_cast<std::string>(node["class_definition"]);
  for (const auto& count : node["sample_counts"])
    metadata.sampleCounts[static_cast<std::string>(count["name"])] = std::stol(static_cast<std::string>(count["value"]));
  const cv::FileNode validation          = node["cross_validation"];
  metadata.crossValidationPositiveVotes = ReadCounts(validation["positive_votes"]);
  metadata.crossValidationNegativeVotes = ReadCounts(validation["negative_votes"]);
  metadata.validationThreshold          = static_cast<double>(validation["threshold"]);
  metadata.validationPrecision          = static_cast<double>(validation["precision"]);
  metadata.validationRecall     = static_cast<double>(validation["recall"]);
  metadata.validationF1         = static_cast<double>(validation["f1"]);
  for (const auto& importance : node["feature_importance"])
    metadata.featureImportance.emplace_back(static_cast<std::string>(importance["name"]), static_cast<double>(importance["value"]));
}

/** Writes the model with `writeForest` filling the forest node. */
void SaveModel(const std::string& path, const std::function<void(cv::FileStorage&)>& writeForest, const ModelMetadata& metadata)
{
  const std::string extension = ModelExtension(path);
  if (extension.empty())
    throw InputError("-out: '" + path + "' must end with .yaml, .yml, .xml or .json (the model format)");

  // Built in memory, then written under a temporary name and renamed, so that a failed run
  // never leaves a model file that looks complete.
  cv::FileStorage fs(extension, cv::FileStorage::WRITE | cv::FileStorage::MEMORY);
  fs << ForestNode << "{";
  writeForest(fs);
  fs << "}";
  WriteMetadata(fs, metadata);
  const std::string content = fs.releaseAndGetString();

  const std::string temporary = path + ".part";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << content;
    file.close();
    if (!file)
    {
      std::remove(temporary.c_str());
      throw InputError("-out: cannot write '" + path + "'");
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0)
  {
    std::remove(temporary.c_str());
    throw InputError("-out: cannot write '" + path + "'");
  }
}

} // namespace

void SaveModel(const std::string& path, const cv::Ptr<cv::ml::RTrees>& forest, const ModelMetadata& metadata)
{
  if (!forest || !forest->isTrained())
    throw std::logic_error("SaveModel: the forest is not trained");
  SaveModel(path, [&](cv::FileStorage& fs) { forest->write(fs); }, metadata);
}

void SaveModel(const std::string& path, const TrainedForest& forest, const ModelMetadata& metadata)
{
  SaveModel(path, [&](cv::FileStorage& fs) { forest.WriteOpenCv(fs); }, metadata);
}

cv::Ptr<cv::ml::RTrees> LoadModel(const std::string& path, ModelMetadata& metadata)
{
  if (!std::ifstream(path).good())
    throw InputError("-model: cannot open '" + path + "'");
  cv::Ptr<cv::ml::RTrees> forest;
  try
  {
    cv::FileStorage fs(path, cv::FileStorage::READ);
    if (!fs.isOpened())
      throw InputError("-model: '" + path + "' is not a model file (YAML, XML or JSON)");
    const cv::FileNode metadataNode = fs[MetadataNode];
    if (metadataNode.empty() || !metadataNode.isMap())
      throw InputError("-model: '" + path + "' is not an ImCLASS model (no '" + MetadataNode + "' metadata)");
    ReadMetadata(metadataNode, metadata);
    if (metadata.formatVersion != ModelMetadata().formatVersion)
      throw InputError("-model: '" + path + "' has model format " + std::to_string(metadata.formatVersion) + ", this ImCLASS reads format " +
                       std::to_string(ModelMetadata().formatVersion));
    const cv::FileNode forestNode = fs[ForestNode];
    if (forestNode.empty())
      throw InputError("-model: '" + path + "' is corrupt: it holds no forest");
    forest = cv::ml::RTrees::create();
    forest->read(forestNode);
  }
  catch (const cv::Exception& error)
  {
    throw InputError("-model: '" + path + "' is corrupt (" + error.err + ")");
  }
  catch (const std::logic_error&) // std::stoul / std::stol on a damaged number
  {
    throw InputError("-model: '" + path + "' is corrupt (unreadable seed or sample count)");
  }
  if (forest->empty() || !forest->isTrained() || forest->getRoots().empty())
    throw InputError("-model: '" + path + "' is corrupt: its forest has no tree");
  const size_t voteBins = forest->getRoots().size() + 1;
  if (metadata.crossValidationPositiveVotes.size() != voteBins || metadata.crossValidationNegativeVotes.size() != voteBins)
    throw InputError("-model: '" + path + "' is corrupt: its cross-validation votes do not match its " + std::to_string(voteBins - 1) + " trees");
  if (static_cast<size_t>(forest->getVarCount()) != metadata.featureNames.size())
    throw InputError("-model: '" + path + "' is corrupt: its forest uses " + std::to_string(forest->getVarCount()) + " features but it names " +
                     std::to_string(metadata.featureNames.size()));
  return forest;
}

Confusion ScoreCrossValidation(ModelMetadata& metadata)
{
  const ThresholdCurves curves  = CrossValidationCurves(metadata);
  const unsigned int    bestBin = curves.ChooseBin(ThresholdMethod::F1, 1.);
  const Confusion       atBest  = curves.At(bestBin);
  metadata.validationThreshold  = BinThreshold(bestBin);
  metadata.validationPrecision  = atBest.Precision();
  metadata.validationRecall     = atBest.Recall();
  metadata.validationF1         = atBest.FScore();
  return atBest;
}

std::string ModelFingerprint(const std::string& path)
{
  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw InputError("-model: cannot open '" + path + "'");
  std::uint64_t hash = 14695981039346656037ULL;
  char          byte;
  while (file.get(byte))
    hash = (hash ^ static_cast<unsigned char>(byte)) * 1099511628211ULL;
  std::ostringstream text;
  text << std::hex << std::setw(16) << std::setfill('0') << hash;
  return text.str();
}

ThresholdCurves CrossValidationCurves(const ModelMetadata& metadata)
{
  const auto count = [&](const std::string& name)
  {
    const auto found = metadata.sampleCounts.find(name);
    return found == metadata.sampleCounts.end() ? 0.0 : static_cast<double>(found->second);
  };
  const auto histogram = [](const std::vector<long>& votes, double pixelsPerSample)
  {
    BinCounts bins(ThresholdSteps + 1, 0);
    const double trees = std::max<double>(1, votes.size() - 1.0);
    for (size_t v = 0; v < votes.size(); ++v)
      bins[ScoreBin(v / trees)] += static_cast<std::uint64_t>(std::llround(votes[v] * pixelsPerSample));
    return bins;
  };
  const BinCounts positives = histogram(metadata.crossValidationPositiveVotes, count("positive_area") / std::max(1.0, count("positive")));
  const BinCounts negatives = histogram(metadata.crossValidationNegativeVotes, count("negative_area") / std::max(1.0, count("negative")));
  BinCounts       all(positives);
  for (size_t b = 0; b < all.size(); ++b)
    all[b] += negatives[b];
  return ThresholdCurves(positives, negatives, all);
}

void CheckFeatureNames(const std::vector<std::string>& stackNames, const std::vector<std::string>& modelNames)
{
  const size_t common = std::min(stackNames.size(), modelNames.size());
  for (size_t i = 0; i < common; ++i)
    if (stackNames[i] != modelNames[i])
      throw InputError("-il: feature " + std::to_string(i + 1) + " is '" + stackNames[i] + "' in the stacks but '" + modelNames[i] +
                       "' in the model");
  if (stackNames.size() != modelNames.size())
  {
    std::ostringstream message;
    message << "-il: the stacks have " << stackNames.size() << " features but the model has " << modelNames.size();
    if (stackNames.size() < modelNames.size())
      message << " (first missing: '" << modelNames[common] << "')";
    else
      message << " (first extra: '" << stackNames[common] << "')";
    throw InputError(message.str());
  }
}

} // namespace Imclass
} // namespace otb
