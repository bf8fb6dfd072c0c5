# The applications through OTB's C++ application API (what OTB's Python module wraps): the chain
# chained in memory equals the chain through files; parameter labels are unique.
set(_api_out ${IMCLASS_TEST_OUT}/api)
file(MAKE_DIRECTORY ${_api_out})
otb_add_test(NAME imclassInMemoryChainEqualsFiles
  COMMAND otbImclassTestDriver otbImclassInMemoryChainTest ${CMAKE_BINARY_DIR}/lib/otb/applications ${IMCLASS_SCENE} ${_api_out})
set_tests_properties(imclassInMemoryChainEqualsFiles PROPERTIES FIXTURES_REQUIRED LandslideScene)
otb_add_test(NAME imclassParameterLabelsUnique
  COMMAND otbImclassTestDriver otbImclassParameterLabelsTest ${CMAKE_BINARY_DIR}/lib/otb/applications)

# Output types and formats follow the user (pixel types of stacks, vector formats by extension).
add_test(NAME imclassOutputFormats
  COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/formats_check.py ${IMCLASS_TEST_OUT}/formats ${IMCLASS_SCENE})
set_tests_properties(imclassOutputFormats PROPERTIES FIXTURES_REQUIRED LandslideScene LABELS OTBImclass
  ENVIRONMENT "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications")
