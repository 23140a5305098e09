// Public Suffix List edge cases: multi-label public suffixes, private suffixes, IP literals.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "domain/psl_table.hpp"
#include "libpsl_reference.hpp"
#include "urlscan/domain.hpp"

namespace urlscan {
namespace {

TEST(Domain, RegistrableDomain) {
  auto reg = [](const char* h) { return std::string(registrable_domain(h)); };
  EXPECT_EQ(reg("www.example.co.uk"), "example.co.uk");
  EXPECT_EQ(reg("example.com"), "example.com");
  EXPECT_EQ(reg("a.b.c.example.com"), "example.com");
  EXPECT_EQ(reg("paypal.com.evil.info"), "evil.info");
  // Private suffixes: each user's site is its own registrable domain.
  EXPECT_EQ(reg("evil.github.io"), "evil.github.io");
  EXPECT_EQ(reg("x.y.blogspot.com"), "y.blogspot.com");
  EXPECT_EQ(reg("shop.web.app"), "shop.web.app");
  // No registrable domain.
  EXPECT_EQ(reg("co.uk"), "");
  EXPECT_EQ(reg("localhost"), "");
  EXPECT_EQ(reg("192.168.0.1"), "");
  EXPECT_EQ(reg("[::1]"), "");
  EXPECT_EQ(reg(""), "");
}

TEST(Domain, PlatformIsTheIcannSuffixPlusOneLabel) {
  const auto plat = [](const char* h) { return std::string(platform_domain(h)); };
  // Users of one platform share it, where each is its own registrable domain.
  EXPECT_EQ(plat("evil.github.io"), "github.io");
  EXPECT_EQ(plat("a.b.blogspot.com"), "blogspot.com");
  EXPECT_EQ(plat("x1y2z3.duckdns.org"), "duckdns.org");
  EXPECT_EQ(plat("shop.web.app"), "web.app");
  EXPECT_EQ(plat("login.example.co.uk"), "example.co.uk");
  EXPECT_EQ(plat("example.com"), "example.com");
  // No ICANN suffix to stand on: the host itself.
  EXPECT_EQ(plat("localhost"), "localhost");
  EXPECT_EQ(plat("192.168.0.1"), "192.168.0.1");
  EXPECT_EQ(plat("[::1]"), "[::1]");
  EXPECT_EQ(plat("co.uk"), "co.uk");
}

TEST(Domain, SubdomainDepth) {
  EXPECT_EQ(subdomain_depth("example.co.uk"), 0);
  EXPECT_EQ(subdomain_depth("www.example.co.uk"), 1);
  EXPECT_EQ(subdomain_depth("a.b.example.com"), 2);
  EXPECT_EQ(subdomain_depth("evil.github.io"), 0);
  EXPECT_EQ(subdomain_depth("1.2.3.4"), -1);
}

// Hosts round every rule: the rule, one to four labels under it, its parent; with the rule's
// own labels as the new ones too ("ck.ck"), where a lookup keyed wrongly would go astray.
std::vector<std::string> hosts_round_rules() {
  const detail::PslTable* t = detail::PslTable::get();
  std::vector<std::string> hosts;
  if (!t) return hosts;
  for (const auto& [name, flags] : t->rules()) {
    const std::string parent =
        name.find('.') == std::string::npos ? "" : name.substr(name.find('.') + 1);
    for (const std::string& h :
         {name, "x." + name, "www." + name, "y.x." + name, "a.b.c.d." + name, parent, "x." + parent,
          "y.x." + parent, name + "." + name, "x-1.my_site." + name})
      if (!h.empty()) hosts.push_back(h);
  }
  return hosts;
}

TEST(Domain, TheFastTableIsLibpslsOwnList) {
  // The embedded list's SHA-1 equals psl_builtin_sha1sum(): without that the table is off and
  // every lookup costs libpsl's ~7,900 instructions again.
  const detail::PslTable* t = detail::PslTable::get();
  ASSERT_NE(t, nullptr) << "libpsl's built-in list (" << psl_builtin_sha1sum() << ", "
                        << psl_builtin_filename() << ") is not the one embedded at build time";
  EXPECT_GT(t->rules().size(), 8000u);
  EXPECT_GE(t->max_labels(), 4u);
  EXPECT_TRUE(detail::PslTable::handles("www.example.co.uk"));
  for (const char* h : {"", "Example.com", "a..b", ".com", "com.", "xn--bcher-kva.de",
                        "b\xc3\xbc"
                        "cher.de",
                        "a b.com"})
    EXPECT_FALSE(detail::PslTable::handles(h)) << h;
}

TEST(Domain, TheFastTableAnswersAsLibpslRoundEveryRule) {
  const std::vector<std::string> hosts = hosts_round_rules();
  ASSERT_GT(hosts.size(), 80000u);
  std::size_t wrong_reg = 0, wrong_platform = 0;
  for (const std::string& h : hosts) {
    const std::string want_reg = test::libpsl_registrable(h),
                      want_platform = test::libpsl_platform(h);
    if (std::string(registrable_domain(h)) != want_reg && ++wrong_reg <= 10)
      ADD_FAILURE() << h << ": registrable " << registrable_domain(h) << ", libpsl " << want_reg;
    if (std::string(platform_domain(h)) != want_platform && ++wrong_platform <= 10)
      ADD_FAILURE() << h << ": platform " << platform_domain(h) << ", libpsl " << want_platform;
  }
  EXPECT_EQ(wrong_reg, 0u);
  EXPECT_EQ(wrong_platform, 0u);
}

TEST(Domain, HostsTheTableLeavesToLibpslGetLibpslsAnswer) {
  for (const std::string& h :
       std::vector<std::string>{"WWW.Example.CO.UK", "xn--bcher-kva.de", "shop.xn--p1ai",
                                "a..example.com", "example.com.", ".example.com", "localhost",
                                "b\xc3\xbc"
                                "cher.de",
                                std::string(250, 'a') + ".com", "-.com", "_x.io"}) {
    EXPECT_EQ(std::string(registrable_domain(h)), test::libpsl_registrable(h)) << h;
    EXPECT_EQ(std::string(platform_domain(h)), test::libpsl_platform(h)) << h;
  }
}

}  // namespace
}  // namespace urlscan
