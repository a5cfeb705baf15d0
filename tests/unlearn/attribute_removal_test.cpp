// INLP: the directions removed are orthonormal and leave a probe near chance; folding
// the projection into a model projects every pooled embedding, and the refitted
// classifier reproduces the logits the removal leaves explainable.
#include "unlearn/attribute_removal.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "metrics/attribute_probe.h"
#include "support/mini_model.h"
#include "support/speaker_rows.h"

namespace emoforget::unlearn {
namespace {

using Rows = testing::SpeakerRows;

// 16 speakers, the attribute spread over a random 3-dimensional mix of 12 dimensions.
Rows gendered_rows(uint64_t seed) {
  Rows r = testing::speaker_rows(16, 8, 12, seed);
  const torch::Tensor mixing = torch::randn({3, 12});
  r.embeddings += (r.sign().unsqueeze(1) * torch::tensor({2.0F, 1.5F, 1.0F})).mm(mixing);
  return r;
}

TEST(AttributeRemoval, RemovesDirectionsUntilTheProbeIsNearChance) {
  const Rows r = gendered_rows(1);
  AttributeRemovalConfig config;
  const double before =
      metrics::probe_attribute(r.embeddings, r.values, r.speakers, 5, config.probe)
          .balanced_accuracy;
  ASSERT_GT(before, 0.9);
  const AttributeRemoval removal = remove_attribute(r.embeddings, r.values, r.speakers, config);
  ASSERT_GE(removal.basis.size(0), 1);
  EXPECT_LE(removal.basis.size(0), 6) << "at most half the width";
  EXPECT_NEAR(removal.probe_accuracy.front(), before, 1e-12);
  EXPECT_LE(removal.probe_accuracy.back(), config.target);
  // Orthonormal rows, and P annihilates them.
  const torch::Tensor gram = removal.basis.mm(removal.basis.t());
  EXPECT_TRUE(torch::allclose(gram, torch::eye(gram.size(0), torch::kFloat64), 1e-9, 1e-9));
  const torch::Tensor p = removal.projection(12);
  EXPECT_LT(p.mm(removal.basis.t()).abs().max().item<double>(), 1e-9);
  const double after =
      metrics::probe_attribute(r.embeddings.to(torch::kFloat64).mm(p).to(torch::kFloat32), r.values,
                               r.speakers, 5, config.probe)
          .balanced_accuracy;
  EXPECT_LE(after, 0.6);
}

TEST(AttributeRemoval, FoldingProjectsThePooledEmbeddingAndRefitsTheClassifier) {
  model::SequenceClassifier model(testing::mini_model_config({"a", "b", "c"}));
  model->init_weights(2);
  model->eval();
  torch::manual_seed(5);
  const torch::Tensor waves = torch::randn({40, 4000});
  torch::NoGradGuard no_grad;
  const model::ClassifierOutput before = model->forward_full(waves, false);
  {  // no direction removed: the same logits
    model::SequenceClassifier copy(testing::mini_model_config({"a", "b", "c"}));
    copy->init_weights(2);
    copy->eval();
    fold_projection(copy, torch::eye(16, torch::kFloat64), before.pooled, before.logits);
    const torch::Tensor logits = copy->forward(waves);
    EXPECT_LT((logits - before.logits).abs().max().item<double>(), 1e-3);
  }
  // Remove two directions.
  const torch::Tensor basis =
      std::get<0>(torch::linalg_qr(torch::randn({16, 2}, torch::kFloat64))).t();
  const torch::Tensor p = torch::eye(16, torch::kFloat64) - basis.t().mm(basis);
  fold_projection(model, p, before.pooled, before.logits);
  const model::ClassifierOutput after = model->forward_full(waves, false);
  const torch::Tensor expected = before.pooled.to(torch::kFloat64).mm(p).to(torch::kFloat32);
  EXPECT_LT((after.pooled - expected).abs().max().item<double>(), 1e-4);
  EXPECT_LT(after.pooled.to(torch::kFloat64).mm(basis.t()).abs().max().item<double>(), 1e-4)
      << "nothing left along the removed directions";
  // The classifier is the least-squares fit of the original logits on [P e, 1].
  const torch::Tensor design =
      torch::cat({expected.to(torch::kFloat64), torch::ones({40, 1}, torch::kFloat64)}, 1);
  const torch::Tensor beta = torch::linalg_pinv(design, 1e-8).mm(before.logits.to(torch::kFloat64));
  EXPECT_LT((after.logits.to(torch::kFloat64) - design.mm(beta)).abs().max().item<double>(), 1e-3);
  // and no other weights fit better.
  const double fitted = (after.logits - before.logits).square().sum().item<double>();
  const torch::Tensor nudged = design.mm(beta + 0.01 * torch::randn_like(beta));
  EXPECT_LE(fitted, (nudged - before.logits.to(torch::kFloat64)).square().sum().item<double>());
}

}  // namespace
}  // namespace emoforget::unlearn
