# ImclassTrain and the model file it shares with ImclassPredict.
otb_add_test(NAME imclassModelFile COMMAND otbImclassTestDriver otbImclassModelTest ${IMCLASS_TEST_OUT})
