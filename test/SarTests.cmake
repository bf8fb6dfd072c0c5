# SAR: catalogue unit test (hand-derived values), change features against OTB's Lee and MeanRatio
# filters, application checks against otbcli_Despeckle, HaralickTextureExtraction, BandMath,
# Superimpose and numpy (test/sar_check.py), thread invariance, and the chain's accuracy on a
# generated Sentinel-1-like scene with speckle of known looks (test/sar_run_check.py).
otb_add_test(NAME imclassSarCatalogue COMMAND otbImclassTestDriver otbImclassSarCatalogueTest)

# Real SAR samples (OTB's example data: an ERS pair, a RADARSAT-2 quad-pol extract) where they
# are; the tests that read them are skipped elsewhere.
set(IMCLASS_SAR_DATA ${CMAKE_CURRENT_SOURCE_DIR}/../../shared/data/sar CACHE PATH "Directory of the ERS and RADARSAT-2 samples")

otb_add_test(NAME imclassSarChangeVsOtbFiltersGenerated
  COMMAND otbImclassTestDriver otbImclassSarChangeVsOtbTest "${IMCLASS_SAR_SCENE}/s1_pre.tif?&bands=1" "${IMCLASS_SAR_SCENE}/s1_post.tif?&bands=1" 2 4.4)
set_tests_properties(imclassSarChangeVsOtbFiltersGenerated PROPERTIES FIXTURES_REQUIRED SarScene)
# OTB's test driver turns a skip code into a failure: without the pair, the test says why and skips.
if(EXISTS ${IMCLASS_SAR_DATA}/ERSBefore.png AND EXISTS ${IMCLASS_SAR_DATA}/ERSAfter.png)
  otb_add_test(NAME imclassSarChangeVsOtbFiltersErs
    COMMAND otbImclassTestDriver otbImclassSarChangeVsOtbTest "${IMCLASS_SAR_DATA}/ERSBefore.png?&bands=1" "${IMCLASS_SAR_DATA}/ERSAfter.png?&bands=1" 3 1)
else()
  add_test(NAME imclassSarChangeVsOtbFiltersErs
    COMMAND sh -c "echo 'no ERS pair in ${IMCLASS_SAR_DATA} (IMCLASS_SAR_DATA): skipped'; exit 77")
  set_tests_properties(imclassSarChangeVsOtbFiltersErs PROPERTIES SKIP_RETURN_CODE 77 LABELS OTBImclass)
endif()

set(_sar_out ${IMCLASS_TEST_OUT}/sar)
# Applications do not create directories: tests may run in any order.
file(MAKE_DIRECTORY ${_sar_out})
set(_sar_env "OTB_APPLICATION_PATH=${CMAKE_BINARY_DIR}/lib/otb/applications")
macro(imclass_sar_check name)
  add_test(NAME imclassSar_${name} COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/sar_check.py ${name} ${_sar_out}/${name} ${ARGN})
  set_tests_properties(imclassSar_${name} PROPERTIES FIXTURES_REQUIRED SarScene ENVIRONMENT "${_sar_env}" LABELS OTBImclass SKIP_RETURN_CODE 77)
endmacro()
imclass_sar_check(despeckle ${IMCLASS_SAR_SCENE}/s1_pre.tif)
imclass_sar_check(units ${IMCLASS_SAR_SCENE}/s1_pre.tif)
imclass_sar_check(textures ${IMCLASS_SAR_SCENE}/s1_pre.tif)
imclass_sar_check(change ${IMCLASS_SAR_SCENE}/s1_pre.tif ${IMCLASS_SAR_SCENE}/s1_post.tif)
imclass_sar_check(grids ${IMCLASS_SAR_SCENE}/pre.tif ${IMCLASS_SAR_SCENE}/s1_pre.tif ${IMCLASS_SAR_SCENE}/s1_post.tif)
imclass_sar_check(nodata ${IMCLASS_SAR_SCENE}/s1_pre.tif)
imclass_sar_check(errors ${IMCLASS_SAR_SCENE}/s1_pre.tif ${IMCLASS_SAR_SCENE}/pre.tif)
imclass_sar_check(real ${IMCLASS_SAR_DATA})

# The same SAR change stack whatever the threads and the streaming (1 thread in small blocks, 2
# threads in one block): speckle filters, mean-ratios and textures.
set(_sar_pair -pre ${IMCLASS_SAR_SCENE}/s1_pre.tif -post ${IMCLASS_SAR_SCENE}/s1_post.tif -presensor s1 -postsensor s1 -sar.filter gammamap)
otb_test_application(NAME imclassSarChangeOneThreadSmallBlocks APP ImclassChangeFeatures
  OPTIONS ${_sar_pair} -ram 1 -out ${_sar_out}/threads1.tif
  TESTENVOPTIONS ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=1)
otb_test_application(NAME imclassSarChangeTwoThreads APP ImclassChangeFeatures
  OPTIONS ${_sar_pair} -out ${_sar_out}/threads2.tif
  TESTENVOPTIONS ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=2)
set_tests_properties(imclassSarChangeOneThreadSmallBlocks imclassSarChangeTwoThreads PROPERTIES
  FIXTURES_REQUIRED SarScene FIXTURES_SETUP SarThreads)
add_test(NAME imclassSarChangeSameWhateverThreads
  COMMAND otbTestDriver --compare-image 0 ${_sar_out}/threads1.tif ${_sar_out}/threads2.tif Execute true)
set_tests_properties(imclassSarChangeSameWhateverThreads PROPERTIES FIXTURES_REQUIRED SarThreads LABELS OTBImclass)

# imclass-run on the Sentinel-1 pair, and with the clear optical pre image: F1 against the truth.
add_test(NAME imclassSarRunAccuracy
  COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/sar_run_check.py ${CMAKE_CURRENT_SOURCE_DIR}/../scripts/imclass-run
          ${IMCLASS_SAR_SCENE} ${_sar_out}/run)
set_tests_properties(imclassSarRunAccuracy PROPERTIES FIXTURES_REQUIRED SarScene ENVIRONMENT "${_sar_env}" LABELS OTBImclass)
