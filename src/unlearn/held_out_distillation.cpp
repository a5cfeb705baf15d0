#include "unlearn/held_out_distillation.h"

#include <algorithm>

#include <torch/torch.h>

#include "common/error.h"
#include "train/inference.h"

namespace emoforget::unlearn {
namespace {

constexpr uint64_t kHeldOutStream = 0x484f4c44;  // "HOLD"

}  // namespace

void HeldOutDistillation::prepare(UnlearnContext& context) {
  const UnlearnConfig& config = *context.config;
  weight_ = config.settings.variant_for(method_info(config.method)).lambda_heldout;
  if (!on()) return;
  const train::LabeledAudio* held_out = context.held_out;
  if (held_out == nullptr || held_out->size() == 0)
    throw Error("--lambda-heldout: the held-out split '" + context.held_out_split +
                "' has no utterances in the manifest (name one with --until-split)");
  teacher_ = torch::softmax(
      train::predict_logits(context.model, held_out->waves, config.run.batch, config.run.device),
      1);
  order_ = BatchOrder(held_out->size(), std::min<int64_t>(config.run.batch, held_out->size()));
  rng_ = Rng(config.run.seed).fork(kHeldOutStream);
}

void HeldOutDistillation::begin_epoch() {
  if (on()) order_.shuffle(rng_);
}

void HeldOutDistillation::add_term(const UnlearnContext& context, int64_t step,
                                   std::vector<MeanTerm>& terms) const {
  if (!on()) return;
  MeanTerm term{&context.held_out->waves, &context.held_out->labels, order_.cycled_indices(step),
                0.0};
  term.teacher = &teacher_;
  term.weight_kl = weight_;
  terms.push_back(term);
}

}  // namespace emoforget::unlearn
