# ImclassPredict: the compact forest and the filter against OpenCV's votes, then the application
# on the landslide scene (checked pixel by pixel against OpenCV reading the model file itself),
# thread invariance, percent output and bad input.
otb_add_test(NAME imclassForestVsOpenCvVotes COMMAND otbImclassTestDriver otbImclassCompactForestTest)
otb_add_test(NAME imclassPredictFilterVsOpenCvVotes COMMAND otbImclassTestDriver otbImclassPredictProbabilityFilterTest)

set(_predict_out ${IMCLASS_TEST_OUT}/predict)
file(MAKE_DIRECTORY ${_predict_out})
set(_predict_env "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications")
set(_stacks ${_predict_out}/post_features.tif ${_predict_out}/topo_features.tif)

# Two named stacks of different lengths (so that swapping them changes the feature order) and a
# model learnt from them and the truth raster.
otb_test_application(NAME imclassPredictPostStack APP ImclassFeatures
  OPTIONS -in ${IMCLASS_SCENE}/post.tif -sensor s2 -texture none -out ${_predict_out}/post_features.tif)
otb_test_application(NAME imclassPredictTopoStack APP ImclassTopo
  OPTIONS -in ${IMCLASS_SCENE}/post.tif -dem ${IMCLASS_SCENE}/dem.tif -attributes elevation slope -scales 1 -out ${_predict_out}/topo_features.tif)
set_tests_properties(imclassPredictPostStack imclassPredictTopoStack PROPERTIES
  FIXTURES_REQUIRED LandslideScene FIXTURES_SETUP PredictStacks)
add_test(NAME imclassPredictTrainModel
  COMMAND otbImclassTestDriver otbImclassPredictTrainTestModel ${_predict_out}/model.yaml ${IMCLASS_SCENE}/truth.tif 30 12
    ${_stacks})
set_tests_properties(imclassPredictTrainModel PROPERTIES
  FIXTURES_REQUIRED "LandslideScene;PredictStacks" FIXTURES_SETUP PredictModel LABELS OTBImclass)

set(_predict_inputs -il ${_stacks} -model ${_predict_out}/model.yaml -mask ${IMCLASS_SCENE}/post_mask.tif)
foreach(_threads 1 2)
  otb_test_application(NAME imclassPredictThreads${_threads} APP ImclassPredict
    OPTIONS ${_predict_inputs} -out ${_predict_out}/probability_threads${_threads}.tif
    TESTENVOPTIONS ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=${_threads})
  set_tests_properties(imclassPredictThreads${_threads} PROPERTIES
    FIXTURES_REQUIRED "LandslideScene;PredictModel" FIXTURES_SETUP PredictMaps)
endforeach()
# Percent output, streamed in many small tiles (-ram 1).
otb_test_application(NAME imclassPredictPercent APP ImclassPredict
  OPTIONS ${_predict_inputs} -ram 1 -out ${_predict_out}/probability_percent.tif uint8)
set_tests_properties(imclassPredictPercent PROPERTIES
  FIXTURES_REQUIRED "LandslideScene;PredictModel" FIXTURES_SETUP PredictMaps)

add_test(NAME imclassPredictMapVsOpenCvVotes
  COMMAND otbImclassTestDriver otbImclassPredictAppTest ${_predict_out}/probability_threads2.tif float
    ${_predict_out}/model.yaml ${IMCLASS_SCENE}/post_mask.tif ${_stacks})
add_test(NAME imclassPredictPercentVsOpenCvVotes
  COMMAND otbImclassTestDriver otbImclassPredictAppTest ${_predict_out}/probability_percent.tif percent
    ${_predict_out}/model.yaml ${IMCLASS_SCENE}/post_mask.tif ${_stacks})
add_test(NAME imclassPredictSameWhateverThreads
  COMMAND otbTestDriver --compare-image 0 ${_predict_out}/probability_threads1.tif ${_predict_out}/probability_threads2.tif Execute true)
set_tests_properties(imclassPredictMapVsOpenCvVotes imclassPredictPercentVsOpenCvVotes imclassPredictSameWhateverThreads
  PROPERTIES FIXTURES_REQUIRED "LandslideScene;PredictModel;PredictMaps" LABELS OTBImclass)

add_test(NAME imclassPredictBadInput
  COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/predict_errors.py ${_predict_out}
    ${_predict_out}/model.yaml ${_stacks} ${IMCLASS_SCENE}/dem.tif)
set_tests_properties(imclassPredictBadInput PROPERTIES
  FIXTURES_REQUIRED "LandslideScene;PredictModel" ENVIRONMENT "${_predict_env}" LABELS OTBImclass)

# Fused mode: the raw images and the model's recipes give the two-step chain's map to the last bit.
add_test(NAME imclassPredictFusedEqualsTwoSteps
  COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/fused_check.py ${_predict_out}/fused ${IMCLASS_SCENE} ${IMCLASS_DEBIAN_DATA} ${IMCLASS_SAR_SCENE})
set_tests_properties(imclassPredictFusedEqualsTwoSteps PROPERTIES
  FIXTURES_REQUIRED "LandslideScene;DebianData;SarScene" ENVIRONMENT "${_predict_env}" LABELS OTBImclass)
