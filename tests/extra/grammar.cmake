# Front end (grammar/): `aio_parse_files` parses files with aio::grammar::parse()
# (the stand-in for `aio --check` in benches), and the acceptance run over
# CPython's standard library (skipped when python3 / its stdlib is absent).
add_executable(aio_parse_files ${PROJECT_SOURCE_DIR}/bench/parse_files.cpp)
target_include_directories(aio_parse_files PRIVATE ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}/generated)
target_link_libraries(aio_parse_files PRIVATE aio)

if(Python3_EXECUTABLE)
  add_test(NAME grammar/stdlib_accepts
    COMMAND ${CMAKE_COMMAND} -E env AIO_PARSE_FILES=$<TARGET_FILE:aio_parse_files>
            PYTHON=${Python3_EXECUTABLE}
            sh ${PROJECT_SOURCE_DIR}/bench/check_stdlib.sh --no-time)
  set_tests_properties(grammar/stdlib_accepts PROPERTIES TIMEOUT 300 LABELS grammar SKIP_RETURN_CODE 77)
endif()
