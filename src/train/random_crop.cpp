#include "train/random_crop.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "audio/normalize.h"
#include "common/error.h"

namespace emoforget::train {

torch::Tensor random_windows(const LabeledAudio& pool, const torch::Tensor& index, int64_t window,
                             Rng& rng, bool normalize) {
  if (!pool.lengths.defined() || pool.lengths.size(0) != pool.size())
    throw Error("random crop: the pool has no clip lengths");
  if (window <= 0) throw Error("random crop: window must be > 0 samples");
  const torch::Tensor rows = index.to(torch::kInt64).contiguous();
  const int64_t batch = rows.numel();
  const int64_t stride = pool.waves.size(1);
  const float* source = pool.waves.data_ptr<float>();
  const int64_t* lengths = pool.lengths.data_ptr<int64_t>();
  const int64_t* row = rows.data_ptr<int64_t>();
  torch::Tensor out = torch::zeros({batch, window}, torch::kFloat32);
  float* target = out.data_ptr<float>();
  std::vector<float> samples;
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t r = row[b];
    if (r < 0 || r >= pool.size()) throw Error("random crop: row index out of range");
    const int64_t length = lengths[r];
    int64_t offset = 0;
    if (length > window) {
      const auto span = static_cast<uint64_t>(length - window + 1);
      offset = static_cast<int64_t>(rng.next_u64() % span);
    }
    const int64_t count = std::min(window, length - offset);
    samples.assign(source + r * stride + offset, source + r * stride + offset + count);
    if (normalize) audio::normalize_in_place(samples);
    std::memcpy(target + b * window, samples.data(), static_cast<size_t>(count) * sizeof(float));
  }
  return out;
}

}  // namespace emoforget::train
