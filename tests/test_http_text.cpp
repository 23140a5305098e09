// The HTTP text the service reads itself (service/http_text.hpp): media types, query strings,
// the request line cpp-httplib is given, Connection tokens.
#include <gtest/gtest.h>

#include <string>

#include "http_text.hpp"

namespace urlscan::service {
namespace {

TEST(MediaType, CaseInsensitiveWithParameters) {
  EXPECT_TRUE(media_type_is("application/json", "application/json"));
  EXPECT_TRUE(media_type_is("Application/JSON", "application/json"));
  EXPECT_TRUE(media_type_is("application/json; charset=utf-8", "application/json"));
  EXPECT_TRUE(media_type_is("  application/json ;charset=UTF-8", "application/json"));
  EXPECT_TRUE(
      media_type_is("APPLICATION/X-WWW-FORM-URLENCODED", "application/x-www-form-urlencoded"));
  EXPECT_FALSE(media_type_is("application/jsonx", "application/json"));
  EXPECT_FALSE(media_type_is("application/json-seq", "application/json"));
  EXPECT_FALSE(media_type_is("text/plain", "application/json"));
  EXPECT_FALSE(media_type_is("", "application/json"));
}

TEST(Bom, OnlyALeadingUtf8BomIsDropped) {
  EXPECT_EQ(without_bom("\xEF\xBB\xBF{\"url\":1}"), "{\"url\":1}");
  EXPECT_EQ(without_bom("{\"url\":1}"), "{\"url\":1}");
  EXPECT_EQ(without_bom("\xEF\xBB"), "\xEF\xBB");
  EXPECT_EQ(without_bom("x\xEF\xBB\xBF"), "x\xEF\xBB\xBF");
}

TEST(Query, ValueKeepsEqualsAndQuestionMarks) {
  const QueryParams q = parse_query("url=http://a.com/?x=1&y=2");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].first, "url");
  EXPECT_EQ(q[0].second, "http://a.com/?x=1");
  EXPECT_EQ(q[1].second, "2");
  EXPECT_EQ(query_value(parse_query("url=a.com/?"), "url"), "a.com/?");
}

TEST(Query, FormDecoding) {
  EXPECT_EQ(query_value(parse_query("url=http%3A%2F%2Fa.com%2F%3Fq%3Da+b"), "url"),
            "http://a.com/?q=a b");
  EXPECT_EQ(query_value(parse_query("url=100%"), "url"), "100%");    // lone % kept
  EXPECT_EQ(query_value(parse_query("url=%zz%4"), "url"), "%zz%4");  // bad escapes kept
  EXPECT_EQ(query_value(parse_query("url=%00"), "url"), std::string(1, '\0'));
}

TEST(Query, MissingEmptyAndRepeated) {
  bool found = true;
  EXPECT_EQ(query_value(parse_query("a=1"), "url", &found), "");
  EXPECT_FALSE(found);
  EXPECT_EQ(query_value(parse_query("url"), "url", &found), "");
  EXPECT_TRUE(found);
  EXPECT_EQ(query_value(parse_query("url=&url=b"), "url", &found), "");
  EXPECT_TRUE(found);
  EXPECT_EQ(parse_query("&&a=1&&").size(), 1u);
  EXPECT_TRUE(parse_query("").empty());
}

TEST(Query, TargetQuery) {
  EXPECT_EQ(target_query("/predict?url=a?b"), "url=a?b");
  EXPECT_EQ(target_query("/healthz"), "");
  EXPECT_EQ(target_query("/healthz?"), "");
}

TEST(RequestLine, ExtraQuestionMarksAndHashesEscaped) {
  EXPECT_EQ(normalize_request_line("GET /predict?url=http://a.com/?x=1 HTTP/1.1\r\n"),
            "GET /predict?url=http://a.com/%3Fx=1 HTTP/1.1\r\n");
  EXPECT_EQ(normalize_request_line("GET /healthz?a?b HTTP/1.0\r\n"),
            "GET /healthz?a%3Fb HTTP/1.0\r\n");
  EXPECT_EQ(normalize_request_line("GET /p?u=a.com/#top HTTP/1.1\r\n"),
            "GET /p?u=a.com/%23top HTTP/1.1\r\n");
  // The path and lines without a query, or that are not request lines, are left alone.
  EXPECT_EQ(normalize_request_line("GET /a HTTP/1.1\r\n"), "GET /a HTTP/1.1\r\n");
  EXPECT_EQ(normalize_request_line("GET /a#b HTTP/1.1\r\n"), "GET /a#b HTTP/1.1\r\n");
  EXPECT_EQ(normalize_request_line("GARBAGE\r\n"), "GARBAGE\r\n");
  EXPECT_EQ(normalize_request_line("GET /a?b?c\r\n"), "GET /a?b?c\r\n");
  EXPECT_EQ(normalize_request_line("GET /a HTTP/1.1 x?y\r\n"), "GET /a HTTP/1.1 x?y\r\n");
}

TEST(RequestLine, DecodingGivesTheSameQuery) {
  const std::string line = normalize_request_line("GET /p?url=a.com/?q=1?#f HTTP/1.1\r\n");
  const std::string target = line.substr(4, line.rfind(' ') - 4);
  EXPECT_EQ(query_value(parse_query(target_query(target)), "url"), "a.com/?q=1?#f");
}

TEST(RequestLine, PercentEscapesInThePathAreFound) {
  EXPECT_TRUE(path_has_escapes("POST /admin%2Freload HTTP/1.1\r\n"));
  EXPECT_TRUE(path_has_escapes("POST /%61dmin/reload HTTP/1.1\r\n"));
  EXPECT_TRUE(path_has_escapes("GET /predict%3Furl=a HTTP/1.1\r\n"));
  EXPECT_FALSE(path_has_escapes("GET /predict?url=http%3A%2F%2Fa.com%2F HTTP/1.1\r\n"));
  EXPECT_FALSE(path_has_escapes("GET /healthz HTTP/1.1\r\n"));
  EXPECT_FALSE(path_has_escapes("GARBAGE"));
}

TEST(ConnectionToken, CommaListCaseInsensitive) {
  EXPECT_TRUE(has_token("close", "close"));
  EXPECT_TRUE(has_token("Close", "close"));
  EXPECT_TRUE(has_token("keep-alive, Close", "close"));
  EXPECT_TRUE(has_token(" TE ,close ", "close"));
  EXPECT_FALSE(has_token("closed", "close"));
  EXPECT_FALSE(has_token("", "close"));
  EXPECT_FALSE(has_token("keep-alive", "close"));
}

}  // namespace
}  // namespace urlscan::service
