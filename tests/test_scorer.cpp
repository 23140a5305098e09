// The scorer with the shipped (built-in) model: error records, the allowlist rule, explanations,
// and the quality gate on the hand-made known-URL lists.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdio>
#include <type_traits>

#include "known_lists.hpp"
#include "rules/redirect_target.hpp"
#include "status_assert.hpp"
#include "urlscan/labeled_scores.hpp"
#include "urlscan/scorer.hpp"
#include "urlscan/url.hpp"

namespace urlscan {
namespace {

const Model& shipped() {
  const Model& m = Model::builtin();
  EXPECT_TRUE(m.loaded());
  return m;
}

// A Scorer keeps a pointer to its Model and rules: built from a temporary Model it would dangle
// (found by a newcomer: `const Scorer sc(load_model());` compiled), so that is refused.
static_assert(std::is_constructible_v<Scorer, const Model&>);
static_assert(std::is_constructible_v<Scorer, const Model&, const RuleBook*>);
static_assert(!std::is_constructible_v<Scorer, Model&&>);
static_assert(!std::is_constructible_v<Scorer, Model&&, const RuleBook*>);
static_assert(!std::is_constructible_v<Scorer, Model&&, const DomainList*, const RuleSet*,
                                       const DomainList*>);

TEST(Scorer, BadRecordsBecomeErrorRecords) {
  const Scorer s(shipped());
  Scorer::Scratch scratch;
  const std::string nul("http://a\0b.com", 14);
  const std::string huge = "http://" + std::string(1 << 20, 'a') + ".com/";
  const std::vector<std::string_view> in = {
      "",   nul,          "http://ex\xff.com/", "mailto:x@y.z", "http://exa\x01mple.com/",
      huge, "example.com"};
  std::vector<Score> out(in.size());
  s.score_batch(in, out, scratch);
  EXPECT_EQ(out[0].problem, errc::empty_url);
  EXPECT_EQ(out[1].problem, errc::url_has_nul);
  EXPECT_EQ(out[2].problem, errc::url_invalid_utf8);
  EXPECT_EQ(out[3].problem, errc::url_no_host);
  EXPECT_EQ(out[4].problem, errc::url_has_control_chars);
  EXPECT_EQ(out[5].problem, errc::ok);  // long but valid: the reader's --max-line decides
  EXPECT_EQ(out[6].problem, errc::ok);
  for (int i = 0; i < 5; ++i) EXPECT_FALSE(out[i].phishing);
}

TEST(Scorer, ControlCharactersAfterTheHostAreScored) {
  // A browser percent-encodes them and opens the page, so the URL is scored like its encoded
  // form would be (same host, same kind of path), not rejected.
  const Scorer s(shipped());
  Scorer::Scratch scratch;
  const Score sc = s.score(
      "http://example.no/blog/wp-includes/js/bookmark/index.php?n\x17"
      "74256418&rand\x13",
      scratch);
  EXPECT_EQ(sc.problem, errc::ok);
  EXPECT_GT(sc.probability, 0.0f);
  EXPECT_EQ(s.score("http://exa\x13"
                    "mple.no/index.php",
                    scratch)
                .problem,
            errc::url_has_control_chars);
}

TEST(Scorer, BatchEqualsSingle) {
  const Scorer s(shipped());
  Scorer::Scratch a, b;
  const auto urls = read_gate_list("known_phishing.txt");
  ASSERT_FALSE(urls.empty());
  std::vector<std::string_view> views(urls.begin(), urls.end());
  std::vector<Score> batch(views.size());
  s.score_batch(views, batch, a);
  for (std::size_t i = 0; i < views.size(); ++i) {
    const Score one = s.score(views[i], b);
    EXPECT_EQ(one.raw, batch[i].raw);
    EXPECT_EQ(one.phishing, batch[i].phishing);
  }
}

// The one unscored-record policy: kept in place, counted, never flagged, probability 0, ranked
// below everything (even an allowlisted URL, whose raw score is the lowest finite float); the
// scored rows exactly as Scorer::score gives them.
TEST(LabeledScores, UnscoredRecordsRankLowestAndAreNeverFlagged) {
  const Scorer s(shipped());
  Scorer::Scratch scratch;
  const std::vector<std::string_view> urls = {"http://paypal.com.verify-account.example/login",
                                              "mailto:x@y.z", "https://www.google.com/",
                                              "http://ex\xff.com/", "http://192.0.2.7/a/b"};
  const std::vector<std::uint8_t> labels = {1, 1, 0, 0, 1};
  const LabeledScores r = score_labeled(s, urls, labels);
  ASSERT_EQ(r.size(), urls.size());
  EXPECT_EQ(r.unscored, 2u);
  EXPECT_EQ(r.label, labels);
  for (std::size_t i = 0; i < urls.size(); ++i) {
    const Score one = s.score(urls[i], scratch);
    if (one.problem != errc::ok) {
      EXPECT_EQ(r.raw[i], kUnscoredRaw) << urls[i];
      EXPECT_EQ(r.probability[i], 0.0f);
      EXPECT_EQ(r.flagged[i], 0);
    } else {
      EXPECT_EQ(r.raw[i], one.raw) << urls[i];
      EXPECT_EQ(r.probability[i], one.probability);
      EXPECT_EQ(r.flagged[i], one.phishing);
      EXPECT_GT(r.raw[i], kUnscoredRaw);
    }
  }
  // A phishing record that could not be scored is a miss, never a hit.
  const BinaryMetrics m = r.metrics(shipped().calibration().raw_threshold);
  EXPECT_EQ(m.n, urls.size());
  EXPECT_GE(m.fn, 1u);
}

TEST(Scorer, ThresholdOverride) {
  Scorer s(shipped(), nullptr);  // the model alone: a decisive rule would fix this URL's score
  Scorer::Scratch scratch;
  const char* u = "http://paypal.com.account-verify-secure.info/webscr";
  const Score sc = s.score(u, scratch);
  s.set_threshold(std::min(1.0f, sc.probability + 0.01f));
  EXPECT_FALSE(s.score(u, scratch).phishing);
  s.set_threshold(std::max(0.0f, sc.probability - 0.01f));
  EXPECT_TRUE(s.score(u, scratch).phishing);
}

TEST(Scorer, ExplainGivesTheFeaturesThatMovedTheScore) {
  const Scorer s(shipped());
  const auto all = s.explain("http://paypal.com.account-verify-secure.info/webscr/login.php", 5);
  // The shipped model has no rule features: the 5 features that moved the linear score most,
  // largest first, then the trees' adjustment (the rules that fired are the Score's reasons).
  ASSERT_EQ(all.size(), 6u);
  for (std::size_t i = 1; i < 5; ++i)
    EXPECT_GE(std::fabs(all[i - 1].weight), std::fabs(all[i].weight));
  EXPECT_EQ(all.back().feature.rfind("boosted trees", 0), 0u) << all.back().feature;
  for (const auto& c : all) EXPECT_NE(c.feature.rfind("rule", 0), 0u) << c.feature;
  Scorer::Scratch scratch;
  const Score sc =
      s.score("http://paypal.com.account-verify-secure.info/webscr/login.php", scratch);
  ASSERT_GE(sc.n_rules, 2);
  EXPECT_TRUE(sc.decided_by_rule);
  EXPECT_EQ(s.rules()->key(sc.rules[0]), "embedded:paypal");
  EXPECT_TRUE(s.explain("", 5).empty());
}

TEST(Scorer, ExplanationAddsUpToTheRawScore) {
  // Every linear feature plus the bias is the linear score; the trees' entry takes it to the
  // raw score the verdict uses (a URL no rule decides).
  const Scorer s(shipped(), nullptr);
  const std::string url = "http://203.0.113.7/bank/verify/index.php?id=42";
  const auto all = s.explain(url, 100000);
  ASSERT_GE(all.size(), 2u);
  double sum = shipped().calibration().bias;
  for (const auto& c : all) sum += c.weight;
  Scorer::Scratch scratch;
  const Score sc = s.score(url, scratch);
  EXPECT_NEAR(sum, sc.raw, 1e-3 * std::max(1.0, std::fabs(static_cast<double>(sc.raw))));
}

// The per-thread host caches (features and rules) give what computing gives: URLs of a few
// hosts scored through one Scratch, twice, equal each URL scored through a fresh Scratch, bit for
// bit (raw scores: the probability's last bit may depend on the URL's place in the batch, where
// the sigmoid kernel takes a vector lane or the scalar tail); and the caches did answer.
TEST(Scorer, HostCacheScoresBitIdentical) {
  const Scorer s(shipped());
  const Scorer bare(shipped(), nullptr);  // no rules: the no-rules path shares the cache code
  const std::vector<std::string> hosts = {"www.paypal.com",    "paypal.com.verify-account.info",
                                          "fftw.org",          "login.micros0ft-secure.example",
                                          "192.168.0.1",       "xn--80ak6aa92e.com",
                                          "ww2.example.co.uk", std::string(60, 'a') + ".com"};
  const std::vector<std::string> paths = {"", "/", "/login.php?user=1&next=%2F",
                                          "/a/0123456789abcdef0123456789abcdef/x.html"};
  std::vector<std::string> text;
  for (const auto& h : hosts)
    for (const auto& p : paths) text.push_back("https://" + h + p);
  std::vector<std::string_view> in(text.begin(), text.end());
  // The default size, and a cache of 2 entries (one set): hosts then evict each other, and a
  // refilled entry must give the same as the first fill.
  for (const std::size_t entries : {std::size_t{32768}, std::size_t{2}})
    for (const Scorer* sc : {&s, &bare}) {
      Scorer::Scratch warm(entries);
      for (int pass = 0; pass < 2; ++pass) {
        std::vector<Score> got(in.size());
        sc->score_batch(in, got, warm);
        for (std::size_t i = 0; i < in.size(); ++i) {
          Scorer::Scratch fresh;
          const Score want = sc->score(in[i], fresh);
          EXPECT_EQ(std::bit_cast<std::uint32_t>(got[i].raw),
                    std::bit_cast<std::uint32_t>(want.raw))
              << text[i];
          EXPECT_EQ(got[i].phishing, want.phishing) << text[i];
          EXPECT_EQ(got[i].n_rules, want.n_rules) << text[i];
          EXPECT_EQ(got[i].rules, want.rules) << text[i];
        }
      }
      // 5 cacheable names (not the IP literal, the IDN host or the 64-byte one), each featurized
      // once.
      const HostCacheCounts c = Scorer::feature_cache_counts(warm);
      EXPECT_EQ(c.uncacheable, 2 * paths.size());
      EXPECT_EQ(c.hits + c.misses, 2 * 5 * paths.size());
      if (entries == 2) {
        EXPECT_GT(c.misses, 5u);  // evictions happened
        EXPECT_GT(c.hits, 0u);
      } else {
        EXPECT_EQ(c.misses, 5u);
      }
    }
}

TEST(DomainList, DotBoundaryAndExclusions) {
  DomainList a;
  ASSERT_TRUE(Succeeded(
      DomainList::parse("# c\npaypal.com\ngoogle.com  # official\n!docs.google.com\n", a)));
  EXPECT_EQ(a.match("paypal.com"), "paypal.com");
  EXPECT_EQ(a.match("www.paypal.com"), "paypal.com");
  EXPECT_EQ(a.match("notpaypal.com"), "");
  EXPECT_EQ(a.match("paypal.com.evil.example"), "");
  EXPECT_EQ(a.match("mail.google.com"), "google.com");
  EXPECT_EQ(a.match("docs.google.com"), "");
  EXPECT_EQ(a.match("x.docs.google.com"), "");
  const Status why = DomainList::parse("paypal.com\nPay Pal\n", a);
  EXPECT_EQ(why.code(), errc::data_bad_line);
  EXPECT_NE(why.message().find("line 2"), std::string::npos);
  EXPECT_EQ(DomainList::parse("com\n", a).code(), errc::data_bad_line);  // a bare TLD
  EXPECT_EQ(DomainList::parse("=\n", a).code(), errc::data_bad_line);
  EXPECT_EQ(DomainList::parse("=!wordpress.com\n", a).code(), errc::data_bad_line);
}

// "!host/prefix": the users' part of a listed host leaves the list, the rest of the host stays.
TEST(DomainList, PathExclusionsLeaveTheRestOfTheHostListed) {
  DomainList a;
  ASSERT_TRUE(Succeeded(DomainList::parse(
      "dropbox.com\n!dropbox.com/s/\n!dropbox.com/scl/\npaypal.me\n!paypal.me/\n", a)));
  EXPECT_EQ(a.match("www.dropbox.com"), "dropbox.com");  // the host itself stays listed
  struct Case {
    const char* host;
    std::string path;
    bool excluded;
  };
  const Case cases[] = {
      {"www.dropbox.com", "/login", false},
      {"www.dropbox.com", "/s/", false},  // nothing past the prefix
      {"www.dropbox.com", "/s", false},
      {"www.dropbox.com", "/share/x", false},
      {"www.dropbox.com", "/s/q7x2k9/Invoice_Copy.htm", true},
      {"dropbox.com", "/scl/fi/abc", true},
      // Read as the server reads it: case, escapes and backslashes are no way round.
      {"www.dropbox.com", "/S/abc", true},
      {"www.dropbox.com", "/%73/abc", true},
      {"www.dropbox.com", "\\s\\abc", true},
      // Nor are dot segments (a browser resolves them before it asks) or doubled slashes.
      {"www.dropbox.com", "/x/../s/abc", true},
      {"www.dropbox.com", "/./s/abc", true},
      {"www.dropbox.com", "/x/%2e%2E/s/abc", true},
      {"www.dropbox.com", "//s//abc", true},
      {"www.dropbox.com", "/s/abc/../..", false},  // that is "/"
      {"www.dropbox.com", "/s/.", false},          // "/s/"
      {"www.dropbox.com", "/s/x/..", false},       // "/s/"
      // Tabs and line breaks, which a browser strips from a URL, are no way round either.
      {"www.dropbox.com", "/\ts/abc", true},
      {"www.dropbox.com", "/s\r/ab\nc", true},
      // ... before decoding: "%2\te" is a dot and "%2\tF" a separator to the browser (a review's
      // finding: "/%2\te%2\te/s/" routed as "/%2e%2e/s/" and stayed allowlisted).
      {"www.dropbox.com", "/%2\te%2\te/s/abc/lure.html", true},
      {"www.dropbox.com", "/%\t2e%\n2e/s/abc", true},
      {"www.dropbox.com", "/s/KEY/x%2\tF..%2\tF..", true},
      {"www.dropbox.com", "/%2\te%2\te/login", false},
      // An encoded separator: a browser keeps %2F inside a segment (so ".." does not climb over
      // it), a server may split there: no routing is guessed, the model decides.
      {"www.dropbox.com", "/s/KEY/x%2F..%2F..", true},
      {"www.dropbox.com", "/s/KEY/a%2f../..", true},
      {"www.dropbox.com", "/s/KEY%5C..", true},
      {"www.dropbox.com", "/home%2Fx", true},
      {"www.google.com", "/home%2Fx", false},  // only on such a host
      // Too long to route: 4,096 bytes are routed, one more is left to the model.
      {"www.dropbox.com", "/" + std::string(4095, 'a'), false},
      {"www.dropbox.com", "/s/" + std::string(4093, 'a'), true},
      {"www.dropbox.com", "/" + std::string(4096, 'a'), true},
      {"www.dropbox.com", "s/abc", true},  // no leading '/': routed as one
      // Host on a dot boundary only.
      {"notdropbox.com", "/s/abc", false},
      {"paypal.me", "/some-seller", true},
      {"paypal.me", "/", false},
      {"paypal.me", "", false},
  };
  for (const Case& c : cases)
    EXPECT_EQ(a.excludes_path(c.host, c.path), c.excluded) << c.host << " " << c.path;
  // Paths only on exclusion lines, and only plain path bytes in them.
  for (const char* bad :
       {"dropbox.com/s/", "=dropbox.com/s/", "!dropbox.com/%73/", "!Dropbox.com/s/",
        "!dropbox.com/s?x", "!dropbox.com/s//", "!dropbox.com/x/../s/"})
    EXPECT_EQ(DomainList::parse(bad, a).code(), errc::data_bad_line) << bad;
  // An entry's path is matched without its case.
  ASSERT_TRUE(Succeeded(DomainList::parse("icloud.com\n!icloud.com/iCloudDrive/\n", a)));
  EXPECT_TRUE(a.excludes_path("www.icloud.com", "/iclouddrive/0abcDEF"));
}

// The scorer hashes a host once for both lists: the key is the list-independent one that
// match(host) computes itself.
TEST(DomainList, OneHostKeyServesEveryList) {
  DomainList allow, block;
  ASSERT_TRUE(Succeeded(DomainList::parse("paypal.com\n", allow)));
  ASSERT_TRUE(Succeeded(DomainList::parse("evil.example\n!ok.evil.example\n", block)));
  for (const char* host : {"paypal.com", "www.paypal.com", "a.evil.example", "ok.evil.example",
                           "x.ok.evil.example", "notpaypal.com", "com", ""}) {
    const std::uint64_t key = DomainList::host_key(host);
    EXPECT_EQ(allow.match(host, key), allow.match(host)) << host;
    EXPECT_EQ(block.match(host, key), block.match(host)) << host;
  }
  EXPECT_EQ(block.match("a.evil.example", DomainList::host_key("a.evil.example")), "evil.example");
  EXPECT_EQ(DomainList::host_key("a.b.paypal.com"), DomainList::host_key("paypal.com"));
}

TEST(DomainList, ExactEntriesStopAtTheirOwnHost) {
  DomainList a;
  ASSERT_TRUE(Succeeded(
      DomainList::parse("=wordpress.com\n=example.co.uk\nexample.org\n=example.org\n", a)));
  EXPECT_EQ(a.match("wordpress.com"), "wordpress.com");
  EXPECT_EQ(a.match("www.wordpress.com"), "wordpress.com");
  EXPECT_EQ(a.match("evil.wordpress.com"), "");
  EXPECT_EQ(a.match("www.evil.wordpress.com"), "");
  EXPECT_EQ(a.match("wwww.wordpress.com"), "");
  EXPECT_EQ(a.match("example.co.uk"), "example.co.uk");
  EXPECT_EQ(a.match("x.example.co.uk"), "");
  EXPECT_EQ(a.match("x.example.org"), "example.org");  // listed both ways: the wider wins
}

TEST(DomainList, ManyEntriesAllMatchAndOthersDoNot) {
  // Enough entries to fill a fixed-size Bloom filter: every entry must still be found, and
  // hosts that are not listed must not be.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "=site" + std::to_string(i) + ".example\n";
  DomainList a;
  ASSERT_TRUE(Succeeded(DomainList::parse(text, a)));
  EXPECT_EQ(a.size(), 20000u);
  for (int i = 0; i < 20000; ++i) {
    const std::string d = "site" + std::to_string(i) + ".example";
    ASSERT_EQ(a.match(d), d);
    ASSERT_EQ(a.match("www." + d), d);
    ASSERT_EQ(a.match("x." + d), "");
    ASSERT_EQ(a.match("site" + std::to_string(i + 20000) + ".example"), "");
  }
}

TEST(DomainList, AListWhoseParseFailedStillAnswers) {
  // Found by the allowlist fuzzer: a parse that stops at a bad line leaves entries but no Bloom
  // filter; lookups must still work (the caller reports the error, but may hold the object).
  DomainList a;
  EXPECT_FALSE(DomainList::parse("example.org\nNot A Domain\n", a));
  EXPECT_EQ(a.match("www.example.org"), "example.org");
  EXPECT_EQ(a.match("example.net"), "");
}

TEST(DomainList, BuiltinSoftwareSitesAreWholeDomainsOnly) {
  // models/rules/software_sites.txt: projects' own domains, the domain and its www. host.
  const DomainList& a = RuleBook::builtin().allowlist;
  EXPECT_GT(a.size(), 1500u);
  EXPECT_EQ(a.match("kubernetes.io"), "kubernetes.io");
  EXPECT_EQ(a.match("www.fftw.org"), "fftw.org");
  EXPECT_EQ(a.match("evil.kubernetes.io"), "");     // a subdomain is someone's, not the project's
  EXPECT_EQ(a.match("abook.sourceforge.net"), "");  // project hosting: never listed
  EXPECT_EQ(a.match("sourceforge.net"), "");
  EXPECT_EQ(a.match("evil.readthedocs.io"), "");
}

TEST(DomainList, BuiltinNeverListsFreeHostingParents) {
  // The allowlist the scorer uses: allowlist.txt, software_sites.txt and the brands' official
  // domains. Hosts that serve what anyone uploads are never on it. (www.dropbox.com is: it is
  // the brand's login and its shared links show previews; the raw files come from
  // dropboxusercontent.com.)
  const DomainList& a = RuleBook::builtin().allowlist;
  ASSERT_GT(a.size(), 50u);
  for (const char* h :
       {"evil.github.io", "evil.web.app", "evil.blogspot.com", "sites.google.com",
        "docs.google.com", "forms.office.com", "evil.herokuapp.com", "evil.netlify.app",
        "evil.000webhostapp.com", "dl.dropboxusercontent.com", "bucket.s3.amazonaws.com",
        "tenant.sharepoint.com", "user.github.io", "shop.myshopify.com", "t.co",
        "evil.wordpress.com", "evil.tumblr.com", "evil.substack.com", "evil.weebly.com",
        "evil.medium.com", "evil.livejournal.com",
        // Users' uploads, pages, groups and apps under official domains.
        "cdn.discordapp.com", "storage.cloud.google.com", "groups.google.com", "play.google.com",
        "home.comcast.net", "user.home.comcast.net", "c-1-2-3-4.hsd1.wa.comcast.net",
        "users.aol.com", "groups.yahoo.com", "apps.facebook.com", "acrobat.adobe.com",
        "onedrive.com", "wetransfer.com"})
    EXPECT_EQ(a.match(h), "") << h;
  for (const char* h : {"www.google.com", "accounts.google.com", "discord.com", "www.paypal.com",
                        "login.live.com", "www.xfinity.com"})
    EXPECT_NE(a.match(h), "") << h;
}

TEST(RedirectTarget, FindsTheHostAUrlForwardsTo) {
  auto target = [](const char* s) {
    Url u;
    parse_url(s, u);
    return detail::redirect_target_host(u);
  };
  EXPECT_EQ(target("https://www.google.com/url?q=http://Evil.Example/login&sa=D"), "evil.example");
  EXPECT_EQ(target("https://accounts.google.com/ServiceLogin?continue=https%3A%2F%2Fstorage.cloud."
                   "google.com%2Fb%2Findex.html"),
            "storage.cloud.google.com");
  EXPECT_EQ(target("https://login.live.com/oauth20_authorize.srf?redirect_uri=http://sat.example:"
                   "8080/x"),
            "sat.example");
  EXPECT_EQ(target("https://a.example/x?u=https%253A%252F%252Fdouble.example%252F"),
            "double.example");
  EXPECT_EQ(target("https://web.archive.org/web/2020/http://old.example./"), "old.example");
  EXPECT_EQ(target("https://www.google.com/search?q=http+lessons"), "");
  EXPECT_EQ(target("https://example.com/httpd/docs"), "");
  EXPECT_EQ(target("https://example.com/?next=http://"), "");
}

TEST(Scorer, AllowlistedHostsForwardingOffTheListDecideNothing) {
  const Scorer s(shipped());
  Scorer::Scratch scratch;
  // Forwarding to a listed host keeps the allowlist's verdict; to any other, the model decides.
  EXPECT_NE(
      s.score("https://www.google.com/url?q=https://en.wikipedia.org/wiki/X", scratch).allowlisted,
      "");
  EXPECT_EQ(s.score("https://www.google.com/url?q=http://cezmex.example/latest-onedrive/", scratch)
                .allowlisted,
            "");
  EXPECT_EQ(s.score("https://login.live.com/oauth20_authorize.srf?client_id=1&redirect_uri=http://"
                    "sat-seguro.example/registro/oauth-hotmail.php",
                    scratch)
                .allowlisted,
            "");
  EXPECT_NE(
      s.score("https://accounts.google.com/ServiceLogin?continue=https://mail.google.com/", scratch)
          .allowlisted,
      "");
}

TEST(Scorer, UsersPathsOnAllowlistedHostsDecideNothing) {
  const Scorer s(shipped());
  Scorer::Scratch scratch;
  // models/rules/allowlist.txt's "!host/prefix" lines: the host's own pages stay allowlisted.
  EXPECT_NE(s.score("https://www.dropbox.com/login", scratch).allowlisted, "");
  EXPECT_NE(s.score("https://paypal.me/", scratch).allowlisted, "");
  EXPECT_NE(s.score("https://www.icloud.com/mail", scratch).allowlisted, "");
  for (const char* users : {"https://www.dropbox.com/s/q7x2k9w4/Invoice_Copy.htm?dl=1",
                            "https://www.dropbox.com/l/AAExampleSharedLinkKey0123",
                            "https://www.dropbox.com/scl/fi/abc/Invoice.pdf?rlkey=x",
                            "https://www.paypal.me/some-seller", "https://cash.app/$someone",
                            "https://www.icloud.com/iclouddrive/0abcDEF#Invoice",
                            "https://www.google.com/amp/s/evil.example/login"}) {
    const Score sc = s.score(users, scratch);
    EXPECT_EQ(sc.allowlisted, "") << users;
    EXPECT_GT(sc.probability, 0.0f) << users;  // the model's score, not the list's 0
  }
}

// Legitimate URLs the shipped model flags, with its rules (each printed) and alone.
struct Flagged {
  std::size_t with_rules = 0, model_only = 0;
};
Flagged flag_legitimate(const std::vector<std::string>& urls) {
  const Scorer with_rules(shipped());
  const Scorer model_only(shipped(), nullptr);
  Scorer::Scratch scratch;
  Flagged f;
  for (const auto& u : urls) {
    const Score sc = with_rules.score(u, scratch);
    EXPECT_EQ(sc.problem, errc::ok) << u;
    if (sc.phishing) {
      ++f.with_rules;
      std::printf("  flagged: %s (%.3f)\n", u.c_str(), sc.probability);
    }
    f.model_only += model_only.score(u, scratch).phishing;
  }
  return f;
}

// Quality gate of the shipped model on the hand-made lists (none of it from ../shared/data).
TEST(QualityGate, KnownLegitimateUrls) {
  const auto urls = read_gate_list("known_legitimate.txt");
  ASSERT_GE(urls.size(), 200u);
  const Flagged f = flag_legitimate(urls);
  const double rate = static_cast<double>(f.with_rules) / urls.size();
  std::printf(
      "known legitimate: %zu/%zu flagged (%.2f%%); model alone, without the allowlist: "
      "%zu (%.2f%%)\n",
      f.with_rules, urls.size(), 100 * rate, f.model_only, 100.0 * f.model_only / urls.size());
  // The bar: under 1%. Measured 2/323 = 0.62% (model alone 32): drive.google.com and
  // docs.google.com app pages (user-content hosts, deliberately not allowlisted). 4 before
  // models/rules/software_sites.txt (kubernetes.io/docs/home/ and prometheus.io/docs/... are
  // model errors: 'doc' in a path is a strong phishing signal in this data), 5 before the
  // allowlist's "=wordpress.com". Both lists were written after those pages were flagged here
  // (models/MODEL.md discloses it).
  EXPECT_LT(rate, 0.01);
}

TEST(QualityGate, TopSitesHomepages) {
  // The 500 most visited domains' homepages (Moz Top 500 via npm top-sites), a list nobody
  // chose: added after this release's choices and never tuned on. The data README reports
  // 34-47% of popular homepages flagged by fastText, scikit-learn and a char-CNN trained here.
  const auto urls = read_list("top_sites_homepages.txt");
  ASSERT_EQ(urls.size(), 500u);
  const Flagged f = flag_legitimate(urls);
  std::printf("top-500 homepages: %zu/%zu flagged (%.1f%%); model alone %zu\n", f.with_rules,
              urls.size(), 100.0 * f.with_rules / urls.size(), f.model_only);
  // Measured 25/500 = 5.0% (model alone 37): URL shorteners and link hosts (bit.ly, amzn.to,
  // tinyurl.com, cutt.ly, forms.gle, linktr.ee, mailchi.mp, onelink.me), hosting platforms' own
  // homepages (netlify.app, storage.googleapis.com, webnode.page, bp.blogspot.com), Google's
  // brand TLD (safety.google), news sites (estadao.com.br, abril.com.br, elpais.com,
  // buzzfeed.com), mail.ru, vkontakte.ru, telegram.me. 20 (4.0%) before recent phishing rows
  // were trained on (their price: models/MODEL.md). Not the bar (its list is
  // models/gate/known_legitimate.txt); this gate holds the level.
  EXPECT_LE(f.with_rules, 27u);
}

TEST(QualityGate, HeldOutSoftwareProjectPages) {
  // Debian packages' homepages on domains kept out of training (scripts/make_software_pages.py):
  // project homepages, docs and repositories, the kind of legitimate URL train.tsv lacks.
  // The model alone: these sites come from the same index as the allowlist's software sites,
  // which would pass many of them by rule and hide what the model learnt.
  const auto urls = read_list("software_pages_holdout.txt");
  ASSERT_GE(urls.size(), 1000u);
  const Scorer s(shipped(), nullptr);
  const Scorer with_rules(shipped());
  Scorer::Scratch scratch;
  std::size_t flagged = 0, bare = 0, bare_flagged = 0, flagged_with_rules = 0;
  for (const auto& u : urls) {
    const Score sc = s.score(u, scratch);
    ASSERT_EQ(sc.problem, errc::ok) << u;
    flagged += sc.phishing;
    flagged_with_rules += with_rules.score(u, scratch).phishing;
    Url parsed;
    ASSERT_TRUE(parse_url(u, parsed));
    if ((parsed.path.empty() || parsed.path == "/") && parsed.query.empty()) {
      ++bare;
      bare_flagged += sc.phishing;
    }
  }
  const double rate = static_cast<double>(flagged) / urls.size();
  std::printf(
      "software project pages, model alone: %zu/%zu flagged (%.2f%%); homepages %zu/%zu; with "
      "the rules: %zu\n",
      flagged, urls.size(), 100 * rate, bare_flagged, bare, flagged_with_rules);
  // Measured (model alone) 41/1271 = 3.23% (homepages 11/531); 39 before recent phishing rows
  // were trained on. Format-3 models, trained
  // on train.tsv alone and featurizing "https://x.org" apart from "https://x.org/", flagged
  // 16.8% (homepages 31%).
  EXPECT_LE(rate, 0.035);
}

TEST(QualityGate, KnownPhishingUrls) {
  const auto urls = read_gate_list("known_phishing.txt");
  ASSERT_GE(urls.size(), 50u);
  const Scorer s(shipped());
  Scorer::Scratch scratch;
  std::size_t flagged = 0;
  for (const auto& u : urls) {
    const Score sc = s.score(u, scratch);
    flagged += sc.phishing;
    if (!sc.phishing) std::printf("  missed: %s (%.3f)\n", u.c_str(), sc.probability);
  }
  std::printf("known phishing: %zu/%zu flagged\n", flagged, urls.size());
  EXPECT_GE(static_cast<double>(flagged) / urls.size(), 0.9);
}

}  // namespace
}  // namespace urlscan
