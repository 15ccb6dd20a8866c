#!/usr/bin/env bash
# The xlsx read-back through LibreOffice (a doctest case marked skip, see tests/unit/publish_test.cpp).
# Exit code 77 (ctest SKIP_RETURN_CODE): LibreOffice is not installed, so ctest reports the test
# as skipped, never as passed.
#   libreoffice_test.sh [EMULATOR...] SHITONG_TESTS     (qemu-aarch64-static -L … in the ARM64 tree)
set -euo pipefail
if ! command -v soffice >/dev/null; then
  echo "soffice (LibreOffice) not installed: the xlsx read-back is skipped"
  exit 77
fi
exec "$@" --no-skip --test-case='publish cli: LibreOffice reads the xlsx back*'
