// The web page: server-rendered HTML (it works with JavaScript off: the form posts to /check,
// the feedback buttons to /feedback), which app.js enhances in place.
#pragma once

#include <string>
#include <string_view>

#include "predict_api.hpp"
#include "serve_options.hpp"

namespace urlscan::service {

struct PageView {
  Variant variant = Variant::binary;
  std::string url;          // the checked URL, refilled into the form
  std::string result_html;  // render_result / render_notice, or empty
  std::string version;      // footer
  std::string model;        // footer
};

std::string render_page(const PageView& view);
// The verdict in the page's variant, with the "Was this helpful?" form.
std::string render_result(const Prediction& p, Variant variant);
// A message in the result area (e.g. "Thank you", or why a URL could not be checked).
std::string render_notice(std::string_view text, bool is_error);
std::string html_escape(std::string_view text);

}  // namespace urlscan::service
