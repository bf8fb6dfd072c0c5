# imclass-run: the whole chain end to end on the generated landslide scene.
add_test(NAME imclassRunLandslideChain
  COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/run_check.py ${CMAKE_CURRENT_SOURCE_DIR}/../scripts/imclass-run
          ${IMCLASS_SCENE} ${IMCLASS_TEST_OUT}/run)
set_tests_properties(imclassRunLandslideChain PROPERTIES FIXTURES_REQUIRED LandslideScene LABELS OTBImclass
  ENVIRONMENT "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications")
