# ImclassTrain and the model file it shares with ImclassPredict.
otb_add_test(NAME imclassModelFile COMMAND otbImclassTestDriver otbImclassModelTest ${IMCLASS_TEST_OUT})
otb_add_test(NAME imclassTrainSampling COMMAND otbImclassTestDriver otbImclassTrainSamplingTest)
otb_add_test(NAME imclassTrainVotes COMMAND otbImclassTestDriver otbImclassTrainVotesTest)
otb_add_test(NAME imclassClassPrior COMMAND otbImclassTestDriver otbImclassClassPriorTest)

# Application checks (test/train_check.py): GDAL rasterization of the polygons as oracle, runs
# under other threads, windows, stacks and CRS, bad input.
set(IMCLASS_TRAIN_CHECK ${CMAKE_CURRENT_SOURCE_DIR}/train_check.py)
set(_train_out ${IMCLASS_TEST_OUT}/train)
foreach(_check scene reproducible stacks modes unlabelled errors)
  add_test(NAME imclassTrain_${_check} COMMAND ${IMCLASS_PYTHON} ${IMCLASS_TRAIN_CHECK} ${_check} ${_train_out} ${IMCLASS_SCENE})
  set_tests_properties(imclassTrain_${_check} PROPERTIES FIXTURES_REQUIRED LandslideScene
    ENVIRONMENT "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications" LABELS OTBImclass)
endforeach()
add_test(NAME imclassTrain_olinda COMMAND ${IMCLASS_PYTHON} ${IMCLASS_TRAIN_CHECK} olinda ${_train_out} ${IMCLASS_DEBIAN_DATA}
  ${IMCLASS_TEST_DATA}/train_olinda_urban.gpkg)
set_tests_properties(imclassTrain_olinda PROPERTIES FIXTURES_REQUIRED DebianData
  ENVIRONMENT "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications" LABELS OTBImclass)
