// safetensors reading against the fixture written by the Python reference script,
// and write -> read round trips for every supported dtype.
#include "tensor_io/safetensors.h"

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "common/error.h"
#include "support/test_support.h"
#include "tensor_io/tensor_file_expected.h"

namespace emoforget::tensor_io {
namespace {
using emoforget::testing::fixture;
using emoforget::testing::read_text;
using emoforget::testing::TempDir;

TEST(Safetensors, ReadsFixtureWrittenByPython) {
  const TensorMap tensors = read_safetensors(fixture("tensor_files/valid.safetensors"));
  testing::expect_matches_expected(tensors, fixture("tensor_files/valid.expected.json"));
}

TEST(Safetensors, ReadsMetadata) {
  const auto metadata = read_safetensors_metadata(fixture("tensor_files/valid.safetensors"));
  EXPECT_EQ(metadata, (std::map<std::string, std::string>{{"format", "pt"}}));
}

TEST(Safetensors, RewriteIsByteIdenticalToReferenceLayout) {
  // The fixture follows the reference writer: sorted names, header padded to 8 bytes.
  TempDir dir;
  const auto original = fixture("tensor_files/valid.safetensors");
  write_safetensors(dir / "copy.safetensors", read_safetensors(original));
  EXPECT_EQ(read_text(dir / "copy.safetensors"), read_text(original));
}

TEST(Safetensors, RoundTripsEveryDtype) {
  TempDir dir;
  TensorMap tensors;
  const std::vector<at::ScalarType> types = {at::kFloat, at::kHalf, at::kBFloat16, at::kDouble,
                                             at::kLong,  at::kInt,  at::kShort,    at::kChar,
                                             at::kByte,  at::kBool};
  at::manual_seed(7);
  for (const auto type : types) {
    const at::Tensor values = at::randn({3, 5}) * 50;
    tensors["t." + std::string(c10::toString(type))] =
        type == at::kBool ? values.gt(0) : values.to(type);
  }
  tensors["scalar"] = at::scalar_tensor(-1.5);
  tensors["empty"] = at::zeros({0, 4}, at::kHalf);
  tensors["transposed"] = at::arange(12, at::kFloat).reshape({3, 4}).t();  // non-contiguous
  const auto path = dir / "all.safetensors";
  write_safetensors(path, tensors);

  const TensorMap back = read_safetensors(path);
  ASSERT_EQ(back.size(), tensors.size());
  for (const auto& [name, tensor] : tensors) {
    SCOPED_TRACE(name);
    const at::Tensor& got = back.at(name);
    EXPECT_EQ(got.scalar_type(), tensor.scalar_type());
    EXPECT_EQ(got.sizes(), tensor.sizes());
    EXPECT_TRUE(got.is_contiguous());
    EXPECT_TRUE(at::equal(got, tensor));
  }
}

TEST(Safetensors, WriterLayoutMatchesReference) {
  TempDir dir;
  const auto path = dir / "w.safetensors";
  write_safetensors(path, {{"b", at::ones({3}, at::kHalf)}, {"a", at::ones({1}, at::kFloat)}},
                    {{"step", "12"}});
  const std::string bytes = read_text(path);
  uint64_t length = 0;
  for (int i = 7; i >= 0; --i)
    length = (length << 8) | static_cast<uint8_t>(bytes[i]);
  EXPECT_EQ(length % 8, 0u);
  EXPECT_EQ(bytes.size(), 8 + length + 4 + 6);
  const std::string header = bytes.substr(8, length);
  EXPECT_EQ(header.find_first_not_of(' ', header.rfind('}') + 1), std::string::npos);
  EXPECT_EQ(header.substr(0, header.rfind('}') + 1),
            R"({"__metadata__":{"format":"pt","step":"12"},)"
            R"("a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
            R"("b":{"dtype":"F16","shape":[3],"data_offsets":[4,10]}})");
  EXPECT_EQ(read_safetensors_metadata(path),
            (std::map<std::string, std::string>{{"format", "pt"}, {"step", "12"}}));
}

TEST(Safetensors, CallerMayOverrideFormat) {
  TempDir dir;
  write_safetensors(dir / "f.safetensors", {}, {{"format", "flax"}});
  EXPECT_EQ(read_safetensors_metadata(dir / "f.safetensors").at("format"), "flax");
  EXPECT_TRUE(read_safetensors(dir / "f.safetensors").empty());
}

TEST(Safetensors, WriterRejectsWhatTheFormatCannotHold) {
  TempDir dir;
  const auto path = dir / "bad.safetensors";
  try {
    write_safetensors(path, {{"z", at::zeros({2}, at::kComplexFloat)}});
    FAIL() << "complex tensor accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'z'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
  }
  EXPECT_THROW(write_safetensors(path, {{"__metadata__", at::zeros({1})}}), Error);
  EXPECT_THROW(write_safetensors(path, {{"u", at::Tensor()}}), Error);
  EXPECT_FALSE(std::filesystem::exists(path));
  EXPECT_TRUE(emoforget::testing::list_files(dir.path()).empty());
}

TEST(Safetensors, FailedWriteKeepsExistingFile) {
  TempDir dir;
  const auto path = dir / "keep.safetensors";
  write_safetensors(path, {{"a", at::ones({2})}});
  const std::string before = read_text(path);
  EXPECT_THROW(write_safetensors(path, {{"a", at::zeros({2}, at::kComplexDouble)}}), Error);
  EXPECT_EQ(read_text(path), before);
}

TEST(Safetensors, MissingFileNamesThePath) {
  TempDir dir;
  try {
    read_safetensors(dir / "absent.safetensors");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("absent.safetensors"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_safetensors_metadata(dir / "absent.safetensors"), Error);
}

}  // namespace
}  // namespace emoforget::tensor_io
