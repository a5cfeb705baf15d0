// Pooled-embedding rows for the attribute tests: `speakers` speakers of `per_speaker` rows
// each, the attribute alternating by speaker (0, 1, 0, ...), embeddings drawn N(0, 1) from
// `seed`. Each test then plants the attribute its own way.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

namespace emoforget::testing {

struct SpeakerRows {
  torch::Tensor embeddings;  // (speakers * per_speaker, dims)
  torch::Tensor values;      // (rows) int64 attribute
  std::vector<std::string> speakers;

  // -1 / +1 per row, the attribute as a signed signal.
  torch::Tensor sign() const { return 2.0 * values.to(torch::kFloat32) - 1.0; }
};

inline SpeakerRows speaker_rows(int speakers, int per_speaker, int64_t dims, uint64_t seed) {
  torch::manual_seed(seed);
  SpeakerRows r;
  std::vector<int64_t> values;
  for (int s = 0; s < speakers; ++s)
    for (int k = 0; k < per_speaker; ++k) {
      values.push_back(s % 2);
      r.speakers.push_back("spk" + std::to_string(s));
    }
  r.values = torch::tensor(values, torch::kInt64);
  r.embeddings = torch::randn({static_cast<int64_t>(values.size()), dims});
  return r;
}

}  // namespace emoforget::testing
