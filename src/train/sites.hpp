// Sites: URLs grouped by registrable domain, for site splits, cross-validation folds and
// validation weights (a site's URLs never straddle two groups).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace urlscan::detail {

// The site a URL belongs to: its registrable domain, else its host, else the text itself.
std::string site_key(const std::string& text);
// Which of `parts` groups a URL's site falls in (a hash of site_key with `seed`): every URL of
// a site lands in the same part, for the training folds and select_sites alike.
std::uint8_t site_part(const std::string& url, std::uint64_t seed, unsigned parts);
// Validation weights: min(1, cap / URLs of the same site) (registrable domain, else host, else
// the text: site_key), so a cluster of near-duplicates counts as `cap` URLs.
std::vector<double> site_weights(const std::vector<const std::string*>& urls, int cap);
// The cross-validation fold of each example: its registrable domain's hash, so no site is in
// two folds (the data's own splits are grouped the same way) and the out-of-fold scores the
// booster learns from look like the scores of unseen sites.
std::vector<std::uint8_t> assign_folds(const std::vector<const std::string*>& urls, int folds);

}  // namespace urlscan::detail
