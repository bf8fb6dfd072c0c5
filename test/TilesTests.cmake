# imclass-run in tiles (imclass_tiles.py): the maps of the run in one piece, on this machine and
# through a real single-node SLURM cluster; the recipes with the widest margins; many scenes; a time series.
set(_imclass_tiles ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/tiles_check.py)
set(_imclass_run ${CMAKE_CURRENT_SOURCE_DIR}/../scripts/imclass-run)
add_test(NAME imclassTilesBaseline COMMAND ${_imclass_tiles} baseline ${_imclass_run} ${IMCLASS_SCENE} ${IMCLASS_TEST_OUT}/tiles)
set_tests_properties(imclassTilesBaseline PROPERTIES FIXTURES_REQUIRED LandslideScene FIXTURES_SETUP TilesBaseline)
foreach(_case local recipes scenes slurm)
  add_test(NAME imclassTiles_${_case} COMMAND ${_imclass_tiles} ${_case} ${_imclass_run} ${IMCLASS_SCENE} ${IMCLASS_TEST_OUT}/tiles)
  set_tests_properties(imclassTiles_${_case} PROPERTIES FIXTURES_REQUIRED "LandslideScene;TilesBaseline")
endforeach()
set_tests_properties(imclassTiles_slurm PROPERTIES SKIP_RETURN_CODE 77)
add_test(NAME imclassTiles_series COMMAND ${_imclass_tiles} series ${_imclass_run} ${IMCLASS_PHENOLOGY_SCENE} ${IMCLASS_TEST_OUT}/tiles)
set_tests_properties(imclassTiles_series PROPERTIES FIXTURES_REQUIRED PhenologyScene)
set_tests_properties(imclassTilesBaseline imclassTiles_local imclassTiles_recipes imclassTiles_scenes imclassTiles_slurm imclassTiles_series PROPERTIES
  LABELS OTBImclass ENVIRONMENT "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications")
