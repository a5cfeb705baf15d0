#include "unlearn/step_terms.h"

#include <limits>

#include <torch/torch.h>

#include "distributed/shard.h"
#include "distributed/world.h"
#include "model/batch_shard.h"
#include "unlearn/true_class_hinge.h"

namespace emoforget::unlearn {

torch::Tensor mean_terms_loss(UnlearnContext& context, const std::vector<MeanTerm>& terms) {
  const torch::Device device = context.config->run.device.torch_device();
  distributed::Group& group = distributed::world();
  // The rows this rank forwards, and where they sit in the step's whole batch.
  std::vector<torch::Tensor> inputs;
  std::vector<int64_t> positions;
  std::vector<distributed::Range> shares;
  int64_t global = 0;
  for (const MeanTerm& term : terms) {
    const int64_t rows = term.index.size(0);
    const distributed::Range share = distributed::shard_of(0, rows, group.rank(), group.size());
    shares.push_back(share);
    if (share.size() > 0) {
      inputs.push_back(term.waves->index_select(0, term.index.slice(0, share.begin, share.end)));
      for (int64_t r = share.begin; r < share.end; ++r)
        positions.push_back(global + r);
    }
    global += rows;
  }
  // The step's dropout streams (model/batch_shard.h), drawn by every rank alike.
  const uint64_t seed = static_cast<uint64_t>(
      torch::randint(std::numeric_limits<int64_t>::max(), {1}, torch::kInt64).item<int64_t>());
  if (inputs.empty()) return torch::Tensor();
  model::BatchShard shard;
  shard.global = global;
  shard.seed = seed;
  if (group.size() > 1) shard.rows = positions;
  torch::Tensor logits;
  {
    const model::BatchShardScope scope(shard);
    logits = context.model->forward(torch::cat(inputs).to(device));
  }
  logits = logits.to(torch::kFloat32);
  torch::Tensor loss;
  int64_t offset = 0;
  for (size_t t = 0; t < terms.size(); ++t) {
    const MeanTerm& term = terms[t];
    const distributed::Range share = shares[t];
    if (share.size() == 0) continue;
    const torch::Tensor part = logits.narrow(0, offset, share.size());
    offset += share.size();
    const torch::Tensor rows = term.index.slice(0, share.begin, share.end);
    const torch::Tensor labels = term.labels->index_select(0, rows).to(device);
    // One process: the means. Ranks: per-row sums over the term's whole batch, whose
    // parts add up to the means.
    const bool whole = group.size() == 1;
    const double per_row = 1.0 / static_cast<double>(term.index.size(0));
    const auto share_of_mean = [&](const torch::Tensor& row_losses) {
      return whole ? row_losses.mean() : per_row * row_losses.sum();
    };
    torch::Tensor value;
    if (term.weight != 0.0 && term.hinge) {
      value = term.weight * share_of_mean(true_class_hinge(part, labels));
    } else if (term.weight != 0.0) {
      value =
          whole ? term.weight * torch::nn::functional::cross_entropy(part, labels)
                : (term.weight * per_row) *
                      torch::nn::functional::cross_entropy(
                          part, labels,
                          torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
    }
    if (term.teacher != nullptr && term.weight_kl > 0) {
      const torch::Tensor p = term.teacher->index_select(0, rows).to(device, torch::kFloat32);
      const torch::Tensor row_kl =
          (p * (p.clamp_min(1e-12).log() - torch::log_softmax(part, 1))).sum(1);
      const torch::Tensor kl = term.weight_kl * share_of_mean(row_kl);
      value = value.defined() ? value + kl : kl;
    }
    if (!value.defined()) continue;  // a term of weight 0 and no teacher
    loss = loss.defined() ? loss + value : value;
  }
  // Every term of weight 0: a zero that still reaches the model (as a zero-weight term did).
  if (!loss.defined()) loss = 0.0 * logits.sum();
  return loss;
}

torch::Tensor add_model_term(const torch::Tensor& loss, const torch::Tensor& term) {
  if (!distributed::world().is_main()) return loss;
  return loss.defined() ? loss + term : term;
}

}  // namespace emoforget::unlearn
