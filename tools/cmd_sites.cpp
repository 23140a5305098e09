// `urlscan sites`: a share of a labelled file's sites (registrable domains) or platforms (ICANN
// suffix + one label), for training on some sites of a file and holding the others out
// (models/meson.build does so with recent_phishing.tsv).
#include <cstdio>
#include <memory>
#include <string>

#include "cli.hpp"
#include "urlscan/train.hpp"

namespace urlscan::cli {

int run_sites(int argc, char** argv, int first) {
  std::string input, output;
  unsigned parts = 0;
  std::uint32_t keep = 0;
  std::size_t max_rows = 0;
  SiteGrouping grouping = SiteGrouping::site;
  Args args(argc, argv, first);
  OptionGroups seen;  // every option once
  while (!args.empty()) {
    std::string_view a = args.next();
    if (a.starts_with("-")) seen.take(a == "-o" ? "--output" : a.substr(0, a.find('=')), "");
    if (Args::is(a, "--parts")) {
      parts = static_cast<unsigned>(parse_long(args.value(a, "--parts"), "--parts", 1, 32));
    } else if (Args::is(a, "--keep")) {
      // A comma-separated list of part numbers.
      std::string list = args.value(a, "--keep");
      for (std::size_t p = 0; p <= list.size();) {
        const std::size_t q = std::min(list.find(',', p), list.size());
        keep |= 1u << parse_long(std::string_view(list).substr(p, q - p), "--keep", 0, 31);
        p = q + 1;
      }
    } else if (Args::is(a, "--max-rows")) {
      max_rows = static_cast<std::size_t>(
          parse_long(args.value(a, "--max-rows"), "--max-rows", 0, 1L << 40));
    } else if (Args::is(a, "--group")) {
      const std::string g = args.value(a, "--group");
      if (g == "site") {
        grouping = SiteGrouping::site;
      } else if (g == "platform") {
        grouping = SiteGrouping::platform;
      } else {
        throw Error("sites: --group must be 'site' or 'platform', not '" + g + "'");
      }
    } else if (Args::is(a, "--output") || a == "-o") {
      output = args.value(a, a == "-o" ? "-o" : "--output");
    } else if (!a.starts_with("-") && input.empty()) {
      input = a;
    } else {
      throw Error("sites: unknown argument '" + std::string(a) + "'");
    }
  }
  if (input.empty() || parts == 0 || keep == 0)
    throw Error(
        "usage: urlscan sites FILE --parts N --keep P[,P...] [--max-rows N] "
        "[--group site|platform] [--output FILE]");
  if (parts < 32 && (keep >> parts) != 0) throw Error("sites: --keep names a part >= --parts");
  std::unique_ptr<OutputFile> out_file;  // checked before the work
  if (!output.empty()) out_file = std::make_unique<OutputFile>(output);
  LabeledSet set;
  if (Status s = read_labeled_tsv(input, set); !s) throw DataError(std::string(s.message()));
  const std::string text = labeled_tsv_text(select_sites(set, parts, keep, max_rows, grouping));
  if (output.empty()) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    return std::fflush(stdout) == 0 ? kExitClean : kExitError;
  }
  out_file->commit(text);
  return kExitClean;
}

}  // namespace urlscan::cli
