// Fuzz target: the model loader on arbitrary bytes (never crashes, never half-loads).
#include <cstddef>
#include <cstdint>

#include "urlscan/scorer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  urlscan::Model m;
  std::string why;
  const urlscan::errc e = urlscan::Model::load_memory(data, size, m, true, &why);
  if ((e == urlscan::errc::ok) != m.loaded() || (e != urlscan::errc::ok && why.empty()))
    __builtin_trap();
  if (e == urlscan::errc::ok) {  // a model that loads must score
    const urlscan::Scorer s(m);
    urlscan::Scorer::Scratch scratch;
    (void)s.score("http://paypal.com.example/login", scratch);
  }
  return 0;
}
