#include "urlscan/domain_list.hpp"

#include <algorithm>
#include <cstring>

#include "domain/routed_path.hpp"

namespace urlscan {

using detail::has_encoded_separator;
using detail::kMaxExcludedPath;
using detail::routed_path;

namespace {

std::uint64_t name_hash(std::string_view s) noexcept {
  std::uint64_t a = 0, b = 0;
  if (s.size() >= 8) {  // first and last 8 bytes (they overlap for short names)
    std::memcpy(&a, s.data(), 8);
    std::memcpy(&b, s.data() + s.size() - 8, 8);
  } else {
    std::memcpy(&a, s.data(), s.size());
  }
  std::uint64_t h = (a ^ 0x9e3779b97f4a7c15ULL) * 0xff51afd7ed558ccdULL;
  h ^= (b + s.size()) * 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 29);
}

std::string_view last_two_labels(std::string_view host) {
  const std::size_t d1 = host.rfind('.');
  if (d1 == host.npos || d1 == 0) return host;
  const std::size_t d2 = host.rfind('.', d1 - 1);
  return d2 == host.npos ? host : host.substr(d2 + 1);
}

}  // namespace

const DomainList::Slot* DomainList::find(std::string_view name) const noexcept {
  if (slots_.empty()) return nullptr;
  const std::uint64_t h = name_hash(name);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    const Slot& s = slots_[i];
    if (s.size == 0) return nullptr;
    if (s.hash == h && s.size == name.size() &&
        std::memcmp(arena_.data() + s.offset, name.data(), name.size()) == 0)
      return &s;
  }
}

void DomainList::insert(std::string_view name, bool excluded, bool exact) {
  if (const Slot* s = find(name)) {
    Slot* e = const_cast<Slot*>(s);
    if (excluded)
      e->excluded = true;
    else
      e->exact = e->exact && exact;  // listed both ways: the wider entry wins
    return;
  }
  if ((count_ + 1) * 4 > slots_.size() * 3 || slots_.empty()) {  // keep the load under 3/4
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<std::size_t>(64, old.size() * 2), Slot{});
    count_ = 0;
    for (const Slot& s : old)
      if (s.size) {
        Slot* d = nullptr;
        for (std::size_t i = s.hash & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1))
          if (slots_[i].size == 0) {
            d = &slots_[i];
            break;
          }
        *d = s;
        ++count_;
      }
  }
  const std::uint64_t h = name_hash(name);
  for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1))
    if (slots_[i].size == 0) {
      slots_[i] = Slot{h, static_cast<std::uint32_t>(arena_.size()),
                       static_cast<std::uint32_t>(name.size()), excluded, exact && !excluded};
      arena_.append(name);
      ++count_;
      return;
    }
}

Status DomainList::parse(std::span<const RuleText> files, DomainList& out, bool path_lines) {
  out = DomainList{};
  for (const RuleText& file : files) {
    std::string_view text = file.text;
    std::size_t line_no = 0;
    while (!text.empty()) {
      std::size_t nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      text = nl == text.npos ? std::string_view{} : text.substr(nl + 1);
      ++line_no;
      if (std::size_t hash = line.find('#'); hash != line.npos) line = line.substr(0, hash);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
        line.remove_suffix(1);
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
      if (line.empty()) continue;
      const std::string_view whole = line;
      auto bad = [&](const char* what) {
        return Status{errc::data_bad_line, file.name + " line " + std::to_string(line_no) + ": '" +
                                               std::string(whole) + "' " + what};
      };
      if (line.front() == '@') {
        if (!path_lines) return bad("is a platform page layout: this list takes whole hosts only");
        PlatformPage page;
        if (const char* error = parse_platform_page(line.substr(1), page)) return bad(error);
        out.platform_key_bits_ |= 1ULL << (page.key & 63);
        out.platform_pages_.push_back(std::move(page));
        continue;  // not a host entry
      }
      const bool exclude = line.front() == '!';
      const bool exact = line.front() == '=';
      if (exclude || exact) line.remove_prefix(1);
      std::string_view prefix;
      if (const std::size_t slash = line.find('/'); slash != line.npos) {
        prefix = line.substr(slash);
        line = line.substr(0, slash);
        if (!exclude) return bad("has a path: paths go on exclusion ('!') lines only");
        if (!path_lines) return bad("has a path: this list takes whole hosts only");
        for (unsigned char c : prefix)
          if (c <= ' ' || c >= 0x7f || c == '%' || c == '\\' || c == '?')
            return bad("has a path prefix with a byte other than a plain path character");
      }
      bool ok = line.find('.') != line.npos && line.front() != '.' && line.back() != '.';
      for (unsigned char c : line)
        ok &= (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
      if (!ok) return bad("is not a lower-case domain name");
      if (!prefix.empty()) {
        std::string lower(prefix);
        for (char& c : lower)
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        char routed[kMaxExcludedPath + 1];
        if (lower.size() > kMaxExcludedPath ||
            std::string_view(routed, routed_path(lower, routed)) != lower)
          return bad("has a path prefix that is not plain (an empty, '.' or '..' segment)");
        out.path_exclusions_.push_back({host_key(line), std::string(line), std::move(lower)});
        continue;  // not a host entry: the host stays as listed elsewhere
      }
      out.insert(line, exclude, exact);
      const int labels = 1 + static_cast<int>(std::count(line.begin(), line.end(), '.'));
      out.max_labels_ = std::max(out.max_labels_, labels);
    }
  }
  out.build_bloom();
  return {};
}

void DomainList::build_bloom() {
  std::size_t words = 64;
  while (words * 64 < count_ * 16) words *= 2;
  bloom_.assign(words, 0);
  for (const Slot& s : slots_)
    if (s.size) {
      const std::uint64_t h =
          name_hash(last_two_labels(std::string_view(arena_).substr(s.offset, s.size)));
      bloom_[(h >> 6) & (words - 1)] |= 1ULL << (h & 63);
      bloom_[(h >> 38) & (words - 1)] |= 1ULL << ((h >> 32) & 63);
    }
}

bool DomainList::bloom_may_hold(std::uint64_t h) const noexcept {
  if (bloom_.empty()) return true;  // a list whose parse failed part-way has no filter
  const std::size_t mask = bloom_.size() - 1;
  return (bloom_[(h >> 6) & mask] >> (h & 63) & 1) &&
         (bloom_[(h >> 38) & mask] >> ((h >> 32) & 63) & 1);
}

std::uint64_t DomainList::host_key(std::string_view host) noexcept {
  return name_hash(last_two_labels(host));
}

std::string_view DomainList::match(std::string_view host, std::uint64_t key) const {
  if (count_ == 0 || !bloom_may_hold(key)) return {};
  // Try the host, then each parent on a dot boundary: a.b.paypal.com -> b.paypal.com -> ...
  // Suffixes from two labels up to the longest entry's label count; the shortest listed one wins
  // unless a longer suffix (down to the whole host) is excluded: an exclusion below a listed
  // domain cancels it. Most hosts cost one or two lookups.
  std::size_t pos = host.size();
  std::string_view hit;
  int labels = 0;
  for (;;) {
    const std::size_t dot = pos == 0 ? host.npos : host.rfind('.', pos - 1);
    ++labels;
    const std::string_view suffix = dot == host.npos ? host : host.substr(dot + 1);
    // An exact entry stands for the host itself or its "www." host only.
    auto whole_host = [&] { return dot == host.npos || (dot == 3 && host.starts_with("www.")); };
    if (labels >= 2) {
      if (const Slot* e = find(suffix); e && !e->excluded && (!e->exact || whole_host())) {
        hit = std::string_view(arena_.data() + e->offset, e->size);
        break;
      }
    }
    if (dot == host.npos || labels >= max_labels_) return {};
    pos = dot;
  }
  // Every longer suffix, from the whole host down, may be excluded.
  for (std::size_t p = 0; p + hit.size() < host.size();) {
    if (const Slot* e = find(host.substr(p)); e && e->excluded) return {};
    p = host.find('.', p) + 1;
  }
  return hit;
}

bool DomainList::excludes_path(std::string_view host, std::uint64_t key,
                               std::string_view path) const noexcept {
  if (path_exclusions_.empty()) return false;
  // Hosts below an entry share its last two labels, so its key: most hosts end here.
  char routed[kMaxExcludedPath + 1], stripped[kMaxExcludedPath];
  std::size_t n = 0;
  bool have_routed = false;
  for (const PathExclusion& e : path_exclusions_) {
    if (e.key != key) continue;
    if (!(host == e.host || (host.size() > e.host.size() && host.ends_with(e.host) &&
                             host[host.size() - e.host.size() - 1] == '.')))
      continue;
    // Too long to route here, or an encoded separator (a browser keeps %2F in a segment, where
    // a server may read it as '/' and climb out of the prefix with it): left to the model.
    if (path.size() > kMaxExcludedPath) return true;
    // Tabs out first: "%2\tF" is "%2F" and "%2\te" a dot to the browser.
    path = detail::without_tabs(path, stripped);
    if (has_encoded_separator(path)) return true;
    if (!have_routed) {
      n = routed_path(path, routed);
      have_routed = true;
    }
    const std::string_view r(routed, n);
    if (r.size() > e.prefix.size() && r.starts_with(e.prefix)) return true;
  }
  return false;
}

}  // namespace urlscan
