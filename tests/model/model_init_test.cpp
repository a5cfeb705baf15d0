// Seeded initialisation: reproducible for a seed, different across seeds, and distributed as
// transformers' _init_weights prescribes.
#include <gtest/gtest.h>

#include <cmath>

#include "model/model_test_util.h"
#include "model/sequence_classifier.h"

namespace emoforget::testing {
namespace {

using model::ModelConfig;
using model::SequenceClassifier;

SequenceClassifier initialised(const ModelConfig& config, uint64_t seed) {
  SequenceClassifier model(config);
  model->init_weights(seed);
  return model;
}

TEST(InitWeights, SameSeedSameWeightsOtherSeedOtherWeights) {
  const auto a = initialised(micro_config(), 42);
  const auto b = initialised(micro_config(), 42);
  const auto c = initialised(micro_config(), 43);
  torch::manual_seed(999);  // the global generator plays no part
  const auto d = initialised(micro_config(), 42);
  const auto pa = a->named_parameters();
  for (const auto& item : b->named_parameters()) {
    EXPECT_TRUE(item.value().equal(pa[item.key()])) << item.key();
    EXPECT_TRUE(d->named_parameters()[item.key()].equal(pa[item.key()])) << item.key();
  }
  int differing = 0;
  for (const auto& item : c->named_parameters()) {
    if (!item.value().equal(pa[item.key()])) ++differing;
  }
  EXPECT_GT(differing, 10);
}

// Sample standard deviation of a tensor with mean ~0.
double rms(const torch::Tensor& t) {
  return t.to(torch::kFloat64).pow(2).mean().sqrt().item<double>();
}

TEST(InitWeights, Wav2Vec2Distributions) {
  ModelConfig config = ModelConfig::preset("tiny");
  config.id2label = {"a", "b"};
  config.conv_bias = true;
  config.mask_time_prob = 0.05;  // so the model has masked_spec_embed
  const auto model = initialised(config, 1);
  auto p = model->named_parameters();
  const std::string b = "wav2vec2.";
  // Linear layers: N(0, 0.02), zero bias.
  const auto& q = p[b + "encoder.layers.0.attention.q_proj.weight"];
  EXPECT_NEAR(rms(q), 0.02, 0.002);
  EXPECT_EQ(p[b + "encoder.layers.0.attention.q_proj.bias"].abs().max().item<float>(), 0.0f);
  EXPECT_NEAR(rms(p["classifier.weight"]), 0.02, 0.006);
  // Feature projection: U(+-1/sqrt(fan_in)) for weight and bias.
  const auto& proj = p[b + "feature_projection.projection.weight"];
  const double bound = 1.0 / std::sqrt(static_cast<double>(proj.size(1)));
  EXPECT_LE(proj.abs().max().item<double>(), bound);
  EXPECT_NEAR(rms(proj), bound / std::sqrt(3.0), 0.1 * bound);
  EXPECT_GT(p[b + "feature_projection.projection.bias"].abs().max().item<double>(), 0.0);
  // Convolutions: Kaiming normal, std sqrt(2 / fan_in); bias U(+-sqrt(1 / fan_in)).
  const auto& conv = p[b + "feature_extractor.conv_layers.1.conv.weight"];
  EXPECT_NEAR(rms(conv), std::sqrt(2.0 / (conv.size(1) * conv.size(2))), 0.01);
  const auto& conv_bias = p[b + "feature_extractor.conv_layers.1.conv.bias"];
  EXPECT_LE(conv_bias.abs().max().item<double>(), std::sqrt(1.0 / (conv.size(1) * conv.size(2))));
  EXPECT_GT(conv_bias.abs().max().item<double>(), 0.0);
  // Norms: weight 1, bias 0.
  EXPECT_TRUE(p[b + "feature_extractor.conv_layers.0.layer_norm.weight"].eq(1).all().item<bool>());
  EXPECT_TRUE(p[b + "encoder.layer_norm.bias"].eq(0).all().item<bool>());
  // Positional conv: v ~ N(0, 2 / sqrt(K * H)), g = ||v|| so the effective weight is v.
  const auto& v = p[b + "encoder.pos_conv_embed.conv.weight_v"];
  const double k = static_cast<double>(config.num_conv_pos_embeddings);
  EXPECT_NEAR(rms(v), 2.0 / std::sqrt(k * config.hidden_size), 0.01);
  const auto norm = v.pow(2).sum(std::vector<int64_t>{0, 1}, true).sqrt();
  EXPECT_TRUE(p[b + "encoder.pos_conv_embed.conv.weight_g"].allclose(norm, 1e-5));
  EXPECT_TRUE(p[b + "encoder.pos_conv_embed.conv.bias"].eq(0).all().item<bool>());
  // masked_spec_embed: U[0, 1).
  const auto& embed = p[b + "masked_spec_embed"];
  EXPECT_GE(embed.min().item<float>(), 0.0f);
  EXPECT_LT(embed.max().item<float>(), 1.0f);
}

TEST(InitWeights, HubertZeroConvBiasAndGaussianProjection) {
  ModelConfig config = micro_config("hubert");
  config.conv_bias = true;
  config.use_weighted_layer_sum = true;
  const auto model = initialised(config, 1);
  auto p = model->named_parameters();
  EXPECT_TRUE(p["hubert.feature_extractor.conv_layers.2.conv.bias"].eq(0).all().item<bool>());
  EXPECT_TRUE(p["hubert.feature_projection.projection.bias"].eq(0).all().item<bool>());
  EXPECT_NEAR(rms(p["hubert.feature_projection.projection.weight"]), 0.02, 0.004);
  EXPECT_TRUE(p["layer_weights"].allclose(torch::full({3}, 1.0 / 3.0)));
}

TEST(InitWeights, ConvOutputOfTheInitialisedTinyModelIsWellScaled) {
  // With this initialisation the conv features stay far above the LayerNorm eps.
  ModelConfig config = ModelConfig::preset("tiny");
  config.id2label = {"a", "b"};
  auto model = initialised(config, 3);
  model->eval();
  torch::NoGradGuard no_grad;
  const auto features = model->backbone->feature_extractor->forward(test_input(2));
  EXPECT_GT(features.var().item<double>(), 100 * config.layer_norm_eps);
}

}  // namespace
}  // namespace emoforget::testing
