# ImclassFeatures: catalogue unit test and application tests against independent computations.
otb_add_test(NAME imclassFeatureCatalogue COMMAND otbImclassTestDriver otbImclassFeatureCatalogueTest)

set(IMCLASS_FEATURES_CHECK ${CMAKE_CURRENT_SOURCE_DIR}/features_check.py)
set(IMCLASS_APP_ENV "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications")

macro(imclass_features_check name fixture)
  add_test(NAME ${name} COMMAND ${IMCLASS_PYTHON} ${IMCLASS_FEATURES_CHECK} ${ARGN})
  set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED ${fixture} ENVIRONMENT "${IMCLASS_APP_ENV}" LABELS OTBImclass)
endmacro()

set(_out ${IMCLASS_TEST_OUT}/features)
# Applications do not create directories: tests may run in any order.
file(MAKE_DIRECTORY ${_out})
imclass_features_check(imclassFeaturesIndicesVsRadiometricIndices DebianData
  oracle-indices ${_out} ${IMCLASS_DEBIAN_DATA}/l7_etms.tif)
imclass_features_check(imclassFeaturesSimpleTexturesVsHaralick DebianData
  oracle-textures ${_out} ${IMCLASS_DEBIAN_DATA}/l7_etms.tif simple)
imclass_features_check(imclassFeaturesAdvancedTexturesVsHaralick DebianData
  oracle-textures ${_out} ${IMCLASS_DEBIAN_DATA}/l7_etms.tif advanced)
imclass_features_check(imclassFeaturesRobustTextureRange DebianData
  robust-range ${_out} ${IMCLASS_DEBIAN_DATA}/l7_etms.tif)
imclass_features_check(imclassFeaturesSceneMaskAndNames LandslideScene
  scene ${_out} ${IMCLASS_SCENE}/post.tif ${IMCLASS_SCENE}/post_mask.tif)
imclass_features_check(imclassFeaturesPanSharpenedMode LandslideScene
  pan ${_out} ${IMCLASS_SCENE}/post.tif)
imclass_features_check(imclassFeaturesBadInput LandslideScene
  errors ${_out} ${IMCLASS_SCENE}/post.tif)

# The same stack whatever the number of threads and the streaming (1 thread in many small
# blocks against 2 threads in one block), the streamed texture range included.
otb_test_application(NAME imclassFeaturesOneThreadSmallBlocks
  APP ImclassFeatures
  OPTIONS -in ${IMCLASS_SCENE}/post.tif -sensor s2 -texture all -ram 1 -out ${_out}/threads1.tif)
set_tests_properties(imclassFeaturesOneThreadSmallBlocks PROPERTIES ENVIRONMENT "ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=1"
  FIXTURES_REQUIRED LandslideScene FIXTURES_SETUP FeaturesThreads)
otb_test_application(NAME imclassFeaturesTwoThreads
  APP ImclassFeatures
  OPTIONS -in ${IMCLASS_SCENE}/post.tif -sensor s2 -texture all -out ${_out}/threads2.tif)
set_tests_properties(imclassFeaturesTwoThreads PROPERTIES ENVIRONMENT "ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=2"
  FIXTURES_REQUIRED LandslideScene FIXTURES_SETUP FeaturesThreads)
add_test(NAME imclassFeaturesSameWhateverThreads
  COMMAND otbTestDriver --compare-image 0 ${_out}/threads1.tif ${_out}/threads2.tif Execute true)
set_tests_properties(imclassFeaturesSameWhateverThreads PROPERTIES FIXTURES_REQUIRED FeaturesThreads LABELS OTBImclass)
