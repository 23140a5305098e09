// liburlscan in one include: load a model and the rules, score URLs, explain, evaluate, train.
//
//   #include <urlscan/urlscan.hpp>
//   const urlscan::Scorer scorer(urlscan::Model::builtin());
//   urlscan::Scorer::Scratch scratch;
//   const urlscan::Score s = scorer.score("http://paypal.com.verify.example/", scratch);
//
// The library never throws, prints, exits or reads the environment (except URLSCAN_ISA in
// init_isa_from_env, on request): failures are Status values (error.hpp).
#pragma once

#include "urlscan/booster.hpp"
#include "urlscan/cpu.hpp"
#include "urlscan/domain.hpp"
#include "urlscan/domain_list.hpp"
#include "urlscan/error.hpp"
#include "urlscan/export.hpp"
#include "urlscan/features.hpp"
#include "urlscan/json_text.hpp"
#include "urlscan/labeled_scores.hpp"
#include "urlscan/lookalike.hpp"
#include "urlscan/metrics.hpp"
#include "urlscan/model.hpp"
#include "urlscan/rule_text.hpp"
#include "urlscan/rules.hpp"
#include "urlscan/scorer.hpp"
#include "urlscan/train.hpp"
#include "urlscan/url.hpp"
#include "urlscan/version.hpp"
