# ImclassSeriesFeatures: application checks against numpy, interpolation by hand and Superimpose;
# the time-series chain on the generated phenology scene, against the mono-date chain.
set(IMCLASS_SERIES_CHECK ${CMAKE_CURRENT_SOURCE_DIR}/series_check.py)
macro(imclass_series_check name check)
  add_test(NAME ${name} COMMAND ${IMCLASS_PYTHON} ${IMCLASS_SERIES_CHECK} ${check} ${IMCLASS_TEST_OUT}/series/${check})
  set_tests_properties(${name} PROPERTIES LABELS OTBImclass ENVIRONMENT "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications")
endmacro()
imclass_series_check(imclassSeriesFeaturesVsNumpy features)
imclass_series_check(imclassSeriesDatesFromMetadata metadata)
imclass_series_check(imclassSeriesMixedSensors sensors)
imclass_series_check(imclassSeriesGridsVsSuperimpose grids)
imclass_series_check(imclassSeriesSameWhateverThreads threads)
imclass_series_check(imclassSeriesSentinel1 sar)
imclass_series_check(imclassSeriesBadInput errors)

add_test(NAME imclassRunSeriesPhenology
  COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/phenology_check.py ${CMAKE_CURRENT_SOURCE_DIR}/../scripts/imclass-run
          ${IMCLASS_PHENOLOGY_SCENE} ${IMCLASS_TEST_OUT}/phenology)
set_tests_properties(imclassRunSeriesPhenology PROPERTIES FIXTURES_REQUIRED PhenologyScene LABELS OTBImclass
  ENVIRONMENT "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications")
