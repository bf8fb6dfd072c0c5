# HaralickTextureFilter: against OTB's texture filters in memory (C++), and against
# otbcli_HaralickTextureExtraction's files through a small command-line tool.
otb_add_test(NAME imclassHaralickTextureFilter
  COMMAND otbImclassTestDriver otbImclassHaralickTextureFilterTest ${IMCLASS_DEBIAN_DATA}/l7_etms.tif)
set_tests_properties(imclassHaralickTextureFilter PROPERTIES FIXTURES_REQUIRED DebianData)

# The filter as a command-line tool, run like the application (for the test below and the benchmark).
add_executable(otbImclassHaralickTextures otbImclassHaralickTextures.cxx)
target_link_libraries(otbImclassHaralickTextures ${OTBImclass-Test_LIBRARIES})
