// `emoforget reproduce`: runs the grid of the paper's experiments (Table 1 and
// Fig. 2) on a corpus and model, resumable (a run whose report.json exists is
// skipped), with one progress line per run on stderr, then writes the tables
// and the figure.
#pragma once

#include <nlohmann/json.hpp>

#include "reproduce/config.h"

namespace emoforget::reproduce {

// Returns the summary (also written to <out>/reproduce.json): configuration, run
// counts (total, executed, skipped), per-run seconds, the chosen taus and the
// output files.
nlohmann::json run_reproduce(const ReproduceConfig& config);

}  // namespace emoforget::reproduce
