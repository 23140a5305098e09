// Table-driven URL parser tests: tricky, hostile and malformed inputs. The parser never throws.
#include <gtest/gtest.h>

#include <string>

#include "urlscan/url.hpp"

namespace urlscan {
namespace {

struct Case {
  const char* in;
  bool ok;
  const char* host;
  HostKind kind;
  int port;
  const char* path;
  const char* query;
  const char* scheme;
};

constexpr auto N = HostKind::name, V4 = HostKind::ipv4, V6 = HostKind::ipv6, X = HostKind::none;

const Case kCases[] = {
    // Plain and bare forms.
    {"http://example.com/", true, "example.com", N, -1, "/", "", "http"},
    {"https://example.com", true, "example.com", N, -1, "", "", "https"},
    {"example.com", true, "example.com", N, -1, "", "", ""},
    {"example.com/path/a.php", true, "example.com", N, -1, "/path/a.php", "", ""},
    {"www.example.com/index.html?x=1", true, "www.example.com", N, -1, "/index.html", "x=1", ""},
    {"//example.com/x", true, "example.com", N, -1, "/x", "", ""},
    {"HTTP://EXAMPLE.COM/Path", true, "example.com", N, -1, "/Path", "", "HTTP"},
    {"  http://example.com/  ", true, "example.com", N, -1, "/", "", "http"},
    {"http://example.com./", true, "example.com", N, -1, "/", "", "http"},
    {"http://example.com../a", true, "example.com", N, -1, "/a", "", "http"},
    {"ftp://files.example.org/pub/file.tar.gz", true, "files.example.org", N, -1,
     "/pub/file.tar.gz", "", "ftp"},
    {"ws://chat.example.com/socket", true, "chat.example.com", N, -1, "/socket", "", "ws"},
    {"wss://chat.example.com:8443/socket", true, "chat.example.com", N, 8443, "/socket", "", "wss"},
    {"hxxp://defanged.example.com/x", true, "defanged.example.com", N, -1, "/x", "", "hxxp"},
    {"hxxps://defanged.example.com", true, "defanged.example.com", N, -1, "", "", "hxxps"},
    // Ports.
    {"http://example.com:8080/a", true, "example.com", N, 8080, "/a", "", "http"},
    {"example.com:8080/a", true, "example.com", N, 8080, "/a", "", ""},
    {"localhost:3000", true, "localhost", N, 3000, "", "", ""},
    {"http://example.com:/a", true, "example.com", N, -1, "/a", "", "http"},
    {"http://example.com:0/", true, "example.com", N, 0, "/", "", "http"},
    {"http://example.com:65535/", true, "example.com", N, 65535, "/", "", "http"},
    {"http://example.com:65536/", true, "example.com", N, -1, "/", "", "http"},
    {"http://example.com:99999999999/", true, "example.com", N, -1, "/", "", "http"},
    {"http://example.com:80abc/", true, "example.com", N, -1, "/", "", "http"},
    {"http://example.com:-1/", true, "example.com", N, -1, "/", "", "http"},
    // Userinfo and '@' tricks.
    {"http://user:pass@example.com/", true, "example.com", N, -1, "/", "", "http"},
    {"http://paypal.com@evil.example/login", true, "evil.example", N, -1, "/login", "", "http"},
    {"http://a@b@evil.example/", true, "evil.example", N, -1, "/", "", "http"},
    {"http://www.paypal.com%40evil.example/", true, "www.paypal.com@evil.example", N, -1, "/", "",
     "http"},
    {"http://@example.com/", true, "example.com", N, -1, "/", "", "http"},
    {"http://user@/path", false, "", X, -1, "/path", "", "http"},
    // Query and fragment.
    {"http://example.com/a?b=c&d=e#frag", true, "example.com", N, -1, "/a", "b=c&d=e", "http"},
    {"http://example.com?q=1", true, "example.com", N, -1, "", "q=1", "http"},
    {"http://example.com#top", true, "example.com", N, -1, "", "", "http"},
    {"http://example.com/#/route?x=1", true, "example.com", N, -1, "/", "", "http"},
    {"http://example.com/a?b?c", true, "example.com", N, -1, "/a", "b?c", "http"},
    {"http://example.com/?", true, "example.com", N, -1, "/", "", "http"},
    {"http://example.com/a?redirect=http://evil.example/", true, "example.com", N, -1, "/a",
     "redirect=http://evil.example/", "http"},
    {"example.com?x", true, "example.com", N, -1, "", "x", ""},
    // Separators browsers accept.
    {"http:/example.com/a", true, "example.com", N, -1, "/a", "", "http"},
    {"http:example.com/a", true, "example.com", N, -1, "/a", "", "http"},
    {"http:///example.com/a", true, "example.com", N, -1, "/a", "", "http"},
    {"http:\\\\example.com\\a", true, "example.com", N, -1, "\\a", "", "http"},
    {"https:/\\example.com/", true, "example.com", N, -1, "/", "", "https"},
    {"http://example.com\\@evil.example/", true, "example.com", N, -1, "\\@evil.example/", "",
     "http"},
    // IPv4 literals in every form browsers accept.
    {"http://192.168.0.1/", true, "192.168.0.1", V4, -1, "/", "", "http"},
    {"http://3232235521/", true, "192.168.0.1", V4, -1, "/", "", "http"},
    {"http://0xC0A80001/", true, "192.168.0.1", V4, -1, "/", "", "http"},
    {"http://0xc0.0xa8.0x00.0x01/", true, "192.168.0.1", V4, -1, "/", "", "http"},
    {"http://0300.0250.0.1/", true, "192.168.0.1", V4, -1, "/", "", "http"},
    {"http://192.168.1/", true, "192.168.0.1", V4, -1, "/", "", "http"},
    {"http://192.11010049/", true, "192.168.0.1", V4, -1, "/", "", "http"},
    {"http://127.1/", true, "127.0.0.1", V4, -1, "/", "", "http"},
    {"http://0x7f.1/", true, "127.0.0.1", V4, -1, "/", "", "http"},
    {"http://1.2.3.4:8080/x", true, "1.2.3.4", V4, 8080, "/x", "", "http"},
    {"1.2.3.4/login", true, "1.2.3.4", V4, -1, "/login", "", ""},
    {"http://0/", true, "0.0.0.0", V4, -1, "/", "", "http"},
    {"http://4294967295/", true, "255.255.255.255", V4, -1, "/", "", "http"},
    {"http://4294967296/", true, "4294967296", N, -1, "/", "", "http"},
    {"http://256.1.1.1/", true, "256.1.1.1", N, -1, "/", "", "http"},
    {"http://1.2.3.4.5/", true, "1.2.3.4.5", N, -1, "/", "", "http"},
    {"http://1.2.3.09/", true, "1.2.3.09", N, -1, "/", "", "http"},
    {"http://1.2.3.4./", true, "1.2.3.4", V4, -1, "/", "", "http"},
    {"http://%31%32%37.0.0.1/", true, "127.0.0.1", V4, -1, "/", "", "http"},
    {"http://1.2.3.com/", true, "1.2.3.com", N, -1, "/", "", "http"},
    {"http://123.example.com/", true, "123.example.com", N, -1, "/", "", "http"},
    {"http://0x/", true, "0.0.0.0", V4, -1, "/", "", "http"},
    // IPv6 literals.
    {"http://[::1]/", true, "[::1]", V6, -1, "/", "", "http"},
    {"http://[2001:db8::1]:8080/a", true, "[2001:db8::1]", V6, 8080, "/a", "", "http"},
    {"http://[2001:DB8::1]/", true, "[2001:db8::1]", V6, -1, "/", "", "http"},
    {"http://[::ffff:192.168.0.1]/", true, "[::ffff:192.168.0.1]", V6, -1, "/", "", "http"},
    {"[::1]:443/x", true, "[::1]", V6, 443, "/x", "", ""},
    // IDN.
    {"http://xn--pypal-4ve.com/", true, "xn--pypal-4ve.com", N, -1, "/", "", "http"},
    {"http://XN--80AK6AA92E.COM/", true, "xn--80ak6aa92e.com", N, -1, "/", "", "http"},
    {"http://www.xn--bcher-kva.de/", true, "www.xn--bcher-kva.de", N, -1, "/", "", "http"},
    {"http://xn--invalid-punycode-.com/", true, "xn--invalid-punycode-.com", N, -1, "/", "",
     "http"},
    {"http://bücher.de/", true, "bücher.de", N, -1, "/", "", "http"},
    // Percent-encoding and case in the host.
    {"http://%65xample.com/", true, "example.com", N, -1, "/", "", "http"},
    {"http://EXAMPLE.%43OM/", true, "example.com", N, -1, "/", "", "http"},
    {"http://example.com%/", true, "example.com%", N, -1, "/", "", "http"},
    {"http://example.com%2/", true, "example.com%2", N, -1, "/", "", "http"},
    {"http://example.com/%2e%2e/%2F", true, "example.com", N, -1, "/%2e%2e/%2F", "", "http"},
    // Lookalike structures (parsed, judged later).
    {"http://paypal.com.account-verify.info/webscr", true, "paypal.com.account-verify.info", N, -1,
     "/webscr", "", "http"},
    {"https://roblox.com.ge/users/1/profile", true, "roblox.com.ge", N, -1, "/users/1/profile", "",
     "https"},
    {"http://a.b.c.d.e.f.g.example.com/", true, "a.b.c.d.e.f.g.example.com", N, -1, "/", "",
     "http"},
    {"http://login-microsoftonline.com.evil.example/common/oauth2", true,
     "login-microsoftonline.com.evil.example", N, -1, "/common/oauth2", "", "http"},
    {"http://example.com/https://paypal.com/", true, "example.com", N, -1, "/https://paypal.com/",
     "", "http"},
    {"http://bit.ly/3xYz", true, "bit.ly", N, -1, "/3xYz", "", "http"},
    // Opaque and hostless inputs.
    {"mailto:someone@example.com", false, "", X, -1, "someone@example.com", "", "mailto"},
    {"javascript:alert(1)", false, "", X, -1, "alert(1)", "", "javascript"},
    {"data:text/html;base64,PHNjcmlwdD4=", false, "", X, -1, "text/html;base64,PHNjcmlwdD4=", "",
     "data"},
    {"about:blank", false, "", X, -1, "blank", "", "about"},
    {"/relative/path", false, "", X, -1, "/relative/path", "", ""},
    {"?q=1", false, "", X, -1, "", "q=1", ""},
    {"#frag", false, "", X, -1, "", "", ""},
    {"http://", false, "", X, -1, "", "", "http"},
    {"http:///", false, "", X, -1, "", "", "http"},
    {"", false, "", X, -1, "", "", ""},
    {"   ", false, "", X, -1, "", "", ""},
    {"://example.com", false, "", X, -1, "//example.com", "", ""},
    {"http://:80/", false, "", X, 80, "/", "", "http"},
    {"http://./", false, "", X, -1, "/", "", "http"},
    // Junk that must not crash and still yields something.
    // A space or control byte in the host: text, not a URL (url_blank_in_host).
    {"not a url at all", false, "", X, -1, "", "", ""},
    {"http://exa mple.com/", false, "", X, -1, "", "", "http"},
    {"exa\tmple.com/", false, "", X, -1, "", "", ""},
    {"example.com/a b", true, "example.com", N, -1, "/a b", "", ""},
    {"\xff\xfe\xfd", true, "\xff\xfe\xfd", N, -1, "", "", ""},
    {"http://[::1/", true, "[::1", V6, -1, "/", "", "http"},
    {"http://]::1[/", true, "]:", N, -1, "/", "", "http"},
    {"a:b:c:d", false, "", X, -1, "b:c:d", "", "a"},
    {"http://example.com:8080:9090/", true, "example.com:8080", N, 9090, "/", "", "http"},
    {"1://x", true, "0.0.0.1", V4, -1, "//x", "", ""},
    {"h-t.t+p://example.com/", true, "example.com", N, -1, "/", "", "h-t.t+p"},
};

TEST(UrlParser, Table) {
  ASSERT_GE(std::size(kCases), 100u);
  Url u;
  for (const Case& c : kCases) {
    SCOPED_TRACE(std::string("input: ") + c.in);
    EXPECT_EQ(parse_url(c.in, u), c.ok);
    EXPECT_EQ(u.host, c.host);
    EXPECT_EQ(u.host_kind, c.kind);
    EXPECT_EQ(u.port, c.port);
    EXPECT_EQ(u.path, c.path);
    EXPECT_EQ(u.query, c.query);
    EXPECT_EQ(u.scheme, c.scheme);
  }
}

TEST(UrlParser, BlankInHostIsAnError) {
  Url u;
  EXPECT_FALSE(parse_url("hello world", u));
  EXPECT_EQ(u.problem, errc::url_blank_in_host);
  EXPECT_FALSE(parse_url("http://a.example\x1b.com/", u));
  EXPECT_EQ(u.problem, errc::url_blank_in_host);
  EXPECT_TRUE(parse_url("  a.example/x y  ", u));  // outer blanks trimmed, path blanks kept
}

TEST(UrlParser, ObfuscatedIpv4IsFlagged) {
  Url u;
  ASSERT_TRUE(parse_url("http://3232235521/", u));
  EXPECT_TRUE(u.ipv4_obfuscated);
  ASSERT_TRUE(parse_url("http://192.168.0.1/", u));
  EXPECT_FALSE(u.ipv4_obfuscated);
}

TEST(UrlParser, IdnIsDecoded) {
  Url u;
  ASSERT_TRUE(parse_url("http://xn--pypal-4ve.com/", u));
  EXPECT_TRUE(u.idn);
  EXPECT_EQ(u.host_unicode, "p\xd0\xb0ypal.com");  // U+0430 CYRILLIC SMALL LETTER A
  ASSERT_TRUE(parse_url("http://www.xn--bcher-kva.de/", u));
  EXPECT_EQ(u.host_unicode,
            "www.b\xc3\xbc"
            "cher.de");
  ASSERT_TRUE(parse_url("http://xn--invalid-punycode-.com/", u));
  EXPECT_EQ(u.host_unicode, u.host);  // undecodable: kept as is
  ASSERT_TRUE(parse_url("http://example.com/", u));
  EXPECT_EQ(u.unicode_host(), "example.com");
}

TEST(UrlParser, FieldsAndFlags) {
  Url u;
  ASSERT_TRUE(parse_url("http://user:pw@example.com:99999/a?b#c", u));
  EXPECT_EQ(u.userinfo, "user:pw");
  EXPECT_TRUE(u.bad_port);
  EXPECT_EQ(u.fragment, "c");
  ASSERT_TRUE(parse_url("http:\\\\example.com\\a", u));
  EXPECT_TRUE(u.backslashes);
}

TEST(UrlParser, ReusedObjectIsReset) {
  Url u;
  ASSERT_TRUE(parse_url("http://user@1.2.3.4:81/a?b#c", u));
  ASSERT_TRUE(parse_url("example.org", u));
  EXPECT_EQ(u.userinfo, "");
  EXPECT_EQ(u.port, -1);
  EXPECT_EQ(u.query, "");
  EXPECT_EQ(u.fragment, "");
  EXPECT_EQ(u.host_kind, HostKind::name);
}

TEST(UrlParser, HugeInputDoesNotCrash) {
  std::string big = "http://" + std::string(1 << 20, 'a') + ".com/" + std::string(1 << 20, 'b');
  Url u;
  EXPECT_TRUE(parse_url(big, u));
  EXPECT_EQ(u.host.size(), (1u << 20) + 4);
}

TEST(RecordCheck, Hygiene) {
  EXPECT_EQ(check_record(""), errc::empty_url);
  EXPECT_EQ(check_record(std::string_view("a\0b", 3)), errc::url_has_nul);
  EXPECT_EQ(check_record("a\x01"
                         "b"),
            errc::url_has_control_chars);
  EXPECT_EQ(check_record("a\x7f"), errc::url_has_control_chars);
  EXPECT_EQ(check_record("http://ex\x13"
                         "ample.com/a"),
            errc::url_has_control_chars);
  EXPECT_EQ(check_record("ex\x7f"
                         "ample.com/a"),
            errc::url_has_control_chars);
  // After the host a browser percent-encodes them: the URL is scored.
  EXPECT_EQ(check_record("http://example.com/a?n\x17"
                         "1&r\x13x"),
            errc::ok);
  EXPECT_EQ(check_record("example.com/p\x01#f\x7f"), errc::ok);
  EXPECT_EQ(check_record("http://ex\xff.com"), errc::url_invalid_utf8);
  EXPECT_EQ(check_record("http://b\xc3\xbc"
                         "cher.de/"),
            errc::ok);
  EXPECT_EQ(check_record("tab\tinside"), errc::ok);
}

TEST(RecordCheck, Utf8Validator) {
  EXPECT_TRUE(valid_utf8("plain ascii long enough to take the fast path"));
  EXPECT_TRUE(valid_utf8("\xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(valid_utf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(valid_utf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(valid_utf8("\xe2\x82"));          // truncated
  EXPECT_FALSE(valid_utf8("abcdefgh\x80"));      // stray continuation after fast path
}

}  // namespace
}  // namespace urlscan
