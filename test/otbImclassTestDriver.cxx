#include "otbTestMain.h"

void RegisterTests()
{
  REGISTER_TEST(otbImclassFeatureCatalogueTest);
  REGISTER_TEST(otbImclassModelTest);
}
