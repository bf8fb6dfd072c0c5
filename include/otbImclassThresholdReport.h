/*
 * ImCLASS — the report of ImclassThreshold: a JSON file (chosen threshold, pixel confusion matrix
 * and scores at that threshold, PU-corrected too when the negatives were unlabelled background,
 * and of the delivered map, object counts, the full curve table) and a PNG drawn from it by
 * imclass_plot.py with matplotlib.
 */
#ifndef otbImclassThresholdReport_h
#define otbImclassThresholdReport_h

#include "OTBImclassExport.h"
#include "otbImclassThresholdCurves.h"
#include "otbImclassThresholdObjects.h"

#include <limits>
#include <string>

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
struct OTBImclass_EXPORT ThresholdReport
{
  std::string  probabilityPath, referencePath, modelPath, mapPath; // no reference or model: empty
  std::string  method;                                             // f1, fbeta, user, pu
  double       beta         = 1.;
  unsigned int thresholdBin = 0;
  std::string  morphology; // none, opening, closing, openclose
  unsigned int morphologyRadius = 0;
  double       minArea          = 0.;
  bool         hasReference     = false;
  // Cross-validation with negatives drawn from the image: upper estimate of the share of the
  // negative area that is of the class (undigitized objects); NaN otherwise (no PU correction).
  double       classPrior = std::numeric_limits<double>::quiet_NaN();
  Confusion    mapConfusion; // of the delivered map (after morphology and minimum area) against the reference
  ObjectCounts objects;
};

/** Writes the report as JSON. Throws InputError naming `parameter` when it cannot be written. */
OTBImclass_EXPORT void WriteThresholdReport(const std::string& path, const ThresholdReport& report, const ThresholdCurves& curves,
                                            const std::string& parameter);

/** Path of imclass_plot.py, installed in share/otb/imclass next to the ImCLASS library's lib
 * directory (in a build tree too). */
OTBImclass_EXPORT std::string PlotScriptPath();

/** Draws the PNG of a JSON report with imclass_plot.py. Throws InputError naming -plot with the
 * script's last message when it fails. */
OTBImclass_EXPORT void DrawThresholdPlot(const std::string& reportPath, const std::string& pngPath);

} // namespace Imclass
} // namespace otb

#endif
