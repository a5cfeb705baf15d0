// ModelConfig: config.json parsing (strict types, id2label), the round trip, validation and
// presets.
#include <gtest/gtest.h>

#include "common/error.h"
#include "model/config.h"
#include "model/model_test_util.h"

namespace emoforget::testing {
namespace {

using model::ModelConfig;
using nlohmann::json;

TEST(ModelConfig, ParsesHuggingFaceKeysAndKeepsUnknownOnes) {
  const json j = {{"model_type", "hubert"},
                  {"hidden_size", 64},
                  {"num_attention_heads", 4},
                  {"conv_dim", {32, 32}},
                  {"conv_kernel", {10, 3}},
                  {"conv_stride", {5, 2}},
                  {"num_feat_extract_layers", 2},
                  {"layerdrop", 0},  // integers are accepted where numbers are expected
                  {"feat_proj_layer_norm", false},
                  {"id2label", {{"1", "sad"}, {"0", "angry"}}},
                  {"label2id", {{"angry", 0}, {"sad", 1}}},
                  {"vocab_size", 32},
                  {"transformers_version", "4.30.2"}};
  const ModelConfig c = ModelConfig::from_json(j, "cfg.json");
  EXPECT_EQ(c.model_type, "hubert");
  EXPECT_EQ(c.hidden_size, 64);
  EXPECT_EQ(c.conv_dim, (std::vector<int64_t>{32, 32}));
  EXPECT_EQ(c.layerdrop, 0.0);
  EXPECT_FALSE(c.feat_proj_layer_norm);
  EXPECT_EQ(c.id2label, (std::vector<std::string>{"angry", "sad"}));
  EXPECT_EQ(c.num_labels(), 2);
  EXPECT_EQ(c.num_hidden_layers, ModelConfig().num_hidden_layers);  // default kept
  EXPECT_EQ(c.extra, (json{{"vocab_size", 32}, {"transformers_version", "4.30.2"}}));
}

TEST(ModelConfig, RoundTripsThroughJson) {
  ModelConfig c = ModelConfig::preset("large");
  c.id2label = {"anger", "joy"};
  c.use_weighted_layer_sum = true;
  c.extra = {{"vocab_size", 32}};
  const json j = c.to_json();
  EXPECT_EQ(j.at("architectures"), json::array({"Wav2Vec2ForSequenceClassification"}));
  EXPECT_EQ(j.at("id2label"), (json{{"0", "anger"}, {"1", "joy"}}));
  EXPECT_EQ(j.at("label2id"), (json{{"anger", 0}, {"joy", 1}}));
  EXPECT_EQ(j.at("num_labels"), 2);
  EXPECT_EQ(j.at("hidden_act"), "gelu");
  EXPECT_EQ(j.at("feat_extract_activation"), "gelu");
  EXPECT_EQ(j.at("num_feat_extract_layers"), 7);
  EXPECT_EQ(j.at("vocab_size"), 32);
  const ModelConfig back = ModelConfig::from_json(j, "round trip");
  EXPECT_EQ(back.to_json(), j);
  EXPECT_EQ(back.describe(), c.describe());

  ModelConfig hubert = c;
  hubert.model_type = "hubert";
  EXPECT_EQ(hubert.to_json().at("architectures"), json::array({"HubertForSequenceClassification"}));
  EXPECT_EQ(hubert.to_json().at("feat_proj_layer_norm"), true);
}

TEST(ModelConfig, WrongTypesAreErrorsNamingTheKey) {
  expect_error(
      [] {
        ModelConfig::from_json({{"hidden_size", "768"}}, "a.json");
      },
      {"a.json", "hidden_size", "an integer", "\"768\""});
  expect_error(
      [] {
        ModelConfig::from_json({{"hidden_size", 7.5}}, "a.json");
      },
      {"hidden_size", "7.5"});
  expect_error(
      [] {
        ModelConfig::from_json({{"conv_bias", 1}}, "a.json");
      },
      {"conv_bias", "true or false"});
  expect_error(
      [] {
        ModelConfig::from_json({{"conv_dim", {512, "x"}}}, "a.json");
      },
      {"conv_dim", "array of integers"});
  expect_error(
      [] {
        ModelConfig::from_json({{"id2label", {{"0", "a"}, {"2", "b"}}}}, "a.json");
      },
      {"id2label", "\"2\""});
  expect_error(
      [] {
        ModelConfig::from_json({{"id2label", {{"0", 3}}}}, "a.json");
      },
      {"id2label.0", "a string"});
  expect_error(
      [] {
        ModelConfig::from_json({{"num_labels", 3}, {"id2label", {{"0", "a"}}}}, "x");
      },
      {"num_labels", "3"});
  expect_error(
      [] {
        ModelConfig::from_json({{"num_feat_extract_layers", 3}}, "a.json");
      },
      {"num_feat_extract_layers", "3", "7"});
  expect_error([] { ModelConfig::from_json(json::array(), "a.json"); }, {"a.json", "object"});
}

TEST(ModelConfig, NumLabelsWithoutId2labelGivesGenericNames) {
  const ModelConfig c = ModelConfig::from_json({{"num_labels", 2}}, "a.json");
  EXPECT_EQ(c.id2label, (std::vector<std::string>{"LABEL_0", "LABEL_1"}));
}

TEST(ModelConfig, ValidateNamesTheFieldAndValue) {
  auto with = [](auto change) {
    ModelConfig c = ModelConfig::preset("tiny");
    change(c);
    return c;
  };
  expect_error([&] { with([](ModelConfig& c) { c.model_type = "wavlm"; }).validate(); },
               {"model_type", "wavlm"});
  expect_error([&] { with([](ModelConfig& c) { c.num_attention_heads = 5; }).validate(); },
               {"num_attention_heads", "5", "hidden_size"});
  expect_error([&] { with([](ModelConfig& c) { c.feat_extract_norm = "batch"; }).validate(); },
               {"feat_extract_norm", "batch"});
  expect_error([&] { with([](ModelConfig& c) { c.conv_kernel.pop_back(); }).validate(); },
               {"conv_kernel", "equal length"});
  expect_error([&] { with([](ModelConfig& c) { c.layerdrop = 1.5; }).validate(); },
               {"layerdrop", "1.5"});
  expect_error([&] { with([](ModelConfig& c) { c.hidden_act = "relu"; }).validate(); },
               {"hidden_act", "relu"});
  expect_error([&] { with([](ModelConfig& c) {
                       c.id2label = {"a", "a"};
                     }).validate(); },
               {"id2label[1]", "duplicate"});
  expect_error([&] { with([](ModelConfig& c) { c.extra["add_adapter"] = true; }).validate(); },
               {"add_adapter", "not supported"});
}

TEST(ModelConfig, PresetsAreValidAndShaped) {
  for (const auto& name : ModelConfig::preset_names()) {
    EXPECT_NO_THROW(ModelConfig::preset(name).validate()) << name;
  }
  const ModelConfig base = ModelConfig::preset("base");
  EXPECT_EQ(base.hidden_size, 768);
  EXPECT_EQ(base.total_stride(), 320);
  const ModelConfig large = ModelConfig::preset("large");
  EXPECT_TRUE(large.do_stable_layer_norm);
  EXPECT_EQ(large.feat_extract_norm, "layer");
  expect_error([] { ModelConfig::preset("huge"); }, {"huge", "tiny"});
}

TEST(ModelConfig, FrameCountFollowsTheConvArithmetic) {
  const ModelConfig c = ModelConfig::preset("base");
  // 16000 samples: 3199, 1599, 799, 399, 199, 99, 49 frames after each layer.
  EXPECT_EQ(c.num_frames(16000), 49);
  EXPECT_EQ(c.num_frames(400), 1);
  EXPECT_EQ(c.num_frames(399), 0);
  EXPECT_EQ(c.num_frames(5), 0);
}

TEST(ModelConfig, DescribeIsOneLineWithTheShape) {
  ModelConfig c = ModelConfig::preset("tiny");
  c.id2label = {"anger", "joy"};
  const std::string text = c.describe();
  EXPECT_EQ(text.find('\n'), std::string::npos);
  for (const char* part : {"wav2vec2", "hidden=128", "layers=4", "labels=2[anger,joy]"}) {
    EXPECT_NE(text.find(part), std::string::npos) << part << " not in " << text;
  }
}

}  // namespace
}  // namespace emoforget::testing
