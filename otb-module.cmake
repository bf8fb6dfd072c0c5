set(DOCUMENTATION "ImCLASS: mapping one thematic class (landslides, construction works, vineyards...) \
in optical satellite images from a few hundred sample polygons, with a mono-class Random Forest, \
streamed feature extraction, topographic attributes, honest validation and threshold selection.")

otb_module(OTBImclass
  ENABLE_SHARED
  DEPENDS
    OTBCommon
    OTBApplicationEngine
    OTBImageBase
    OTBImageIO
    OTBImageManipulation
    OTBIndices
    OTBTextures
    OTBStatistics
    OTBStreaming
    OTBGdalAdapters
    OTBProjection
    OTBTransform
    OTBPanSharpening
    OTBDEM
    OTBConversion
    OTBOpenCV
    OTBLearningBase
    OTBSupervised
    OTBImageNoise
    OTBChangeDetection
  TEST_DEPENDS
    OTBTestKernel
    OTBCommandLine
  DESCRIPTION
    "${DOCUMENTATION}"
)
