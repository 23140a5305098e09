// Shared helpers of the urlscan subcommands: argument reading, model loading, errors.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "urlscan/model.hpp"
#include "urlscan/rules.hpp"

namespace urlscan::cli {

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

// An output file written whole or not at all: opened (as a temporary file beside `path`) before
// any work, so an unwritable --output fails at once rather than after a long run; renamed onto
// `path` by commit(), removed if the command fails before.
class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  void commit(std::string_view bytes);  // throws DataError

 private:
  std::string path_, temp_;
  int fd_ = -1;
};

class Args {
 public:
  Args(int argc, char** argv, int first) : argv_(argv + first, argv + argc) {}
  bool empty() const { return pos_ >= argv_.size(); }
  std::string_view peek() const { return argv_[pos_]; }
  std::string_view next() { return argv_[pos_++]; }
  // The value of option `name` (as "--name V" or "--name=V").
  std::string value(std::string_view arg, std::string_view name);
  static bool is(std::string_view arg, std::string_view name) {
    return arg == name ||
           (arg.starts_with(name) && arg.size() > name.size() && arg[name.size()] == '=');
  }

 private:
  std::vector<std::string_view> argv_;
  std::size_t pos_ = 0;
};

// Options that cannot go together: each option given is noted with its name, and a second
// option of one group (or the same option twice) is refused naming both.
class OptionGroups {
 public:
  // Notes `option` as given, in `group` (options of one group exclude each other).
  void take(std::string_view option, std::string_view group);
  bool has(std::string_view option) const;
  // Throws unless `option` (when given) comes with `needed`.
  void require(std::string_view option, std::string_view needed) const;

 private:
  std::vector<std::pair<std::string, std::string>> given_;  // option, group
};

long parse_long(std::string_view s, std::string_view what, long lo, long hi);
double parse_double(std::string_view s, std::string_view what, double lo, double hi);

// --model FILE, --rules DIR (repeatable) and --no-rules: the options of every scoring command.
struct ModelOptions {
  std::string model_path;
  std::vector<std::string> rule_dirs;
  bool no_rules = false;
  // Takes `arg` (and its value) when it is one of these options.
  bool take(Args& args, std::string_view arg);
};

// Loads `path` (or the built-in model when empty); throws Error with the loader's message.
const Model& load_model(const std::string& path, Model& storage);
// Where the compiled rules are cached, as the man page says: $URLSCAN_CACHE_DIR ("off": none),
// else $XDG_CACHE_HOME/urlscan, else ~/.cache/urlscan; "" for no cache. The library never reads
// the environment: front ends decide where files go.
std::string rules_cache_dir();
// The rules a command uses: nullptr with --no-rules, else the built-in files plus the
// directories' (loaded into `storage`, with the cache of rules_cache_dir(); the built-in book
// itself when there is neither a directory nor a cache). Bad rule files throw.
const RuleBook* load_rules(const std::vector<std::string>& dirs, bool none, RuleBook& storage);

int run_scan(int argc, char** argv, int first);
int run_train(int argc, char** argv, int first);
int run_eval(int argc, char** argv, int first);
int run_sites(int argc, char** argv, int first);

}  // namespace urlscan::cli
