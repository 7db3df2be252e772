# The `aio` command (cli/): option/exit-status/message conventions against
# python3, and the REPL driven through a pseudo-terminal (needs libedit: without
# it the REPL has no line editing, and the pty test would not apply).
if(Python3_EXECUTABLE)
  add_test(NAME cli/command
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/cli/cli_test.py $<TARGET_FILE:aio_cli>)
  set_tests_properties(cli/command PROPERTIES TIMEOUT 120 LABELS cli)
  if(EDIT_LIBRARY)
    add_test(NAME cli/repl
      COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tests/cli/repl_test.py $<TARGET_FILE:aio_cli>)
    set_tests_properties(cli/repl PROPERTIES TIMEOUT 120 LABELS cli)
  endif()
endif()
