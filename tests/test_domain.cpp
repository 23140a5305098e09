// Public Suffix List edge cases: multi-label public suffixes, private suffixes, IP literals.
#include <gtest/gtest.h>

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

}  // namespace
}  // namespace urlscan
