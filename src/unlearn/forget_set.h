// Naming the forget set D_e: a deletion request (a file of utt_ids or paths), all
// training utterances of one speaker, or N random training utterances (the
// paper's experiments). Only utterances the model was trained on can be forgotten.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/rng.h"
#include "data/manifest.h"

namespace emoforget::unlearn {

struct ForgetRequest {
  std::filesystem::path file;  // --forget-file
  std::string speaker;         // --forget-speaker
  int64_t random = 0;          // --forget-random N

  // Exactly one of the three must be given.
  void validate() const;
  // The kind of request (and N): no path or speaker name, which could identify a person.
  nlohmann::json to_json() const;
};

// Training utterances (those in `train_splits`) the request names, in manifest
// order. Errors name what is wrong: an id not in the manifest, an utterance
// outside the training splits, a speaker without training utterances, N larger
// than the training set.
std::vector<const data::Utterance*> select_forget_set(const data::Manifest& manifest,
                                                      const ForgetRequest& request,
                                                      const std::vector<std::string>& train_splits,
                                                      Rng& rng);

// Training utterances not in the forget set (the remain set D_r).
std::vector<const data::Utterance*> remain_set(const data::Manifest& manifest,
                                               const std::vector<const data::Utterance*>& forget,
                                               const std::vector<std::string>& train_splits);

}  // namespace emoforget::unlearn
