# `cmake --build --preset release --target dist` (docs/release.md): in build-release/dist/
#   shitong-<version>-linux-x86_64.tar.gz   shitong_<version>_amd64.deb
#   shitong-<version>-linux-aarch64.tar.gz  shitong_<version>_arm64.deb   (cross build, preset release-aarch64)
#   SHA256SUMS
# dist-<target> packages this tree's binary (dist/make-dist.sh); `dist` also configures and
# builds the ARM64 tree when SHITONG_DIST_AARCH64 is ON (the default on x86-64).
if(SHITONG_TARGET STREQUAL "linux-x86_64")
  set(SHITONG_DEB_ARCH amd64)
elseif(SHITONG_TARGET STREQUAL "linux-aarch64")
  set(SHITONG_DEB_ARCH arm64)
else()
  message(FATAL_ERROR "shitong release: no Debian architecture for ${SHITONG_TARGET}")
endif()
set(SHITONG_DIST_DIR ${PROJECT_BINARY_DIR}/dist CACHE PATH "where `dist` writes the tarballs and .deb files")

add_custom_target(dist-${SHITONG_TARGET}
  COMMAND bash ${PROJECT_SOURCE_DIR}/dist/make-dist.sh ${PROJECT_SOURCE_DIR} ${PROJECT_BINARY_DIR}
          ${SHITONG_DIST_DIR} ${PROJECT_VERSION} ${SHITONG_TARGET} ${SHITONG_DEB_ARCH}
  DEPENDS shitong USES_TERMINAL
  COMMENT "Packaging shitong-${PROJECT_VERSION}-${SHITONG_TARGET}")

set(shitong_dist_default OFF)
if(NOT CMAKE_CROSSCOMPILING AND SHITONG_TARGET STREQUAL "linux-x86_64")
  set(shitong_dist_default ON)
endif()
option(SHITONG_DIST_AARCH64 "`dist` also cross-builds the ARM64 release (preset release-aarch64)" ${shitong_dist_default})
set(shitong_dist_steps)
if(SHITONG_DIST_AARCH64)
  # the ARM64 tree is configured again on every `dist`, this one only when its CMake files change:
  # both binaries name this tree's commit (read when it was configured), never two different ones
  set(shitong_dist_steps
    COMMAND ${CMAKE_COMMAND} --preset release-aarch64 -DSHITONG_DIST_DIR=${SHITONG_DIST_DIR}
            -DSHITONG_COMMIT=${SHITONG_BUILD_COMMIT}
    COMMAND ${CMAKE_COMMAND} --build --preset release-aarch64 --target dist-linux-aarch64)
endif()
add_custom_target(dist
  ${shitong_dist_steps}
  COMMAND bash -c "cd '${SHITONG_DIST_DIR}' && sha256sum -- *.tar.gz *.deb > SHA256SUMS && cat SHA256SUMS"
  WORKING_DIRECTORY ${PROJECT_SOURCE_DIR} USES_TERMINAL VERBATIM
  COMMENT "Release files in ${SHITONG_DIST_DIR}")
add_dependencies(dist dist-${SHITONG_TARGET})

# examples for the quick start (docs/快速上手.md): the bundled sample repository
install(DIRECTORY catalogs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples/catalogs)
