# imclass-serve: the active-learning ranking on its own, the HTTP API, and the page in headless
# Chromium driven by Selenium (exit 77, skipped, where Chromium cannot run).
add_test(NAME imclassActiveLearningRanking
  COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/active_check.py ${IMCLASS_TEST_OUT}/active)
add_test(NAME imclassServeApi
  COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/serve_api_check.py ${IMCLASS_SCENE} ${IMCLASS_TEST_OUT}/serve_api)
add_test(NAME imclassServeBrowser
  COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/serve_browser_check.py ${IMCLASS_SCENE} ${IMCLASS_TEST_OUT}/serve_browser)
set_tests_properties(imclassActiveLearningRanking PROPERTIES LABELS OTBImclass)
set_tests_properties(imclassServeApi imclassServeBrowser PROPERTIES FIXTURES_REQUIRED LandslideScene LABELS OTBImclass
  SKIP_RETURN_CODE 77 TIMEOUT 600 ENVIRONMENT "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications")
