# cmake/AioInstall.cmake - packaging for hosts: `cmake --install` puts the library,
# the public header (by the top-level install rules), a CMake package
# (find_package(aio) -> aio::aio) and a pkg-config file (aio.pc) under the prefix.
# Inside the project, aio::aio is an alias, so samples build the same way both ways.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

add_library(aio::aio ALIAS aio)

set(AIO_CMAKE_DIR lib/cmake/aio)
install(EXPORT aioTargets NAMESPACE aio:: DESTINATION ${AIO_CMAKE_DIR} FILE aioTargets.cmake)

# The static library links Threads::Threads publicly, so the package finds it first.
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/aioConfig.cmake
  "# aio: find_package(aio) gives the imported target aio::aio.\n"
  "include(CMakeFindDependencyMacro)\n"
  "find_dependency(Threads)\n"
  "include(\"\${CMAKE_CURRENT_LIST_DIR}/aioTargets.cmake\")\n")
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/aioConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/aioConfig.cmake ${CMAKE_CURRENT_BINARY_DIR}/aioConfigVersion.cmake
  DESTINATION ${AIO_CMAKE_DIR})

# Relocatable: the prefix is found from the .pc file's own place (cmake --install --prefix).
file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/aio.pc.in
  "prefix=\${pcfiledir}/../..\n"
  "libdir=\${prefix}/lib\n"
  "includedir=\${prefix}/include\n\n"
  "Name: aio\n"
  "Description: An embeddable interpreter for a small async Python\n"
  "Version: @PROJECT_VERSION@\n"
  "Libs: -L\${libdir} -laio -pthread\n"
  "Cflags: -I\${includedir} -std=c++20\n")
configure_file(${CMAKE_CURRENT_BINARY_DIR}/aio.pc.in ${CMAKE_CURRENT_BINARY_DIR}/aio.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/aio.pc DESTINATION lib/pkgconfig)
