// Scoring a labelled set: every clip on its own samples, never on its zero padding.
#include "train/inference.h"

#include <gtest/gtest.h>

#include <torch/torch.h>

#include "support/mini_model.h"

namespace emoforget::train {
namespace {

model::SequenceClassifier mini() {
  model::SequenceClassifier model(testing::mini_model_config({"a", "b", "c"}));
  model->init_weights(3);
  model->eval();
  return model;
}

// Three clips padded to 4000 samples: 4000, 2500 and 4000 long.
LabeledAudio padded_set() {
  torch::manual_seed(9);
  LabeledAudio set;
  set.waves = torch::randn({3, 4000});
  set.waves[1].slice(0, 2500).zero_();
  set.labels = torch::tensor({0, 1, 2}, torch::kInt64);
  set.lengths = torch::tensor({4000, 2500, 4000}, torch::kInt64);
  return set;
}

TEST(Inference, ScoresEachClipOnItsTrueLength) {
  auto model = mini();
  const LabeledAudio set = padded_set();
  const torch::Tensor logits = predict_logits(model, set, 8, {});
  ASSERT_EQ(logits.sizes(), (std::vector<int64_t>{3, 3}));
  torch::NoGradGuard no_grad;
  const torch::Tensor alone = model->forward(set.waves[1].slice(0, 0, 2500).unsqueeze(0));
  EXPECT_TRUE(torch::allclose(logits[1], alone[0], 1e-5, 1e-6));
  const torch::Tensor padded = model->forward(set.waves.slice(0, 1, 2));
  EXPECT_FALSE(torch::allclose(logits[1], padded[0], 1e-5, 1e-6))
      << "the padding changes the score, so the test would notice it being used";
  const torch::Tensor full = model->forward(set.waves.index_select(0, torch::tensor({0, 2})));
  EXPECT_TRUE(torch::allclose(logits[0], full[0], 1e-5, 1e-6));
  EXPECT_TRUE(torch::allclose(logits[2], full[1], 1e-5, 1e-6));
}

TEST(Inference, BatchSizeDoesNotChangeTheScores) {
  auto model = mini();
  const LabeledAudio set = padded_set();
  const torch::Tensor one = predict_logits(model, set, 1, {});
  const torch::Tensor all = predict_logits(model, set, 3, {});
  EXPECT_TRUE(torch::allclose(one, all, 1e-5, 1e-6));
  const auto report = evaluate(model, set, 2, {});
  EXPECT_EQ(report.n, 3);
}

}  // namespace
}  // namespace emoforget::train
