#include "otbTestMain.h"

void RegisterTests()
{
  REGISTER_TEST(otbImclassFeatureCatalogueTest);
  REGISTER_TEST(otbImclassChangeCatalogueTest);
  REGISTER_TEST(otbImclassCompactForestTest);
  REGISTER_TEST(otbImclassForestTrainerOpenCvTest);
  REGISTER_TEST(otbImclassForestTrainerPartitionTest);
  REGISTER_TEST(otbImclassForestTrainerThreadsTest);
  REGISTER_TEST(otbImclassForestTrainerErrorsTest);
  REGISTER_TEST(otbImclassPredictProbabilityFilterTest);
  REGISTER_TEST(otbImclassPredictTrainTestModel);
  REGISTER_TEST(otbImclassPredictAppTest);
  REGISTER_TEST(otbImclassModelTest);
  REGISTER_TEST(otbImclassTrainSamplingTest);
  REGISTER_TEST(otbImclassTopoFiltersTest);
  REGISTER_TEST(otbImclassThresholdCurvesTest);
  REGISTER_TEST(otbImclassInMemoryChainTest);
  REGISTER_TEST(otbImclassParameterLabelsTest);
  REGISTER_TEST(otbImclassHaralickTextureFilterTest);
  REGISTER_TEST(otbImclassSarCatalogueTest);
  REGISTER_TEST(otbImclassSarChangeVsOtbTest);
}
