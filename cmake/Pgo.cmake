# cmake/Pgo.cmake - profile-guided optimisation of the interpreter (option AIO_PGO).
# A computed-goto interpreter loop depends on branch layout and on which helpers
# are inlined far more than ordinary code; GCC decides both well only when it
# knows the hot paths. So this build first builds the same sources instrumented
# (-fprofile-generate, in pgo-train/), runs the training programs of
# bench/programs with it, copies the profiles (one .gcda per object file, same
# relative path) beside this build's object files, and compiles the library and
# the command with -fprofile-use. Functions the training never ran are
# optimised as usual (-fprofile-partial-training), not for size.
# Cost: every source is compiled twice; an edit rebuilds everything (the
# profile of every object changes). Development builds leave AIO_PGO off.
include(ExternalProject)

set(AIO_PGO_TRAIN_DIR ${CMAKE_BINARY_DIR}/pgo-train)
set(AIO_PGO_STAMP ${CMAKE_BINARY_DIR}/pgo-profile.stamp)
file(GLOB AIO_PGO_PROGRAMS CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/bench/programs/*.py)

ExternalProject_Add(aio_pgo_instrumented
  SOURCE_DIR ${CMAKE_SOURCE_DIR}
  BINARY_DIR ${AIO_PGO_TRAIN_DIR}
  CMAKE_ARGS -DCMAKE_BUILD_TYPE=Release -DAIO_PGO=OFF -DAIO_TESTS=OFF
             -DCMAKE_CXX_COMPILER=${CMAKE_CXX_COMPILER}
             "-DCMAKE_CXX_FLAGS=-fprofile-generate -fprofile-update=prefer-atomic"
             -DCMAKE_EXE_LINKER_FLAGS=-fprofile-generate
  BUILD_COMMAND ${CMAKE_COMMAND} --build <BINARY_DIR> --target aio_cli
  BUILD_ALWAYS ON
  BUILD_BYPRODUCTS ${AIO_PGO_TRAIN_DIR}/aio
  INSTALL_COMMAND ""
  USES_TERMINAL_BUILD ON)

add_custom_command(
  OUTPUT ${AIO_PGO_STAMP}
  COMMAND ${CMAKE_COMMAND} -DTRAIN_DIR=${AIO_PGO_TRAIN_DIR} -DBUILD_DIR=${CMAKE_BINARY_DIR}
          "-DPROGRAMS=${AIO_PGO_PROGRAMS}" -DSTAMP=${AIO_PGO_STAMP}
          -P ${CMAKE_SOURCE_DIR}/cmake/PgoTrain.cmake
  DEPENDS ${AIO_PGO_TRAIN_DIR}/aio ${AIO_PGO_PROGRAMS} ${CMAKE_SOURCE_DIR}/cmake/PgoTrain.cmake
  COMMENT "Training the instrumented aio (profile-guided build)" VERBATIM)
add_custom_target(aio_pgo_profile DEPENDS ${AIO_PGO_STAMP})

# Every object of the library and the command is compiled with the profile, after
# it arrives and again whenever it changes. Generated sources (lexer, parser,
# embedded stdlib) are left out: their #line paths name the build directory, so
# the two builds' profiles never match them (GCC's coverage-mismatch error).
# The library's own sources are those of aio_objects (libaio adds only the
# generated stdlib code images).
foreach(target aio_objects aio_cli)
  add_dependencies(${target} aio_pgo_profile)
  get_target_property(sources ${target} SOURCES)
  foreach(src ${sources})
    if(src MATCHES "^${CMAKE_BINARY_DIR}/")
      continue()
    endif()
    set_property(SOURCE ${src} TARGET_DIRECTORY ${target} APPEND PROPERTY
                 COMPILE_OPTIONS -fprofile-use -fprofile-partial-training -Wno-missing-profile)
    set_property(SOURCE ${src} TARGET_DIRECTORY ${target} APPEND PROPERTY OBJECT_DEPENDS ${AIO_PGO_STAMP})
  endforeach()
endforeach()
