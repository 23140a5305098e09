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

TEST(Domain, SubdomainDepth) {
  EXPECT_EQ(subdomain_depth("example.co.uk"), 0);
  EXPECT_EQ(subdomain_depth("www.example.co.uk"), 1);
  EXPECT_EQ(subdomain_depth("a.b.example.com"), 2);
  EXPECT_EQ(subdomain_depth("evil.github.io"), 0);
  EXPECT_EQ(subdomain_depth("1.2.3.4"), -1);
}

}  // namespace
}  // namespace urlscan
