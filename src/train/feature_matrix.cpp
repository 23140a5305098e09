// featurize_all: parse, one rule scan per chunk, featurize, as the scorer does per batch.
#include "train/feature_matrix.hpp"

#include <tbb/parallel_for.h>

#include "urlscan/booster.hpp"
#include "urlscan/url.hpp"

namespace urlscan::detail {

FeatureMatrix featurize_all(const std::vector<const std::string*>& urls, const FeatureSpec& spec,
                            const RuleSet* rules, std::vector<float>* boost_in) {
  if (boost_in) boost_in->assign(urls.size() * kBoostInputs, 0.0f);
  const Featurizer fz(spec);
  const RuleSet* rs = spec.uses(static_cast<int>(FeatureFamily::rule)) ? rules : nullptr;
  std::vector<FeatureVector> rows(urls.size());
  // Chunks of 2048: parse, one rule scan per chunk, featurize (as the scorer does per batch).
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, urls.size(), 2048),
                    [&](const tbb::blocked_range<std::size_t>& r) {
                      std::vector<Url> us(r.size());
                      std::vector<const Url*> ptr;
                      for (std::size_t i = r.begin(); i < r.end(); ++i) {
                        // As the scorer parses (train_model passes scorable rows only).
                        (void)parse_record(*urls[i], us[i - r.begin()]);
                        ptr.push_back(&us[i - r.begin()]);
                      }
                      std::vector<std::vector<std::uint16_t>> hits(r.size());
                      if (rs) {
                        RuleSet::Scratch scratch;
                        rs->match(ptr, scratch, hits);
                      }
                      for (std::size_t i = r.begin(); i < r.end(); ++i)
                        fz.featurize(us[i - r.begin()], rows[i], hits[i - r.begin()], rs,
                                     boost_in ? boost_in->data() + i * kBoostInputs + 1 : nullptr);
                    });
  FeatureMatrix m;
  m.offset.reserve(urls.size() + 1);
  m.offset.push_back(0);
  std::size_t total = 0;
  for (auto& r : rows) total += r.size();
  m.index.reserve(total);
  for (auto& r : rows) {
    m.index.insert(m.index.end(), r.begin(), r.end());
    m.offset.push_back(m.index.size());
    FeatureVector().swap(r);
  }
  return m;
}

}  // namespace urlscan::detail
