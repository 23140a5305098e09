// Labelled data sets: reading label<TAB>url files, site selections, writing them back.
#include <tbb/parallel_for.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "train/sites.hpp"
#include "urlscan/features.hpp"
#include "urlscan/train.hpp"

namespace urlscan {

using detail::site_part;

namespace {

// Why a line is not "label<TAB>url", in the words a user can act on.
std::string bad_line_reason(std::string_view line) {
  const std::size_t tab = line.find('\t');
  if (tab == line.npos) return "it has no tab";
  const std::string_view first = line.substr(0, tab), second = line.substr(tab + 1);
  const std::string shown(first.substr(0, 60));
  if ((second == "0" || second == "1") && first.size() > 1)
    return "its first column is '" + shown + "' and its second a label (columns swapped?)";
  if (second.empty()) return "it has no URL after the tab";
  return "its first column is '" + shown + "', not 0 or 1";
}

}  // namespace

Status read_labeled_tsv(const std::string& path, LabeledSet& out) {
  out = LabeledSet{};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {errc::io_error, path + ": cannot open"};
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  out.fingerprint = hash_bytes(0, data);
  std::size_t pos = 0, line_no = 0;
  while (pos < data.size()) {
    std::size_t nl = data.find('\n', pos);
    std::string_view line(data.data() + pos, (nl == data.npos ? data.size() : nl) - pos);
    pos = nl == data.npos ? data.size() : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 && line.starts_with("label")) continue;
    if (line.empty()) continue;
    if (line.size() < 3 || (line[0] != '0' && line[0] != '1') || line[1] != '\t') {
      if (out.skipped_lines++ == 0)
        out.first_skipped = path + ":" + std::to_string(line_no) + ": " +
                            std::string(message(errc::data_bad_line)) + ": " +
                            bad_line_reason(line);
      continue;
    }
    out.rows.push_back({std::string(line.substr(2)), static_cast<std::uint8_t>(line[0] - '0')});
  }
  if (out.rows.empty()) {
    // Name the first bad line and why, not just "no rows": a swapped or missing label column
    // is the usual cause.
    return {errc::data_empty,
            out.skipped_lines
                ? std::string(message(errc::data_empty)) + " (all " +
                      std::to_string(out.skipped_lines) +
                      " data lines malformed); first: " + out.first_skipped
                : path + ": " + std::string(message(errc::data_empty)) + " (no data lines)"};
  }
  return {};
}

Status read_labeled_tsvs(std::span<const std::string> paths, LabeledSet& out) {
  out = LabeledSet{};
  if (paths.empty()) return errc::data_empty;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    LabeledSet one;
    if (Status s = read_labeled_tsv(paths[i], one); !s) {
      out = LabeledSet{};
      return s;
    }
    if (one.skipped_lines && out.skipped_lines == 0)
      out.first_skipped = std::move(one.first_skipped);
    out.skipped_lines += one.skipped_lines;
    if (i == 0) {
      out.fingerprint = one.fingerprint;
    } else {
      // Both fingerprints as one 16-byte input: hash_bytes(seed, 8 bytes) is symmetric in its
      // seed and bytes, which would let two files in either order give the same fingerprint.
      const std::uint64_t pair[2] = {out.fingerprint, one.fingerprint};
      out.fingerprint =
          hash_bytes(0, std::string_view(reinterpret_cast<const char*>(pair), sizeof pair));
    }
    out.rows.insert(out.rows.end(), std::make_move_iterator(one.rows.begin()),
                    std::make_move_iterator(one.rows.end()));
  }
  return {};
}

LabeledSet select_sites(const LabeledSet& set, unsigned parts, std::uint32_t keep_mask,
                        std::size_t max_rows, SiteGrouping grouping) {
  std::vector<std::uint8_t> keep(set.rows.size());
  tbb::parallel_for(std::size_t{0}, set.rows.size(), [&](std::size_t i) {
    keep[i] = (keep_mask >> site_part(set.rows[i].url, 0x517e5, parts, grouping)) & 1u;
  });
  std::vector<std::pair<std::uint64_t, std::size_t>> chosen;
  for (std::size_t i = 0; i < keep.size(); ++i)
    if (keep[i]) chosen.emplace_back(hash_bytes(0x5a3b1e, set.rows[i].url), i);
  if (max_rows > 0 && chosen.size() > max_rows) {
    std::nth_element(chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(max_rows),
                     chosen.end());
    chosen.resize(max_rows);
  }
  std::sort(chosen.begin(), chosen.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  LabeledSet out;
  out.rows.reserve(chosen.size());
  for (const auto& c : chosen) out.rows.push_back(set.rows[c.second]);
  // The site grouping keeps the fingerprint it always had (models record it); platform
  // grouping adds itself to the key.
  const std::uint64_t key[5] = {set.fingerprint, parts, keep_mask, max_rows,
                                static_cast<std::uint64_t>(grouping)};
  const std::size_t key_bytes = grouping == SiteGrouping::site ? 4 * sizeof key[0] : sizeof key;
  out.fingerprint = hash_bytes(0, std::string_view(reinterpret_cast<const char*>(key), key_bytes));
  return out;
}

std::string labeled_tsv_text(const LabeledSet& set) {
  std::string text = "label\turl\n";
  for (const auto& r : set.rows) {
    text += static_cast<char>('0' + r.label);
    text += '\t';
    text += r.url;
    text += '\n';
  }
  return text;
}
}  // namespace urlscan
