// SequenceClassifier structure: output shapes of every variant, and parameter names/shapes
// equal to the Hugging Face facebook/wav2vec2-base checkpoint keys.
#include <gtest/gtest.h>

#include <map>

#include "model/model_test_util.h"
#include "model/sequence_classifier.h"

namespace emoforget::testing {
namespace {

using model::ModelConfig;
using model::SequenceClassifier;

struct Variant {
  std::string name;
  std::function<void(ModelConfig&)> change;
};

class ClassifierShapes : public ::testing::TestWithParam<Variant> {};

TEST_P(ClassifierShapes, LogitsAndHiddenStates) {
  ModelConfig config = micro_config();
  GetParam().change(config);
  SequenceClassifier model(config);
  model->init_weights(1);
  model->eval();
  torch::NoGradGuard no_grad;
  const auto out = model->forward_full(test_input(2), /*output_hidden_states=*/true);
  EXPECT_EQ(out.logits.sizes(), (std::vector<int64_t>{2, 3}));
  EXPECT_TRUE(torch::isfinite(out.logits).all().item<bool>());
  ASSERT_EQ(out.hidden_states.size(), static_cast<size_t>(config.num_hidden_layers + 1));
  for (const auto& h : out.hidden_states) {
    EXPECT_EQ(h.sizes(),
              (std::vector<int64_t>{2, config.num_frames(kTestSamples), config.hidden_size}));
  }
  // Without hidden states the same logits.
  EXPECT_TRUE(model->forward(test_input(2)).equal(out.logits));
  EXPECT_TRUE(model->forward_full(test_input(2), false).hidden_states.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Variants, ClassifierShapes,
    ::testing::Values(
        Variant{"GroupNormPostLn", [](ModelConfig&) {}},
        Variant{"LayerNormPreLn",
                [](ModelConfig& c) {
                  c.feat_extract_norm = "layer";
                  c.do_stable_layer_norm = true;
                  c.conv_bias = true;
                }},
        Variant{"LayerNormPostLn", [](ModelConfig& c) { c.feat_extract_norm = "layer"; }},
        Variant{"GroupNormPreLn", [](ModelConfig& c) { c.do_stable_layer_norm = true; }},
        Variant{"Hubert", [](ModelConfig& c) { c.model_type = "hubert"; }},
        Variant{"HubertWithoutProjectionNorm",
                [](ModelConfig& c) {
                  c.model_type = "hubert";
                  c.feat_proj_layer_norm = false;
                }},
        Variant{"WeightedLayerSum", [](ModelConfig& c) { c.use_weighted_layer_sum = true; }},
        Variant{"OddPositionalKernel", [](ModelConfig& c) { c.num_conv_pos_embeddings = 7; }}),
    [](const auto& info) { return info.param.name; });

std::map<std::string, std::vector<int64_t>> parameter_shapes(const SequenceClassifier& model) {
  std::map<std::string, std::vector<int64_t>> shapes;
  for (const auto& item : model->named_parameters()) {
    shapes[item.key()] = item.value().sizes().vec();
  }
  return shapes;
}

// The keys of facebook/wav2vec2-base under Wav2Vec2ForSequenceClassification (transformers'
// module tree), with `labels` classes.
std::map<std::string, std::vector<int64_t>> wav2vec2_base_keys(int64_t labels) {
  std::map<std::string, std::vector<int64_t>> k;
  const std::string fe = "wav2vec2.feature_extractor.conv_layers.";
  k[fe + "0.conv.weight"] = {512, 1, 10};
  k[fe + "0.layer_norm.weight"] = {512};
  k[fe + "0.layer_norm.bias"] = {512};
  for (int i = 1; i <= 6; ++i)
    k[fe + std::to_string(i) + ".conv.weight"] = {512, 512, i <= 4 ? 3 : 2};
  k["wav2vec2.feature_projection.layer_norm.weight"] = {512};
  k["wav2vec2.feature_projection.layer_norm.bias"] = {512};
  k["wav2vec2.feature_projection.projection.weight"] = {768, 512};
  k["wav2vec2.feature_projection.projection.bias"] = {768};
  k["wav2vec2.masked_spec_embed"] = {768};
  k["wav2vec2.encoder.pos_conv_embed.conv.weight_g"] = {1, 1, 128};
  k["wav2vec2.encoder.pos_conv_embed.conv.weight_v"] = {768, 48, 128};
  k["wav2vec2.encoder.pos_conv_embed.conv.bias"] = {768};
  k["wav2vec2.encoder.layer_norm.weight"] = {768};
  k["wav2vec2.encoder.layer_norm.bias"] = {768};
  for (int i = 0; i < 12; ++i) {
    const std::string layer = "wav2vec2.encoder.layers." + std::to_string(i) + ".";
    for (const char* proj : {"q_proj", "k_proj", "v_proj", "out_proj"}) {
      k[layer + "attention." + proj + ".weight"] = {768, 768};
      k[layer + "attention." + proj + ".bias"] = {768};
    }
    for (const char* norm : {"layer_norm", "final_layer_norm"}) {
      k[layer + norm + ".weight"] = {768};
      k[layer + norm + ".bias"] = {768};
    }
    k[layer + "feed_forward.intermediate_dense.weight"] = {3072, 768};
    k[layer + "feed_forward.intermediate_dense.bias"] = {3072};
    k[layer + "feed_forward.output_dense.weight"] = {768, 3072};
    k[layer + "feed_forward.output_dense.bias"] = {768};
  }
  k["projector.weight"] = {256, 768};
  k["projector.bias"] = {256};
  k["classifier.weight"] = {labels, 256};
  k["classifier.bias"] = {labels};
  return k;
}

TEST(ClassifierStructure, BasePresetHasTheWav2Vec2BaseKeys) {
  ModelConfig config = ModelConfig::preset("base");
  config.id2label = {"anger", "joy", "neutral", "sadness"};
  const SequenceClassifier model(config);
  const auto expected = wav2vec2_base_keys(4);
  const auto actual = parameter_shapes(model);
  for (const auto& [name, shape] : expected) {
    const auto it = actual.find(name);
    ASSERT_NE(it, actual.end()) << "missing " << name;
    EXPECT_EQ(it->second, shape) << name;
  }
  for (const auto& [name, shape] : actual)
    EXPECT_TRUE(expected.count(name)) << "extra " << name;
  EXPECT_TRUE(model->named_buffers().is_empty());

  int64_t expected_count = 0;
  for (const auto& [name, shape] : expected) {
    int64_t n = 1;
    for (int64_t d : shape)
      n *= d;
    expected_count += n;
  }
  EXPECT_EQ(model->num_parameters(), expected_count);
  // The backbone alone is the well-known 94,371,712 of wav2vec2-base (94.4M).
  const int64_t head = 256 * 768 + 256 + 4 * 256 + 4;
  EXPECT_EQ(model->num_parameters() - head, 94371712);
  EXPECT_EQ(model->head_parameter_names(),
            (std::vector<std::string>{"projector.weight", "projector.bias", "classifier.weight",
                                      "classifier.bias"}));
}

TEST(ClassifierStructure, HubertPrefixAndOptionalProjectionNorm) {
  ModelConfig config = micro_config("hubert");
  config.feat_proj_layer_norm = false;
  config.use_weighted_layer_sum = true;
  config.mask_time_prob = 0.0;
  const SequenceClassifier model(config);
  const auto shapes = parameter_shapes(model);
  for (const auto& [name, shape] : shapes) {
    const bool head = name == "layer_weights" || name.rfind("projector.", 0) == 0 ||
                      name.rfind("classifier.", 0) == 0;
    EXPECT_TRUE(head || name.rfind("hubert.", 0) == 0) << name;
  }
  EXPECT_FALSE(shapes.count("hubert.feature_projection.layer_norm.weight"));
  EXPECT_FALSE(shapes.count("hubert.masked_spec_embed"));  // no masking configured
  EXPECT_EQ(shapes.at("layer_weights"), (std::vector<int64_t>{3}));
  EXPECT_EQ(model->head_parameter_names(),
            (std::vector<std::string>{"layer_weights", "projector.weight", "projector.bias",
                                      "classifier.weight", "classifier.bias"}));
}

TEST(ClassifierStructure, LayerNormFeatureEncoderHasANormPerLayer) {
  ModelConfig config = micro_config();
  config.feat_extract_norm = "layer";
  config.conv_bias = true;
  const auto shapes = parameter_shapes(SequenceClassifier(config));
  for (int i = 0; i < 7; ++i) {
    const std::string layer = "wav2vec2.feature_extractor.conv_layers." + std::to_string(i) + ".";
    EXPECT_EQ(shapes.at(layer + "layer_norm.weight"), (std::vector<int64_t>{16}));
    EXPECT_EQ(shapes.at(layer + "conv.bias"), (std::vector<int64_t>{16}));
  }
}

TEST(ClassifierStructure, FreezeFeatureEncoderStopsOnlyItsGradients) {
  SequenceClassifier model(micro_config());
  model->init_weights(2);
  model->freeze_feature_encoder();
  auto input = test_input(1).requires_grad_(true);
  model->forward(input).sum().backward();
  for (const auto& item : model->named_parameters()) {
    const bool conv = item.key().find("feature_extractor.") != std::string::npos;
    EXPECT_EQ(item.value().requires_grad(), !conv) << item.key();
  }
  EXPECT_TRUE(input.grad().defined());
  EXPECT_GT(input.grad().abs().sum().item<double>(), 0.0);
}

TEST(ClassifierStructure, RejectsInvalidConfigAndInput) {
  ModelConfig config = micro_config();
  config.id2label.clear();
  expect_error([&] { SequenceClassifier m(config); }, {"id2label"});
  SequenceClassifier model(micro_config());
  expect_error([&] { model->forward(torch::zeros({kTestSamples})); }, {"batch, samples"});
}

}  // namespace
}  // namespace emoforget::testing
