/*
 * ImCLASS — writes a JSON description of the ImCLASS applications for the QGIS plugin.
 *
 *   otbImclassDescribeApplications APP_DIR OUT.json App...
 *
 * Each application is loaded from APP_DIR through OTB's ApplicationRegistry, as otbcli loads it,
 * and described as it declares itself: name, descriptions, limitations, and every parameter (key,
 * OTB type, name, description, mandatory, role, default, minimum and maximum, choices, default
 * pixel type of output images). The catalogues behind list parameters that hold names (indices,
 * topographic attributes, band names) are written too, from the library the applications use.
 * The plugin builds its dialogs from this file, so they follow the applications' keys.
 */
#include "otbImclassFeatureCatalogue.h"
#include "otbImclassTopoCatalogue.h"

#include "otbWrapperApplicationRegistry.h"
#include "otbWrapperNumericalParameter.h"
#include "otbWrapperOutputImageParameter.h"

#include <fstream>
#include <iomanip>
#include <iostream>
#include <limits>
#include <sstream>

namespace
{
using namespace otb::Wrapper;

std::string Quoted(const std::string& text)
{
  std::ostringstream out;
  out << '"';
  for (const unsigned char c : text)
  {
    if (c == '"' || c == '\\')
      out << '\\' << c;
    else if (c == '\n')
      out << "\\n";
    else if (c == '\t')
      out << "\\t";
    else if (c < 0x20)
      out << "\\u" << std::hex << std::setw(4) << std::setfill('0') << static_cast<int>(c) << std::dec;
    else
      out << c;
  }
  out << '"';
  return out.str();
}

/** ", "key": value for the bounds a numerical parameter really has (OTB's default bounds are the
 * limits of its type). */
template <class ParameterType>
std::string Bounds(Parameter* parameter)
{
  auto* numerical = dynamic_cast<ParameterType*>(parameter);
  if (!numerical)
    return "";
  using Scalar = typename ParameterType::ScalarType;
  std::ostringstream out;
  out << std::setprecision(std::numeric_limits<Scalar>::digits10);
  if (numerical->GetMinimumValue() != itk::NumericTraits<Scalar>::NonpositiveMin())
    out << ", \"minimum\": " << +numerical->GetMinimumValue();
  if (numerical->GetMaximumValue() != itk::NumericTraits<Scalar>::max())
    out << ", \"maximum\": " << +numerical->GetMaximumValue();
  return out.str();
}

/** The default of a parameter as JSON (null without one): numbers and booleans unquoted. */
std::string DefaultValue(Application& app, const std::string& key)
{
  if (!app.HasValue(key))
    return "null";
  const std::string value = app.GetParameterAsString(key);
  switch (app.GetParameterType(key))
  {
  case ParameterType_Int:
  case ParameterType_Float:
  case ParameterType_Double:
  case ParameterType_RAM:
  case ParameterType_Radius:
    return value;
  case ParameterType_Bool:
    return app.GetParameterInt(key) ? "true" : "false";
  default:
    return Quoted(value);
  }
}

void DescribeParameter(Application& app, const std::string& key, std::ostream& out)
{
  Parameter* parameter = app.GetParameterByKey(key);
  out << "{\"key\": " << Quoted(key) << ", \"type\": " << Quoted(ParameterTypeToString(app.GetParameterType(key)))
      << ", \"name\": " << Quoted(app.GetParameterName(key)) << ", \"description\": " << Quoted(app.GetParameterDescription(key))
      << ", \"mandatory\": " << (app.IsMandatory(key) ? "true" : "false")
      << ", \"role\": " << Quoted(app.GetParameterRole(key) == Role_Output ? "output" : "input")
      << ", \"default\": " << DefaultValue(app, key);
  out << Bounds<IntParameter>(parameter) << Bounds<FloatParameter>(parameter) << Bounds<DoubleParameter>(parameter);
  if (auto* image = dynamic_cast<OutputImageParameter*>(parameter))
    out << ", \"pixel_type\": " << Quoted(OutputImageParameter::ConvertPixelTypeToString(image->GetDefaultPixelType()));
  if (app.GetParameterType(key) == ParameterType_Choice)
  {
    const auto keys = app.GetChoiceKeys(key), names = app.GetChoiceNames(key);
    out << ", \"choices\": [";
    for (size_t c = 0; c < keys.size(); ++c)
      out << (c ? ", " : "") << "{\"key\": " << Quoted(keys[c]) << ", \"name\": " << Quoted(names[c])
          << ", \"description\": " << Quoted(app.GetParameterDescription(key + "." + keys[c])) << "}";
    out << "]";
  }
  out << "}";
}

void DescribeApplication(const std::string& name, std::ostream& out)
{
  Application::Pointer app = ApplicationRegistry::CreateApplication(name);
  if (!app)
    throw std::runtime_error("cannot load application " + name + " from " + ApplicationRegistry::GetApplicationPath());
  out << "    {\"name\": " << Quoted(app->GetName()) << ",\n     \"description\": " << Quoted(app->GetDescription())
      << ",\n     \"long_description\": " << Quoted(app->GetDocLongDescription()) << ",\n     \"limitations\": "
      << Quoted(app->GetDocLimitations()) << ",\n     \"see_also\": " << Quoted(app->GetDocSeeAlso()) << ",\n     \"parameters\": [";
  bool first = true;
  for (const auto& key : app->GetParametersKeys())
  {
    if (app->GetParameterType(key) == ParameterType_Group)
      continue;
    out << (first ? "\n       " : ",\n       ");
    DescribeParameter(*app, key, out);
    first = false;
  }
  out << "]}";
}

template <class Items, class Describe>
void WriteCatalogue(const std::string& name, const Items& items, Describe describe, std::ostream& out)
{
  out << "    " << Quoted(name) << ": [";
  bool first = true;
  for (const auto& item : items)
  {
    const auto nameAndDescription = describe(item);
    out << (first ? "" : ", ") << "{\"name\": " << Quoted(nameAndDescription.first) << ", \"description\": " << Quoted(nameAndDescription.second)
        << "}";
    first = false;
  }
  out << "]";
}

void WriteCatalogues(std::ostream& out)
{
  using namespace otb::Imclass;
  out << "  \"catalogues\": {\n";
  WriteCatalogue("indices", IndexCatalogue(), [](const IndexDefinition& index) { return std::make_pair(index.name, index.formula); }, out);
  out << ",\n";
  WriteCatalogue("topo_attributes", TopoAttributeCatalogue(),
                 [](const TopoAttributeDefinition& attribute) { return std::make_pair(attribute.name, attribute.description); }, out);
  out << ",\n";
  WriteCatalogue("band_names", CanonicalBandNames(), [](const std::string& band) { return std::make_pair(band, std::string()); }, out);
  out << "\n  }";
}
} // namespace

int main(int argc, char* argv[])
{
  if (argc < 4)
  {
    std::cerr << "usage: " << argv[0] << " APP_DIR OUT.json App...\n";
    return 1;
  }
  try
  {
    ApplicationRegistry::SetApplicationPath(argv[1]);
    std::ostringstream json;
    json << "{\n";
    WriteCatalogues(json);
    json << ",\n  \"applications\": [\n";
    for (int a = 3; a < argc; ++a)
    {
      DescribeApplication(argv[a], json);
      json << (a + 1 < argc ? ",\n" : "\n");
    }
    json << "  ]\n}\n";
    std::ofstream file(argv[2]);
    file << json.str();
    if (!file.flush())
      throw std::runtime_error(std::string("cannot write ") + argv[2]);
  }
  catch (const std::exception& error)
  {
    std::cerr << argv[0] << ": " << error.what() << "\n";
    return 1;
  }
  return 0;
}
