# ImclassTopo: unit tests of the filters, analytic surfaces, gdaldem on a real DEM, SRTM tiles.
otb_add_test(NAME imclassTopoFilters COMMAND otbImclassTestDriver otbImclassTopoFiltersTest)

set(IMCLASS_TOPO_CHECK ${CMAKE_CURRENT_SOURCE_DIR}/topo_check.py)
set(_topo_out ${IMCLASS_TEST_OUT}/topo)
# Applications do not create directories: tests may run in any order.
file(MAKE_DIRECTORY ${_topo_out})

macro(imclass_topo_check name)
  add_test(NAME ${name} COMMAND ${IMCLASS_PYTHON} ${IMCLASS_TOPO_CHECK} ${ARGN})
  set_tests_properties(${name} PROPERTIES ENVIRONMENT "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications"
    LABELS OTBImclass)
endmacro()

imclass_topo_check(imclassTopoPlaneProjected plane-projected ${_topo_out})
imclass_topo_check(imclassTopoPlaneGeographic plane-geographic ${_topo_out})
imclass_topo_check(imclassTopoPlaneReprojected plane-reprojected ${_topo_out})
imclass_topo_check(imclassTopoParaboloid paraboloid ${_topo_out})
imclass_topo_check(imclassTopoSrtmDirectory elev-dir ${_topo_out})
imclass_topo_check(imclassTopoVsGdaldem gdaldem ${_topo_out} ${IMCLASS_DEBIAN_DATA}/olinda_dem.tif)
set_tests_properties(imclassTopoVsGdaldem PROPERTIES FIXTURES_REQUIRED DebianData)
imclass_topo_check(imclassTopoBadInput errors ${_topo_out} ${IMCLASS_SCENE})
set_tests_properties(imclassTopoBadInput PROPERTIES FIXTURES_REQUIRED LandslideScene)

# The same stack whatever the threads and the streaming: 1 thread in small blocks (-ram 1 splits
# the scene into about 12 strips, so every scale is computed tile by tile) against 2 threads in
# one block.
otb_test_application(NAME imclassTopoOneThreadSmallBlocks
  APP ImclassTopo
  OPTIONS -in ${IMCLASS_SCENE}/post.tif -dem ${IMCLASS_SCENE}/dem.tif -ram 1 -out ${_topo_out}/threads1.tif)
set_tests_properties(imclassTopoOneThreadSmallBlocks PROPERTIES ENVIRONMENT "ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=1"
  FIXTURES_REQUIRED LandslideScene FIXTURES_SETUP TopoThreads)
otb_test_application(NAME imclassTopoTwoThreads
  APP ImclassTopo
  OPTIONS -in ${IMCLASS_SCENE}/post.tif -dem ${IMCLASS_SCENE}/dem.tif -out ${_topo_out}/threads2.tif)
set_tests_properties(imclassTopoTwoThreads PROPERTIES ENVIRONMENT "ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=2"
  FIXTURES_REQUIRED LandslideScene FIXTURES_SETUP TopoThreads)
add_test(NAME imclassTopoSameWhateverThreads
  COMMAND otbTestDriver --compare-image 0 ${_topo_out}/threads1.tif ${_topo_out}/threads2.tif Execute true)
set_tests_properties(imclassTopoSameWhateverThreads PROPERTIES FIXTURES_REQUIRED TopoThreads LABELS OTBImclass)
