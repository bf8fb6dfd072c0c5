# HaralickTextureFilter: against OTB's texture filters in memory (C++), and against the files
# otbcli_HaralickTextureExtraction writes, through a small command-line tool.
otb_add_test(NAME imclassHaralickTextureFilter
  COMMAND otbImclassTestDriver otbImclassHaralickTextureFilterTest ${IMCLASS_DEBIAN_DATA}/l7_etms.tif)
set_tests_properties(imclassHaralickTextureFilter PROPERTIES FIXTURES_REQUIRED DebianData LABELS OTBImclass)

# The filter run like the application (band clamped, writer streaming within a RAM budget); also
# used by bench/bench-textures.sh.
add_executable(otbImclassHaralickTextures otbImclassHaralickTextures.cxx)
target_link_libraries(otbImclassHaralickTextures ${OTBImclass-Test_LIBRARIES})

add_test(NAME imclassHaralickTexturesVsApplication
  COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/textures_check.py $<TARGET_FILE:otbImclassHaralickTextures>
    ${IMCLASS_TEST_OUT}/textures ${IMCLASS_DEBIAN_DATA}/l7_etms.tif)
set_tests_properties(imclassHaralickTexturesVsApplication PROPERTIES FIXTURES_REQUIRED DebianData
  ENVIRONMENT "ITK_GLOBAL_DEFAULT_NUMBER_OF_THREADS=2" LABELS OTBImclass)
