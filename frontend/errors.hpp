// How every front end (the CLI's subcommands and `urlscan serve`) reports a failure: the exit
// codes and the two kinds of error, a usage error and a data error.
#pragma once

#include <stdexcept>

namespace urlscan::frontend {

// Exit codes (the clamscan convention): 0 nothing flagged, 1 something flagged, 2 error.
inline constexpr int kExitClean = 0, kExitFlagged = 1, kExitError = 2;

// A usage error: printed as "urlscan: <what>" with a pointer to --help, and exits 2.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// A problem with a file, the data or the model, not with how urlscan was called: printed as
// "urlscan: <what>" (no --help pointer, which would not help), and exits 2.
struct DataError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace urlscan::frontend
