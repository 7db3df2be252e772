# The `aio` command (cli/): option/exit-status/message conventions against
# python3, and the REPL driven through a pseudo-terminal. Both need python3.
if(Python3_EXECUTABLE)
  add_test(NAME cli/command
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/cli/cli_test.py $<TARGET_FILE:aio_cli>)
  add_test(NAME cli/repl
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/cli/repl_test.py $<TARGET_FILE:aio_cli>)
  set_tests_properties(cli/command cli/repl PROPERTIES TIMEOUT 120 LABELS cli)
endif()
