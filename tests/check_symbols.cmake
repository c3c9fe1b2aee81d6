# cmake -DNM=<nm> -DLIBRARY=<libadjeq.so> -P check_symbols.cmake
# Fails unless every symbol the shared library defines for export starts with
# adjeq_: anything else can clash with a symbol of the program embedding it.
execute_process(COMMAND ${NM} -D --defined-only ${LIBRARY}
  OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NM} -D --defined-only ${LIBRARY} failed (${rc})")
endif()
string(REPLACE "\n" ";" lines "${out}")
set(good 0)
set(bad "")
foreach(line IN LISTS lines)
  # "<address> <type> <name>[@version]"
  if(line MATCHES "^[0-9a-fA-F]* *[A-Za-z] +([^ @]+)")
    set(name ${CMAKE_MATCH_1})
    if(name MATCHES "^adjeq_")
      math(EXPR good "${good} + 1")
    else()
      list(APPEND bad ${name})
    endif()
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "exported without the adjeq_ prefix: ${bad}")
endif()
if(good EQUAL 0)
  message(FATAL_ERROR "no adjeq_ symbols found: is ${LIBRARY} the library?")
endif()
message(STATUS "${good} exported symbols, all adjeq_")
