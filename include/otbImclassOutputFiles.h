/*
 * ImCLASS — outputs appear whole or not at all.
 *
 * Every output of an application (raster, vector, model, report, plot) is written under a
 * temporary name beside its target and renamed into place only when the whole run succeeded; a
 * failed or interrupted run leaves the earlier file untouched and nothing that looks complete.
 * The temporary name keeps the extension (GDAL and the model writer choose the format from it)
 * and is hidden: "<dir>/.<name>.partial-<pid><extension>". Files a format writes beside its main
 * file (a shapefile's .dbf, a GeoTIFF's .aux.xml) share the temporary stem and move with it.
 */
#ifndef otbImclassOutputFiles_h
#define otbImclassOutputFiles_h

#include "OTBImclassExport.h"

#include <string>
#include <vector>

namespace otb
{
namespace Imclass
{

/** A file path without its OTB extended filename (?&...): the file GDAL opens. */
OTBImclass_EXPORT std::string WithoutExtendedFilename(const std::string& path);

/** True when band 1 of the file declares a no-data value and holds nothing else (read block by
 * block, stopping at the first valid pixel: one block for any usable map). */
OTBImclass_EXPORT bool EveryPixelIsNoData(const std::string& path);

/** Throws InputError naming `parameter` when the raster written at `path` cannot be opened, or
 * its last row cannot be read back (a file cut short by a full disk). */
OTBImclass_EXPORT void CheckWrittenRaster(const std::string& path, const std::string& parameter);

/** GDAL's failures (CE_Failure and worse) from its construction to its destruction, still printed
 * as GDAL prints them: OTB's writer logs "No space left on device" and goes on.
 * \ingroup OTBImclass */
class OTBImclass_EXPORT GdalFailures
{
public:
  GdalFailures();
  ~GdalFailures();
  GdalFailures(const GdalFailures&)            = delete;
  GdalFailures& operator=(const GdalFailures&) = delete;

  /** The first failure's message, empty when none. */
  std::string First() const;
};

/** The outputs of one run. \ingroup OTBImclass */
class OTBImclass_EXPORT StagedOutputs
{
public:
  StagedOutputs()                                = default;
  StagedOutputs(const StagedOutputs&)            = delete;
  StagedOutputs& operator=(const StagedOutputs&) = delete;
  /** Removes what was staged and not committed. */
  ~StagedOutputs();

  /** Registers the output `target` of parameter `parameter` (e.g. "-out"); returns the path to
   * write instead, with the same OTB extended filename (?&...) when `target` has one. Throws
   * InputError naming the parameter when the target is a directory or its directory does not
   * exist or is not writable. */
  std::string Stage(const std::string& parameter, const std::string& target);

  /** Renames every staged file (and the files beside it) into place. Throws InputError naming the
   * parameter whose file cannot be moved (the others staged after it are removed). */
  void Commit();

  /** Removes every staged file. */
  void Discard();

private:
  /** \ingroup OTBImclass */
  struct Output
  {
    std::string parameter, target, stem, staged; // staged = stem + the target's extension
  };
  std::vector<Output> m_Outputs;
};

} // namespace Imclass
} // namespace otb

#endif
