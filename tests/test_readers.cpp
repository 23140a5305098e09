// Readers on fixtures: line splitting (caps, CR/LF, no final newline, NULs), gzip, TSV columns
// and headers, JSON Lines fields, access logs -- including every malformed case.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "input/byte_source.hpp"
#include "input/formats.hpp"
#include "input/http_request.hpp"
#include "input/line_reader.hpp"

namespace urlscan::cli {
namespace {

std::vector<std::string> all_lines(const std::string& bytes, std::size_t cap,
                                   std::vector<int>* trunc = nullptr) {
  auto src = memory_source(bytes);
  LineReader r(*src, cap);
  std::vector<std::string> out;
  LineBatch b;
  bool more = true;
  while (more) {
    more = r.next(b, 3, 1 << 20);  // small batches: exercise batch boundaries
    for (std::size_t i = 0; i < b.size(); ++i) {
      out.emplace_back(b.line(i));
      if (trunc) trunc->push_back(b.truncated[i]);
    }
  }
  return out;
}

TEST(LineReader, SplitsEveryKindOfLine) {
  using V = std::vector<std::string>;
  EXPECT_EQ(all_lines("", 100), V{});
  EXPECT_EQ(all_lines("a", 100), V{"a"});
  EXPECT_EQ(all_lines("a\n", 100), V{"a"});
  EXPECT_EQ(all_lines("a\n\nb", 100), (V{"a", "", "b"}));
  EXPECT_EQ(all_lines("a\r\nb\r\n", 100), (V{"a", "b"}));
  EXPECT_EQ(all_lines("\n\n", 100), (V{"", ""}));
  EXPECT_EQ(all_lines(std::string("x\0y\nz", 5), 100), (V{std::string("x\0y", 3), "z"}));
  EXPECT_EQ(all_lines("1\n2\n3\n4\n5\n6\n7\n", 100).size(), 7u);
}

TEST(LineReader, OverlongLinesAreCappedNotBuffered) {
  const std::string big(3 << 20, 'a');
  std::vector<int> trunc;
  const auto lines = all_lines("ok\n" + big + "\nafter", 1000, &trunc);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[1].size(), 1000u);
  EXPECT_EQ(trunc, (std::vector<int>{0, 1, 0}));
  EXPECT_EQ(lines[2], "after");
}

TEST(LineReader, LineNumbersAcrossBatches) {
  auto src = memory_source("a\nb\nc\nd\ne\n");
  LineReader r(*src, 100);
  LineBatch b;
  r.next(b, 2, 1 << 20);
  EXPECT_EQ(b.first_line, 1u);
  r.next(b, 2, 1 << 20);
  EXPECT_EQ(b.first_line, 3u);
  EXPECT_EQ(b.line(0), "c");
}

TEST(ByteSource, GzipIsReadTransparently) {
  const auto path = std::filesystem::temp_directory_path() / "urlscan_reader_test.gz";
  gzFile f = gzopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  const std::string text = "http://a.example/\nhttp://b.example/x\n";
  gzwrite(f, text.data(), static_cast<unsigned>(text.size()));
  gzclose(f);
  std::string why;
  auto src = open_source(path.string(), why);
  ASSERT_NE(src, nullptr) << why;
  LineReader r(*src, 1000);
  LineBatch b;
  r.next(b, 100, 1 << 20);
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b.line(1), "http://b.example/x");
  std::filesystem::remove(path);
  EXPECT_EQ(open_source("/nonexistent/file", why), nullptr);
  EXPECT_NE(why.find("/nonexistent/file"), std::string::npos);
  EXPECT_EQ(open_source("/", why), nullptr);
}

RecordBatch extract(const FormatOptions& opt, const std::string& text) {
  auto src = memory_source(text);
  LineReader r(*src, 4096);
  LineBatch lines;
  r.next(lines, 1000, 1 << 20);
  RecordBatch out;
  make_extractor(opt)->extract(lines, out);
  return out;
}

TEST(Formats, TsvColumnAndHeader) {
  FormatOptions o;
  o.format = InputFormat::tsv;
  o.column = 2;
  const auto b = extract(o, "label\turl\n1\thttp://a.example/\n0\nx\thttp://b.example/\tmore\n");
  ASSERT_EQ(b.records.size(), 3u);  // header skipped
  EXPECT_EQ(b.url(b.records[0]), "http://a.example/");
  EXPECT_EQ(b.records[0].line, 2u);
  EXPECT_NE(b.records[1].error, nullptr);  // too few columns
  EXPECT_EQ(b.url(b.records[2]), "http://b.example/");
  // Without a header, line 1 is data.
  EXPECT_EQ(extract(o, "1\thttp://c.example/\n").records.size(), 1u);
}

TEST(Formats, JsonLinesField) {
  FormatOptions o;
  o.format = InputFormat::jsonl;
  o.field = "request.url";
  const auto b = extract(o,
                         "{\"request\":{\"url\":\"http://a.example/\\u0041\"}}\n"
                         "{\"request\":{}}\n"
                         "{\"request\":{\"url\":42}}\n"
                         "{not json\n"
                         "[1,2]\n"
                         "\n"
                         "{\"request\":{\"url\":\"http://b.example/\"},\"x\":[1,{\"y\":2}]}\n");
  ASSERT_EQ(b.records.size(), 7u);
  EXPECT_EQ(b.url(b.records[0]), "http://a.example/A");  // unescaped
  EXPECT_STREQ(b.records[1].error, "JSON field missing");
  EXPECT_STREQ(b.records[2].error, "JSON field is not a string");
  EXPECT_NE(b.records[3].error, nullptr);
  EXPECT_NE(b.records[4].error, nullptr);
  EXPECT_NE(b.records[5].error, nullptr);
  EXPECT_EQ(b.records[6].error, nullptr);
  EXPECT_EQ(b.url(b.records[6]), "http://b.example/");
}

TEST(Formats, AccessLogs) {
  FormatOptions o;
  o.format = InputFormat::access_log;
  const std::string combined =
      "203.0.113.9 - - [10/Oct/2026:13:55:36 +0000] \"GET /login.php?u=1 HTTP/1.1\" 200 2326 "
      "\"http://paypal.com.verify.example/x\" \"Mozilla/5.0\"\n";
  const std::string vhost =
      "shop.example.org:443 203.0.113.9 - - [10/Oct/2026:13:55:36 +0000] \"GET /cart HTTP/1.1\" "
      "200 "
      "12 \"-\" \"curl/8\"\n";
  const std::string proxy =
      "203.0.113.9 - - [10/Oct/2026:13:55:36 +0000] \"GET http://evil.example/a HTTP/1.1\" 200 1\n";
  auto b = extract(o, combined + vhost + proxy + "garbage line\n");
  ASSERT_EQ(b.records.size(), 5u);
  EXPECT_NE(b.records[0].error, nullptr);  // no host for the target without --log-host
  EXPECT_EQ(b.url(b.records[1]), "http://paypal.com.verify.example/x");  // the referer
  EXPECT_EQ(b.records[1].line, 1u);
  EXPECT_EQ(b.url(b.records[2]), "shop.example.org/cart");
  EXPECT_EQ(b.url(b.records[3]), "http://evil.example/a");
  EXPECT_STREQ(b.records[4].error, "not an access-log line");
  o.log_host = "www.example.com";
  b = extract(o, combined);
  ASSERT_EQ(b.records.size(), 2u);
  EXPECT_EQ(b.url(b.records[0]), "www.example.com/login.php?u=1");
}

std::vector<std::string> urls_of(const RecordBatch& b, bool with_errors = true) {
  std::vector<std::string> out;
  for (const auto& r : b.records)
    out.push_back(r.error ? (with_errors ? std::string("ERROR: ") + r.error : "ERROR")
                          : std::string(b.url(r)));
  return out;
}

TEST(HttpRequest, LogEscapesAreDecoded) {
  std::string buf;
  EXPECT_EQ(decode_log_escapes("/plain", buf), "/plain");
  // nginx: \xNN for '"', '\' and bytes outside printable ASCII.
  EXPECT_EQ(decode_log_escapes("/a\\x22b\\x5Cc\\x1B\\xC3\\xBC", buf), "/a\"b\\c\x1b\xc3\xbc");
  // Apache: \" \\ and the C escapes.
  EXPECT_EQ(decode_log_escapes("/a\\\"b\\\\c\\t\\n", buf), "/a\"b\\c\t\n");
  EXPECT_EQ(decode_log_escapes("/odd\\q\\x4", buf), "/odd\\q\\x4");  // not escapes: as logged
}

TEST(HttpRequest, RequestLines) {
  std::string_view t;
  EXPECT_EQ(request_target("GET /a?b=c HTTP/1.1", t), nullptr);
  EXPECT_EQ(t, "/a?b=c");
  EXPECT_EQ(request_target("POST http://x.example/ HTTP/2.0", t), nullptr);
  EXPECT_EQ(t, "http://x.example/");
  EXPECT_EQ(request_target("GET /old", t), nullptr);  // HTTP/0.9
  for (const char* bad : {"GARBAGE", "hello world", "GET / HTTP/1.1 extra", "GET  HTTP/1.1",
                          "G\x1b T / HTTP/1.1", "GET / FTP/1.0", "POST /x", "\x16\x03\x01", "-"})
    EXPECT_NE(request_target(bad, t), nullptr) << bad;
  EXPECT_NE(request_target("CONNECT example.com:443 HTTP/1.1", t), nullptr);
  EXPECT_NE(request_target("OPTIONS * HTTP/1.1", t), nullptr);
}

TEST(HttpRequest, VirtualHosts) {
  std::string_view h;
  const auto host = [&](std::string_view field) {
    const char* e = vhost_name(field, h);
    return e ? std::string("ERROR") : std::string(h);
  };
  EXPECT_EQ(host("shop.example"), "shop.example");
  EXPECT_EQ(host("shop.example:8443"), "shop.example");
  EXPECT_EQ(host("[2001:db8::1]"), "[2001:db8::1]");
  EXPECT_EQ(host("[2001:db8::1]:443"), "[2001:db8::1]");
  EXPECT_EQ(host("[::ffff:127.0.0.1]:80"), "[::ffff:127.0.0.1]");
  EXPECT_EQ(host("b\xc3\xbc"
                 "cher.example"),
            "b\xc3\xbc"
            "cher.example");
  EXPECT_EQ(host("_"), "");  // nginx's catch-all: no host known
  EXPECT_EQ(host("_:80"), "");
  EXPECT_EQ(host("-"), "");
  // Apache's %V:%p writes IPv6 without brackets; the last group is the port when the rest is
  // an address.
  EXPECT_EQ(host("2001:db8::1:80"), "2001:db8::1");
  EXPECT_EQ(host("::1:443"), "::1");
  EXPECT_EQ(host("::1"), "::1");
  std::string url;
  EXPECT_EQ(join_request_url("2001:db8::1", "/x", url, "no host"), nullptr);
  EXPECT_EQ(url, "[2001:db8::1]/x");
  for (const char* bad :
       {"2001:zz::1", "a/b", "a b", "[zz]", "[::1]x", "shop:http", "[::1", "a:b:c"})
    EXPECT_EQ(host(bad), "ERROR") << bad;
}

TEST(Formats, AccessLogRequestsBecomeUrls) {
  FormatOptions o;
  o.format = InputFormat::access_log;
  const auto line = [](std::string_view vhost, std::string_view request,
                       std::string_view referer = "-") {
    return std::string(vhost) + (vhost.empty() ? "" : " ") +
           "127.0.0.1 - - [10/Oct/2026:13:55:36 +0000] \"" + std::string(request) + "\" 200 5 \"" +
           std::string(referer) + "\" \"curl/8\"\n";
  };
  const auto b = extract(
      o, line("shop.test", "GET /login?next=https://x.example/ HTTP/1.1") +
             line("shop.test:8080", "GET /a/http://b.example/ HTTP/1.1") +
             line("shop.test", "GET /q\\x22a\\x5Cb\\x1B HTTP/1.1", "http://r.example/\\x22") +
             line("shop.test", "GET /q\\\"a\\\\b HTTP/1.1") +  // Apache's escapes
             line("[2001:db8::1]:443", "GET /v6 HTTP/1.1") + line("[::1]", "GET /v6b HTTP/1.1") +
             line("_", "GET /nohost HTTP/1.0") + line("_", "GARBAGE") +
             line("shop.test", "CONNECT example.com:443 HTTP/1.1") +
             line("shop.test", "hello world") +
             line("shop.test", "GET http://p.example/ HTTP/1.1"));
  EXPECT_EQ(
      urls_of(b, false),
      (std::vector<std::string>{
          "shop.test/login?next=https://x.example/", "shop.test/a/http://b.example/",
          "shop.test/q\"a\\b\x1b", "http://r.example/\"", "shop.test/q\"a\\b", "[2001:db8::1]/v6",
          "[::1]/v6b", "ERROR", "ERROR", "ERROR", "ERROR", "http://p.example/"}));
  // Without a virtual host, --log-host: malformed request lines stay errors.
  o.log_host = "my.site";
  const auto c = extract(o, line("", "GARBAGE") + line("", "GET /x?u=http://y.example/ HTTP/1.1") +
                                line("", "OPTIONS * HTTP/1.1"));
  EXPECT_EQ(urls_of(c, false),
            (std::vector<std::string>{"ERROR", "my.site/x?u=http://y.example/", "ERROR"}));
  // With a virtual host and --log-host: the line's real host wins; "-", nginx's catch-all "_"
  // and "_:80" are no host, so --log-host stands in (tools/urlscan.1, --log-host).
  const auto d = extract(o, line("shop.test", "GET /a HTTP/1.1") + line("_", "GET /b HTTP/1.0") +
                                line("_:80", "GET /c HTTP/1.1") + line("-", "GET /d HTTP/1.1") +
                                line("Shop.Test:8443", "GET /e HTTP/1.1"));
  EXPECT_EQ(urls_of(d, false), (std::vector<std::string>{"shop.test/a", "my.site/b", "my.site/c",
                                                         "my.site/d", "Shop.Test/e"}));
}

TEST(Formats, JsonHostAndTargetFields) {
  FormatOptions o;
  o.format = InputFormat::jsonl;
  o.field = "request.uri";
  o.host_field = "request.host";
  o.referer_field = "request.headers.Referer.0";
  const auto b = extract(
      o,
      R"({"request":{"host":"localhost:18220","uri":"/login?next=https://x.example/","headers":{"Referer":["http://r.example/"]}}})"
      "\n"
      R"({"request":{"host":"[::1]:18220","uri":"/a\"b\\c\u001b"}})"
      "\n"
      R"({"request":{"host":"","uri":"/x"}})"
      "\n"
      R"({"request":{"uri":"/x"}})"
      "\n"
      R"({"request":{"host":"h.example","uri":"http://abs.example/"}})"
      "\n"
      // A failed lookup, then the Referer: each field is read from a fresh parse.
      R"({"request":1,"x":2})"
      "\n"
      R"({"request":{"host":"h.example","uri":"/r","headers":{"Referer":[7]}}})"
      "\n");
  EXPECT_EQ(urls_of(b),
            (std::vector<std::string>{
                "localhost/login?next=https://x.example/", "http://r.example/", "[::1]/a\"b\\c\x1b",
                "ERROR: the host field is empty (no Host header)", "ERROR: JSON field missing",
                "http://abs.example/", "ERROR: JSON field missing", "h.example/r"}));
}

TEST(Formats, PlainLinesMarkOverlong) {
  FormatOptions o;
  auto src = memory_source("short\n" + std::string(5000, 'x') + "\n");
  LineReader r(*src, 100);
  LineBatch lines;
  r.next(lines, 10, 1 << 20);
  RecordBatch out;
  make_extractor(o)->extract(lines, out);
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[0].error, nullptr);
  EXPECT_NE(out.records[1].error, nullptr);
}

TEST(Formats, FreeTextUrls) {
  FormatOptions o;
  o.format = InputFormat::extract;
  const auto b = extract(
      o,
      "see http://a.example/x, and www.b.example/y.\n"
      "nothing here; awww.not.example\n"
      "(HTTPS://c.example/z) \"hxxp://d.example/\" http://e.example/?u=http://f.example/\n");
  std::vector<std::string> got;
  for (const auto& r : b.records) got.emplace_back(b.url(r));
  EXPECT_EQ(got, (std::vector<std::string>{"http://a.example/x", "www.b.example/y",
                                           "HTTPS://c.example/z", "hxxp://d.example/",
                                           "http://e.example/?u=http://f.example/"}));
  EXPECT_EQ(b.records[2].line, 3u);
  // Balanced brackets belong to the URL (as in common linkifiers); an unpartnered one does not.
  const auto p = extract(o,
                         "http://example.com/a_(b) (see http://example.com/c) "
                         "[http://example.com/d_[e]] http://example.com/f_(g)).\n");
  EXPECT_EQ(urls_of(p),
            (std::vector<std::string>{"http://example.com/a_(b)", "http://example.com/c",
                                      "http://example.com/d_[e]", "http://example.com/f_(g)"}));
}

TEST(Formats, HeaderHeuristic) {
  EXPECT_TRUE(looks_like_header("url"));
  EXPECT_TRUE(looks_like_header("URL column"));
  EXPECT_FALSE(looks_like_header("example.com"));
  EXPECT_FALSE(looks_like_header("http://x"));
  EXPECT_FALSE(looks_like_header(""));
}

}  // namespace
}  // namespace urlscan::cli
