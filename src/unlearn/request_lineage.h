// A forget run's place in its model's lineage: the request's keyed hashes and id,
// the parent model's content hash and the requests it already went through
// (refusing a repeat), and, once the unlearned model is written, its record.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/manifest.h"
#include "lineage/request_record.h"
#include "unlearn/unlearn_config.h"

namespace emoforget::unlearn {

struct PreparedRequest {
  lineage::RequestKey key;
  std::vector<std::string> utt_hashes;
  std::string id;
  std::string parent_hash;
  std::vector<lineage::RequestRecord> earlier;  // the parent's own lineage
  int64_t speakers = 0;
};

// Loads (or creates) the key, hashes the forget set and reads the parent's lineage.
// Throws, naming the earlier request, when the parent already went through the same
// set of utterances, unless config.again.
PreparedRequest prepare_request(const UnlearnConfig& config,
                                const std::vector<const data::Utterance*>& forget);

// The "lineage" entry of the unlearned model's report; `model_dir` holds its
// written config and weights, `after` the scores after unlearning (ScoredSets).
lineage::Lineage request_lineage(const PreparedRequest& request, const UnlearnConfig& config,
                                 const std::filesystem::path& model_dir,
                                 const nlohmann::json& after);

}  // namespace emoforget::unlearn
