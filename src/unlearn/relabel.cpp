#include "unlearn/relabel.h"

#include <limits>
#include <string>
#include <tuple>

#include <torch/torch.h>

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

namespace {

// `logits` (N, C >= 2) in float64 on the CPU with each row's class of `labels` at -inf (its
// other classes' scores), after checking both; `what` names the relabelling in errors.
torch::Tensor other_class_scores(const torch::Tensor& logits, const torch::Tensor& labels,
                                 const std::string& what) {
  if (logits.dim() != 2 || logits.size(1) < 2)
    throw Error(what + " relabelling needs (N, C >= 2) logits, got " +
                std::to_string(logits.dim()) + " dimensions");
  const torch::Tensor truth = labels.to(torch::kCPU, torch::kInt64).reshape({-1, 1});
  if (truth.size(0) != logits.size(0))
    throw Error(what + " relabelling: " + std::to_string(logits.size(0)) + " rows of logits but " +
                std::to_string(truth.size(0)) + " labels");
  if (truth.numel() > 0 &&
      (truth.min().item<int64_t>() < 0 || truth.max().item<int64_t>() >= logits.size(1)))
    throw Error(what + " relabelling: a label is outside [0, " + std::to_string(logits.size(1)) +
                ")");
  torch::Tensor scores = logits.to(torch::kCPU, torch::kFloat64).clone();
  return scores.scatter_(1, truth, -std::numeric_limits<double>::infinity());
}

}  // namespace

torch::Tensor nearest_wrong_labels(const torch::Tensor& logits, const torch::Tensor& labels) {
  return std::get<1>(other_class_scores(logits, labels, "nearest").max(1)).view(labels.sizes());
}

torch::Tensor soft_wrong_targets(const torch::Tensor& logits, const torch::Tensor& labels) {
  // exp(-inf) = 0: the true class drops out and the rest is renormalised.
  return torch::softmax(other_class_scores(logits, labels, "soft"), 1).to(torch::kFloat32);
}

}  // namespace emoforget::unlearn
