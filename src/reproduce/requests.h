// Deletion requests the benchmark draws from a model's training splits: N random
// utterances, or every utterance of one speaker picked by the seed; in a row,
// each request disjoint from the earlier ones.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/manifest.h"

namespace emoforget::reproduce {

// The splits the model in `model_dir` was fine-tuned on (its report.json), else train.
std::vector<std::string> model_train_splits(const std::filesystem::path& model_dir);

// `count` disjoint requests of `kind` (random | speaker), each a list of utt_ids. The
// first is the same whatever `count`: a run of one request draws what the first of a
// sequence draws. Speaker requests leave at least one training speaker unnamed.
std::vector<std::vector<std::string>> draw_requests(const data::Manifest& manifest,
                                                    const std::vector<std::string>& train_splits,
                                                    const std::string& kind, int64_t random_n,
                                                    uint64_t seed, int count);

// Writes `ids` as a forget file (`utt_id` header, one per line), atomically.
void write_forget_list(const std::filesystem::path& file, const std::vector<std::string>& ids);

}  // namespace emoforget::reproduce
