// Files of the compiled-rules cache: where it lives, reading, and atomic writing.
#pragma once

#include <cstddef>
#include <string>

namespace urlscan::detail {

// The cache directory from the environment ("" when off or unknown).
std::string cache_dir();
// The whole file; ok = false when it cannot be opened.
std::string read_file(const std::string& path, bool& ok);
// Written to a temporary name and renamed: a reader never sees half a file. Failures are
// silent (the cache is an optimisation: the next run compiles again).
void write_atomically(const std::string& path, const char* data, std::size_t size);

}  // namespace urlscan::detail
