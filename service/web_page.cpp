#include "web_page.hpp"

#include <cmath>
#include <cstdio>

#include "assets.hpp"

namespace urlscan::service {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

void replace_all(std::string& s, std::string_view what, std::string_view with) {
  for (std::size_t p = s.find(what); p != s.npos; p = s.find(what, p + with.size()))
    s.replace(p, what.size(), with);
}

}  // namespace

std::string render_page(const PageView& v) {
  std::string page(asset("page_html"));
  replace_all(page, "{{VARIANT}}", variant_name(v.variant));
  replace_all(page, "{{URL}}", html_escape(v.url));
  replace_all(page, "{{VERSION}}", html_escape(v.version));
  replace_all(page, "{{MODEL}}", html_escape(v.model));
  replace_all(page, "{{RESULT}}", v.result_html);  // already HTML
  return page;
}

std::string render_result(const Prediction& p, Variant variant) {
  if (!p.error.empty()) return render_notice("This could not be checked: " + p.error, true);
  const char* verdict = p.phishing ? "phishing" : "legitimate";
  std::string answer;
  if (variant == Variant::binary) {
    answer = p.phishing ? "Phishing: do not open this link" : "Legitimate: no sign of phishing";
  } else {
    char pct[32];
    std::snprintf(pct, sizeof pct, "%.1f%%", std::round(p.probability * 1000) / 10);
    answer = std::string("Probability of phishing: ") + pct;
  }
  std::string h = "<div class=\"verdict " + std::string(verdict) +
                  "\" id=\"verdict\" data-verdict=\"" + verdict + "\">\n<p class=\"answer\">" +
                  html_escape(answer) + "</p>\n";
  if (!p.reasons.empty()) {
    h += "<ul class=\"reasons\">";
    for (const auto& r : p.reasons) h += "<li>" + html_escape(r) + "</li>";
    h += "</ul>\n";
  }
  h +=
      "</div>\n<form class=\"feedback\" method=\"post\" action=\"/feedback\">\n"
      "<input type=\"hidden\" name=\"url\" value=\"" +
      html_escape(p.url) +
      "\">\n"
      "<input type=\"hidden\" name=\"verdict\" value=\"" +
      verdict +
      "\">\n"
      "<input type=\"hidden\" name=\"variant\" value=\"" +
      variant_name(variant) +
      "\">\n"
      "<fieldset><legend>Was this helpful?</legend>\n"
      "<button type=\"submit\" name=\"satisfied\" value=\"true\" id=\"feedback-yes\">Yes</button>\n"
      "<button type=\"submit\" name=\"satisfied\" value=\"false\" id=\"feedback-no\">No</button>\n"
      "</fieldset>\n</form>\n";
  return h;
}

std::string render_notice(std::string_view text, bool is_error) {
  return std::string("<p class=\"notice") + (is_error ? " error\" role=\"alert\"" : "\"") + ">" +
         html_escape(text) + "</p>\n";
}

}  // namespace urlscan::service
