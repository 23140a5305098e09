// Site keys (registrable domain, else host), site parts, folds and validation weights.
#include "train/sites.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "urlscan/domain.hpp"
#include "urlscan/features.hpp"
#include "urlscan/url.hpp"

namespace urlscan::detail {

std::string site_key(const std::string& text) {
  Url u;
  if (!parse_url(text, u)) return text;
  const std::string_view reg =
      u.host_kind == HostKind::name ? registrable_domain(u.host) : std::string_view{};
  return reg.empty() ? u.host : std::string(reg);
}

// Which of `parts` groups a URL's site falls in (a hash of site_key with `seed`): every URL of
// a site lands in the same part, for the training folds and select_sites alike.
std::uint8_t site_part(const std::string& url, std::uint64_t seed, unsigned parts) {
  return static_cast<std::uint8_t>(hash_bytes(seed, site_key(url)) % std::max(1u, parts));
}

std::vector<double> site_weights(const std::vector<const std::string*>& urls, int cap) {
  std::vector<double> w(urls.size(), 1.0);
  if (cap <= 0) return w;
  std::vector<std::string> key(urls.size());
  tbb::parallel_for(std::size_t{0}, urls.size(),
                    [&](std::size_t i) { key[i] = site_key(*urls[i]); });
  std::unordered_map<std::string_view, std::size_t> count;
  for (const auto& k : key) ++count[k];
  for (std::size_t i = 0; i < urls.size(); ++i)
    w[i] = std::min(1.0, static_cast<double>(cap) / static_cast<double>(count[key[i]]));
  return w;
}

std::vector<std::uint8_t> assign_folds(const std::vector<const std::string*>& urls, int folds) {
  std::vector<std::uint8_t> fold(urls.size());
  tbb::parallel_for(std::size_t{0}, urls.size(), [&](std::size_t i) {
    fold[i] = site_part(*urls[i], 0x5eed, static_cast<unsigned>(folds));
  });
  return fold;
}

}  // namespace urlscan::detail
