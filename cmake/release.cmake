# The portable release (docs/release.md): `cmake --preset release` (SHITONG_RELEASE=ON) links one
# fully static binary — glibc, libstdc++, ICU with its data, every library — so that it runs on
# any Linux kernel ≥ 3.2 of its architecture, whatever the distribution's library versions.
# shitong does no NSS lookups and no dlopen, so a static glibc is safe.
#
# Static archives come from two places:
#   - the .a that Debian 12's -dev packages ship (libyaml, yaml-cpp, ICU, xxhash, re2, zlib,
#     minizip, expat, ...): found by preferring .a suffixes and by swapping an imported
#     target's .so for the .a beside it;
#   - the libraries whose -dev package ships only a .so, built from Debian's source packages by
#     dist/static-deps.sh into SHITONG_STATIC_PREFIX (fmt, mimalloc, libxlsxwriter, libzip).
# A dependency that is neither stops the configure with a message naming it.
#
# Included twice from CMakeLists.txt: shitong_release_prepare() before the find_package calls,
# shitong_release_finish(<targets>) after the targets exist.

# Archives that other static archives need (a .so names its own dependencies, an .a does not).
# They go at the end of every link line. Add one here when a new dependency needs it.
set(SHITONG_STATIC_PRIVATE_LIBS icudata minizip z)

macro(shitong_release_prepare)
  set(shitong_default_prefix /var/cache/shitong-release/static-${CMAKE_SYSTEM_PROCESSOR})
  if(DEFINED ENV{SHITONG_RELEASE_CACHE})
    set(shitong_default_prefix $ENV{SHITONG_RELEASE_CACHE}/static-${CMAKE_SYSTEM_PROCESSOR})
  endif()
  set(SHITONG_STATIC_PREFIX ${shitong_default_prefix} CACHE PATH
      "prefix with the static archives dist/static-deps.sh builds from Debian source packages")
  message(STATUS "shitong release: static archives from ${SHITONG_STATIC_PREFIX} (dist/static-deps.sh)")
  execute_process(COMMAND bash ${PROJECT_SOURCE_DIR}/dist/static-deps.sh ${CMAKE_SYSTEM_PROCESSOR}
                  RESULT_VARIABLE shitong_deps_result OUTPUT_QUIET)
  if(NOT shitong_deps_result EQUAL 0)
    message(FATAL_ERROR "dist/static-deps.sh ${CMAKE_SYSTEM_PROCESSOR} failed (see its output above)")
  endif()
  list(PREPEND CMAKE_PREFIX_PATH ${SHITONG_STATIC_PREFIX})
  set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
  set(CMAKE_FIND_PACKAGE_TARGETS_GLOBAL ON) # so that shitong_release_finish can rewrite them
  # mimalloc replaces malloc in a static binary only when its object file is linked whole
  add_library(mimalloc INTERFACE IMPORTED GLOBAL)
  set_target_properties(mimalloc PROPERTIES INTERFACE_LINK_LIBRARIES ${SHITONG_STATIC_PREFIX}/lib/mimalloc.o)
  list(JOIN SHITONG_STATIC_PRIVATE_LIBS " -l" shitong_private)
  set(CMAKE_CXX_STANDARD_LIBRARIES "${CMAKE_CXX_STANDARD_LIBRARIES} -l${shitong_private}")
  set(CMAKE_EXE_LINKER_FLAGS "${CMAKE_EXE_LINKER_FLAGS} -static -L${SHITONG_STATIC_PREFIX}/lib")
endmacro()

# Every imported library must resolve to a static archive: swap a .so for the .a beside it.
function(shitong_release_finish)
  get_property(dirs DIRECTORY ${PROJECT_SOURCE_DIR} PROPERTY SUBDIRECTORIES)
  list(PREPEND dirs ${PROJECT_SOURCE_DIR})
  foreach(d IN LISTS dirs)
    get_property(imported DIRECTORY ${d} PROPERTY IMPORTED_TARGETS)
    foreach(t IN LISTS imported)
      if(NOT TARGET ${t})  # pkg_check_modules targets are local to their directory; their
        continue()         # libraries were found with CMAKE_FIND_LIBRARY_SUFFIXES .a already
      endif()
      get_target_property(type ${t} TYPE)
      if(type STREQUAL "INTERFACE_LIBRARY")
        get_target_property(libs ${t} INTERFACE_LINK_LIBRARIES)
        foreach(l IN LISTS libs)
          if(l MATCHES "\\.so(\\.[0-9.]*)?$")
            message(FATAL_ERROR "shitong release: ${t} links the shared ${l}; add a static recipe to dist/static-deps.sh")
          endif()
        endforeach()
        continue()
      endif()
      get_target_property(configs ${t} IMPORTED_CONFIGURATIONS)
      set(props IMPORTED_LOCATION)
      foreach(c IN LISTS configs)
        list(APPEND props IMPORTED_LOCATION_${c})
      endforeach()
      foreach(p IN LISTS props)
        get_target_property(loc ${t} ${p})
        if(loc AND loc MATCHES "\\.so(\\.[0-9.]*)?$")
          string(REGEX REPLACE "\\.so(\\.[0-9.]*)?$" ".a" archive "${loc}")
          if(NOT EXISTS ${archive})
            message(FATAL_ERROR "shitong release: ${t} has no static archive ${archive}; add a recipe to dist/static-deps.sh")
          endif()
          set_target_properties(${t} PROPERTIES ${p} ${archive})
        endif()
      endforeach()
    endforeach()
  endforeach()
endfunction()
