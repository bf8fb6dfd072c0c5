#include "otbImclassOutputFiles.h"

#include "otbImclassInputError.h"

#include "gdal_priv.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <dirent.h>
#include <fstream>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

namespace otb
{
namespace Imclass
{

namespace
{

struct PathParts
{
  std::string directory, name, stem, extension; // directory ends with '/' (or is empty)
};

PathParts Split(const std::string& path)
{
  PathParts    parts;
  const size_t slash = path.find_last_of('/');
  parts.directory    = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
  parts.name         = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t dot   = parts.name.find_last_of('.');
  parts.stem         = dot == std::string::npos || dot == 0 ? parts.name : parts.name.substr(0, dot);
  parts.extension    = dot == std::string::npos || dot == 0 ? std::string() : parts.name.substr(dot);
  return parts;
}

/** The hidden stem of a staged output: its main file is this + extension, the files beside it
 * this + their own extensions. */
std::string StagedStem(const PathParts& target)
{
  return target.directory + "." + target.name + ".partial-" + std::to_string(getpid());
}

/** Files of `directory` whose name starts with `prefix` (names only). */
std::vector<std::string> FilesStartingWith(const std::string& directory, const std::string& prefix)
{
  std::vector<std::string> names;
  if (DIR* dir = opendir(directory.empty() ? "." : directory.c_str()))
  {
    while (const dirent* entry = readdir(dir))
      if (std::string(entry->d_name).rfind(prefix, 0) == 0)
        names.push_back(entry->d_name);
    closedir(dir);
  }
  std::sort(names.begin(), names.end());
  return names;
}

/** Every file written for the output staged under `stem`: the main file and the files beside it. */
std::vector<std::string> StagedFiles(const std::string& stem)
{
  const PathParts          parts = Split(stem);
  std::vector<std::string> files;
  for (const auto& name : FilesStartingWith(parts.directory, parts.name))
    if (name == parts.name || name[parts.name.size()] == '.')
      files.push_back(parts.directory + name);
  return files;
}

// The staged files of the process, for the signal handler: fixed storage, since a handler may
// neither allocate nor lock. A slot is cleared (first byte 0) when its file is committed or removed.
constexpr int         MaximumStagedFiles = 64;
char                  stagedFiles[MaximumStagedFiles][4096];
volatile sig_atomic_t stagedFileCount = 0;
struct sigaction      previousActions[NSIG];

void RemoveStagedFilesAndDie(int signal)
{
  for (int i = 0; i < stagedFileCount; ++i)
    if (stagedFiles[i][0])
      unlink(stagedFiles[i]);
  sigaction(signal, &previousActions[signal], nullptr);
  raise(signal);
}

/** An interrupted run (SIGTERM, SIGINT, SIGHUP) removes its staged files before it dies. */
void RegisterStagedFile(const std::string& path)
{
  static const bool handlersInstalled = []()
  {
    struct sigaction action;
    std::memset(&action, 0, sizeof(action));
    action.sa_handler = RemoveStagedFilesAndDie;
    for (const int signal : {SIGTERM, SIGINT, SIGHUP})
      sigaction(signal, &action, &previousActions[signal]);
    return true;
  }();
  (void)handlersInstalled;
  if (stagedFileCount < MaximumStagedFiles && path.size() < sizeof(stagedFiles[0]))
  {
    std::strcpy(stagedFiles[stagedFileCount], path.c_str());
    stagedFileCount = stagedFileCount + 1;
  }
}

void UnregisterStagedFile(const std::string& path)
{
  for (int i = 0; i < stagedFileCount; ++i)
    if (path == stagedFiles[i])
      stagedFiles[i][0] = '\0';
}

/** True while process `pid` runs (a killed process waiting to be reaped does not). */
bool Running(long pid)
{
  if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
    return false;
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string   command, state;
  return !(stat >> pid >> command >> state) || state != "Z";
}

/** Files a killed run (SIGKILL, power cut) of the same output left: "<dir>/.<name>.partial-<pid>..."
 * of a process that no longer exists. */
void RemoveStaleStagedFiles(const PathParts& target)
{
  const std::string prefix = "." + target.name + ".partial-";
  for (const auto& name : FilesStartingWith(target.directory, prefix))
  {
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid > 0 && pid != getpid() && !Running(pid))
      std::remove((target.directory + name).c_str());
  }
}

} // namespace

std::string WithoutExtendedFilename(const std::string& path)
{
  return path.substr(0, path.find('?'));
}

bool EveryPixelIsNoData(const std::string& path)
{
  GDALAllRegister();
  GDALDatasetUniquePtr dataset(GDALDataset::FromHandle(GDALOpen(WithoutExtendedFilename(path).c_str(), GA_ReadOnly)));
  if (!dataset || dataset->GetRasterCount() == 0)
    return false;
  GDALRasterBand* band     = dataset->GetRasterBand(1);
  int             declared = 0;
  const double    noData   = band->GetNoDataValue(&declared);
  if (!declared)
    return false;
  int blockWidth = 0, blockHeight = 0;
  band->GetBlockSize(&blockWidth, &blockHeight);
  const int           width = band->GetXSize(), height = band->GetYSize();
  std::vector<double> values;
  for (int y = 0; y < height; y += blockHeight)
    for (int x = 0; x < width; x += blockWidth)
    {
      const int w = std::min(blockWidth, width - x), h = std::min(blockHeight, height - y);
      values.resize(static_cast<size_t>(w) * h);
      if (band->RasterIO(GF_Read, x, y, w, h, values.data(), w, h, GDT_Float64, 0, 0) != CE_None)
        return false;
      if (std::any_of(values.begin(), values.end(), [noData](double v) { return v != noData && !std::isnan(v); }))
        return false;
    }
  return true;
}

void CheckWrittenRaster(const std::string& path, const std::string& parameter)
{
  GDALAllRegister();
  CPLErrorReset();
  GDALDatasetUniquePtr dataset(GDALDataset::FromHandle(GDALOpen(WithoutExtendedFilename(path).c_str(), GA_ReadOnly)));
  bool                 readable = dataset && dataset->GetRasterCount() > 0;
  for (int b = 1; readable && b <= dataset->GetRasterCount(); b += std::max(1, dataset->GetRasterCount() - 1))
  {
    GDALRasterBand*     band = dataset->GetRasterBand(b);
    std::vector<double> row(band->GetXSize());
    readable = band->RasterIO(GF_Read, 0, band->GetYSize() - 1, band->GetXSize(), 1, row.data(), band->GetXSize(), 1, GDT_Float64, 0, 0) == CE_None;
  }
  if (!readable)
    throw InputError(parameter + ": writing failed, the file cannot be read back (" + CPLGetLastErrorMsg() + ")");
}

namespace
{
std::mutex      failureMutex;
std::string     firstFailure;
CPLErrorHandler previousHandler = nullptr;

void RecordFailure(CPLErr level, CPLErrorNum number, const char* message)
{
  if (level >= CE_Failure)
  {
    std::lock_guard<std::mutex> lock(failureMutex);
    if (firstFailure.empty())
      firstFailure = message;
  }
  (previousHandler ? previousHandler : CPLDefaultErrorHandler)(level, number, message);
}
} // namespace

GdalFailures::GdalFailures()
{
  std::lock_guard<std::mutex> lock(failureMutex);
  firstFailure.clear();
  previousHandler = CPLSetErrorHandler(RecordFailure);
}

GdalFailures::~GdalFailures()
{
  CPLSetErrorHandler(previousHandler);
}

std::string GdalFailures::First() const
{
  std::lock_guard<std::mutex> lock(failureMutex);
  return firstFailure;
}

StagedOutputs::~StagedOutputs()
{
  Discard();
}

std::string StagedOutputs::Stage(const std::string& parameter, const std::string& target)
{
  const std::string file  = WithoutExtendedFilename(target);
  const PathParts   parts = Split(file);
  struct stat       status;
  if (stat(file.c_str(), &status) == 0 && S_ISDIR(status.st_mode))
    throw InputError(parameter + ": cannot create '" + target + "': it is a directory");
  const std::string directory = parts.directory.empty() ? "." : parts.directory;
  if (stat(directory.c_str(), &status) != 0 || !S_ISDIR(status.st_mode))
    throw InputError(parameter + ": cannot create '" + target + "': no such directory '" + directory + "'");
  if (access(directory.c_str(), W_OK) != 0)
    throw InputError(parameter + ": cannot create '" + target + "': the directory '" + directory + "' is not writable");
  RemoveStaleStagedFiles(parts);
  const std::string stem     = StagedStem(parts);
  const std::string extended = target.substr(file.size());
  m_Outputs.push_back({parameter, file, stem, stem + parts.extension});
  RegisterStagedFile(stem + parts.extension);
  return stem + parts.extension + extended;
}

void StagedOutputs::Commit()
{
  for (size_t i = 0; i < m_Outputs.size(); ++i)
  {
    const Output&   output = m_Outputs[i];
    const PathParts target = Split(output.target);
    UnregisterStagedFile(output.staged);
    for (const auto& file : StagedFiles(output.stem))
    {
      // ".map.tif.partial-7.tif.aux.xml" -> "map.tif.aux.xml"; ".x.shp.partial-7.dbf" -> "x.dbf".
      const std::string suffix      = file.substr(output.stem.size());
      const std::string destination = file == output.staged ? output.target : target.directory + target.stem + suffix;
      if (std::rename(file.c_str(), destination.c_str()) != 0)
      {
        const std::string message = output.parameter + ": cannot write '" + output.target + "'";
        m_Outputs.erase(m_Outputs.begin(), m_Outputs.begin() + i);
        Discard();
        throw InputError(message);
      }
    }
  }
  m_Outputs.clear();
}

void StagedOutputs::Discard()
{
  for (const auto& output : m_Outputs)
  {
    for (const auto& file : StagedFiles(output.stem))
      std::remove(file.c_str());
    UnregisterStagedFile(output.staged);
  }
  m_Outputs.clear();
}

} // namespace Imclass
} // namespace otb
