// What `urlscan [OPTIONS] [FILE...]` was asked to do, as its option table (option_table.hpp)
// reads it from the command line.
#pragma once

#include <string>

#include "options.hpp"
#include "scan_pipeline.hpp"

namespace urlscan::cli {

struct ScanCommand {
  ScanOptions scan;
  frontend::ModelOptions model;
  double threshold = -1;
  double max_error_ratio = -1;  // -1: fail only when every record is an error
  bool summary = false;
  bool exit_zero = false;  // --exit-zero: exit 0 when something was flagged (errors still 2)
  std::string output;      // --output FILE; empty = stdout
  int progress = -1;       // -1: auto (stderr is a terminal and input is a file)
};

}  // namespace urlscan::cli
