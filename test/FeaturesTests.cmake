# ImclassFeatures: catalogue unit test and application tests.
otb_add_test(NAME imclassFeatureCatalogue COMMAND otbImclassTestDriver otbImclassFeatureCatalogueTest)
