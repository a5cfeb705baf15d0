// Deliberately broken checkpoint directories, made from a good fixture: each must fail to
// load with an emoforget::Error that names the file, tensor or config key at fault.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "model/checkpoint.h"
#include "model/parity_support.h"

namespace emoforget::testing {
namespace {

namespace fs = std::filesystem;

const std::string kCase = "w2v2_base";
const std::string kQuery = "wav2vec2.encoder.layers.0.attention.q_proj.weight";

// A copy of the fixture's config.json and model.safetensors.
fs::path copy_fixture(const TempDir& tmp, const std::string& name = kCase) {
  const fs::path dir = tmp / "model";
  fs::create_directories(dir);
  for (const auto& entry : fs::directory_iterator(model_fixture(name))) {
    if (entry.path().filename() == "expected.safetensors") continue;
    fs::copy_file(entry.path(), dir / entry.path().filename());
  }
  return dir;
}

// The message of the Error load_model throws for `dir` (fails the test if it loads).
std::string load_error(const fs::path& dir) {
  try {
    model::load_model(dir);
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "loading " << dir << " succeeded";
  return "";
}

void edit_tensors(const fs::path& file, const std::function<void(tensor_io::TensorMap&)>& edit) {
  auto tensors = tensor_io::read_safetensors(file);
  edit(tensors);
  tensor_io::write_safetensors(file, tensors);
}

void edit_config(const fs::path& file, const std::function<void(nlohmann::json&)>& edit) {
  auto config = nlohmann::json::parse(read_text(file));
  edit(config);
  write_text(file, config.dump(2));
}

void expect_mentions(const std::string& message, const std::vector<std::string>& words) {
  for (const auto& word : words) {
    EXPECT_NE(message.find(word), std::string::npos) << "'" << word << "' not in: " << message;
  }
}

TEST(BrokenCheckpoint, TruncatedSafetensorsNamesTheFile) {
  TempDir tmp;
  const auto dir = copy_fixture(tmp);
  const auto file = dir / "model.safetensors";
  fs::resize_file(file, fs::file_size(file) / 2);
  expect_mentions(load_error(dir), {"model.safetensors"});
}

TEST(BrokenCheckpoint, TruncatedHeaderNamesTheFile) {
  TempDir tmp;
  const auto dir = copy_fixture(tmp);
  fs::resize_file(dir / "model.safetensors", 5);
  expect_mentions(load_error(dir), {"model.safetensors"});
}

TEST(BrokenCheckpoint, TruncatedPytorchBinNamesTheFile) {
  TempDir tmp;
  const auto dir = copy_fixture(tmp, "w2v2_bin");
  const auto file = dir / "pytorch_model.bin";
  fs::resize_file(file, fs::file_size(file) - 100);
  expect_mentions(load_error(dir), {"pytorch_model.bin"});
}

TEST(BrokenCheckpoint, WrongShapeNamesTensorAndShapes) {
  TempDir tmp;
  const auto dir = copy_fixture(tmp);
  edit_tensors(dir / "model.safetensors", [](tensor_io::TensorMap& t) {
    ASSERT_EQ(t.at(kQuery).sizes(), (std::vector<int64_t>{24, 24}));
    t[kQuery] = torch::zeros({24, 23});
  });
  expect_mentions(load_error(dir), {kQuery, "24", "23"});
}

TEST(BrokenCheckpoint, UnknownTensorIsNamed) {
  TempDir tmp;
  const auto dir = copy_fixture(tmp);
  const std::string unknown = "wav2vec2.encoder.layers.0.attention.gate_proj.weight";
  edit_tensors(dir / "model.safetensors", [&](tensor_io::TensorMap& t) {
    t[unknown] = torch::zeros({24, 24});
  });
  expect_mentions(load_error(dir), {unknown});
}

TEST(BrokenCheckpoint, MissingTensorIsNamed) {
  TempDir tmp;
  const auto dir = copy_fixture(tmp);
  const std::string missing = "wav2vec2.encoder.layers.1.final_layer_norm.bias";
  edit_tensors(dir / "model.safetensors", [&](tensor_io::TensorMap& t) { t.erase(missing); });
  expect_mentions(load_error(dir), {missing});
}

TEST(BrokenCheckpoint, MissingWeightFileNamesTheDirectory) {
  TempDir tmp;
  const auto dir = copy_fixture(tmp);
  fs::remove(dir / "model.safetensors");
  expect_mentions(load_error(dir), {dir.string()});
}

TEST(BrokenCheckpoint, MissingDirectoryIsNamed) {
  TempDir tmp;
  expect_mentions(load_error(tmp / "no_such_model"), {"no_such_model"});
}

TEST(BrokenConfig, WrongTypeNamesFileAndKey) {
  TempDir tmp;
  const auto dir = copy_fixture(tmp);
  edit_config(dir / "config.json", [](nlohmann::json& c) { c["hidden_size"] = "24"; });
  expect_mentions(load_error(dir), {"config.json", "hidden_size"});
}

TEST(BrokenConfig, UnknownFeatExtractNormNamesKeyAndValue) {
  TempDir tmp;
  const auto dir = copy_fixture(tmp);
  edit_config(dir / "config.json", [](nlohmann::json& c) { c["feat_extract_norm"] = "batch"; });
  expect_mentions(load_error(dir), {"feat_extract_norm", "batch"});
}

TEST(BrokenConfig, InvalidJsonNamesTheFile) {
  TempDir tmp;
  const auto dir = copy_fixture(tmp);
  write_text(dir / "config.json", "{\"model_type\": \"wav2vec2\", ");
  expect_mentions(load_error(dir), {"config.json"});
}

TEST(BrokenConfig, ShapeMismatchWithConfigNamesTheTensor) {
  // config says 3 attention heads of a 24-wide model (valid), but 32 hidden units do not
  // match the checkpoint: every backbone tensor disagrees, the first is named.
  TempDir tmp;
  const auto dir = copy_fixture(tmp);
  edit_config(dir / "config.json", [](nlohmann::json& c) { c["hidden_size"] = 32; });
  expect_mentions(load_error(dir), {"wav2vec2."});
}

}  // namespace
}  // namespace emoforget::testing
