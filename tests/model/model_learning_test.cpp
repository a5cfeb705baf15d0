// From the seeded initialisation, a small model learns a trivially separable task (low vs high
// tone) in a few dozen Adam steps with all training-time regularisation on.
#include <gtest/gtest.h>

#include <cmath>

#include "model/model_test_util.h"
#include "model/sequence_classifier.h"

namespace emoforget::testing {
namespace {

// Batch of normalised tones: class 0 at 150-250 Hz, class 1 at 1.5-2.5 kHz, random phase
// and noise; labels alternate.
std::pair<torch::Tensor, torch::Tensor> tone_batch(int64_t batch, at::Generator& gen) {
  const auto options = torch::TensorOptions().dtype(torch::kFloat32);
  const torch::Tensor labels = torch::arange(batch, torch::kLong).remainder(2);
  const torch::Tensor base = 150.0 + 1350.0 * labels.to(torch::kFloat32);
  const torch::Tensor freq = base + 100.0 * torch::rand({batch}, gen, options);
  const torch::Tensor phase = 2 * M_PI * torch::rand({batch}, gen, options);
  const torch::Tensor t = torch::arange(kTestSamples, options) / 16000.0;
  torch::Tensor x = torch::sin(2 * M_PI * freq.unsqueeze(1) * t.unsqueeze(0) + phase.unsqueeze(1));
  x = x + 0.1 * torch::randn({batch, kTestSamples}, gen, options);
  x = (x - x.mean(1, true)) / torch::sqrt(x.var(1, false, true) + 1e-7);
  return {x, labels};
}

TEST(Learning, SeparatesLowAndHighTones) {
  torch::manual_seed(0);
  model::ModelConfig config = micro_config();
  config.id2label = {"low", "high"};
  model::SequenceClassifier model(config);
  model->init_weights(0);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(1e-3));
  auto gen = at::make_generator<at::CPUGeneratorImpl>(1);
  model->train();
  for (int step = 0; step < 40; ++step) {
    auto [x, y] = tone_batch(8, gen);
    optimizer.zero_grad();
    torch::nn::functional::cross_entropy(model->forward(x), y).backward();
    optimizer.step();
  }
  model->eval();
  torch::NoGradGuard no_grad;
  auto [x, y] = tone_batch(32, gen);
  const auto logits = model->forward(x);
  const double loss = torch::nn::functional::cross_entropy(logits, y).item<double>();
  const double accuracy = logits.argmax(1).eq(y).to(torch::kFloat64).mean().item<double>();
  EXPECT_EQ(accuracy, 1.0);
  EXPECT_LT(loss, 0.3);
}

}  // namespace
}  // namespace emoforget::testing
