# Generates QGIS descriptors for every ImCLASS application: <App>.txt and algs.txt in
# <build>/share/otb/description, installed into <prefix>/share/otb/description, where QGIS's
# OTB provider looks for them.
get_property(_imclass_apps GLOBAL PROPERTY IMCLASS_APPLICATIONS)
set(IMCLASS_QGIS_DIR ${CMAKE_BINARY_DIR}/share/otb/description)
set(_imclass_app_targets "")
foreach(_app IN LISTS _imclass_apps)
  list(APPEND _imclass_app_targets otbapp_${_app})
endforeach()

add_custom_command(
  OUTPUT ${IMCLASS_QGIS_DIR}/algs.txt
  COMMAND ${CMAKE_COMMAND}
    -DDESCRIPTOR_TOOL=$<TARGET_FILE:otbQgisDescriptor>
    -DAPP_DIR=${CMAKE_BINARY_DIR}/lib/otb/applications
    -DOUT_DIR=${IMCLASS_QGIS_DIR}
    "-DAPPS=${_imclass_apps}"
    -DUINT8_APPS=ImclassThreshold
    -P ${CMAKE_CURRENT_LIST_DIR}/ImclassRunQgisDescriptor.cmake
  DEPENDS ${_imclass_app_targets} ${CMAKE_CURRENT_LIST_DIR}/ImclassRunQgisDescriptor.cmake
  COMMENT "Generating QGIS descriptors for the ImCLASS applications"
  VERBATIM)
add_custom_target(imclass_qgis_descriptors ALL DEPENDS ${IMCLASS_QGIS_DIR}/algs.txt)
install(DIRECTORY ${IMCLASS_QGIS_DIR}/ DESTINATION share/otb/description COMPONENT Runtime)
