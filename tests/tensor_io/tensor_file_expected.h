// Test helpers for the tensor-file tests: expected values written by
// tools/make_tensor_file_fixtures.py ({name: {dtype, shape, values}}) and byte-level
// builders for hand-made safetensors files.
#pragma once

#include <ATen/ATen.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/test_support.h"
#include "tensor_io/tensor_map.h"

namespace emoforget::tensor_io::testing {

inline at::ScalarType dtype_from_torch_name(const std::string& name) {
  if (name == "float32") return at::kFloat;
  if (name == "float16") return at::kHalf;
  if (name == "bfloat16") return at::kBFloat16;
  if (name == "float64") return at::kDouble;
  if (name == "int64") return at::kLong;
  if (name == "int32") return at::kInt;
  ADD_FAILURE() << "unexpected dtype " << name << " in an expected-values file";
  return at::kFloat;
}

// Asserts that `tensors` holds exactly the tensors of the expected-values file `json_path`,
// with equal dtype, shape and (exactly) equal values.
inline void expect_matches_expected(const TensorMap& tensors,
                                    const std::filesystem::path& json_path) {
  const auto expected = nlohmann::json::parse(emoforget::testing::read_text(json_path));
  ASSERT_EQ(tensors.size(), expected.size());
  for (const auto& [name, info] : expected.items()) {
    SCOPED_TRACE("tensor " + name);
    const auto found = tensors.find(name);
    ASSERT_NE(found, tensors.end());
    const at::Tensor& tensor = found->second;
    EXPECT_EQ(tensor.scalar_type(), dtype_from_torch_name(info["dtype"].get<std::string>()));
    EXPECT_EQ(tensor.sizes().vec(), info["shape"].get<std::vector<int64_t>>());
    EXPECT_TRUE(tensor.is_contiguous());
    const auto& values = info["values"];
    ASSERT_EQ(tensor.numel(), static_cast<int64_t>(values.size()));
    const at::Tensor flat = tensor.reshape({-1});
    double max_difference = 0;
    for (int64_t i = 0; i < flat.numel(); ++i) {
      if (at::isIntegralType(tensor.scalar_type(), /*includeBool=*/false)) {
        EXPECT_EQ(flat[i].item<int64_t>(), values[static_cast<size_t>(i)].get<int64_t>());
      } else {
        const double got = flat[i].item<double>();
        max_difference =
            std::max(max_difference, std::abs(got - values[static_cast<size_t>(i)].get<double>()));
      }
    }
    EXPECT_EQ(max_difference, 0.0) << "max difference " << max_difference;
  }
}

// 8-byte little-endian length + `header` + `data`: a safetensors image, valid or not.
inline std::string safetensors_image(const std::string& header, const std::string& data = "") {
  std::string image(8, '\0');
  const uint64_t length = header.size();
  for (int i = 0; i < 8; ++i)
    image[static_cast<size_t>(i)] = static_cast<char>(length >> (8 * i));
  return image + header + data;
}

}  // namespace emoforget::tensor_io::testing
