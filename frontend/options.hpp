// Command-line option helpers shared by the front ends: reading options and their values,
// options that exclude each other, numbers in a range, the model and rule options.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace urlscan::frontend {

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

}  // namespace urlscan::frontend
