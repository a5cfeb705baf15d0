// A relative cost model of the grid's runs, in "training passes" (one forward and
// backward pass of one clip), used for the ETA: PGD costs N*M*P passes, an epoch
// costs one pass per clip it trains on, and scoring a clip costs about a quarter
// of a pass (no backward). Measured rates turn it into seconds.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "experiments/reproduce_config.h"
#include "experiments/reproduce_grid.h"

namespace emoforget::experiments {

constexpr double kInferenceCost = 0.25;  // one scored clip, relative to a training pass

// Utterances per split of the manifest ("train", "val", "test").
using SplitSizes = std::map<std::string, int64_t>;

// `attack_cached`: the run reuses an adversarial set an earlier run generated
// (adv-ewc after adv at the same tau), so its PGD costs nothing.
double run_cost(const RunSpec& spec, const ReproduceConfig& config, const SplitSizes& sizes,
                bool attack_cached = false);

// Whether an earlier run of `plan` (before index `i`) generates the adversarial set
// plan[i] needs: same setting, seed, N and tau, both adv methods, tau known up front.
bool attack_cached(const std::vector<RunSpec>& plan, size_t i);

}  // namespace emoforget::experiments
