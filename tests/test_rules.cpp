// Pre-filter rules: each family on the built-in rule files, official domains, batch attribution,
// and malformed rule files refused with the file and line named.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "rules/matcher.hpp"
#include "status_assert.hpp"
#include "urlscan/rules.hpp"
#include "urlscan/scorer.hpp"

namespace urlscan {
namespace {

std::vector<std::vector<std::string>> keys(const RuleSet& rs, const std::vector<const char*>& in) {
  std::vector<Url> urls(in.size());
  std::vector<const Url*> ptr;
  for (std::size_t i = 0; i < in.size(); ++i) {
    parse_url(in[i], urls[i]);
    ptr.push_back(&urls[i]);
  }
  RuleSet::Scratch s;
  std::vector<std::vector<std::uint16_t>> hits;
  rs.match(ptr, s, hits);
  std::vector<std::vector<std::string>> out;
  for (const auto& h : hits) {
    out.emplace_back();
    for (auto id : h) out.back().push_back(rs.key(id));
  }
  return out;
}

using V = std::vector<std::string>;

std::string read_rules(const std::string& name) {
  const char* root = std::getenv("URLSCAN_SOURCE_ROOT");
  std::ifstream in(std::string(root ? root : ".") + "/models/rules/" + name, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(Rules, BuiltinFamilies) {
  const RuleSet& rs = RuleSet::builtin();
  ASSERT_GE(rs.size(), 100u + 5u);  // 100+ brands and the pattern families
  const auto k = keys(rs, {
                              "http://paypal.com.account-verify.info/webscr",  // brand in host
                              "https://www.paypal.com/signin",                 // official host
                              "http://evil.example/apple/id/unlock",           // brand in path
                              "http://x.example/a/0123456789abcdef0123456789abcdef/",
                              "http://phish.000webhostapp.com/",
                              "http://me.duckdns.org/",
                              "http://bit.ly/x",
                              "http://a.b.c.d.e.f.example.com/",
                              "http://my-bank-secure-login.example/",
                              "http://groups.example/",  // "ups" inside a word: no hit
                              "http://ups-parcel.example/",
                              "https://example.org/",
                          });
  EXPECT_EQ(k[0], (V{"brand:paypal", "pattern:credential_word", "embedded:paypal"}));
  EXPECT_EQ(k[1], (V{"pattern:credential_word"}));
  EXPECT_EQ(k[2], (V{"brand:apple", "pattern:credential_word"}));
  EXPECT_EQ(k[3], (V{"hash_segment"}));
  EXPECT_EQ(k[4], (V{"pattern:free_hosting"}));
  EXPECT_EQ(k[5], (V{"pattern:dynamic_dns"}));
  EXPECT_EQ(k[6], (V{"pattern:shortener"}));
  EXPECT_EQ(k[7], (V{"deep_subdomains"}));
  EXPECT_EQ(k[8], (V{"dashed_host"}));
  EXPECT_EQ(k[9], V{});
  EXPECT_EQ(k[10], (V{"brand:ups", "combosquat:ups"}));
  EXPECT_EQ(k[11], V{});
}

TEST(Rules, PatternScopes) {
  const auto k =
      keys(RuleSet::builtin(), {
                                   "http://login.example.com/",              // host, not path
                                   "http://x.example/?next=/login",          // query
                                   "http://x.example/a/signin.php?x=1",      // path
                                   "http://site.netlify.app.evil.example/",  // not the end
                                   "http://site.github.io/",
                                   "http://x.example/a/DEADBEEFdeadbeef0123456789ab.js",
                                   "http://x.example/a/DEADBEEFdeadbeef0123456789ax/",
                               });
  EXPECT_EQ(k[0], V{});
  EXPECT_EQ(k[1], V{});
  EXPECT_EQ(k[2], (V{"pattern:credential_word"}));
  EXPECT_EQ(k[3], V{});
  EXPECT_EQ(k[4], (V{"pattern:free_hosting"}));
  EXPECT_EQ(k[5], (V{"hash_segment"}));
  EXPECT_EQ(k[6], V{});
  RuleSet rs;
  const Status bad = RuleSet::parse("", "p\tx\tr\tsomewhere\n", rs);
  EXPECT_EQ(bad.code(), errc::data_bad_line);
  EXPECT_NE(bad.message().find("unknown scope 'somewhere'"), std::string::npos) << bad.message();
}

// A pattern's scope decides where its match may end: in the host, at the host's end, in the
// path or in the query (no scope: anywhere in the URL).
TEST(Rules, PatternScopesLimitWhereAMatchEnds) {
  RuleSet rs;
  ASSERT_TRUE(Succeeded(RuleSet::parse("",
                                       "in_host\tlogin\tr\thost\n"
                                       "at_host_end\tlogin\\.com\tr\thost_end\n"
                                       "in_path\tlogin\tr\tpath\n"
                                       "in_query\tlogin\tr\tquery\n"
                                       "anywhere\tlogin\tr\n",
                                       rs)));
  auto k = keys(rs, {"http://login.com/", "http://login.example.net/", "http://example.net/login",
                     "http://example.net/a?login=1"});
  for (auto& v : k) std::sort(v.begin(), v.end());
  using V = std::vector<std::string>;
  EXPECT_EQ(k[0], (V{"pattern:anywhere", "pattern:at_host_end", "pattern:in_host"}));
  EXPECT_EQ(k[1], (V{"pattern:anywhere", "pattern:in_host"}));
  EXPECT_EQ(k[2], (V{"pattern:anywhere", "pattern:in_path"}));
  EXPECT_EQ(k[3], (V{"pattern:anywhere", "pattern:in_query"}));
}

TEST(Rules, EmbeddedFilesCompile) {
  // builtin() defers the Hyperscan compile; the same files must compile here.
  RuleSet rs;
  const std::string b = read_rules("brands.tsv"), p = read_rules("patterns.tsv"),
                    l = read_rules("lures.txt");
  const RuleText brands[1] = {{"brands.tsv", b}}, patterns[1] = {{"patterns.tsv", p}},
                 lures[1] = {{"lures.txt", l}};
  ASSERT_TRUE(Succeeded(RuleSet::parse(brands, patterns, lures, rs)));
  EXPECT_EQ(rs.digest(), RuleSet::builtin().digest());
  EXPECT_EQ(rs.size(), RuleSet::builtin().size());
}

TEST(Rules, HitsStayWithTheirUrl) {
  // A match must not run across the separator into the next URL of the batch.
  const auto k = keys(RuleSet::builtin(), {"http://a.example/login", "http://b.example/x",
                                           "http://c.example/account", "http://d.example/"});
  EXPECT_EQ(k[0], (V{"pattern:credential_word"}));
  EXPECT_EQ(k[1], V{});
  EXPECT_EQ(k[2], (V{"pattern:credential_word"}));
  EXPECT_EQ(k[3], V{});
}

// match() keeps what it finds from a host alone in the Scratch's host cache: URLs sharing hosts,
// matched twice through one Scratch (the second pass all from the cache), give each URL's hits
// as a fresh Scratch does.
TEST(Rules, HostCacheGivesWhatComputingGives) {
  const RuleSet& rs = RuleSet::builtin();
  const std::vector<std::string> hosts = {"paypal.com.account-verify.info",
                                          "www.paypal.com",
                                          "paypa1-login.example",
                                          "my-bank-secure-login.example",
                                          "a.b.c.d.e.f.example.com",
                                          "apple-id-unlock.example",
                                          "192.168.10.1",
                                          "xn--pypal-4ve.com",
                                          std::string(70, 'q') + ".example"};
  const std::vector<std::string> paths = {"/", "/webscr?cmd=login", "/paypal/signin",
                                          "/a/0123456789abcdef0123456789abcdef/"};
  std::vector<std::string> text;
  for (const auto& h : hosts)
    for (const auto& p : paths) text.push_back("http://" + h + p);
  std::vector<Url> urls(text.size());
  std::vector<const Url*> ptr;
  for (std::size_t i = 0; i < text.size(); ++i) {
    ASSERT_TRUE(parse_url(text[i], urls[i])) << text[i];
    ptr.push_back(&urls[i]);
  }
  RuleSet::Scratch warm;
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<std::vector<std::uint16_t>> got;
    rs.match(ptr, warm, got);
    for (std::size_t i = 0; i < ptr.size(); ++i) {
      RuleSet::Scratch fresh;
      std::vector<std::vector<std::uint16_t>> want;
      rs.match(std::span(&ptr[i], 1), fresh, want);
      EXPECT_EQ(got[i], want[0]) << text[i] << " pass " << pass;
    }
  }
  const HostCacheCounts c = warm.host_cache_counts();
  // Names of at most 54 bytes are cached: 6 of the 9 hosts (not the IP literal, the IDN host or
  // the long one), each computed once; the long one is counted as uncacheable every time.
  EXPECT_EQ(c.misses, 6u);
  EXPECT_EQ(c.hits, 2 * 6 * paths.size() - 6u);
  EXPECT_EQ(c.uncacheable, 2 * paths.size());
}

// One Scratch serving two rule sets: what it cached for one is never read for the other.
TEST(Rules, HostCacheIsPerRuleSet) {
  RuleSet acme, zeta;
  ASSERT_TRUE(Succeeded(RuleSet::parse("acme\tacme\tacme.com\n", "", acme)));
  ASSERT_TRUE(Succeeded(RuleSet::parse("zeta\tzeta\tzeta.com\n", "", zeta)));
  Url u;
  ASSERT_TRUE(parse_url("http://acme.com.verify.example/", u));
  const Url* one[1] = {&u};
  RuleSet::Scratch shared;
  std::vector<std::vector<std::uint16_t>> hits;
  for (int round = 0; round < 2; ++round) {
    acme.match(one, shared, hits);
    V k;
    for (auto id : hits[0]) k.push_back(acme.key(id));
    EXPECT_NE(std::find(k.begin(), k.end(), "embedded:acme"), k.end());
    zeta.match(one, shared, hits);
    EXPECT_EQ(hits[0], std::vector<std::uint16_t>{});
  }
}

TEST(Rules, MalformedFilesNameFileAndLine) {
  RuleSet rs;
  Status why = RuleSet::parse("# c\nacme\tacme\tacme.com\nbad line\n", "", rs);
  EXPECT_EQ(why.code(), errc::data_bad_line);
  EXPECT_NE(why.message().find("brands.tsv line 3"), std::string::npos) << why.message();
  why = RuleSet::parse("acme\tac me\tacme.com\n", "", rs);
  EXPECT_EQ(why.code(), errc::data_bad_line);
  EXPECT_NE(why.message().find("bad keyword"), std::string::npos);
  EXPECT_EQ(RuleSet::parse("acme\tacme\tnodot\n", "", rs).code(), errc::data_bad_line);
  why = RuleSet::parse("", "x\t(unclosed\tdesc\n", rs);
  EXPECT_EQ(why.code(), errc::data_bad_line);
  EXPECT_NE(why.message().find("(unclosed"), std::string::npos) << why.message();
  why = RuleSet::parse("", "x\tonly two\n", rs);
  EXPECT_EQ(why.code(), errc::data_bad_line);
  EXPECT_NE(why.message().find("patterns.tsv line 1"), std::string::npos);
  ASSERT_TRUE(
      Succeeded(RuleSet::parse("acme\tacme\tacme.com,acme.co.uk\n", "p\t/evil\tevil path\n", rs)));
  const auto k = keys(rs, {"http://shop.acme.co.uk/evil", "http://acme-shop.example/"});
  EXPECT_EQ(k[0], (V{"pattern:p"}));
  EXPECT_EQ(k[1], (V{"brand:acme"}));
  EXPECT_NE(rs.digest(), RuleSet::builtin().digest());
}

// A fresh directory under the test's temporary area.
std::filesystem::path temp_dir(const std::string& name) {
  const auto d = std::filesystem::temp_directory_path() /
                 ("urlscan-test-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

TEST(RulesCache, CompiledOnceThenLoadedAndInvalidatedByAChange) {
  const auto dir = temp_dir("cache");
  const std::string cache = dir.string();
  const std::string brands = "acme\tacme\tacme.com\n";
  const std::string patterns = "p\t/evil\tevil path\n";
  const std::vector<const char*> urls = {"http://x.example/evil", "http://acme-shop.example/"};

  RuleSet first;
  ASSERT_TRUE(Succeeded(RuleSet::parse(brands, patterns, first, cache)));
  EXPECT_EQ(RuleSetCache::source(first), detail::DatabaseSource::none);  // nothing compiled yet
  const auto expected = keys(first, urls);
  EXPECT_EQ(RuleSetCache::source(first), detail::DatabaseSource::compiled);
  ASSERT_TRUE(std::filesystem::exists(RuleSetCache::file(first))) << RuleSetCache::file(first);

  RuleSet again;  // same rules: the cached database
  ASSERT_TRUE(Succeeded(RuleSet::parse(brands, patterns, again, cache)));
  EXPECT_EQ(RuleSetCache::file(again), RuleSetCache::file(first));
  EXPECT_EQ(keys(again, urls), expected);
  EXPECT_EQ(RuleSetCache::source(again), detail::DatabaseSource::cache);

  RuleSet changed;  // one pattern changed: another key, compiled afresh, new behaviour
  ASSERT_TRUE(Succeeded(RuleSet::parse(brands, "p\t/wicked\tevil path\n", changed, cache)));
  EXPECT_NE(RuleSetCache::file(changed), RuleSetCache::file(first));
  EXPECT_EQ(keys(changed, urls)[0], V{});
  EXPECT_EQ(RuleSetCache::source(changed), detail::DatabaseSource::compiled);

  // A corrupt or truncated cache file is rebuilt, never trusted.
  for (const std::string& junk : {std::string("not a database"), std::string()}) {
    write(RuleSetCache::file(first), junk);
    RuleSet fresh;
    ASSERT_TRUE(Succeeded(RuleSet::parse(brands, patterns, fresh, cache)));
    EXPECT_EQ(keys(fresh, urls), expected);
    EXPECT_EQ(RuleSetCache::source(fresh), detail::DatabaseSource::compiled);
    EXPECT_GT(std::filesystem::file_size(RuleSetCache::file(first)), 1000u);
  }
  std::filesystem::remove_all(dir);
}

// No cache directory: no file, and the library reads no environment variable for one (the
// front ends do: frontend/loaders.cpp rules_cache_dir).
TEST(RulesCache, Off) {
  const auto dir = temp_dir("ignored");
  ::setenv("URLSCAN_CACHE_DIR", dir.c_str(), 1);
  RuleSet rs;
  ASSERT_TRUE(Succeeded(RuleSet::parse("acme\tacme\tacme.com\n", "", rs)));
  EXPECT_EQ(RuleSetCache::file(rs), "");
  EXPECT_EQ(keys(rs, {"http://acme.example/"})[0], (V{"brand:acme"}));
  EXPECT_EQ(RuleSetCache::source(rs), detail::DatabaseSource::compiled);
  ::unsetenv("URLSCAN_CACHE_DIR");
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

TEST(RuleBook, UserDirectoriesAddRules) {
  const auto dir = temp_dir("book");
  write(dir / "brands.tsv", "# mine\nacmebank\tacmebank\tacmebank.example\n");
  write(dir / "patterns.tsv", "tracker\t/track/[0-9]{6}\ttracking number path\n");
  write(dir / "lures.txt", "bonanza\n");
  write(dir / "allowlist.txt", "intranet.example\n");
  write(dir / "software_sites.txt", "=mytool.example\n");
  write(dir / "blocklist.txt", "bad.example\n");
  write(dir / "README.md", "ignored\n");
  RuleBook book;
  const std::vector<std::string> dirs = {dir.string()};
  ASSERT_TRUE(Succeeded(RuleBook::load(dirs, book)));
  EXPECT_EQ(book.rules.size(), RuleSet::builtin().size() + 1 + 1 + 6);  // a brand's 1+5, a pattern
  const auto k = keys(book.rules, {"http://acmebank-bonanza.example/track/123456"});
  EXPECT_EQ(k[0], (V{"brand:acmebank", "pattern:tracker", "combosquat:acmebank"}));
  const Scorer s(Model::builtin(), &book);
  Scorer::Scratch scratch;
  EXPECT_FALSE(s.score("http://intranet.example/login", scratch).phishing);
  EXPECT_EQ(s.score("http://intranet.example/", scratch).allowlisted, "intranet.example");
  EXPECT_EQ(s.score("http://www.acmebank.example/", scratch).allowlisted, "acmebank.example");
  EXPECT_EQ(s.score("https://mytool.example/docs/", scratch).allowlisted, "mytool.example");
  EXPECT_EQ(s.score("https://x.mytool.example/docs/", scratch).allowlisted, "");
  const Score blocked = s.score("https://www.bad.example/", scratch);
  EXPECT_TRUE(blocked.phishing);
  EXPECT_EQ(blocked.blocklisted, "bad.example");
  // The built-in files are still there.
  EXPECT_TRUE(s.score("http://testsafebrowsing.appspot.com/s/phishing.html", scratch).phishing);
  std::filesystem::remove_all(dir);
}

TEST(RuleBook, BadUserFilesNameFileAndLine) {
  const auto dir = temp_dir("bad");
  RuleBook book;
  const std::vector<std::string> dirs = {dir.string()};
  auto fails_with = [&](const std::string& file, const std::string& text, const std::string& msg) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    write(dir / file, text);
    const Status why = RuleBook::load(dirs, book);
    EXPECT_FALSE(why) << file;
    EXPECT_NE(why.message().find((dir / file).string()), std::string::npos) << why.message();
    EXPECT_NE(why.message().find(msg), std::string::npos) << why.message();
  };
  fails_with("brands.tsv", "# c\nok\tok\tok.example\nbroken\n", "line 3");
  fails_with("patterns.tsv", "\nx\t(unclosed\tdesc\n", "line 2");
  fails_with("lures.txt", "fine\nTwo Words\n", "line 2");
  fails_with("allowlist.txt", "Not A Domain\n", "line 1");
  fails_with("blocklist.txt", "ok.example\nbad domain\n", "line 2");
  fails_with("blocklist.txt", "ok.example\n!ok.example/public/\n", "line 2");  // hosts only
  fails_with("allowlist.txt", "ok.example\n!ok.example/x/../y/\n", "line 2");
  fails_with("blocklist.tsv", "ok.example\n", "unknown rule file");
  const std::vector<std::string> missing = {(dir / "nope").string()};
  const Status why = RuleBook::load(missing, book);
  EXPECT_EQ(why.code(), errc::io_error);
  EXPECT_NE(why.message().find("nope"), std::string::npos);
  std::filesystem::remove_all(dir);
}

// A rules directory: documentation and hidden entries are skipped with no effect on the rules;
// any other file, and a directory without a rule file, is an error naming it (tools/urlscan.1).
TEST(RuleBook, RulesDirectorySkipsDocumentationOnly) {
  const auto dir = temp_dir("docs");
  const std::vector<std::string> dirs = {dir.string()};
  RuleBook book;
  write(dir / "blocklist.txt", "bad.example\n");
  for (const char* doc : {"README", "README.md", "README.txt", "notes.md", ".brands.tsv.swp"})
    write(dir / doc, "acme\tacme\tacme.example\n");  // a brand line: it must not be read
  ASSERT_TRUE(Succeeded(RuleBook::load(dirs, book)));
  EXPECT_EQ(book.rules.size(), RuleSet::builtin().size());
  EXPECT_EQ(book.blocklist.match("www.bad.example"), "bad.example");
  // Not documentation: refused, the file named.
  for (const char* stray : {"README-brands.tsv", "brands.tsv.orig", "notes.txt"}) {
    write(dir / stray, "x\n");
    const Status why = RuleBook::load(dirs, book);
    EXPECT_EQ(why.code(), errc::data_bad_line) << stray;
    EXPECT_NE(why.message().find((dir / stray).string() + ": unknown rule file"), std::string::npos)
        << why.message();
    std::filesystem::remove(dir / stray);
  }
  // Documentation alone: the wrong folder, which would add nothing without a word.
  std::filesystem::remove(dir / "blocklist.txt");
  const Status why = RuleBook::load(dirs, book);
  EXPECT_EQ(why.code(), errc::data_empty);
  EXPECT_NE(why.message().find("rules directory " + dir.string() + ": no rule file"),
            std::string::npos)
      << why.message();
  std::filesystem::remove_all(dir);
}

TEST(RuleBook, OfficialDomainsAllowlistedExceptOpenOnes) {
  const RuleBook& b = RuleBook::builtin();
  EXPECT_EQ(b.allowlist.match("secure.chase.com"), "chase.com");  // from brands.tsv
  EXPECT_EQ(b.allowlist.match("bucket.s3.amazonaws.com"), "");    // '~': anyone can publish
  EXPECT_EQ(b.allowlist.match("t.co"), "");                       // '~': redirects anywhere
  EXPECT_EQ(b.allowlist.match("docs.google.com"), "");            // allowlist.txt exclusion
  EXPECT_EQ(b.blocklist.match("testsafebrowsing.appspot.com"), "testsafebrowsing.appspot.com");
  EXPECT_EQ(b.blocklist.match("appspot.com"), "");
}

}  // namespace
}  // namespace urlscan
