// The allowlist's platform page layouts ("@host/seg/*/seg"): which URLs follow one, and what the
// scorer does with them (the model's score kept under the flag line, with a reason).
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "status_assert.hpp"
#include "urlscan/domain_list.hpp"
#include "urlscan/rules.hpp"
#include "urlscan/scorer.hpp"

namespace urlscan {
namespace {

TEST(PlatformPages, LayoutsMatchSegmentBySegment) {
  DomainList a;
  ASSERT_TRUE(Succeeded(DomainList::parse(
      "@docs.example/document/d/*\n@docs.example/document/d/*/edit\n@drive.example/f/*\n", a)));
  EXPECT_TRUE(a.has_platform_pages());
  EXPECT_EQ(a.size(), 0u);  // layouts are no host entries: nothing is allowlisted by them
  EXPECT_EQ(a.match("docs.example"), "");
  const std::string id = "1aBcDeFgHiJkLmNoPq_r-S";
  struct Case {
    std::string host, path, query, want;
  };
  const std::string edit = "docs.example/document/d/*/edit", bare = "docs.example/document/d/*";
  const Case cases[] = {
      {"docs.example", "/document/d/" + id + "/edit", "", edit},
      {"docs.example", "/document/d/" + id, "", bare},
      {"docs.example", "/document/d/" + id + "/", "", bare},  // one trailing '/'
      {"docs.example", "/document/d/" + id + "/edit/", "", edit},
      {"docs.example", "/Document/D/" + id + "/EDIT", "", edit},  // routed as a server does
      {"docs.example", "//document/./d/" + id + "/edit", "", edit},
      {"docs.example", "/x/../document/d/" + id + "/edit", "", edit},
      {"drive.example", "/f/" + id, "", "drive.example/f/*"},
      // The platform's own sharing parameters, with plain values.
      {"docs.example", "/document/d/" + id + "/edit", "usp=sharing", edit},
      {"docs.example", "/document/d/" + id + "/edit", "usp=sharing&gid=0&resourcekey", edit},
      // Anything else is the sharer's: the model decides.
      {"docs.example", "/document/d/" + id + "/edit", "continue=https://evil.example/", ""},
      {"docs.example", "/document/d/" + id + "/edit", "usp=a%20b", ""},
      {"docs.example", "/document/d/" + id + "/edit", "USP=sharing", ""},
      {"docs.example", "/document/d/" + id + "/edit", "usp=" + std::string(65, 'a'), ""},
      // Not the layout: another action, more segments, no id, an id that is not one.
      {"docs.example", "/document/d/" + id + "/copy", "", ""},
      {"docs.example", "/document/d/" + id + "/edit/more", "", ""},
      {"docs.example", "/document/d/" + id + "//x", "", ""},
      {"docs.example", "/document/d", "", ""},
      {"docs.example", "/document/d/", "", ""},
      {"docs.example", "/document/d/short/edit", "", ""},
      {"docs.example", "/document/d/" + std::string(129, 'a'), "", ""},
      {"docs.example", "/document/d/" + id + ".html", "", ""},
      {"docs.example", "/document/d/" + id + "%2Fedit", "", ""},      // an encoded separator
      {"docs.example", "/document/d/" + id + "%2\tFedit", "", ""},    // one split by a tab
      {"docs.example", "/docu\tment/d/" + id + "/ed\nit", "", edit},  // tabs go, as in a browser
      {"docs.example", "/document/d/" + id + "/%2\te%2\te/edit", "", ""},  // "/d/edit" routed
      {"docs.example", "/document/d/" + id + "/" + std::string(4096, 'a'), "", ""},
      {"docs.example", "", "", ""},
      // Exactly that host: not below it, not one that merely ends like it.
      {"www.docs.example", "/document/d/" + id + "/edit", "", ""},
      {"evildocs.example", "/document/d/" + id + "/edit", "", ""},
  };
  for (const Case& c : cases)
    EXPECT_EQ(a.platform_page(c.host, DomainList::host_key(c.host), c.path, c.query), c.want)
        << c.host << " " << c.path << " ?" << c.query;
}

TEST(PlatformPages, MalformedLayoutsAreRefusedWithTheirLine) {
  DomainList a;
  for (const char* bad : {"@docs.example", "@docs.example/document/d/", "@docs.example/document",
                          "@docs.example//*", "@Docs.example/d/*", "@docs.example/%2a/*",
                          "@docs.example/a?b/*", "@docs.example/../*", "@docs/*", "@/d/*"}) {
    const Status s = DomainList::parse(bad, a);
    EXPECT_EQ(s.code(), errc::data_bad_line) << bad;
    EXPECT_NE(s.message().find(bad), std::string::npos) << s.message();
  }
  // The blocklist takes whole hosts only.
  const RuleText block[1] = {{"blocklist", "@docs.example/d/*\n"}};
  EXPECT_EQ(DomainList::parse(block, a, /*path_lines=*/false).code(), errc::data_bad_line);
}

// The shipped rules: Docs documents and Drive folders are platform pages; forms, documents
// published to the web and Drive's files are not.
TEST(PlatformPages, ScoresStayUnderTheFlagLineWithAReason) {
  const Model& model = Model::builtin();
  ASSERT_TRUE(model.loaded());
  Scorer on(model), off(model);
  off.set_decisive_rules(false);
  Scorer::Scratch scratch;
  for (const char* url :
       {"https://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEFg/edit",
        "HTTP://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEFg/edit",
        "docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEFg/edit",
        "hxxps://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEFg/edit",
        "https://docs.google.com/spreadsheets/d/1QwErTyUiOpAsDfGhJkLzXcVbNm1234567890qwU/edit",
        "https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOpQrStUvWxYz012345?usp=sharing",
        "https://docs.google.com/presentation/d/1PqRsTuVwXyZaBcDeFgHiJkLmNo0123456789ABCDEfg/"}) {
    const Score got = on.score(url, scratch), model_alone = off.score(url, scratch);
    EXPECT_NE(got.platform_page, "") << url;
    EXPECT_EQ(model_alone.platform_page, "") << url;  // decisive rules off: the model's own
    EXPECT_FALSE(got.phishing) << url;
    EXPECT_LT(got.probability, on.threshold()) << url;
    EXPECT_LE(got.probability, model_alone.probability) << url;
    EXPECT_LT(got.raw, model_alone.raw + 1e-6f) << url;
    const std::vector<std::string> why = on.reasons(got);
    ASSERT_FALSE(why.empty()) << url;
    EXPECT_EQ(why[0].rfind("content page of a sharing platform", 0), 0u) << why[0];
  }
  // Not the platform's own address for the page: the model decides.
  for (const char* url :
       {"https://docs.google.com/forms/d/e/1FAIpQLSdAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcd/"
        "viewform",
        "https://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEFg/pub",
        "https://drive.google.com/file/d/1ZyXwVuTsRqPoNmLkJiHgFeDcBa987654/view",
        "https://user@docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEFg/",
        "ftp://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEFg/edit",
        "wss://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEFg/edit",
        "https://docs.google.com:8443/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEFg/",
        "https://docs.google.com:000443/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEF/",
        "javascript://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEFg/",
        "evil.example://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEFg/",
        "https://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abcdEFg/edit?"
        "continue=https://login.evil.example/",
        "https://docs.google.com.evil.example/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456/"}) {
    const Score got = on.score(url, scratch), model_alone = off.score(url, scratch);
    EXPECT_EQ(got.platform_page, "") << url;
    EXPECT_GE(got.probability, model_alone.probability) << url;  // the rules may only add
  }
}

// At a threshold of 1 nothing is flagged and at 0 everything: no line to keep under, so the
// model's own score stands, without the platform reason (it once gave NaN at 1).
TEST(PlatformPages, ThresholdsOfZeroAndOneLeaveTheModelsScore) {
  const Model& model = Model::builtin();
  const char* url = "https://docs.google.com/document/d/1aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789abc/";
  Scorer off(model);
  off.set_decisive_rules(false);
  Scorer::Scratch scratch;
  const Score model_alone = off.score(url, scratch);
  for (const float t : {0.0f, 1.0f}) {
    Scorer s(model);
    s.set_threshold(t);
    const Score got = s.score(url, scratch);
    EXPECT_EQ(got.platform_page, "") << t;
    EXPECT_EQ(got.probability, model_alone.probability) << t;
    EXPECT_EQ(got.phishing, t == 0.0f) << t;
  }
}

// The lowering keeps the order: of two platform pages, the one the model scores higher stays
// higher (or level, where both sit just under the line), and a score well under the line is left
// about as it was. Layouts on hosts the model scores low and high, the model alone beside them.
TEST(PlatformPages, TheLoweringKeepsTheOrder) {
  const Model& model = Model::builtin();
  DomainList layouts;
  ASSERT_TRUE(Succeeded(DomainList::parse(
      "@en.wikipedia.org/wiki/*\n@www.bbc.co.uk/news/*\n@login-verify.example/account/*\n"
      "@drive.google.com/drive/folders/*\n",
      layouts)));
  const Scorer on(model, &layouts, nullptr, nullptr), alone(model, nullptr, nullptr, nullptr);
  Scorer::Scratch scratch;
  std::vector<std::pair<float, float>> raws;  // (model alone, with the layouts)
  for (const char* url :
       {"https://en.wikipedia.org/wiki/Sourdough_bread",
        "https://en.wikipedia.org/wiki/Photosynthesis",
        "https://www.bbc.co.uk/news/world-europe-12345678",
        "https://login-verify.example/account/secure_update_0099",
        "https://login-verify.example/account/aaaaaaaaaaaa",
        "https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOpQrStUvWxYz012345",
        "https://drive.google.com/drive/folders/0B81evfbDBHzDc3B3SkJINGtNNTg"}) {
    const Score got = on.score(url, scratch), was = alone.score(url, scratch);
    ASSERT_NE(got.platform_page, "") << url;
    EXPECT_FALSE(got.phishing) << url;
    if (on.threshold() - was.probability > 0.5f) {
      EXPECT_NEAR(got.probability, was.probability, 0.01f) << url;
    }
    raws.emplace_back(was.raw, got.raw);
  }
  bool some_above = false, some_below = false;
  for (const auto& [a0, a1] : raws) {
    some_above |= a0 > a1 + 1.0f;
    some_below |= a0 < a1 + 0.01f;
    for (const auto& [b0, b1] : raws) {
      if (a0 < b0) {
        EXPECT_LE(a1, b1) << a0 << " < " << b0;
      }
    }
  }
  EXPECT_TRUE(some_above && some_below);  // both kinds were checked
}

}  // namespace
}  // namespace urlscan
