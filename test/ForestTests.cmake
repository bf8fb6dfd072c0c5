# ImCLASS's Random Forest trainer: OpenCV's votes on the model file, the partition of the training
# samples by the thresholds, thread invariance, bad input; accuracy against scikit-learn.
otb_add_test(NAME imclassForestTrainerVsOpenCvVotes COMMAND otbImclassTestDriver otbImclassForestTrainerOpenCvTest ${IMCLASS_TEST_OUT})
otb_add_test(NAME imclassForestTrainerPartition COMMAND otbImclassTestDriver otbImclassForestTrainerPartitionTest)
otb_add_test(NAME imclassForestTrainerSameWhateverThreads COMMAND otbImclassTestDriver otbImclassForestTrainerThreadsTest ${IMCLASS_TEST_OUT})
otb_add_test(NAME imclassForestTrainerBadInput COMMAND otbImclassTestDriver otbImclassForestTrainerErrorsTest)
add_test(NAME imclassForestTrainerVsScikitLearn
  COMMAND ${IMCLASS_PYTHON} ${CMAKE_CURRENT_SOURCE_DIR}/forest_check.py $<TARGET_FILE:imclassForestRun> ${IMCLASS_TEST_OUT}/forest)
set_tests_properties(imclassForestTrainerVsScikitLearn PROPERTIES LABELS OTBImclass)
