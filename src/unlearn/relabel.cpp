#include "unlearn/relabel.h"

#include "common/error.h"

namespace emoforget::unlearn {

int64_t random_other_class(int64_t label, int64_t num_classes, Rng& rng) {
  if (num_classes < 2) {
    throw Error("random relabelling needs at least 2 classes, the model has " +
                std::to_string(num_classes));
  }
  if (label < 0 || label >= num_classes) {
    throw Error("label " + std::to_string(label) + " is outside [0, " +
                std::to_string(num_classes) + ")");
  }
  const auto drawn = static_cast<int64_t>(rng.below(static_cast<uint64_t>(num_classes - 1)));
  return drawn >= label ? drawn + 1 : drawn;
}

torch::Tensor random_wrong_labels(const torch::Tensor& labels, int64_t num_classes, Rng& rng) {
  const torch::Tensor flat = labels.to(torch::kCPU, torch::kInt64).contiguous().view(-1);
  torch::Tensor wrong = torch::empty_like(flat);
  const int64_t* in = flat.data_ptr<int64_t>();
  int64_t* out = wrong.data_ptr<int64_t>();
  for (int64_t i = 0; i < flat.numel(); ++i)
    out[i] = random_other_class(in[i], num_classes, rng);
  return wrong.view(labels.sizes());
}

}  // namespace emoforget::unlearn
