# Builds consumer.c against the installed tree with nothing but pkg-config
# and the C compiler, then runs it. Cross builds pass their EMULATOR, the
# executable SUFFIX, CFLAGS (a cross clang's --target) and LDFLAGS (a static
# link for QEMU user mode); STATIC
# when the installed library is static (pkg-config --static adds
# Libs.private).
find_program(PKG_CONFIG pkg-config)
if(NOT PKG_CONFIG)
  message(FATAL_ERROR "pkg-config not found (apt-get install pkg-config)")
endif()
file(GLOB_RECURSE pc_files "${PREFIX}/*/adjeq.pc")
list(GET pc_files 0 pc_file)
get_filename_component(pc_dir "${pc_file}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} "${pc_dir}")
set(static_flag "")
if(STATIC)
  set(static_flag --static)
endif()
execute_process(COMMAND ${PKG_CONFIG} ${static_flag} --cflags --libs adjeq
  OUTPUT_VARIABLE flags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "pkg-config --cflags --libs adjeq failed")
endif()
message(STATUS "pkg-config: ${flags}")
separate_arguments(flag_list UNIX_COMMAND "${flags}")
file(MAKE_DIRECTORY "${WORK}")
separate_arguments(cflag_list UNIX_COMMAND "${CFLAGS}")
separate_arguments(ldflag_list UNIX_COMMAND "${LDFLAGS}")
execute_process(COMMAND ${CC} ${cflag_list} ${SOURCE} ${flag_list} ${ldflag_list} -o ${WORK}/consumer${SUFFIX}
  RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "compiling against pkg-config flags failed")
endif()
# A shared build needs the library path at run time.
string(REGEX MATCH "-L([^ ]+)" _ "${flags}")
set(ENV{LD_LIBRARY_PATH} "${CMAKE_MATCH_1}")
execute_process(COMMAND ${EMULATOR} ${WORK}/consumer${SUFFIX} RESULT_VARIABLE rc)
if(rc)
  message(FATAL_ERROR "pkg-config consumer failed")
endif()
