#include "otbImclassThresholdReport.h"

#include "otbImclassCrossValidation.h"
#include "otbImclassInputError.h"

#include "itksys/Process.h"
#include "itksys/SystemTools.hxx"

#include <dlfcn.h>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <iomanip>
#include <sstream>

namespace otb
{
namespace Imclass
{

namespace
{
/** A JSON number; NaN (an undefined score) is null. */
std::string Number(double value)
{
  if (std::isnan(value))
    return "null";
  std::ostringstream text;
  text << std::setprecision(10) << value;
  return text.str();
}

std::string Quoted(const std::string& text)
{
  if (text.empty())
    return "null";
  std::string out = "\"";
  for (char c : text)
  {
    if (c == '"' || c == '\\')
      out += '\\';
    out += c;
  }
  return out + "\"";
}

double NotANumber()
{
  return std::numeric_limits<double>::quiet_NaN();
}

/** The scores of a confusion matrix, as JSON members; `last`: no comma after the last one. */
void WriteScores(std::ostream& out, const Confusion& confusion, double beta, const std::string& indent, bool last = true)
{
  out << indent << "\"confusion_matrix\": {\"true_positives\": " << confusion.truePositives << ", \"false_positives\": " << confusion.falsePositives
      << ", \"false_negatives\": " << confusion.falseNegatives << ", \"true_negatives\": " << confusion.trueNegatives << "},\n"
      << indent << "\"precision\": " << Number(confusion.Precision()) << ",\n"
      << indent << "\"recall\": " << Number(confusion.Recall()) << ",\n"
      << indent << "\"f_score\": " << Number(confusion.FScore(beta)) << ",\n"
      << indent << "\"f1\": " << Number(confusion.FScore(1.)) << ",\n"
      << indent << "\"kappa\": " << Number(confusion.Kappa()) << (last ? "\n" : ",\n");
}

/** One column of the curve table. */
template <class TValue>
void WriteColumn(std::ostream& out, const std::string& name, const std::function<TValue(const ThresholdCurves&, unsigned int, double)>& value,
                 const ThresholdCurves& curves, double beta, bool last = false)
{
  out << "    " << Quoted(name) << ": [";
  for (unsigned int bin = 0; bin <= ThresholdSteps; ++bin)
    out << (bin ? ", " : "") << Number(static_cast<double>(value(curves, bin, beta)));
  out << "]" << (last ? "\n" : ",\n");
}
} // namespace

void WriteThresholdReport(const std::string& path, const ThresholdReport& report, const ThresholdCurves& curves, const std::string& parameter)
{
  std::ofstream out(path);
  if (!out)
    throw InputError(parameter + ": cannot write '" + path + "'");
  const double    beta        = report.beta;
  const Confusion atThreshold = curves.At(report.thresholdBin);
  out << "{\n"
      << "  \"probability_map\": " << Quoted(report.probabilityPath) << ",\n"
      << "  \"reference\": " << Quoted(report.referencePath) << ",\n"
      << "  \"model\": " << Quoted(report.modelPath) << ",\n"
      << "  \"threshold_source\": " << Quoted(report.modelPath.empty() ? "reference" : "cross-validation") << ",\n"
      << "  \"binary_map\": " << Quoted(report.mapPath) << ",\n"
      << "  \"method\": " << Quoted(report.method) << ",\n"
      << "  \"beta\": " << Number(beta) << ",\n"
      << "  \"threshold_grid\": {\"first\": 0, \"last\": 1, \"step\": " << Number(BinThreshold(1)) << ", \"rule\": \"class where probability >= threshold\"},\n"
      << "  \"threshold\": " << Number(BinThreshold(report.thresholdBin)) << ",\n"
      << "  \"curve_pixels\": {\"positive\": " << curves.PositivePixels() << ", \"negative\": " << curves.NegativePixels()
      << ", \"unlabelled\": " << curves.ValidPixels() << "},\n";
  // PU correction: the undigitized objects among the negatives counted as true positives.
  const bool   corrected   = !std::isnan(report.classPrior);
  const double precisionPU = corrected ? PUCorrectedPrecision(curves, report.thresholdBin, report.classPrior) : NotANumber();
  out << "  \"class_prior\": {\"negative_area_prior\": " << Number(report.classPrior) << ", \"estimate\": "
      << Quoted(corrected ? "upper bound, mixture proportion of the out-of-fold scores" : "") << "},\n"
      << "  \"pixels_at_threshold\": {\n";
  WriteScores(out, atThreshold, beta, "    ", false);
  out << "    \"precision_pu\": " << Number(precisionPU) << ",\n"
      << "    \"f1_pu\": " << Number(corrected ? PUCorrectedF1(curves, report.thresholdBin, report.classPrior) : NotANumber()) << "\n"
      << "  },\n"
      << "  \"map\": {\n"
      << "    \"morphology\": " << Quoted(report.morphology) << ",\n"
      << "    \"morphology_radius\": " << report.morphologyRadius << ",\n"
      << "    \"minimum_area_m2\": " << Number(report.minArea) << ",\n";
  // Without a reference the delivered map has no scores (the cross-validation's are above).
  const auto reference = [&](const std::string& count) { return report.hasReference ? count : std::string("null"); };
  if (report.hasReference)
    WriteScores(out, report.mapConfusion, beta, "    ");
  else
    out << "    \"confusion_matrix\": null, \"precision\": null, \"recall\": null, \"f_score\": null, \"f1\": null, \"kappa\": null\n";
  const ObjectCounts& objects = report.objects;
  out << "  },\n"
      << "  \"objects\": {\"reference_objects\": " << reference(std::to_string(objects.referenceObjects))
      << ", \"detected\": " << reference(std::to_string(objects.detected)) << ", \"missed\": " << reference(std::to_string(objects.missed))
      << ", \"predicted_objects\": " << objects.predicted << ", \"predicted_matching_no_reference\": " << reference(std::to_string(objects.unmatched))
      << ", \"predicted_in_negative_reference\": " << reference(std::to_string(objects.unmatchedInNegatives))
      << ", \"removed_below_minimum_area\": " << objects.removedSmall << "},\n"
      << "  \"curve\": {\n";
  WriteColumn<double>(
      out, "threshold", [](const ThresholdCurves&, unsigned int bin, double) { return BinThreshold(bin); }, curves, beta);
  WriteColumn<std::uint64_t>(
      out, "true_positives", [](const ThresholdCurves& c, unsigned int bin, double) { return c.At(bin).truePositives; }, curves, beta);
  WriteColumn<std::uint64_t>(
      out, "false_positives", [](const ThresholdCurves& c, unsigned int bin, double) { return c.At(bin).falsePositives; }, curves, beta);
  WriteColumn<double>(
      out, "precision", [](const ThresholdCurves& c, unsigned int bin, double) { return c.At(bin).Precision(); }, curves, beta);
  WriteColumn<double>(
      out, "recall", [](const ThresholdCurves& c, unsigned int bin, double) { return c.At(bin).Recall(); }, curves, beta);
  WriteColumn<double>(
      out, "f_score", [](const ThresholdCurves& c, unsigned int bin, double b) { return c.At(bin).FScore(b); }, curves, beta);
  WriteColumn<double>(
      out, "pu_criterion", [](const ThresholdCurves& c, unsigned int bin, double) { return c.PUCriterion(bin); }, curves, beta);
  WriteColumn<double>(
      out, "precision_pu",
      [&](const ThresholdCurves& c, unsigned int bin, double) { return corrected ? PUCorrectedPrecision(c, bin, report.classPrior) : NotANumber(); }, curves,
      beta, true);
  out << "  }\n}\n";
  if (!out)
    throw InputError(parameter + ": cannot write '" + path + "'");
}

std::string PlotScriptPath()
{
  Dl_info library;
  if (!dladdr(reinterpret_cast<void*>(&PlotScriptPath), &library) || !library.dli_fname)
    return "imclass_plot.py";
  const std::string libraryDirectory = itksys::SystemTools::GetFilenamePath(itksys::SystemTools::GetRealPath(library.dli_fname));
  return itksys::SystemTools::CollapseFullPath(libraryDirectory + "/../share/otb/imclass/imclass_plot.py");
}

void DrawThresholdPlot(const std::string& reportPath, const std::string& pngPath)
{
  const std::string script = PlotScriptPath();
  if (!itksys::SystemTools::FileExists(script))
    throw InputError("-plot: the plotting script is not installed (" + script + ")");
  const char*    command[] = {script.c_str(), reportPath.c_str(), pngPath.c_str(), nullptr};
  itksysProcess* process   = itksysProcess_New();
  itksysProcess_SetCommand(process, command);
  itksysProcess_SetPipeShared(process, itksysProcess_Pipe_STDOUT, 1);
  itksysProcess_Execute(process);
  std::string messages;
  char*       data   = nullptr;
  int         length = 0;
  while (itksysProcess_WaitForData(process, &data, &length, nullptr) == itksysProcess_Pipe_STDERR)
    messages.append(data, length);
  itksysProcess_WaitForExit(process, nullptr);
  const bool succeeded = itksysProcess_GetState(process) == itksysProcess_State_Exited && itksysProcess_GetExitValue(process) == 0;
  itksysProcess_Delete(process);
  if (!succeeded)
  {
    while (!messages.empty() && messages.back() == '\n')
      messages.pop_back();
    throw InputError("-plot: " + script + " failed: " + messages.substr(messages.rfind('\n') + 1));
  }
}

} // namespace Imclass
} // namespace otb
