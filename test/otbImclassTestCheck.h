/* ImCLASS unit tests: a failed check prints where and what, and the test returns EXIT_FAILURE. */
#ifndef otbImclassTestCheck_h
#define otbImclassTestCheck_h

#include <cmath>
#include <iostream>
#include <string>

#define IMCLASS_CHECK(condition)                                                              \
  do                                                                                          \
  {                                                                                           \
    if (!(condition))                                                                         \
    {                                                                                         \
      std::cerr << __FILE__ << ":" << __LINE__ << ": check failed: " #condition << std::endl; \
      return EXIT_FAILURE;                                                                    \
    }                                                                                         \
  } while (0)

#define IMCLASS_CHECK_NEAR(actual, expected, tolerance)                                                                                                    \
  do                                                                                                                                                       \
  {                                                                                                                                                        \
    const double imclassActual = (actual), imclassExpected = (expected);                                                                                   \
    if (!(std::abs(imclassActual - imclassExpected) <= (tolerance)))                                                                                       \
    {                                                                                                                                                      \
      std::cerr << __FILE__ << ":" << __LINE__ << ": " #actual " = " << imclassActual << ", expected " << imclassExpected << " (tolerance " << (tolerance) \
                << ")" << std::endl;                                                                                                                       \
      return EXIT_FAILURE;                                                                                                                                 \
    }                                                                                                                                                      \
  } while (0)

/* Runs `statement`, which must throw an exception whose message contains `fragment`. */
#define IMCLASS_CHECK_THROWS(statement, fragment)                                                                                        \
  do                                                                                                                                     \
  {                                                                                                                                      \
    bool imclassThrown = false;                                                                                                          \
    try                                                                                                                                  \
    {                                                                                                                                    \
      statement;                                                                                                                         \
    }                                                                                                                                    \
    catch (const std::exception& imclassError)                                                                                           \
    {                                                                                                                                    \
      imclassThrown = true;                                                                                                              \
      if (std::string(imclassError.what()).find(fragment) == std::string::npos)                                                          \
      {                                                                                                                                  \
        std::cerr << __FILE__ << ":" << __LINE__ << ": message '" << imclassError.what() << "' lacks '" << fragment << "'" << std::endl; \
        return EXIT_FAILURE;                                                                                                             \
      }                                                                                                                                  \
    }                                                                                                                                    \
    if (!imclassThrown)                                                                                                                  \
    {                                                                                                                                    \
      std::cerr << __FILE__ << ":" << __LINE__ << ": expected an error from " #statement << std::endl;                                   \
      return EXIT_FAILURE;                                                                                                               \
    }                                                                                                                                    \
  } while (0)

#endif
