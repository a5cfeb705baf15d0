// One deliberately broken safetensors image per rule of the strict reader; every
// error must name the file, the problem and (where there is one) the tensor.
#include <gtest/gtest.h>

#include <fstream>

#include "common/error.h"
#include "support/test_support.h"
#include "tensor_io/safetensors.h"
#include "tensor_io/tensor_file_expected.h"

namespace emoforget::tensor_io {
namespace {
using testing::safetensors_image;

// Parses `image` (as "broken.safetensors") and returns the error message ("" if none).
std::string parse_error(const std::string& image) {
  try {
    parse_safetensors(reinterpret_cast<const uint8_t*>(image.data()), image.size(),
                      "broken.safetensors");
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

void expect_error(const std::string& image, const std::vector<std::string>& fragments) {
  const std::string message = parse_error(image);
  ASSERT_FALSE(message.empty()) << "accepted";
  EXPECT_NE(message.find("broken.safetensors"), std::string::npos) << message;
  for (const auto& fragment : fragments) {
    EXPECT_NE(message.find(fragment), std::string::npos)
        << "'" << fragment << "' not in: " << message;
  }
}

const std::string kFourFloats(16, '\0');

TEST(SafetensorsErrors, AcceptsTheWellFormedBase) {
  EXPECT_EQ(parse_error(safetensors_image(
                R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})", kFourFloats)),
            "");
  EXPECT_EQ(parse_error(safetensors_image("{}")), "");
}

TEST(SafetensorsErrors, TruncatedBeforeHeaderLength) {
  expect_error("", {"0 bytes", "8-byte header length"});
  expect_error(std::string(5, '\0'), {"5 bytes"});
}

TEST(SafetensorsErrors, HeaderLongerThanFile) {
  std::string image =
      safetensors_image(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})");
  image[0] = static_cast<char>(image[0] + 40);
  expect_error(image, {"header length", "exceeds", "truncated"});
}

TEST(SafetensorsErrors, HeaderLengthOverCap) {
  std::string image = safetensors_image("{}");
  image[4] = 1;  // 2^32 + 2 bytes
  expect_error(image, {"exceeds the limit of 100000000"});
}

TEST(SafetensorsErrors, MalformedJson) {
  expect_error(safetensors_image(R"({"w":{"dtype":"F32",)"), {"not valid JSON"});
  expect_error(safetensors_image("{\"w\xff\":1}"), {"not valid JSON"});
  expect_error(safetensors_image(std::string("{\"a\":1}\0xyz", 10)), {"NUL byte at offset 7"});
}

TEST(SafetensorsErrors, HeaderNotAnObject) {
  expect_error(safetensors_image("[1,2]"), {"must be a JSON object", "array"});
  expect_error(safetensors_image("\"text\""), {"must be a JSON object", "string"});
}

TEST(SafetensorsErrors, DeepNesting) {
  expect_error(safetensors_image(R"({"w":{"shape":[[1]]}})"), {"nests deeper"});
  expect_error(safetensors_image(std::string(5000, '[') + std::string(5000, ']')),
               {"nests deeper"});
}

TEST(SafetensorsErrors, DuplicateKeys) {
  expect_error(safetensors_image(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[0,0]},)"
                                 R"("w":{"dtype":"F32","shape":[0],"data_offsets":[0,0]}})"),
               {"repeats the key 'w'"});
  expect_error(
      safetensors_image(R"({"w":{"dtype":"F32","dtype":"F16","shape":[0],"data_offsets":[0,0]}})"),
      {"repeats the key 'dtype'"});
}

TEST(SafetensorsErrors, TensorEntryOfWrongShape) {
  expect_error(safetensors_image(R"({"w":[1,2]})"), {"tensor 'w'", "must be an object"});
  expect_error(safetensors_image(R"({"w":{"dtype":"F32","shape":[0]}})"),
               {"tensor 'w'", "lacks the field 'data_offsets'"});
  expect_error(
      safetensors_image(R"({"w":{"dtype":"F32","shape":[0],"data_offsets":[0,0],"extra":1}})"),
      {"tensor 'w'", "unknown field 'extra'"});
  expect_error(safetensors_image(R"({"w":{"dtype":7,"shape":[0],"data_offsets":[0,0]}})"),
               {"tensor 'w'", "dtype that is not a string"});
  expect_error(safetensors_image(R"({"w":{"dtype":"F32","shape":3,"data_offsets":[0,0]}})"),
               {"tensor 'w'", "shape that is not an array"});
  expect_error(safetensors_image(R"({"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,6]}})"),
               {"tensor 'w'", "non-integer shape entry"});
  expect_error(safetensors_image(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0]}})"),
               {"tensor 'w'", "expected [begin, end]"});
  expect_error(
      safetensors_image(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":["0","4"]}})", "abcd"),
      {"tensor 'w'", "non-integer data offset"});
}

TEST(SafetensorsErrors, BadMetadata) {
  expect_error(safetensors_image(R"({"__metadata__":{"format":1}})"),
               {"__metadata__", "'format'", "must be a string"});
  expect_error(safetensors_image(R"({"__metadata__":["pt"]})"), {"__metadata__", "object"});
}

TEST(SafetensorsErrors, UnknownDtype) {
  expect_error(
      safetensors_image(R"({"w":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}})", "x"),
      {"tensor 'w'", "unknown dtype \"F8_E4M3\"", "supported: ", "BF16"});
}

TEST(SafetensorsErrors, NegativeShape) {
  expect_error(safetensors_image(R"({"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}})"),
               {"tensor 'w'", "negative shape entry -1"});
}

TEST(SafetensorsErrors, ShapeOverflow) {
  expect_error(safetensors_image(
                   R"({"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}})"),
               {"tensor 'w'", "element count overflows"});
  expect_error(safetensors_image(
                   R"({"w":{"dtype":"F64","shape":[2305843009213693952],"data_offsets":[0,0]}})"),
               {"tensor 'w'", "byte count overflows"});
  expect_error(safetensors_image(
                   R"({"w":{"dtype":"F32","shape":[18446744073709551615],"data_offsets":[0,0]}})"),
               {"tensor 'w'", "overflows"});
}

TEST(SafetensorsErrors, OffsetsOutsideDataSection) {
  expect_error(safetensors_image(R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})",
                                 std::string(12, '\0')),
               {"tensor 'w'", "outside the data section of 12 bytes"});
  expect_error(
      safetensors_image(
          R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[18446744073709551612,18446744073709551616]}})"),
      {"tensor 'w'", "non-integer data offset"});
}

TEST(SafetensorsErrors, BeginAfterEnd) {
  expect_error(safetensors_image(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[8,4]}})",
                                 std::string(8, '\0')),
               {"tensor 'w'", "begin > end"});
}

TEST(SafetensorsErrors, WrongByteCount) {
  expect_error(safetensors_image(R"({"w":{"dtype":"F16","shape":[2,2],"data_offsets":[0,16]}})",
                                 kFourFloats),
               {"tensor 'w'", "spanning 16 bytes", "need 8"});
}

TEST(SafetensorsErrors, OverlappingTensors) {
  expect_error(safetensors_image(R"({"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},)"
                                 R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
                                 kFourFloats),
               {"tensor 'b'", "overlaps tensor 'a'"});
  // Both tensors on the same bytes.
  expect_error(safetensors_image(R"({"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},)"
                                 R"("b":{"dtype":"I32","shape":[4],"data_offsets":[0,16]}})",
                                 kFourFloats),
               {"overlaps tensor"});
}

TEST(SafetensorsErrors, GapsAndTrailingBytes) {
  expect_error(safetensors_image(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},)"
                                 R"("b":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}})",
                                 kFourFloats),
               {"tensor 'b'", "gaps in the data section are not allowed"});
  expect_error(
      safetensors_image(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})", kFourFloats),
      {"8 trailing bytes not covered"});
}

TEST(SafetensorsErrors, ReadFileNamesPath) {
  emoforget::testing::TempDir dir;
  const auto path = dir / "cut.safetensors";
  const std::string image = safetensors_image(
      R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})", kFourFloats);
  emoforget::testing::write_text(path, image.substr(0, image.size() - 3));  // truncated data
  for (const auto& read : {+[](const std::filesystem::path& p) { read_safetensors(p); },
                           +[](const std::filesystem::path& p) { read_safetensors_metadata(p); }}) {
    try {
      read(path);
      FAIL() << "truncated file accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(path.string()), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("tensor 'w'"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace emoforget::tensor_io
