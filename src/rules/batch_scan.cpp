// RuleSet::prefilter: one Hyperscan scan per batch of URLs, matches mapped back to their URL
// and kept where the pattern's scope says they count.
#include <hs/hs.h>

#include <algorithm>
#include <cstring>

#include "rules/rule_set_impl.hpp"

namespace urlscan {

void RuleSet::prefilter(std::span<const Url* const> urls, Scratch& scratch_handle,
                        std::vector<std::vector<std::uint16_t>>& hits) const {
  Scratch::Impl& s = *scratch_handle.impl_;
  hits.resize(urls.size());
  for (auto& h : hits) h.clear();
  if (urls.empty()) return;
  Impl& im = *impl_;
  if (hs_database_t* db = im.matcher.expressions.empty() ? nullptr : im.matcher.database()) {
    auto* scratch = static_cast<hs_scratch_t*>(s.hs);
    // hs_alloc_scratch re-checks a scratch against the database on every call (microseconds):
    // only when this scratch has not served this database yet.
    if (s.hs_db == db || hs_alloc_scratch(db, &scratch) == HS_SUCCESS) {
      s.hs = scratch;
      s.hs_db = db;
      // One text for the batch: host/path?query per URL, newline-separated (^ and $ anchor
      // there). The host as a person reads it: IDN labels decoded.
      s.text.clear();
      s.starts.clear();
      s.host_ends.clear();
      s.path_ends.clear();
      for (const Url* u : urls) {
        s.starts.push_back(static_cast<std::uint32_t>(s.text.size()));
        const std::size_t at = s.text.size();
        s.text += u->unicode_host();
        s.host_ends.push_back(static_cast<std::uint32_t>(s.text.size()));
        s.text.append(u->path.substr(0, 1024));
        s.path_ends.push_back(static_cast<std::uint32_t>(s.text.size()));
        if (!u->query.empty()) {
          s.text += '?';
          s.text.append(u->query.substr(0, 512));
        }
        // A newline inside a record would split it (only a percent-decoded host can hold one:
        // readers never pass control characters): memchr first, the rare fix-up after.
        // memchr searches a byte range, not a string: no terminator is read or needed.
        // NOLINTNEXTLINE(bugprone-not-null-terminated-result)
        if (std::memchr(s.text.data() + at, '\n', s.text.size() - at))
          std::replace(s.text.begin() + static_cast<std::ptrdiff_t>(at), s.text.end(), '\n', ' ');
        s.text += '\n';
      }
      s.raw.clear();
      auto on_match = [](unsigned id, unsigned long long, unsigned long long to, unsigned,
                         void* ctx) -> int {
        static_cast<Scratch::Impl*>(ctx)->raw.emplace_back(id, static_cast<std::uint32_t>(to));
        return 0;
      };
      hs_scan(db, s.text.data(), static_cast<unsigned>(s.text.size()), 0, scratch, on_match, &s);
      auto word_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '_';
      };
      for (const auto& [id, to] : s.raw) {
        std::uint16_t rule = static_cast<std::uint16_t>(id);
        if (id >= Impl::kKeywordId) {
          const std::size_t k = id - Impl::kKeywordId, size = im.keyword_size[k];
          if (size < Impl::kWholeWordBelow && ((to > size && word_char(s.text[to - size - 1])) ||
                                               (to < s.text.size() && word_char(s.text[to]))))
            continue;
          rule = im.keyword_brand[k];
        }
        const auto i = static_cast<std::size_t>(
            std::upper_bound(s.starts.begin(), s.starts.end(), to > 0 ? to - 1 : 0) -
            s.starts.begin() - 1);
        const std::uint32_t end = static_cast<std::uint32_t>(to);
        bool counts = true;
        switch (rule < im.scope.size() ? im.scope[rule] : std::uint8_t{Impl::url}) {
          case Impl::host:
            counts = end <= s.host_ends[i];
            break;
          case Impl::host_end:
            counts = end == s.host_ends[i];
            break;
          case Impl::path:
            counts = end > s.host_ends[i] && end <= s.path_ends[i];
            break;
          case Impl::query:
            counts = end > s.path_ends[i];
            break;
          default:
            break;
        }
        if (counts) hits[i].push_back(rule);
      }
    }
  }
}

}  // namespace urlscan
