# Cross-compiling for ARM64 (鲲鹏, 飞腾) on Debian 12 with Debian's cross toolchain and the :arm64
# multiarch -dev packages (docs/release.md):
#   dpkg --add-architecture arm64 && apt-get update
#   bash .ci/deps-release      (g++-aarch64-linux-gnu, libicu-dev:arm64, ... — Multi-Arch: same ones only)
#   cmake --preset release-aarch64
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)
# -dev packages that cannot be co-installed for arm64 (libyaml-cpp-dev is not Multi-Arch: same)
# are unpacked by dist/static-deps.sh into this sysroot, searched before the system
if(DEFINED ENV{SHITONG_RELEASE_CACHE})
  set(SHITONG_ARM64_SYSROOT $ENV{SHITONG_RELEASE_CACHE}/sysroot-aarch64)
else()
  set(SHITONG_ARM64_SYSROOT /var/cache/shitong-release/sysroot-aarch64)
endif()
list(APPEND CMAKE_PREFIX_PATH ${SHITONG_ARM64_SYSROOT}/usr)
# libraries and CMake packages of the target only; programs (ninja, git) of the build machine
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
# pkg-config: the arm64 .pc files only (Debian ships no aarch64-linux-gnu-pkg-config wrapper)
set(ENV{PKG_CONFIG_LIBDIR} "/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig")
# run test programs of the target under qemu-user (Debian's qemu-user-static)
find_program(SHITONG_QEMU_AARCH64 qemu-aarch64-static)
if(SHITONG_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${SHITONG_QEMU_AARCH64} -L /usr/aarch64-linux-gnu)
endif()
