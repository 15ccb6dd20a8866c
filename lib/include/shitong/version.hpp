// The tool's version. Reports include only this header for it, not the whole run.
#pragma once

namespace shitong {

/// The tool's version, as printed by --version and written into reports.
const char *version_string();

} // namespace shitong
