/*
 * ImCLASS — the error of bad user input. Every application turns it into one FATAL line and a
 * non-zero exit; its message names the parameter and the problem, e.g.
 * "-indices: ndbi needs band swir1, which the image does not have".
 */
#ifndef otbImclassInputError_h
#define otbImclassInputError_h

#include "OTBImclassExport.h"

#include <stdexcept>
#include <string>

namespace otb
{
namespace Imclass
{

/** Bad user input: the message starts with the parameter ("-key: ...").
 * \ingroup OTBImclass */
class OTBImclass_EXPORT InputError : public std::runtime_error
{
public:
  explicit InputError(const std::string& message) : std::runtime_error(message)
  {
  }
};

} // namespace Imclass
} // namespace otb

#endif
