// Fuzz target: record checks, URL parsing, featurization and scoring of arbitrary bytes; and the
// byte-scan kernels of every ISA this CPU has against their scalar reference on the same bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "kernel/kernel.hpp"
#include "urlscan/cpu.hpp"
#include "urlscan/scorer.hpp"

namespace {

void check_byte_scans(const char* p, std::size_t n) {
  const urlscan::KernelTable& ref = urlscan::kernels_for(urlscan::Isa::scalar);
  urlscan::PathScan a;
  ref.scan_path(p, n, a);
  const std::size_t prefix = ref.printable_prefix(p, n);
  for (urlscan::Isa isa : {urlscan::Isa::sse42, urlscan::Isa::avx2, urlscan::Isa::avx512}) {
    if (!urlscan::isa_supported(isa)) continue;
    const urlscan::KernelTable& k = urlscan::kernels_for(isa);
    if (k.printable_prefix(p, n) != prefix) __builtin_trap();
    urlscan::PathScan b;
    k.scan_path(p, n, b);
    const std::size_t m = n < urlscan::kMaxPathScan ? n : urlscan::kMaxPathScan;
    bool same = a.upper == b.upper && a.slashes == b.slashes && a.escapes == b.escapes &&
                a.digits == b.digits && a.dots == b.dots && a.hyphens == b.hyphens &&
                a.underscores == b.underscores && a.double_slash == b.double_slash &&
                a.last == b.last;
    for (std::size_t w = 0; w <= m / 64 + 1 && w < a.word.size(); ++w)
      same = same && a.word[w] == b.word[w];
    if (!same) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const urlscan::Scorer scorer(urlscan::Model::builtin());
  static urlscan::Scorer::Scratch scratch;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  check_byte_scans(text.data(), text.size());
  urlscan::Url url;
  urlscan::parse_url(text, url);  // never throws, whatever the bytes
  const urlscan::Score s = scorer.score(text, scratch);
  if (s.problem == urlscan::errc::ok && !(s.probability >= 0.0f && s.probability <= 1.0f))
    __builtin_trap();  // a scored record always has a probability in [0, 1]
  if (size < 512) (void)scorer.explain(text, 3);
  return 0;
}
