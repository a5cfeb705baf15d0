// Checkpoint directories: save -> load round trip, pretraining and bare backbone files with a
// fresh head, both weight-norm namings, F16 tensors and strict errors naming the tensor.
#include <gtest/gtest.h>

#include "model/checkpoint.h"
#include "model/model_test_util.h"
#include "support/test_support.h"
#include "tensor_io/safetensors.h"

namespace emoforget::testing {
namespace {

namespace fs = std::filesystem;
using model::LoadOptions;
using model::LoadReport;
using model::ModelConfig;
using model::SequenceClassifier;
using tensor_io::TensorMap;

SequenceClassifier make_model(const ModelConfig& config, uint64_t seed = 4) {
  SequenceClassifier model(config);
  model->init_weights(seed);
  model->eval();
  return model;
}

torch::Tensor eval_logits(SequenceClassifier model) {
  model->eval();
  torch::NoGradGuard no_grad;
  return model->forward(test_input(2));
}

tensor_io::TensorMap state_dict(const SequenceClassifier& model) {
  tensor_io::TensorMap tensors;
  for (const auto& item : model->named_parameters())
    tensors[item.key()] = item.value().detach();
  return tensors;
}

// Writes a checkpoint folder by hand: config.json from `config` (without id2label when
// `labels` is false) and `tensors` as model.safetensors.
void write_checkpoint(const fs::path& dir, const ModelConfig& config,
                      const tensor_io::TensorMap& tensors, bool labels = true) {
  fs::create_directories(dir);
  nlohmann::json j = config.to_json();
  if (!labels) {
    j.erase("id2label");
    j.erase("label2id");
    j.erase("num_labels");
  }
  write_text(dir / "config.json", j.dump(2));
  tensor_io::write_safetensors(dir / "model.safetensors", tensors);
}

class CheckpointTest : public ::testing::TestWithParam<std::string> {
 protected:
  TempDir tmp_;
};

TEST_P(CheckpointTest, SaveThenLoadGivesIdenticalLogits) {
  ModelConfig config = micro_config(GetParam());
  config.use_weighted_layer_sum = GetParam() == "hubert";
  auto model = make_model(config);
  model::save_model(model, tmp_ / "ckpt");
  EXPECT_EQ(list_files(tmp_ / "ckpt"),
            (std::vector<std::string>{"config.json", "model.safetensors"}));

  LoadReport report;
  auto loaded = model::load_model(tmp_ / "ckpt", {}, &report);
  EXPECT_EQ(report.weights_file, (tmp_ / "ckpt" / "model.safetensors").string());
  EXPECT_TRUE(report.ignored.empty());
  EXPECT_TRUE(report.initialised.empty());
  EXPECT_EQ(loaded->config().to_json(), config.to_json());
  EXPECT_TRUE(eval_logits(loaded).equal(eval_logits(model)));
  const auto saved = state_dict(model);
  for (const auto& [name, tensor] : state_dict(loaded))
    EXPECT_TRUE(tensor.equal(saved.at(name))) << name;

  // The file holds Hugging Face names and the config the keys transformers reads.
  const auto file = tensor_io::read_safetensors(tmp_ / "ckpt" / "model.safetensors");
  EXPECT_TRUE(file.count(config.base_model_prefix() + ".encoder.pos_conv_embed.conv.weight_g"));
  const auto json = nlohmann::json::parse(read_text(tmp_ / "ckpt" / "config.json"));
  EXPECT_EQ(json.at("architectures")[0], config.architecture());
  EXPECT_EQ(json.at("id2label").at("1"), "joy");
  EXPECT_EQ(json.at("label2id").at("neutral"), 2);
  EXPECT_EQ(tensor_io::read_safetensors_metadata(tmp_ / "ckpt" / "model.safetensors").at("format"),
            "pt");

  // Saving over an existing checkpoint replaces it.
  auto other = make_model(config, 9);
  model::save_model(other, tmp_ / "ckpt");
  EXPECT_TRUE(eval_logits(model::load_model(tmp_ / "ckpt")).equal(eval_logits(other)));
}

INSTANTIATE_TEST_SUITE_P(Types, CheckpointTest, ::testing::Values("wav2vec2", "hubert"));

class CheckpointLoad : public ::testing::Test {
 protected:
  TempDir tmp_;
  ModelConfig config_ = micro_config();
  SequenceClassifier model_ = make_model(config_);
};

TEST_F(CheckpointLoad, PretrainingCheckpointGetsASeededHead) {
  tensor_io::TensorMap tensors;
  for (const auto& [name, tensor] : state_dict(model_)) {
    if (name.rfind("wav2vec2.", 0) == 0) tensors[name] = tensor;
  }
  tensors["quantizer.codevectors"] = torch::randn({1, 8, 4});
  tensors["quantizer.weight_proj.weight"] = torch::randn({8, 16});
  tensors["project_q.weight"] = torch::randn({4, 4});
  tensors["project_hid.bias"] = torch::randn({4});
  write_checkpoint(tmp_ / "pre", config_, tensors, /*labels=*/false);

  expect_error([&] { model::load_model(tmp_ / "pre"); }, {"no classification head", "labels"});
  LoadReport report;
  LoadOptions options;
  options.labels = {"x", "y"};
  options.seed = 11;
  auto loaded = model::load_model(tmp_ / "pre", options, &report);
  EXPECT_EQ(loaded->config().id2label, options.labels);
  EXPECT_EQ(report.ignored,
            (std::vector<std::string>{"project_hid.bias", "project_q.weight",
                                      "quantizer.codevectors", "quantizer.weight_proj.weight"}));
  EXPECT_EQ(report.initialised, loaded->head_parameter_names());
  auto params = loaded->named_parameters();
  for (const auto& [name, tensor] : tensors) {
    if (name.rfind("wav2vec2.", 0) == 0) {
      EXPECT_TRUE(params[name].equal(tensor)) << name;
    }
  }
  // The head comes from the seed: the same as a fresh model initialised with it.
  ModelConfig two = config_;
  two.id2label = options.labels;
  const auto fresh = make_model(two, 11);
  EXPECT_TRUE(params["classifier.weight"].equal(fresh->named_parameters()["classifier.weight"]));
}

TEST_F(CheckpointLoad, BareBackboneWithoutPrefixAndNewWeightNormNames) {
  tensor_io::TensorMap tensors;
  for (const auto& [name, tensor] : state_dict(model_)) {
    if (name.rfind("wav2vec2.", 0) != 0) continue;
    std::string key = name.substr(std::string("wav2vec2.").size());
    for (const auto& [from, to] : {std::pair<std::string, std::string>{
                                       "conv.weight_g", "conv.parametrizations.weight.original0"},
                                   {"conv.weight_v", "conv.parametrizations.weight.original1"}}) {
      if (key.size() > from.size() &&
          key.compare(key.size() - from.size(), from.size(), from) == 0) {
        key = key.substr(0, key.size() - from.size()) + to;
      }
    }
    tensors[key] = tensor;
  }
  ASSERT_TRUE(tensors.count("encoder.pos_conv_embed.conv.parametrizations.weight.original1"));
  write_checkpoint(tmp_ / "bare", config_, tensors, false);
  LoadOptions options;
  options.labels = config_.id2label;
  options.seed = 4;  // the seed of model_: the whole model is then identical
  LoadReport report;
  auto loaded = model::load_model(tmp_ / "bare", options, &report);
  EXPECT_TRUE(report.ignored.empty());
  EXPECT_EQ(report.initialised.size(), 4u);
  EXPECT_TRUE(eval_logits(loaded).equal(eval_logits(model_)));
}

TEST_F(CheckpointLoad, NewWeightNormNamesWithHead) {
  tensor_io::TensorMap tensors = state_dict(model_);
  const std::string conv = "wav2vec2.encoder.pos_conv_embed.conv.";
  tensors[conv + "parametrizations.weight.original0"] = tensors.at(conv + "weight_g");
  tensors[conv + "parametrizations.weight.original1"] = tensors.at(conv + "weight_v");
  tensors.erase(conv + "weight_g");
  tensors.erase(conv + "weight_v");
  write_checkpoint(tmp_ / "new", config_, tensors);
  EXPECT_TRUE(eval_logits(model::load_model(tmp_ / "new")).equal(eval_logits(model_)));

  // Both namings at once are ambiguous.
  tensors[conv + "weight_g"] = tensors.at(conv + "parametrizations.weight.original0");
  write_checkpoint(tmp_ / "both", config_, tensors);
  expect_error([&] { model::load_model(tmp_ / "both"); }, {conv + "weight_g", "twice"});
}

TEST_F(CheckpointLoad, HalfPrecisionTensorsAreConvertedToFloat) {
  tensor_io::TensorMap tensors = state_dict(model_);
  for (auto& [name, tensor] : tensors)
    tensor = tensor.to(name.size() % 2 ? torch::kHalf : torch::kBFloat16);
  write_checkpoint(tmp_ / "half", config_, tensors);
  auto loaded = model::load_model(tmp_ / "half");
  auto params = loaded->named_parameters();
  for (const auto& [name, tensor] : tensors) {
    EXPECT_EQ(params[name].scalar_type(), torch::kFloat32) << name;
    EXPECT_TRUE(params[name].equal(tensor.to(torch::kFloat32))) << name;
  }
}

TEST_F(CheckpointLoad, StrictErrorsNameTheTensor) {
  const std::string q = "wav2vec2.encoder.layers.1.attention.q_proj.weight";
  tensor_io::TensorMap missing = state_dict(model_);
  missing.erase(q);
  write_checkpoint(tmp_ / "missing", config_, missing);
  expect_error([&] { model::load_model(tmp_ / "missing"); }, {"missing", q});

  tensor_io::TensorMap unexpected = state_dict(model_);
  unexpected["wav2vec2.adapter.proj.weight"] = torch::zeros({2});
  write_checkpoint(tmp_ / "unexpected", config_, unexpected);
  expect_error([&] { model::load_model(tmp_ / "unexpected"); },
               {"unexpected", "wav2vec2.adapter.proj.weight"});

  tensor_io::TensorMap wrong = state_dict(model_);
  wrong[q] = torch::zeros({32, 16});
  write_checkpoint(tmp_ / "wrong", config_, wrong);
  expect_error([&] { model::load_model(tmp_ / "wrong"); }, {q, "[32, 16]", "[32, 32]"});

  tensor_io::TensorMap integer = state_dict(model_);
  integer[q] = torch::zeros({32, 32}, torch::kLong);
  write_checkpoint(tmp_ / "integer", config_, integer);
  expect_error([&] { model::load_model(tmp_ / "integer"); }, {q, "dtype"});

  expect_error([&] { model::load_model(tmp_ / "nowhere"); }, {"nowhere", "not a checkpoint"});
  fs::create_directories(tmp_ / "empty");
  write_text(tmp_ / "empty" / "config.json", config_.to_json().dump());
  expect_error([&] { model::load_model(tmp_ / "empty"); },
               {"model.safetensors", "pytorch_model.bin"});
}

TEST_F(CheckpointLoad, LabelsMustMatchTheCheckpoint) {
  model::save_model(model_, tmp_ / "ckpt");
  LoadOptions same;
  same.labels = config_.id2label;
  EXPECT_NO_THROW(model::load_model(tmp_ / "ckpt", same));
  LoadOptions other;
  other.labels = {"anger", "neutral", "joy"};
  expect_error([&] { model::load_model(tmp_ / "ckpt", other); },
               {"[anger, joy, neutral]", "[anger, neutral, joy]"});

  ModelConfig four = config_;
  four.id2label.push_back("sad");
  write_checkpoint(tmp_ / "mismatch", four, state_dict(model_));
  expect_error([&] { model::load_model(tmp_ / "mismatch"); },
               {"classifier.weight", "3 classes", "4"});
}

}  // namespace
}  // namespace emoforget::testing
