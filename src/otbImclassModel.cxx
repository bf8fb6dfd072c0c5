#include "otbImclassModel.h"

#include "otbImclassInputError.h"

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdint>
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
template <class TValue>
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
  fs << "gate"
     << "{";
  cv::write(fs, "feature", metadata.gateFeature);
  cv::write(fs, "minimum", metadata.gateMinimum);
  fs << "}";
  fs << "cross_validation"
     << "{";
  WriteCounts(fs, "positive_votes", metadata.crossValidationPositiveVotes);
  WriteCounts(fs, "negative_votes", metadata.crossValidationNegativeVotes);
  fs << "threshold" << metadata.validationThreshold << "precision" << metadata.validationPrecision << "recall" << metadata.validationRecall << "f1"
     << metadata.validationF1 << "class_prior" << metadata.classPrior << "precision_pu" << metadata.validationPrecisionPU << "f1_pu" << metadata.validationF1PU
     << "}";
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
  metadata.gateFeature                  = static_cast<std::string>(node["gate"]["feature"]);
  metadata.gateMinimum                  = static_cast<double>(node["gate"]["minimum"]);
  const cv::FileNode validation         = node["cross_validation"];
  metadata.crossValidationPositiveVotes = ReadCounts(validation["positive_votes"]);
  metadata.crossValidationNegativeVotes = ReadCounts(validation["negative_votes"]);
  metadata.validationThreshold          = static_cast<double>(validation["threshold"]);
  metadata.validationPrecision          = static_cast<double>(validation["precision"]);
  metadata.validationRecall             = static_cast<double>(validation["recall"]);
  metadata.validationF1                 = static_cast<double>(validation["f1"]);
  metadata.classPrior                   = static_cast<double>(validation["class_prior"]);
  metadata.validationPrecisionPU        = static_cast<double>(validation["precision_pu"]);
  metadata.validationF1PU               = static_cast<double>(validation["f1_pu"]);
  for (const auto& importance : node["feature_importance"])
    metadata.featureImportance.emplace_back(static_cast<std::string>(importance["name"]), static_cast<double>(importance["value"]));
}

} // namespace

void CheckModelPath(const std::string& path, const std::string& parameter)
{
  if (ModelExtension(path).empty())
    throw InputError(parameter + ": '" + path + "' must end with .yaml, .yml, .xml or .json (the model format)");
}

namespace
{

/** Writes the model with `writeForest` filling the forest node. */
void WriteModel(const std::string& path, const std::function<void(cv::FileStorage&)>& writeForest, const ModelMetadata& metadata)
{
  CheckModelPath(path, "-out");
  cv::FileStorage fs(ModelExtension(path), cv::FileStorage::WRITE | cv::FileStorage::MEMORY);
  fs << ForestNode << "{";
  writeForest(fs);
  fs << "}";
  WriteMetadata(fs, metadata);
  const std::string content = fs.releaseAndGetString();

  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << content;
  file.close();
  if (!file)
    throw InputError("-out: cannot write '" + path + "'");
}

} // namespace

void SaveModel(const std::string& path, const cv::Ptr<cv::ml::RTrees>& forest, const ModelMetadata& metadata)
{
  if (!forest || !forest->isTrained())
    throw std::logic_error("SaveModel: the forest is not trained");
  WriteModel(
      path, [&](cv::FileStorage& fs) { forest->write(fs); }, metadata);
}

void SaveModel(const std::string& path, const TrainedForest& forest, const ModelMetadata& metadata)
{
  WriteModel(
      path, [&](cv::FileStorage& fs) { forest.WriteOpenCv(fs); }, metadata);
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
  if (!metadata.gateFeature.empty() && std::find(metadata.featureNames.begin(), metadata.featureNames.end(), metadata.gateFeature) == metadata.featureNames.end())
    throw InputError("-model: '" + path + "' is corrupt: its gate feature '" + metadata.gateFeature + "' is not one of its features");
  if (static_cast<size_t>(forest->getVarCount()) != metadata.featureNames.size())
    throw InputError("-model: '" + path + "' is corrupt: its forest uses " + std::to_string(forest->getVarCount()) + " features but it names " +
                     std::to_string(metadata.featureNames.size()));
  return forest;
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

std::vector<unsigned int> FeaturePositions(const std::vector<std::string>& stackNames, const std::vector<std::string>& modelNames)
{
  std::map<std::string, unsigned int> bandOfName;
  for (unsigned int b = 0; b < stackNames.size(); ++b)
    bandOfName.emplace(stackNames[b], b);
  std::vector<unsigned int> positions;
  for (size_t f = 0; f < modelNames.size(); ++f)
  {
    const auto found = bandOfName.find(modelNames[f]);
    if (found == bandOfName.end())
      throw InputError("-il: the model's feature '" + modelNames[f] + "' (" + std::to_string(f + 1) + " of " + std::to_string(modelNames.size()) +
                       ") is not in the stacks, which have " + std::to_string(stackNames.size()) + " features");
    positions.push_back(found->second);
  }
  return positions;
}

} // namespace Imclass
} // namespace otb
