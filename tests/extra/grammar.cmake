# Front end (grammar/): `aio_parse_files` parses files with aio::grammar::parse()
# (parse-only timings), and the acceptance run of `aio --check` (parse and
# compile) over CPython's standard library (skipped when python3 / its stdlib
# is absent). Timing is bench/check_stdlib.sh's job, not a test's.
add_executable(aio_parse_files ${PROJECT_SOURCE_DIR}/bench/parse_files.cpp)
target_include_directories(aio_parse_files PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/generated)
target_link_libraries(aio_parse_files PRIVATE aio)

if(Python3_EXECUTABLE)
  add_test(NAME grammar/stdlib_accepts
    COMMAND ${CMAKE_COMMAND} -E env AIO=$<TARGET_FILE:aio_cli>
            PYTHON=${Python3_EXECUTABLE}
            sh ${PROJECT_SOURCE_DIR}/bench/check_stdlib.sh --no-time)
  set_tests_properties(grammar/stdlib_accepts PROPERTIES TIMEOUT 300 LABELS grammar SKIP_RETURN_CODE 77)
endif()
