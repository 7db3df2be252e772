# Memory tests (tests/scripts/memory): bounds on aio's own footprint, measured as
# resident-memory growth. The sanitizers' allocator pads and quarantines every
# block, so those builds cannot meet the bounds: the tests are disabled there.
file(GLOB AIO_MEMORY_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/scripts/memory/*.aio)
foreach(script IN LISTS AIO_MEMORY_SCRIPTS)
  get_filename_component(stem ${script} NAME_WE)
  set_tests_properties(script/memory/${stem} PROPERTIES LABELS "script;memory")
  if(AIO_SANITIZE)
    set_tests_properties(script/memory/${stem} PROPERTIES DISABLED TRUE)
  endif()
endforeach()
