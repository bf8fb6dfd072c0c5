# Script mode: runs otbQgisDescriptor for each application. algs.txt is appended to by the
# tool, so the directory is emptied first to keep the build idempotent.
file(REMOVE_RECURSE ${OUT_DIR})
file(MAKE_DIRECTORY ${OUT_DIR})
foreach(_app IN LISTS APPS)
  execute_process(
    COMMAND ${DESCRIPTOR_TOOL} ${_app} ${APP_DIR} ${OUT_DIR}/
    RESULT_VARIABLE _status
    OUTPUT_VARIABLE _out ERROR_VARIABLE _out)
  if(NOT _status EQUAL 0 OR NOT EXISTS ${OUT_DIR}/${_app}.txt)
    message(FATAL_ERROR "otbQgisDescriptor failed for ${_app}: ${_out}")
  endif()
endforeach()

# otbQgisDescriptor offers float as the default pixel type of every output image; QGIS users
# of the applications whose output is a class map (UINT8_APPS) get uint8 by default instead, as
# on the command line.
foreach(_app IN LISTS UINT8_APPS)
  file(READ ${OUT_DIR}/${_app}.txt _descriptor)
  string(REPLACE "|outputpixeltype|Output pixel type|uint8;int;float;double|False|2|"
                 "|outputpixeltype|Output pixel type|uint8;int;float;double|False|0|" _descriptor "${_descriptor}")
  file(WRITE ${OUT_DIR}/${_app}.txt "${_descriptor}")
endforeach()
