// Fuzz target: the model loader on arbitrary bytes (never crashes, never half-loads).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "urlscan/scorer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  urlscan::Model m;
  const urlscan::Status loaded = urlscan::Model::load_memory(data, size, m, true);
  if (loaded.ok() != m.loaded() || (!loaded && loaded.message().empty())) __builtin_trap();
  if (loaded) {  // a model that loads must score, alone and in a batch
    const urlscan::Scorer s(m);
    urlscan::Scorer::Scratch scratch;
    const urlscan::Score one = s.score("http://paypal.com.example/login", scratch);
    // 150 URLs: full SIMD tree blocks for every ISA and a partial one; each must equal its
    // single score (the batch kernels against the scalar tail).
    std::vector<std::string> text(150);
    std::vector<std::string_view> urls;
    for (std::size_t i = 0; i < text.size(); ++i) {
      text[i] = i % 2 ? "http://paypal.com.example/login"
                      : "https://a" + std::to_string(i) + ".io/" + std::string(i % 40, 'x');
      urls.push_back(text[i]);
    }
    std::vector<urlscan::Score> out(urls.size());
    s.score_batch(urls, out, scratch);
    for (std::size_t i = 1; i < urls.size(); i += 2)
      if (out[i].raw != one.raw) __builtin_trap();
  }
  return 0;
}
