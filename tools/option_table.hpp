// The scan's options in one table, the one source for parsing them (parse_scan_command), for
// `urlscan --help`'s option list and, through tests/option_table_test.py, for the man page's
// OPTIONS section (tools/urlscan.1): the three cannot drift apart.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "options.hpp"

namespace urlscan::cli {

struct ScanCommand;

struct OptionDoc {
  std::string_view group;   // the heading it is listed under (empty: the one above)
  std::string_view name;    // "--column"
  std::string_view arg;     // "N": the option takes a value; empty for a flag
  std::string_view help;    // '\n' starts a continuation line
  bool sub = false;         // refines the option above it (listed indented)
  std::string_view one_of;  // a group whose options exclude each other (empty: none)
  std::string_view needs;   // an option it works only with (empty: none)
  bool repeatable = false;  // may be given more than once (else a second time is refused)
  // Takes the option's value ("" for a flag) into the command; throws frontend::Error.
  void (*apply)(ScanCommand& c, std::string_view value) = nullptr;
};

std::span<const OptionDoc> scan_options();

// The option list of `urlscan --help`, one block per group.
std::string scan_options_help();

// Reads the scan's options and files from `args` by the table; throws frontend::Error on an
// unknown, repeated, conflicting or malformed option.
ScanCommand parse_scan_command(frontend::Args& args);

}  // namespace urlscan::cli
