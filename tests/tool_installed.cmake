# Checks an installed tree (cmake -P): the tool runs and counts, the man page
# is where man(1) looks.
foreach(var PREFIX BINDIR MANDIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "tool_installed.cmake: ${var} not set")
  endif()
endforeach()
# SUFFIX: CMAKE_EXECUTABLE_SUFFIX (.exe on Windows).
set(tool ${PREFIX}/${BINDIR}/adjeq${SUFFIX})
set(man ${PREFIX}/${MANDIR}/man1/adjeq.1)
if(NOT EXISTS ${man})
  message(FATAL_ERROR "man page not installed: ${man}")
endif()
file(WRITE ${PREFIX}/tool-input.txt "aabbbc")
# EMULATOR: a cross build's CMAKE_CROSSCOMPILING_EMULATOR (empty natively).
execute_process(COMMAND ${EMULATOR} ${tool} ${PREFIX}/tool-input.txt
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
string(REPLACE "\r\n" "\n" out "${out}") # Windows text-mode output
if(NOT rc EQUAL 0 OR NOT out STREQUAL "3 ${PREFIX}/tool-input.txt\n")
  message(FATAL_ERROR "installed tool: exit ${rc}, output '${out}', errors '${err}'")
endif()
message(STATUS "installed tool and man page ok")
