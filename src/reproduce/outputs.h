// The reproduction's result files in --out: table1.csv, table1.md, fig2.csv,
// fig2.gp and fig2.png, all written atomically from the finished runs' records.
#pragma once

#include <filesystem>
#include <vector>

#include <nlohmann/json.hpp>

#include "reproduce/config.h"
#include "reproduce/records.h"

namespace emoforget::reproduce {

// Returns {"files": [...written paths...], "tau_chosen": [...], "table1": [...cells...]}.
nlohmann::json write_reproduce_outputs(const ReproduceConfig& config,
                                       const std::vector<RunRecord>& records);

}  // namespace emoforget::reproduce
