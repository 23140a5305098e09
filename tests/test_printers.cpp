// The sinks on memory buffers: every format, error records, escaping, only-flagged, the CSV
// header, the summary and null sinks; and the JSON writer they share with the service.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "field_text.hpp"
#include "sink.hpp"
#include "urlscan/json_text.hpp"

namespace urlscan::frontend {
namespace {

const Scorer& scorer() {
  static const Scorer s(Model::builtin());
  return s;
}

std::string print(const OutputRecord& r, OutputFormat f, bool only_flagged = false,
                  bool src = false) {
  PrintOptions o;
  o.format = f;
  o.only_flagged = only_flagged;
  o.with_source = src;
  std::string out;
  make_sink(o, scorer())->record(out, r);
  return out;
}

TEST(Printers, Probability) {
  std::string s;
  for (float p : {0.0f, 1.0f, 0.5f, 0.1234564f, 0.9999996f, -1.0f, 2.0f}) {
    append_probability(s, p);
    s += ' ';
  }
  EXPECT_EQ(s, "0.000000 1.000000 0.500000 0.123456 1.000000 0.000000 1.000000 ");
}

// The digits against a digit-at-a-time reference, for a million probabilities spread over
// [0, 1] and every float from 0.999 up to 1.
TEST(Printers, ProbabilityDigitsAsOneAtATime) {
  auto reference = [](float p) {
    const auto micro = static_cast<std::uint32_t>(p * 1e6f + 0.5f);
    std::string b = {static_cast<char>('0' + micro / 1000000), '.'};
    std::uint32_t frac = micro % 1000000;
    std::string digits(6, '0');
    for (int i = 5; i >= 0; --i, frac /= 10) digits[i] = static_cast<char>('0' + frac % 10);
    return b + digits;
  };
  std::string got;
  for (std::uint32_t k = 0; k <= 1000000; ++k) {
    const float p = static_cast<float>(k) / 1e6f + (k % 7 == 0 ? 3e-7f : 0.0f);
    got.clear();
    append_probability(got, std::min(p, 1.0f));
    ASSERT_EQ(got, reference(std::min(p, 1.0f))) << p;
  }
  for (float p = 0.999f; p <= 1.0f; p = std::nextafter(p, 2.0f)) {
    got.clear();
    append_probability(got, p);
    ASSERT_EQ(got, reference(p)) << p;
  }
}

TEST(Printers, TsvJsonCsv) {
  Score sc;
  sc.probability = 0.75f;
  sc.phishing = true;
  const OutputRecord r{"http://a.example/x,y\"z", &sc, nullptr, "log.txt", 7};
  EXPECT_EQ(print(r, OutputFormat::tsv), "phishing\t0.750000\thttp://a.example/x,y\"z\n");
  EXPECT_EQ(print(r, OutputFormat::json, false, true),
            "{\"url\":\"http://a.example/x,y\\\"z\",\"phishing\":true,\"probability\":0.750000,"
            "\"source\":\"log.txt\",\"line\":7}\n");
  EXPECT_EQ(print(r, OutputFormat::csv), "phishing,0.750000,\"http://a.example/x,y\"\"z\",\n");
}

TEST(Printers, ErrorsAndEscaping) {
  Score sc;
  sc.problem = errc::url_has_nul;
  const std::string nul("a\0b", 3);
  const OutputRecord r{nul, &sc, nullptr, "-", 1};
  EXPECT_EQ(print(r, OutputFormat::tsv), "error\t0.000000\ta\\x00b\trecord contains a NUL byte\n");
  EXPECT_EQ(print(r, OutputFormat::json),
            "{\"url\":\"a\\u0000b\",\"error\":\"record contains a NUL byte\"}\n");
  const OutputRecord bad{"x\xff", nullptr, "JSON field missing", "-", 2};
  EXPECT_EQ(print(bad, OutputFormat::tsv), "error\t0.000000\tx\\xff\tJSON field missing\n");
  EXPECT_EQ(print(bad, OutputFormat::json),
            "{\"url\":\"x\\udcff\",\"error\":\"JSON field missing\"}\n");
  // Valid UTF-8 passes through unescaped.
  Score ok;
  const OutputRecord utf{
      "http://b\xc3\xbc"
      "cher.de/",
      &ok, nullptr, "-", 3};
  EXPECT_EQ(print(utf, OutputFormat::tsv),
            "legitimate\t0.000000\thttp://b\xc3\xbc"
            "cher.de/\n");
}

TEST(Printers, TsvFieldsNeverSplitAndEscapesAreUnambiguous) {
  Score ok;
  // TAB, ESC, CR, '\', a stray byte and valid UTF-8 in one URL.
  const OutputRecord r{"a.example/t\tb\x1b[31m\r\\x\xff\xc3\xbc", &ok, nullptr, "-", 1};
  const std::string tsv = print(r, OutputFormat::tsv);
  EXPECT_EQ(tsv, "legitimate\t0.000000\ta.example/t\\x09b\\x1b[31m\\x0d\\x5cx\\xff\xc3\xbc\n");
  EXPECT_EQ(std::count(tsv.begin(), tsv.end(), '\t'), 2);  // three columns, no reason
  // The reason column is escaped the same way.
  const OutputRecord e{"x", nullptr, "bad\tthing", "-", 1};
  EXPECT_EQ(print(e, OutputFormat::tsv), "error\t0.000000\tx\tbad\\x09thing\n");
}

TEST(Printers, JsonInvalidUtf8IsALoneSurrogateNotALetter) {
  Score ok;
  // The byte 0xff and the letter U+00FF must not print alike.
  const std::string stray = print({"a.example/\xff", &ok, nullptr, "-", 1}, OutputFormat::json);
  const std::string letter =
      print({"a.example/\xc3\xbf", &ok, nullptr, "-", 1}, OutputFormat::json);
  EXPECT_NE(stray.find("\"a.example/\\udcff\""), std::string::npos) << stray;
  EXPECT_NE(letter.find("\"a.example/\xc3\xbf\""), std::string::npos) << letter;
  // Only the stray bytes are escaped; the valid characters around them stay text.
  std::string s;
  append_json_string(s, "\xc3\xbc\xe2\x82\xac\xed\xa0\x80\xc0\xaf\x1b\x7f\"\\");
  EXPECT_EQ(s, "\"\xc3\xbc\xe2\x82\xac\\udced\\udca0\\udc80\\udcc0\\udcaf\\u001b\\u007f\\\"\\\\\"");
}

// The printers skip plain text eight bytes at a time (frontend/word_bytes.hpp and json_text.cpp):
// a byte that needs escaping or quoting is found at every offset in and across those words,
// and each field prints as a byte-at-a-time rule says.
std::string tsv_by_byte(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = utf8_sequence_length(s, i);
    if (c >= 0x80 && len > 0) {
      out.append(s.substr(i, len));
      i += len;
      continue;
    }
    char b[8];
    if (c < 0x20 || c >= 0x7f || c == '\\')
      std::snprintf(b, sizeof b, "\\x%02x", c);
    else
      std::snprintf(b, sizeof b, "%c", c);
    out += b;
    ++i;
  }
  return out;
}
std::string json_by_byte(std::string_view s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = utf8_sequence_length(s, i);
    char b[8];
    if (c == '"' || c == '\\')
      std::snprintf(b, sizeof b, "\\%c", c);
    else if (c < 0x20 || c == 0x7f)
      std::snprintf(b, sizeof b, "\\u%04x", c);
    else if (c >= 0x80 && len > 0) {
      out.append(s.substr(i, len));
      i += len;
      continue;
    } else if (c >= 0x80)
      std::snprintf(b, sizeof b, "\\udc%02x", c);
    else
      std::snprintf(b, sizeof b, "%c", c);
    out += b;
    ++i;
  }
  return out + "\"";
}
std::string csv_by_byte(std::string_view s) {
  bool quote = false;
  std::string body;
  for (char c : s) {
    quote = quote || c == ',' || c == '"' || c == '\r' || c == '\n';
    if (c == '"') body += '"';
    body += c;
  }
  return quote ? "\"" + body + "\"" : std::string(s);
}

TEST(Printers, EveryOffsetInAndAcrossWordsPrintsAsTheByteRule) {
  const std::string_view specials[] = {std::string_view("\0", 1),
                                       "\x01",
                                       "\t",
                                       "\n",
                                       "\r",
                                       "\x1f",
                                       " ",
                                       "\"",
                                       ",",
                                       "\\",
                                       "~",
                                       "\x7f",
                                       "\x80",
                                       "\xbf",
                                       "\xc0",
                                       "\xff",
                                       "\xc3\xbc",
                                       "\xe2\x82\xac",
                                       "\xf0\x9f\x98\x80",
                                       "\xed\xa0\x80",
                                       "\xe2\x82",
                                       "\"\"",
                                       "\\\\"};
  int checked = 0;
  for (std::size_t length = 0; length <= 50; ++length)
    for (std::size_t at = 0; at <= length; ++at)
      for (std::string_view special : specials) {
        std::string s(length, 'a');
        for (std::size_t k = 0; k < length; ++k) s[k] = static_cast<char>('a' + k % 26);
        s.insert(at, special);
        if (at % 3 == 0 && length > 10) s.insert(length / 2 + at / 2, special);  // and a second
        std::string tsv, json, csv;
        append_escaped(tsv, s);
        append_json_string(json, s);
        append_csv_field(csv, s);
        ASSERT_EQ(tsv, tsv_by_byte(s)) << "length " << length << " at " << at;
        ASSERT_EQ(json, json_by_byte(s)) << "length " << length << " at " << at;
        ASSERT_EQ(csv, csv_by_byte(s)) << "length " << length << " at " << at;
        ++checked;
      }
  EXPECT_EQ(checked, 1326 * 23);
  // Appended: what the buffer held stays.
  std::string out = "x";
  append_escaped(out, "0123456789abcdef\x01");
  EXPECT_EQ(out, "x0123456789abcdef\\x01");
}

TEST(Printers, CsvKeepsTheBytes) {
  Score ok;
  EXPECT_EQ(print({"a.example/a\\b", &ok, nullptr, "-", 1}, OutputFormat::csv),
            "legitimate,0.000000,a.example/a\\b,\n");
  EXPECT_EQ(print({"a.example/a\tb\n", &ok, nullptr, "-", 1}, OutputFormat::csv),
            "legitimate,0.000000,\"a.example/a\tb\n\",\n");
}

TEST(Printers, ExplainAgreesAcrossFormats) {
  Scorer::Scratch scratch;
  PrintOptions o;
  o.explain = true;
  for (const char* url : {"https://www.paypal.com/signin",  // allowlisted: the list decides
                          "http://paypal.com.verify.example/login.php"}) {
    const Score sc = scorer().score(url, scratch);
    std::string tsv, json;
    o.format = OutputFormat::tsv;
    make_sink(o, scorer())->record(tsv, {url, &sc, nullptr, "-", 1});
    o.format = OutputFormat::json;
    make_sink(o, scorer())->record(json, {url, &sc, nullptr, "-", 1});
    const bool tsv_explains =
        tsv.find(" (+") != std::string::npos || tsv.find(" (-") != std::string::npos;
    const bool json_explains = json.find("\"explanation\"") != std::string::npos;
    EXPECT_EQ(tsv_explains, json_explains) << tsv << json;
    EXPECT_EQ(json_explains, sc.allowlisted.empty()) << json;
  }
}

TEST(Printers, OnlyFlagged) {
  Score clean, hit;
  hit.phishing = true;
  EXPECT_EQ(print(OutputRecord{"a", &clean, nullptr, "-", 1}, OutputFormat::tsv, true), "");
  EXPECT_NE(print(OutputRecord{"a", &hit, nullptr, "-", 1}, OutputFormat::tsv, true), "");
  EXPECT_EQ(print(OutputRecord{"a", nullptr, "bad", "-", 1}, OutputFormat::tsv, true), "");
}

TEST(Sinks, CsvHeaderAndTotals) {
  const RecordCounts counts{7, 2, 1};
  auto whole = [&](PrintOptions o) {
    const auto sink = make_sink(o, scorer());
    Score hit;
    hit.phishing = true;
    std::string out;
    sink->begin(out);
    sink->record(out, {"a.example/", &hit, nullptr, "-", 1});
    sink->end(out, counts);
    return out;
  };
  PrintOptions o;
  o.format = OutputFormat::csv;
  EXPECT_EQ(whole(o), "verdict,probability,url,reason\nphishing,0.000000,a.example/,\n");
  o.totals_only = true;  // the summary sink: no records, the counts in the format
  EXPECT_EQ(whole(o), "records,flagged,errors\n7,2,1\n");
  o.format = OutputFormat::json;
  EXPECT_EQ(whole(o), "{\"records\":7,\"flagged\":2,\"errors\":1}\n");
  o.format = OutputFormat::tsv;
  EXPECT_EQ(whole(o), "records\t7\nflagged\t2\nerrors\t1\n");
  o.quiet = true;  // the null sink: nothing at all
  EXPECT_EQ(whole(o), "");
}

TEST(Sinks, ReasonsOfTheBookInEveryFormat) {
  // Rules fire: the reasons column (TSV, CSV) and array (JSON) carry the same reasons.
  static const Scorer with_rules(Model::builtin(), &RuleBook::builtin());
  Scorer::Scratch scratch;
  const std::string url = "http://paypal.com.verify.example/login.php";
  const Score sc = with_rules.score(url, scratch);
  const std::vector<std::string> reasons = with_rules.reasons(sc);
  ASSERT_FALSE(reasons.empty());
  std::string joined;
  for (const auto& r : reasons) joined += (joined.empty() ? "" : "; ") + r;
  PrintOptions o;
  std::string tsv, json, csv;
  make_sink(o, with_rules)->record(tsv, {url, &sc, nullptr, "-", 1});
  o.format = OutputFormat::json;
  make_sink(o, with_rules)->record(json, {url, &sc, nullptr, "-", 1});
  o.format = OutputFormat::csv;
  make_sink(o, with_rules)->record(csv, {url, &sc, nullptr, "-", 1});
  EXPECT_TRUE(tsv.ends_with("\t" + joined + "\n")) << tsv;
  EXPECT_NE(json.find("\"reasons\":[\"" + reasons[0] + "\""), std::string::npos) << json;
  EXPECT_NE(csv.find(joined), std::string::npos) << csv;
  // A list entry's reason comes in two pieces (prefix, domain) and prints whole.
  const Score listed = with_rules.score("https://www.paypal.com/signin", scratch);
  ASSERT_FALSE(listed.allowlisted.empty());
  std::string line;
  make_sink(PrintOptions{}, with_rules)->record(line, {"x", &listed, nullptr, "-", 1});
  EXPECT_TRUE(
      line.ends_with("\tallowlisted official domain " + std::string(listed.allowlisted) + "\n"))
      << line;
}

TEST(JsonWriter, CommasNestingAndValues) {
  std::string out;
  JsonWriter w(out);
  w.begin_object()
      .key("a")
      .integer(-3)
      .key("b")
      .begin_array()
      .string("x\"y")
      .boolean(true)
      .begin_object()
      .end_object()
      .begin_array()
      .end_array()
      .end_array()
      .key("p")
      .probability(0.25f)
      .key("n")
      .number(1.0 / 3, "%.4f")
      .key("nan")
      .number(std::nan(""), "%.4f")
      .members_of("{\"m\":1,\"k\":[2]}")
      .members_of("{ }")
      .key("z")
      .raw("{\"q\":null}")
      .end_object();
  EXPECT_EQ(out,
            "{\"a\":-3,\"b\":[\"x\\\"y\",true,{},[]],\"p\":0.250000,\"n\":0.3333,"
            "\"nan\":null,\"m\":1,\"k\":[2],\"z\":{\"q\":null}}");
  // A second value at the top level starts afresh (one writer per line of JSON Lines).
  std::string two;
  JsonWriter(two).begin_array().end_array();
  EXPECT_EQ(two, "[]");
}

}  // namespace
}  // namespace urlscan::frontend
