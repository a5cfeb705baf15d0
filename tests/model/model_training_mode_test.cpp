// Training-time behaviour: SpecAugment masks and LayerDrop are reproducible after
// torch::manual_seed, active only in training, and the mask follows transformers' rules.
#include <gtest/gtest.h>

#include "model/model_test_util.h"
#include "model/sequence_classifier.h"
#include "model/spec_augment.h"

namespace emoforget::testing {
namespace {

using model::ModelConfig;
using model::SequenceClassifier;

// Masking (and optionally LayerDrop) only: no dropout, so differences come from them alone.
ModelConfig regularised_config(double mask_time_prob, double layerdrop) {
  ModelConfig c = micro_config();
  c.hidden_dropout = c.attention_dropout = c.activation_dropout = c.feat_proj_dropout = 0.0;
  c.mask_time_prob = mask_time_prob;
  c.mask_time_length = 3;
  c.layerdrop = layerdrop;
  return c;
}

torch::Tensor logits_after_seed(SequenceClassifier& model, uint64_t seed) {
  torch::manual_seed(seed);
  torch::NoGradGuard no_grad;
  return model->forward(test_input(2));
}

TEST(TrainingMode, RandomnessIsReproducibleForASeedAndOffInEval) {
  SequenceClassifier model(micro_config());  // default dropouts, layerdrop and masking
  model->init_weights(1);
  model->train();
  const auto a = logits_after_seed(model, 5);
  const auto b = logits_after_seed(model, 5);
  const auto c = logits_after_seed(model, 6);
  EXPECT_TRUE(a.equal(b));
  EXPECT_FALSE(a.equal(c));
  model->eval();
  const auto e1 = logits_after_seed(model, 5);
  const auto e2 = logits_after_seed(model, 6);
  EXPECT_TRUE(e1.equal(e2));
  EXPECT_FALSE(e1.equal(a));
}

TEST(TrainingMode, TimeMaskingUsesMaskedSpecEmbedOnlyInTraining) {
  SequenceClassifier model(regularised_config(0.5, 0.0));
  model->init_weights(1);
  model->eval();
  const auto eval_logits = logits_after_seed(model, 1);
  model->train();
  const auto a = logits_after_seed(model, 3);
  EXPECT_TRUE(a.equal(logits_after_seed(model, 3)));
  EXPECT_FALSE(a.allclose(eval_logits));
  // The masked frames are the learnt vector, so it receives a gradient in training only.
  torch::manual_seed(3);
  model->forward(test_input(2)).sum().backward();
  EXPECT_GT(model->backbone->masked_spec_embed.grad().abs().sum().item<double>(), 0.0);
  model->zero_grad();
  model->eval();
  model->forward(test_input(2)).sum().backward();
  const auto grad = model->backbone->masked_spec_embed.grad();
  EXPECT_TRUE(!grad.defined() || grad.abs().sum().item<double>() == 0.0);
}

TEST(TrainingMode, LayerDropSkipsLayersOnlyInTraining) {
  // layerdrop = 1 skips every layer: all post-LN hidden states equal the first one.
  SequenceClassifier model(regularised_config(0.0, 1.0));
  model->init_weights(1);
  model->train();
  torch::NoGradGuard no_grad;
  auto out = model->forward_full(test_input(1), true);
  ASSERT_EQ(out.hidden_states.size(), 3u);
  EXPECT_TRUE(out.hidden_states[1].equal(out.hidden_states[0]));
  EXPECT_TRUE(out.hidden_states[2].equal(out.hidden_states[0]));
  model->eval();
  out = model->forward_full(test_input(1), true);
  EXPECT_FALSE(out.hidden_states[1].allclose(out.hidden_states[0]));

  // layerdrop = 0.5: the set of skipped layers depends on the seed, reproducibly.
  SequenceClassifier half(regularised_config(0.0, 0.5));
  half->init_weights(1);
  half->train();
  bool any_skip = false, any_run = false;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    torch::manual_seed(seed);
    const auto first = half->forward_full(test_input(1), true).hidden_states;
    torch::manual_seed(seed);
    const auto second = half->forward_full(test_input(1), true).hidden_states;
    EXPECT_TRUE(first[2].equal(second[2])) << seed;
    (first[1].equal(first[0]) ? any_skip : any_run) = true;
  }
  EXPECT_TRUE(any_skip);
  EXPECT_TRUE(any_run);
}

// Lengths of the runs of true values in a row.
std::vector<int64_t> runs(const torch::Tensor& row) {
  std::vector<int64_t> out;
  int64_t current = 0;
  for (int64_t i = 0; i < row.size(0); ++i) {
    if (row[i].item<bool>()) {
      ++current;
    } else if (current > 0) {
      out.push_back(current);
      current = 0;
    }
  }
  if (current > 0) out.push_back(current);
  return out;
}

TEST(ComputeMaskIndices, MinimumSpansOfTheRequestedLength) {
  torch::manual_seed(1);
  // 0.05 * 100 / 10 + eps < 2, so min_masks = 2 spans of 10 (overlapping or not).
  const auto mask = model::compute_mask_indices(4, 100, 0.05, 10, 2);
  ASSERT_EQ(mask.sizes(), (std::vector<int64_t>{4, 100}));
  for (int64_t b = 0; b < 4; ++b) {
    const int64_t masked = mask[b].sum().item<int64_t>();
    EXPECT_GE(masked, 11) << b;  // two distinct starts
    EXPECT_LE(masked, 20) << b;
    for (int64_t run : runs(mask[b]))
      EXPECT_GE(run, 10) << b;
  }
  torch::manual_seed(1);
  EXPECT_TRUE(mask.equal(model::compute_mask_indices(4, 100, 0.05, 10, 2)));
}

TEST(ComputeMaskIndices, SpanCountIsCappedToFit) {
  torch::manual_seed(2);
  // prob 1 would ask for 10 spans of 4 in 12 frames: capped at 12 / 4 = 3 spans.
  const auto mask = model::compute_mask_indices(3, 12, 1.0, 4, 0);
  for (int64_t b = 0; b < 3; ++b) {
    EXPECT_GE(mask[b].sum().item<int64_t>(), 6);
    EXPECT_LE(mask[b].sum().item<int64_t>(), 12);
  }
  // A span as long as the sequence masks everything.
  EXPECT_TRUE(model::compute_mask_indices(2, 5, 0.1, 5, 2).all().item<bool>());
  // Probability 0 with no minimum masks nothing.
  EXPECT_FALSE(model::compute_mask_indices(2, 50, 0.0, 10, 0).any().item<bool>());
  expect_error([] { model::compute_mask_indices(1, 5, 0.5, 6, 2); }, {"mask length 6", "5"});
}

}  // namespace
}  // namespace emoforget::testing
