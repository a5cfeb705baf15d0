// pytorch_model.bin (torch.save zip) reading against files written by PyTorch, the
// refusal of malicious pickles, and broken archives built here.
#include "tensor_io/pytorch_bin.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include "common/error.h"
#include "support/test_support.h"
#include "tensor_io/tensor_file_expected.h"
#include "tensor_io/tensor_file_pickle_builder.h"

namespace emoforget::tensor_io {
namespace {
using emoforget::testing::fixture;
using emoforget::testing::read_text;
using emoforget::testing::TempDir;
using testing::pickle_state_dict;
using testing::TensorSpec;
using testing::write_zip;

std::string error_of(const std::filesystem::path& path) {
  try {
    read_pytorch_bin(path);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

void expect_error(const std::filesystem::path& path, const std::string& fragment) {
  const std::string message = error_of(path);
  ASSERT_FALSE(message.empty()) << path << " accepted";
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find(fragment), std::string::npos)
      << "'" << fragment << "' not in: " << message;
}

TEST(PytorchBin, ReadsTorchSaveStateDict) {
  const TensorMap tensors = read_pytorch_bin(fixture("tensor_files/state_dict.bin"));
  testing::expect_matches_expected(tensors, fixture("tensor_files/state_dict.expected.json"));
}

TEST(PytorchBin, ViewsOfSharedStorageBecomeIndependentCopies) {
  TensorMap tensors = read_pytorch_bin(fixture("tensor_files/state_dict.bin"));
  const at::Tensor weight = tensors.at("linear.weight");
  EXPECT_TRUE(at::equal(tensors.at("linear.weight_t"), weight.t()));
  EXPECT_TRUE(at::equal(tensors.at("linear.row1"), weight[1]));
  EXPECT_TRUE(at::equal(tensors.at("linear.col2"), weight.select(1, 2)));
  const at::Tensor before = weight.clone();
  tensors.at("linear.row1").fill_(0);
  tensors.at("linear.weight_t").fill_(0);
  EXPECT_TRUE(at::equal(tensors.at("linear.weight"), before));
}

TEST(PytorchBin, ReadsModuleStateDictWithMetadata) {
  const TensorMap tensors = read_pytorch_bin(fixture("tensor_files/module_state_dict.bin"));
  ASSERT_EQ(tensors.size(), 4u);
  EXPECT_EQ(tensors.at("0.weight").sizes(), (at::IntArrayRef{2, 3}));
  EXPECT_EQ(tensors.at("0.bias").sizes(), (at::IntArrayRef{2}));
  EXPECT_TRUE(at::equal(tensors.at("1.weight"), at::ones({2})));  // LayerNorm init
  EXPECT_TRUE(at::equal(tensors.at("1.bias"), at::zeros({2})));
}

TEST(PytorchBin, MemoryImageMatchesFile) {
  const auto path = fixture("tensor_files/state_dict.bin");
  const std::string bytes = read_text(path);
  const TensorMap from_memory =
      parse_pytorch_bin(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), "mem.bin");
  const TensorMap from_file = read_pytorch_bin(path);
  ASSERT_EQ(from_memory.size(), from_file.size());
  for (const auto& [name, tensor] : from_file)
    EXPECT_TRUE(at::equal(from_memory.at(name), tensor)) << name;
}

TEST(PytorchBin, RefusesPickleCallingOsSystem) {
  const auto path = fixture("tensor_files/malicious_os_system.bin");
  EXPECT_EQ(error_of(path), "refusing to load global 'posix.system' from " + path.string() +
                                ": only tensors and state-dict containers are allowed");
}

TEST(PytorchBin, RefusesPickleCallingEval) {
  expect_error(fixture("tensor_files/malicious_eval.bin"),
               "refusing to load global 'builtins.eval'");
}

TEST(PytorchBin, RejectsFilesThatAreNotArchives) {
  TempDir dir;
  emoforget::testing::write_text(dir / "text.bin", "not a zip at all");
  expect_error(dir / "text.bin", "as a torch.save zip archive");
  const std::string bytes = read_text(fixture("tensor_files/state_dict.bin"));
  emoforget::testing::write_text(dir / "cut.bin", bytes.substr(0, bytes.size() / 2));
  expect_error(dir / "cut.bin", "cut.bin");
  expect_error(dir / "absent.bin", "as a torch.save zip archive");
}

TEST(PytorchBin, ArchiveStructureIsChecked) {
  TempDir dir;
  const std::string floats(16, '\0');
  const std::string pickle = pickle_state_dict({{"w", TensorSpec{}}});

  write_zip(dir / "no_pickle.bin", {{"archive/data/0", floats}});
  expect_error(dir / "no_pickle.bin", "no <folder>/data.pkl");

  write_zip(dir / "two.bin", {{"a/data.pkl", pickle}, {"b/data.pkl", pickle}});
  expect_error(dir / "two.bin", "more than one data.pkl");

  write_zip(dir / "missing.bin", {{"top/data.pkl", pickle}});
  expect_error(dir / "missing.bin", "storage '0' of tensor 'w' (top/data/0) is missing");

  write_zip(dir / "short.bin", {{"top/data.pkl", pickle}, {"top/data/0", floats.substr(2)}});
  expect_error(dir / "short.bin", "storage '0' of tensor 'w' has 14 bytes");

  write_zip(dir / "big_endian.bin",
            {{"top/data.pkl", pickle}, {"top/data/0", floats}, {"top/byteorder", "big"}});
  expect_error(dir / "big_endian.bin", "little-endian");

  write_zip(dir / "deflated.bin", {{"top/data.pkl", pickle}, {"top/data/0", floats}},
            ZIP_CM_DEFLATE);
  expect_error(dir / "deflated.bin",
               "top/data.pkl in " + (dir / "deflated.bin").string() + ": it is compressed");

  write_zip(dir / "ok.bin", {{"any_name/data.pkl", pickle},
                             {"any_name/data/0", floats},
                             {"any_name/byteorder", "little"}});
  const TensorMap tensors = read_pytorch_bin(dir / "ok.bin");
  ASSERT_EQ(tensors.size(), 1u);
  EXPECT_TRUE(at::equal(tensors.at("w"), at::zeros({4})));
}

}  // namespace
}  // namespace emoforget::tensor_io
