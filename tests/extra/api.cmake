# The embedding API's tests: tests/unit/api_*_test.cpp form their own executable,
# compiled WITHOUT the project's internal include paths, so they prove that the
# public header (include/aio/aio.hpp) is all a host needs. They are taken out of
# aio_unit_tests (which globs tests/unit/*.cpp) to avoid compiling them twice.
file(GLOB AIO_API_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/unit/api_*_test.cpp)
if(AIO_API_TESTS AND TARGET aio_unit_tests)
  get_target_property(_aio_unit_sources aio_unit_tests SOURCES)
  list(REMOVE_ITEM _aio_unit_sources ${AIO_API_TESTS})
  set_property(TARGET aio_unit_tests PROPERTY SOURCES ${_aio_unit_sources})
endif()
if(AIO_API_TESTS)
  add_executable(aio_api_tests ${AIO_API_TESTS})
  target_link_libraries(aio_api_tests PRIVATE aio GTest::gtest GTest::gtest_main)
  target_compile_definitions(aio_api_tests PRIVATE AIO_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_compile_options(aio_api_tests PRIVATE -Werror)
  gtest_discover_tests(aio_api_tests DISCOVERY_TIMEOUT 60 PROPERTIES TIMEOUT 120 LABELS api)
endif()
