# ImclassChangeFeatures: change catalogue unit test (hand-derived values) and application checks
# against independent computations (numpy, BandMath, Superimpose, HaralickTextureExtraction).
otb_add_test(NAME imclassChangeCatalogue COMMAND otbImclassTestDriver otbImclassChangeCatalogueTest)

set(IMCLASS_CHANGE_CHECK ${CMAKE_CURRENT_SOURCE_DIR}/change_check.py)
macro(imclass_change_check name fixture)
  add_test(NAME ${name} COMMAND ${IMCLASS_PYTHON} ${IMCLASS_CHANGE_CHECK} ${ARGN})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED ${fixture} LABELS OTBImclass
    ENVIRONMENT "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications")
endmacro()

set(_out ${IMCLASS_TEST_OUT}/change)
# Applications do not create directories: tests may run in any order.
file(MAKE_DIRECTORY ${_out})
set(_pair ${IMCLASS_DEBIAN_DATA}/l7_2001.tif ${IMCLASS_DEBIAN_DATA}/l8_2013.tif)
imclass_change_check(imclassChangeLandsat7Landsat8Pair DebianData pair ${_out}/pair ${_pair})
imclass_change_check(imclassChangeReprojectedVsSuperimpose DebianData warped ${_out}/warped ${_pair})
imclass_change_check(imclassChangeSameWhateverThreads DebianData threads ${_out}/threads ${_pair})
imclass_change_check(imclassChangeBadInput DebianData errors ${_out}/errors ${_pair})
imclass_change_check(imclassChangeDecimatedStatistics DebianData decimated ${_out}/decimated)
imclass_change_check(imclassChangeLandsat8Sentinel2 LandslideScene
  l8s2 ${_out}/l8s2 ${IMCLASS_SCENE}/pre.tif ${IMCLASS_SCENE}/post.tif)
imclass_change_check(imclassChangeMasksCombine LandslideScene
  masks ${_out}/masks ${IMCLASS_SCENE}/pre.tif ${IMCLASS_SCENE}/post.tif ${IMCLASS_SCENE}/post_mask.tif)
