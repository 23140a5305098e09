// Fuzz target: record checks, URL parsing, featurization and scoring of arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "urlscan/scorer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const urlscan::Scorer scorer(urlscan::Model::builtin());
  static urlscan::Scorer::Scratch scratch;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  urlscan::Url url;
  urlscan::parse_url(text, url);  // never throws, whatever the bytes
  const urlscan::Score s = scorer.score(text, scratch);
  if (s.problem == urlscan::errc::ok && !(s.probability >= 0.0f && s.probability <= 1.0f))
    __builtin_trap();  // a scored record always has a probability in [0, 1]
  if (size < 512) (void)scorer.explain(text, 3);
  return 0;
}
