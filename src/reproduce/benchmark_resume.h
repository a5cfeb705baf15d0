// `benchmark --resume`: which runs of an earlier call are read back instead of rerun. A
// run is reused only when its report names the same fine-tuned model (content hash), the
// same forget set (its keyed hashes) and the settings asked for now; any other finished
// run stops the call with an error naming it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lineage/request_key.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::reproduce {

class FinishedRuns {
 public:
  // `model`: the fine-tuned model every run unlearns from (hashed once).
  explicit FinishedRuns(const std::filesystem::path& model);

  // Whether the run in `out` finished earlier from this model, on the forget set `ids`,
  // with the settings of `job` (a forget job's config); throws Error naming the run's
  // report when it was made otherwise. A folder without a report is removed.
  bool finished(const unlearn::UnlearnConfig& job, const std::vector<std::string>& ids,
                const std::filesystem::path& out);

 private:
  std::string model_hash_;
  std::optional<lineage::RequestKey> key_;  // read when a first report is checked
};

// The config a forget job's report records: the learning rate and clip length resolved
// from the model as the job resolves them; for the retrained reference, without the
// unlearning epochs and rate it does not use.
nlohmann::json expected_run_config(const unlearn::UnlearnConfig& job);

}  // namespace emoforget::reproduce
