// A relative cost model of the grid's runs, in "passes" (one forward and backward
// pass of one clip), used for the ETA: PGD costs N*M*P passes (counted apart: they
// compute no weight gradients), an epoch costs one pass per clip it trains on, and
// scoring a clip costs about a quarter of a pass (no backward). Measured rates turn it
// into seconds (eta.h).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reproduce/config.h"
#include "reproduce/grid.h"

namespace emoforget::reproduce {

constexpr double kInferenceCost = 0.25;  // one scored clip, relative to a training pass

// Utterances per split of the manifest ("train", "val", "test").
using SplitSizes = std::map<std::string, int64_t>;

// A run's passes, PGD apart: a PGD pass computes no weight gradients and costs a
// different share of a training pass on each machine, so the ETA prices it separately.
struct RunCost {
  double pgd = 0.0;    // PGD passes (N * M * P, or 0)
  double other = 0.0;  // training passes and scoring
  double total() const { return pgd + other; }
  RunCost& operator+=(const RunCost& more);
  RunCost& operator-=(const RunCost& less);
};

// `attack_cached`: the run reuses an adversarial set an earlier run generated
// (adv-ewc after adv at the same tau), so its PGD costs nothing.
RunCost run_cost(const RunSpec& spec, const ReproduceConfig& config, const SplitSizes& sizes,
                 bool attack_cached = false);

// The passes a finished run actually made: `planned` without its PGD passes when its
// attack came from the cache (a rerun after an interrupted run had stored it), so the
// ETA does not take the cache read for the attack's time.
RunCost spent_cost(RunCost planned, bool attack_from_cache);

// Whether an earlier run of `plan` (before index `i`) generates the adversarial set
// plan[i] needs: same setting, seed, N and tau, both adv methods, tau known up front.
bool attack_cached(const std::vector<RunSpec>& plan, size_t i);

}  // namespace emoforget::reproduce
