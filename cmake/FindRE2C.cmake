# Finds the re2c lexer generator and provides re2c_target(Name input output flags).
find_program(RE2C_EXECUTABLE NAMES re2c DOC "re2c lexer generator")
if(RE2C_EXECUTABLE)
  execute_process(COMMAND ${RE2C_EXECUTABLE} --version OUTPUT_VARIABLE _re2c_out OUTPUT_STRIP_TRAILING_WHITESPACE)
  string(REGEX MATCH "[0-9]+\\.[0-9.]+" RE2C_VERSION "${_re2c_out}")
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(RE2C REQUIRED_VARS RE2C_EXECUTABLE VERSION_VAR RE2C_VERSION)

macro(re2c_target name input output flags)
  separate_arguments(_re2c_flags UNIX_COMMAND "${flags}")
  add_custom_command(OUTPUT ${output}
    COMMAND ${RE2C_EXECUTABLE} ${_re2c_flags} -o ${output} ${CMAKE_CURRENT_SOURCE_DIR}/${input}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/${input}
    COMMENT "re2c ${input}")
  set(RE2C_${name}_OUTPUTS ${output})
endmacro()
