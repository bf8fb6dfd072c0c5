#include "otbTestMain.h"

void RegisterTests()
{
  REGISTER_TEST(otbImclassFeatureCatalogueTest);
}
