// Loading a Wav2Vec2ForPreTraining checkpoint (backbone + quantizer + projections, no head,
// no id2label) as a classifier: backbone hidden states match the Python reference, the
// pretraining-only tensors are reported as ignored, the head is initialised from the seed.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/error.h"
#include "model/checkpoint.h"
#include "model/parity_support.h"

namespace emoforget::testing {
namespace {

const std::vector<std::string> kLabels = {"calm", "fearful", "surprised"};

model::SequenceClassifier load_pretraining(uint64_t seed, model::LoadReport* report = nullptr) {
  model::LoadOptions options;
  options.seed = seed;
  options.labels = kLabels;
  return model::load_model(model_fixture(kPretrainingCase), options, report);
}

std::vector<std::string> sorted(std::vector<std::string> names) {
  std::sort(names.begin(), names.end());
  return names;
}

TEST(PretrainingParity, BackboneHiddenStatesMatchReference) {
  const auto expected = read_expected(kPretrainingCase);
  auto classifier = load_pretraining(5);
  classifier->eval();
  torch::NoGradGuard no_grad;
  const auto out = classifier->forward_full(expected.at("input_values"), true);
  const size_t count = hidden_state_count(expected);
  ASSERT_EQ(count, 3u);
  ASSERT_EQ(out.hidden_states.size(), count);
  for (size_t i = 0; i < count; ++i) {
    const auto& reference = expected.at("hidden_state_" + std::to_string(i));
    ASSERT_EQ(out.hidden_states[i].sizes(), reference.sizes()) << "hidden state " << i;
    const double diff = max_rel_diff(out.hidden_states[i], reference);
    EXPECT_LE(diff, 1e-4) << "hidden state " << i << " max relative |Δ| = " << diff;
  }
  EXPECT_EQ(out.logits.sizes(), (std::vector<int64_t>{2, 3}));
}

TEST(PretrainingParity, ReportsIgnoredAndInitialisedTensors) {
  model::LoadReport report;
  auto classifier = load_pretraining(5, &report);
  EXPECT_EQ(report.weights_file, weights_file(kPretrainingCase).string());

  // every checkpoint tensor outside the backbone belongs to the pretraining objective
  std::vector<std::string> pretraining_only;
  for (const auto& [name, tensor] : tensor_io::read_safetensors(weights_file(kPretrainingCase))) {
    if (name.rfind("wav2vec2.", 0) != 0) pretraining_only.push_back(name);
  }
  ASSERT_EQ(pretraining_only.size(), 7u);  // quantizer (3), project_q (2), project_hid (2)
  EXPECT_EQ(sorted(report.ignored), sorted(pretraining_only));
  EXPECT_EQ(sorted(report.initialised), sorted(classifier->head_parameter_names()));
  EXPECT_EQ(sorted(report.initialised),
            sorted({"classifier.bias", "classifier.weight", "projector.bias", "projector.weight"}));
  EXPECT_EQ(classifier->config().id2label, kLabels);
}

TEST(PretrainingParity, HeadInitialisationFollowsTheSeed) {
  auto a = load_pretraining(11);
  auto b = load_pretraining(11);
  auto c = load_pretraining(12);
  EXPECT_TRUE(torch::equal(a->classifier->weight, b->classifier->weight));
  EXPECT_TRUE(torch::equal(a->projector->weight, b->projector->weight));
  EXPECT_FALSE(torch::equal(a->classifier->weight, c->classifier->weight));
  // the backbone comes from the checkpoint whatever the seed
  const auto& pa = a->named_parameters();
  const auto& pc = c->named_parameters();
  const std::string key = "wav2vec2.encoder.layers.1.attention.q_proj.weight";
  ASSERT_NE(pa.find(key), nullptr);
  EXPECT_TRUE(torch::equal(*pa.find(key), *pc.find(key)));
}

TEST(PretrainingParity, LabelsAreRequiredWithoutAHead) {
  try {
    model::load_model(model_fixture(kPretrainingCase));
    FAIL() << "loading a headless checkpoint without labels must fail";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("label"), std::string::npos) << message;
  }
}

}  // namespace
}  // namespace emoforget::testing
