# ImclassThreshold: curves, threshold and kappa by hand (unit test); the application on tiny maps
# computed by hand and checked against otbcli_ComputeConfusionMatrix; morphology against a numpy
# oracle and minimum area on a constructed map; areas on a geographic map vs UTM; the landslide scene against numpy and
# ComputeConfusionMatrix; thread invariance; bad input; the majority filter against numpy and
# ClassificationMapRegularization; the threshold of a model's cross-validation.
otb_add_test(NAME imclassThresholdCurvesByHand COMMAND otbImclassTestDriver otbImclassThresholdCurvesTest)

set(_threshold_out ${IMCLASS_TEST_OUT}/threshold)
set(_threshold_check ${CMAKE_CURRENT_SOURCE_DIR}/threshold_check.py)
set(_threshold_env "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications")

macro(imclass_threshold_check name mode)
  add_test(NAME ${name} COMMAND ${IMCLASS_PYTHON} ${_threshold_check} ${mode} ${_threshold_out}/${mode} ${ARGN})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "${_threshold_env}" LABELS OTBImclass)
endmacro()

imclass_threshold_check(imclassThresholdTinyByHandAndComputeConfusionMatrix tiny)
imclass_threshold_check(imclassThresholdMorphologyAndMinimumArea morphology)
imclass_threshold_check(imclassThresholdGeographicAreas geographic)
imclass_threshold_check(imclassThresholdBadInput errors)
imclass_threshold_check(imclassThresholdSceneVsNumpyAndComputeConfusionMatrix scene
  ${IMCLASS_SCENE}/truth.tif ${IMCLASS_SCENE}/samples.gpkg)
imclass_threshold_check(imclassThresholdSameWhateverThreads threads
  ${IMCLASS_SCENE}/truth.tif ${IMCLASS_SCENE}/samples.gpkg)
imclass_threshold_check(imclassThresholdMajorityVsNumpyAndClassificationMapRegularization majority
  ${IMCLASS_SCENE}/truth.tif ${IMCLASS_SCENE}/samples.gpkg)
imclass_threshold_check(imclassThresholdFromModelCrossValidation model
  ${IMCLASS_SCENE}/truth.tif ${IMCLASS_SCENE}/samples.gpkg)
set_tests_properties(imclassThresholdSceneVsNumpyAndComputeConfusionMatrix imclassThresholdSameWhateverThreads
  imclassThresholdMajorityVsNumpyAndClassificationMapRegularization imclassThresholdFromModelCrossValidation
  PROPERTIES FIXTURES_REQUIRED LandslideScene)
