# ImCLASS as a hostile user meets it (test/reliability_check.py): one test per family of bad input
# or fault, each case asserting the exit code, the message and what is left on disk.
foreach(_family inputs bands grids polygons rasters models outputs disk values signals determinism run)
  add_test(NAME imclassReliability_${_family}
    COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/reliability_check.py ${_family} ${IMCLASS_TEST_OUT}/reliability ${IMCLASS_SCENE}
            ${IMCLASS_DEBIAN_DATA} ${CMAKE_CURRENT_SOURCE_DIR}/../scripts/imclass-run)
  set_tests_properties(imclassReliability_${_family} PROPERTIES FIXTURES_REQUIRED "LandslideScene;DebianData" LABELS OTBImclass
    ENVIRONMENT "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications")
endforeach()
