# Test inputs generated at test time (deterministic), shared by the tests as CTest fixtures.
set(IMCLASS_SCENE ${IMCLASS_TEST_OUT}/landslide_scene)
add_test(NAME imclassGenerateLandslideScene
  COMMAND ${IMCLASS_PYTHON} ${IMCLASS_TEST_DATA}/make_landslide_scene.py ${IMCLASS_SCENE} --seed 42 --size 200)
set_tests_properties(imclassGenerateLandslideScene PROPERTIES FIXTURES_SETUP LandslideScene LABELS OTBImclass)

# A Sentinel-1-like pair over a 300 x 300 landslide scene (data/make_sar_scene.py: the optical
# files of make_landslide_scene.py too).
set(IMCLASS_SAR_SCENE ${IMCLASS_TEST_OUT}/sar_scene)
add_test(NAME imclassGenerateSarScene
  COMMAND ${IMCLASS_PYTHON} ${IMCLASS_TEST_DATA}/make_sar_scene.py ${IMCLASS_SAR_SCENE} --seed 42 --size 300)
set_tests_properties(imclassGenerateSarScene PROPERTIES FIXTURES_SETUP SarScene LABELS OTBImclass)

# Real scenes that Debian packages ship (r-cran-stars, r-cran-satellite), see data/get-debian-data.sh.
set(IMCLASS_DEBIAN_DATA ${CMAKE_BINARY_DIR}/debian-data)
add_test(NAME imclassGetDebianData
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/../data/get-debian-data.sh ${IMCLASS_DEBIAN_DATA})
set_tests_properties(imclassGetDebianData PROPERTIES FIXTURES_SETUP DebianData LABELS OTBImclass)

# A year of monthly Sentinel-2-like dates over vineyards, grassland, crops and forest, with clouds.
set(IMCLASS_PHENOLOGY_SCENE ${IMCLASS_TEST_OUT}/phenology_scene)
add_test(NAME imclassGeneratePhenologyScene
  COMMAND ${IMCLASS_PYTHON} ${IMCLASS_TEST_DATA}/make_phenology_scene.py ${IMCLASS_PHENOLOGY_SCENE} --seed 7 --size 200)
set_tests_properties(imclassGeneratePhenologyScene PROPERTIES FIXTURES_SETUP PhenologyScene LABELS OTBImclass)
