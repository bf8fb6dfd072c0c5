/*
 * ImCLASS — how the library speaks to whoever runs it: information and warnings for the log, and
 * the long passes whose progress is worth showing. The application base forwards them to OTB's
 * logger and progress reporting; tests may collect them.
 */
#ifndef otbImclassReporter_h
#define otbImclassReporter_h

#include "itkProcessObject.h"

#include <string>

namespace otb
{
namespace Imclass
{

/** \ingroup OTBImclass */
class Reporter
{
public:
  virtual ~Reporter() = default;

  virtual void Info(const std::string& message)    = 0;
  virtual void Warning(const std::string& message) = 0;

  /** Called before `process` is updated: its progress is shown as `description`. */
  virtual void Watch(itk::ProcessObject* process, const std::string& description) = 0;
};

} // namespace Imclass
} // namespace otb

#endif
