// save_model writes what transformers reads: config.json with the keys
// Wav2Vec2Config/HubertConfig need, model.safetensors with the Hugging Face keys and values
// of the reference checkpoint ("format": "pt"), and the reloaded model computes the same.
#include <gtest/gtest.h>

#include <set>

#include <nlohmann/json.hpp>

#include "model/checkpoint.h"
#include "model/parity_support.h"
#include "tensor_io/pytorch_bin.h"

namespace emoforget::testing {
namespace {

// Keys transformers reads to rebuild a Wav2Vec2/HuBERT sequence classifier.
const std::vector<std::string> kArchitectureKeys = {"model_type",
                                                    "hidden_size",
                                                    "num_hidden_layers",
                                                    "num_attention_heads",
                                                    "intermediate_size",
                                                    "hidden_act",
                                                    "conv_dim",
                                                    "conv_kernel",
                                                    "conv_stride",
                                                    "conv_bias",
                                                    "feat_extract_norm",
                                                    "feat_extract_activation",
                                                    "do_stable_layer_norm",
                                                    "num_conv_pos_embeddings",
                                                    "num_conv_pos_embedding_groups",
                                                    "layer_norm_eps",
                                                    "classifier_proj_size",
                                                    "use_weighted_layer_sum",
                                                    "id2label",
                                                    "label2id",
                                                    "num_feat_extract_layers",
                                                    "architectures"};

tensor_io::TensorMap fixture_tensors(const std::string& name) {
  const auto file = weights_file(name);
  return file.extension() == ".bin" ? tensor_io::read_pytorch_bin(file)
                                    : tensor_io::read_safetensors(file);
}

class SaveReload : public ::testing::TestWithParam<std::string> {};

TEST_P(SaveReload, WritesTransformersCompatibleDirectory) {
  const std::string name = GetParam();
  TempDir tmp;
  auto loaded = model::load_model(model_fixture(name));
  const auto out = tmp / "saved";
  model::save_model(loaded, out);
  ASSERT_TRUE(std::filesystem::exists(out / "config.json"));
  ASSERT_TRUE(std::filesystem::exists(out / "model.safetensors"));

  const auto reference = nlohmann::json::parse(read_text(model_fixture(name) / "config.json"));
  const auto saved = nlohmann::json::parse(read_text(out / "config.json"));
  for (const auto& key : kArchitectureKeys) {
    ASSERT_TRUE(saved.contains(key)) << "saved config.json lacks " << key;
    EXPECT_EQ(saved.at(key), reference.at(key)) << "config key " << key;
  }
  EXPECT_EQ(saved.at("num_labels"), 4);

  // same tensors under the same Hugging Face names (weight-norm naming may be either form:
  // transformers accepts both), values bit-identical, all fp32
  const auto expected = fixture_tensors(name);
  const auto written = tensor_io::read_safetensors(out / "model.safetensors");
  std::map<std::string, torch::Tensor> expected_canonical, written_canonical;
  for (const auto& [key, value] : expected)
    expected_canonical[canonical_name(key)] = value;
  for (const auto& [key, value] : written)
    written_canonical[canonical_name(key)] = value;
  std::set<std::string> expected_keys, written_keys;
  for (const auto& [key, value] : expected_canonical)
    expected_keys.insert(key);
  for (const auto& [key, value] : written_canonical)
    written_keys.insert(key);
  EXPECT_EQ(written_keys, expected_keys);
  for (const auto& [key, value] : expected_canonical) {
    const auto it = written_canonical.find(key);
    if (it == written_canonical.end()) continue;
    EXPECT_EQ(it->second.scalar_type(), torch::kFloat32) << key;
    EXPECT_TRUE(torch::equal(it->second, value)) << key << " changed on save";
  }
  EXPECT_EQ(tensor_io::read_safetensors_metadata(out / "model.safetensors").at("format"), "pt");

  // the reloaded model computes what the original computes
  const auto input = read_expected(name).at("input_values");
  auto reloaded = model::load_model(out);
  loaded->eval();
  reloaded->eval();
  torch::NoGradGuard no_grad;
  EXPECT_TRUE(torch::equal(loaded->forward(input), reloaded->forward(input)));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SaveReload, ::testing::ValuesIn(classifier_cases()),
                         [](const auto& info) { return info.param; });

TEST(SaveReload, OldWeightNormNamesAreKeptExactly) {
  // a checkpoint read with weight_g/weight_v names is written with the same keys
  TempDir tmp;
  auto loaded = model::load_model(model_fixture("w2v2_base"));
  model::save_model(loaded, tmp / "saved");
  std::set<std::string> expected, written;
  for (const auto& [key, value] : fixture_tensors("w2v2_base"))
    expected.insert(key);
  for (const auto& [key, value] :
       tensor_io::read_safetensors(tmp / "saved" / "model.safetensors")) {
    written.insert(key);
  }
  EXPECT_EQ(written, expected);
}

}  // namespace
}  // namespace emoforget::testing
