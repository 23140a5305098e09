// Pre-filter rules: each family on the built-in rule files, official domains, batch attribution,
// and malformed rule files refused with the file and line named.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "urlscan/rules.hpp"

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
  EXPECT_EQ(k[0], (V{"brand:paypal", "pattern:credential_word"}));
  EXPECT_EQ(k[1], (V{"pattern:credential_word"}));
  EXPECT_EQ(k[2], (V{"brand:apple", "pattern:credential_word"}));
  EXPECT_EQ(k[3], (V{"pattern:hash_segment"}));
  EXPECT_EQ(k[4], (V{"pattern:free_hosting"}));
  EXPECT_EQ(k[5], (V{"pattern:dynamic_dns"}));
  EXPECT_EQ(k[6], (V{"pattern:shortener"}));
  EXPECT_EQ(k[7], (V{"pattern:deep_subdomains"}));
  EXPECT_EQ(k[8], (V{"pattern:dashed_host"}));
  EXPECT_EQ(k[9], V{});
  EXPECT_EQ(k[10], (V{"brand:ups"}));
  EXPECT_EQ(k[11], V{});
}

TEST(Rules, EmbeddedFilesCompile) {
  // builtin() defers the Hyperscan compile; the same files must compile here.
  std::string why;
  RuleSet rs;
  ASSERT_EQ(RuleSet::parse(read_rules("brands.tsv"), read_rules("patterns.tsv"), rs, &why),
            errc::ok)
      << why;
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

TEST(Rules, MalformedFilesNameFileAndLine) {
  RuleSet rs;
  std::string why;
  EXPECT_EQ(RuleSet::parse("# c\nacme\tacme\tacme.com\nbad line\n", "", rs, &why),
            errc::data_bad_line);
  EXPECT_NE(why.find("brands.tsv line 3"), std::string::npos) << why;
  EXPECT_EQ(RuleSet::parse("acme\tac me\tacme.com\n", "", rs, &why), errc::data_bad_line);
  EXPECT_NE(why.find("bad keyword"), std::string::npos);
  EXPECT_EQ(RuleSet::parse("acme\tacme\tnodot\n", "", rs, &why), errc::data_bad_line);
  EXPECT_EQ(RuleSet::parse("", "x\t(unclosed\tdesc\n", rs, &why), errc::data_bad_line);
  EXPECT_NE(why.find("(unclosed"), std::string::npos) << why;
  EXPECT_EQ(RuleSet::parse("", "x\tonly two\n", rs, &why), errc::data_bad_line);
  EXPECT_NE(why.find("patterns.tsv line 1"), std::string::npos);
  ASSERT_EQ(RuleSet::parse("acme\tacme\tacme.com,acme.co.uk\n", "p\t/evil\tevil path\n", rs, &why),
            errc::ok)
      << why;
  const auto k = keys(rs, {"http://shop.acme.co.uk/evil", "http://acme-shop.example/"});
  EXPECT_EQ(k[0], (V{"pattern:p"}));
  EXPECT_EQ(k[1], (V{"brand:acme"}));
  EXPECT_NE(rs.digest(), RuleSet::builtin().digest());
}

}  // namespace
}  // namespace urlscan
