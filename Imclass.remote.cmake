# ImCLASS as a remote module of an OTB source tree: copy this file into OTB's Modules/Remote and
# configure OTB with -DModule_OTBImclass=ON -DIMCLASS_GIT_REPOSITORY=<URL or path of an ImCLASS
# clone>; OTB's build fetches ImCLASS at IMCLASS_GIT_TAG into Modules/Remote/OTBImclass and builds
# it with the other modules.
set(IMCLASS_GIT_REPOSITORY "" CACHE STRING "Git repository of ImCLASS: a URL, or the path of a local clone")
set(IMCLASS_GIT_TAG "main" CACHE STRING "Branch, tag or commit of ImCLASS to build")

otb_fetch_module(OTBImclass
  "ImCLASS maps one thematic class (landslides, construction works, vineyards...) in satellite
images from a few hundred sample polygons: streamed feature stacks (bands, indices, Haralick
textures, change features, topography), a mono-class Random Forest cross-validated by polygons and
spatial blocks, a streamed probability map, and the threshold, binary map, polygons and honest
accuracy report an analyst needs."
  GIT_REPOSITORY ${IMCLASS_GIT_REPOSITORY}
  GIT_TAG ${IMCLASS_GIT_TAG}
)
