// Lists of domains that decide a verdict by rule: the allowlist (official domains of widely
// imitated brands: never flagged) and the blocklist (always flagged). A host equal to a listed
// domain or below it (on a dot boundary) matches, and the output names the list entry.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "urlscan/error.hpp"
#include "urlscan/export.hpp"
#include "urlscan/rule_text.hpp"

namespace urlscan {

class URLSCAN_API DomainList {
 public:
  // Parses the rule file format: one lower-case domain per line, '#' comments, blank lines;
  // "!host" excludes a host (and its subdomains) where anyone can publish; "=domain" lists the
  // domain itself and its "www." host only, not the rest below it (a platform's own site whose
  // subdomains are its users' sites: wordpress.com/log-in, but not anyone.wordpress.com).
  // "!host/prefix" excludes only the URLs on that host (and below it) whose path goes on past
  // `prefix`: the users' part of an owner's host, such as a file host's shared links
  // (!dropbox.com/s/) or a payment service's personal pages (!paypal.me/, which leaves the bare
  // homepage listed). A path is allowed on "!" lines only, and is a plain prefix (no '%', '\\',
  // '?', empty, "." or ".." segment).
  // "@host/seg/*/seg" (allowlist only) is a layout of a sharing platform's content pages (a shared
  // document, a folder) on exactly that host: literal segments and '*', one content id (10 to
  // 128 of [A-Za-z0-9_-]); platform_page() says which layout a URL follows.
  // A malformed line makes it fail with a message() naming the file and line.
  // `path_lines` false refuses "!host/prefix" and "@" lines (the blocklist: whole hosts only).
  static Status parse(std::span<const RuleText> files, DomainList& out, bool path_lines = true);
  static Status parse(std::string_view text, DomainList& out) {
    const RuleText one[1] = {{"allowlist", text}};
    return parse(one, out);
  }
  // The listed domain that `host` equals or lies below; empty when none.
  std::string_view match(std::string_view host) const { return match(host, host_key(host)); }
  // The same with host_key(host) computed by the caller: every list uses the one key, so a
  // host checked against the blocklist and the allowlist is hashed once.
  std::string_view match(std::string_view host, std::uint64_t key) const;
  static std::uint64_t host_key(std::string_view host) noexcept;
  // Whether a "!host/prefix" line excludes `path` on `host` (a host match() listed; the entry's
  // host or one below it): the path starts with the prefix and goes on past it, compared as a
  // browser sends it and a server routes it (tabs and line breaks dropped, ASCII case ignored,
  // '\\' read as '/', empty and "." segments dropped, ".." resolved, %XX decoded: /S/, /%73/,
  // //s/ or /x/../s/ reach /s/). A path over 4 KB or with an encoded separator (%2F, %5C) on such
  // a host counts as excluded: the model decides it. For the allowlist only, where excluding too
  // much is the safe side (the rule book refuses path lines in a blocklist).
  bool excludes_path(std::string_view host, std::string_view path) const noexcept {
    return excludes_path(host, host_key(host), path);
  }
  // The same with host_key(host) computed by the caller (the scorer has it from match()).
  bool excludes_path(std::string_view host, std::uint64_t key,
                     std::string_view path) const noexcept;
  bool has_path_exclusions() const noexcept { return !path_exclusions_.empty(); }
  // The "@" line (without the '@') whose layout a URL on exactly `host` follows: its routed path
  // (as excludes_path() reads it) has the layout's segments, an id where it has '*', and at most
  // a trailing '/'; its query only the platform's own sharing parameters (usp=sharing, gid=0 ...)
  // with plain values. Empty when none: such a page names no publisher, so the URL alone cannot
  // tell the platform's official documents from phishing ones (src/score/scorer.cpp).
  std::string_view platform_page(std::string_view host, std::uint64_t key, std::string_view path,
                                 std::string_view query) const noexcept;
  bool has_platform_pages() const noexcept { return !platform_pages_.empty(); }
  // False when no layout is on a host of `key` (host_key(host)): one bit test settles most hosts.
  bool may_have_platform_page(std::uint64_t key) const noexcept {
    return platform_key_bits_ >> (key & 63) & 1;
  }
  std::size_t size() const noexcept { return count_; }

 private:
  // Open addressing over a power-of-two table of (hash, entry) slots; the names live in one
  // arena. A lookup hashes once (two loads, two multiplies) and compares one name on a hit.
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t offset = 0, size = 0;  // name in arena_; size 0 = empty slot
    bool excluded = false;
    bool exact = false;  // "=domain": the domain and www.domain only
  };
  const Slot* find(std::string_view name) const noexcept;
  void insert(std::string_view name, bool excluded, bool exact);
  std::vector<Slot> slots_;
  // Bloom bits of every entry's last two labels (16 bits per entry, two probes, ~1.5% false
  // hits): a host whose last two labels miss it cannot match any entry, which settles most
  // hosts with one hash and two bit tests.
  void build_bloom();
  bool bloom_may_hold(std::uint64_t h) const noexcept;
  std::vector<std::uint64_t> bloom_;
  std::string arena_;
  std::size_t count_ = 0;
  int max_labels_ = 0;  // labels of the longest entry: longer suffixes cannot match
  // "!host/prefix" lines (a handful: a linear scan, only for a host the list matched).
  struct PathExclusion {
    std::uint64_t key;         // host_key(host)
    std::string host, prefix;  // prefix lower-cased, starting with '/'
  };
  std::vector<PathExclusion> path_exclusions_;
  // "@host/layout" lines (a handful, scanned for a host whose key matches).
  struct PlatformPage {
    std::uint64_t key;  // host_key(host)
    std::string host;
    std::string layout;  // "/seg/*/seg": lower-case, '*' for the content id
    std::string line;    // as written, without '@': the reason names it
  };
  // Checks an "@" line's text (without '@'); an error message, or nullptr when it is good.
  static const char* parse_platform_page(std::string_view line, PlatformPage& out);
  std::vector<PlatformPage> platform_pages_;
  std::uint64_t platform_key_bits_ = 0;  // bit key % 64 of each layout's host key
};

}  // namespace urlscan
