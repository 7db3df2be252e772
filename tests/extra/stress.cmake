# Stress tests (tests/scripts/stress): registered by the script-test glob; here they
# get a longer timeout, and a smaller size under the sanitizers (AIO_STRESS_SCALE
# divides their task/client counts), so they stay bounded in time on loaded machines.
file(GLOB AIO_STRESS_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/scripts/stress/*.aio)
foreach(script IN LISTS AIO_STRESS_SCRIPTS)
  get_filename_component(stem ${script} NAME_WE)
  set_tests_properties(script/stress/${stem} PROPERTIES TIMEOUT 300 LABELS "script;stress")
  if(AIO_SANITIZE)
    set_tests_properties(script/stress/${stem} PROPERTIES ENVIRONMENT AIO_STRESS_SCALE=10)
  endif()
endforeach()
