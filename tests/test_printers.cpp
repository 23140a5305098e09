// Printers on memory buffers: every format, error records, escaping, only-flagged.
#include <gtest/gtest.h>

#include "output/printer.hpp"

namespace urlscan::cli {
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
  print_record(out, r, o, scorer());
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
            "{\"url\":\"x\\u00ff\",\"error\":\"JSON field missing\"}\n");
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

TEST(Printers, OnlyFlagged) {
  Score clean, hit;
  hit.phishing = true;
  EXPECT_EQ(print(OutputRecord{"a", &clean, nullptr, "-", 1}, OutputFormat::tsv, true), "");
  EXPECT_NE(print(OutputRecord{"a", &hit, nullptr, "-", 1}, OutputFormat::tsv, true), "");
  EXPECT_EQ(print(OutputRecord{"a", nullptr, "bad", "-", 1}, OutputFormat::tsv, true), "");
}

}  // namespace
}  // namespace urlscan::cli
