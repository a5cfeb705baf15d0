// The restricted unpickler on hand-made pickles: what a state dict needs is read,
// every other global is refused, and malformed streams fail with a clear message.
#include "tensor_io/restricted_unpickler.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "tensor_io/tensor_file_pickle_builder.h"

namespace emoforget::tensor_io {
namespace {
using testing::pickle_int;
using testing::pickle_state_dict;
using testing::pickle_str;
using testing::TensorSpec;
using namespace std::string_literals;

std::vector<PickledTensor> unpickle(const std::string& bytes) {
  return unpickle_state_dict(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(),
                             "test.pkl");
}

std::string error_of(const std::string& bytes) {
  try {
    unpickle(bytes);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

void expect_error(const std::string& bytes, const std::string& fragment) {
  const std::string message = error_of(bytes);
  ASSERT_FALSE(message.empty()) << "accepted";
  EXPECT_NE(message.find("test.pkl"), std::string::npos) << message;
  EXPECT_NE(message.find(fragment), std::string::npos)
      << "'" << fragment << "' not in: " << message;
}

TEST(RestrictedUnpickler, ReadsTensorViews) {
  TensorSpec transposed;
  transposed.storage_numel = 12;
  transposed.offset = 1;
  transposed.sizes = {4, 2};
  transposed.strides = {1, 4};
  TensorSpec half;
  half.storage_class = "HalfStorage";
  half.key = "7";
  half.storage_numel = 1;
  half.sizes = {};
  half.strides = {};
  const auto tensors = unpickle(pickle_state_dict({{"b.t", transposed}, {"a.h", half}}));
  ASSERT_EQ(tensors.size(), 2u);
  EXPECT_EQ(tensors[0].name, "b.t");  // dict order is kept
  EXPECT_EQ(tensors[0].dtype, c10::ScalarType::Float);
  EXPECT_EQ(tensors[0].storage_key, "0");
  EXPECT_EQ(tensors[0].storage_numel, 12);
  EXPECT_EQ(tensors[0].storage_offset, 1);
  EXPECT_EQ(tensors[0].sizes, (std::vector<int64_t>{4, 2}));
  EXPECT_EQ(tensors[0].strides, (std::vector<int64_t>{1, 4}));
  EXPECT_EQ(tensors[1].name, "a.h");
  EXPECT_EQ(tensors[1].dtype, c10::ScalarType::Half);
  EXPECT_TRUE(tensors[1].sizes.empty());
}

TEST(RestrictedUnpickler, RefusesArbitraryGlobals) {
  const std::string call = pickle_str("echo pwned") + "\x85R.";
  const std::string expected =
      "refusing to load global 'os.system' from test.pkl: only tensors and state-dict "
      "containers are allowed";
  EXPECT_EQ(error_of("\x80\x02"s
                     "cos\nsystem\n" +
                     call),
            expected);
  expect_error(
      "\x80\x02"s
      "cposix\nsystem\n" +
          call,
      "'posix.system'");
  expect_error(
      "\x80\x02"s
      "cbuiltins\neval\n" +
          call,
      "'builtins.eval'");
  expect_error(
      "\x80\x04\x8c\x08"s
      "builtins\x8c\x04"
      "exec\x93" +
          call,
      "'builtins.exec'");
  expect_error(
      "\x80\x02"s
      "ctorch\nTensor\n.",
      "'torch.Tensor'");
  expect_error(
      "\x80\x02"s
      "ctorch._utils\n_rebuild_device_tensor_from_numpy\n.",
      "refusing to load global");
  expect_error(
      "\x80\x02"s
      "ctorch\nComplexFloatStorage\n.",
      "refusing to load global");
}

TEST(RestrictedUnpickler, StorageTypesAreNotCallable) {
  expect_error(
      "\x80\x02"s
      "ctorch\nFloatStorage\n)R.",
      "cannot be called");
}

TEST(RestrictedUnpickler, MemoAndStackAreBoundsChecked) {
  expect_error("\x80\x02h\x05."s, "memo index 5 was never stored");
  expect_error("\x80\x02j\xff\xff\xff\xff."s, "memo index 4294967295");
  expect_error("\x80\x02\x85."s, "stack underflow");
  expect_error("\x80\x02K\x01(\x85."s, "stack underflow");  // MARK hides the value below it
  expect_error("\x80\x02t."s, "no MARK");
  expect_error("\x80\x02q\x00."s, "stack underflow");
  expect_error("\x80\x02}K\x01K\x02."s, "STOP leaves 3 values");
}

TEST(RestrictedUnpickler, LengthsBeyondTheBufferFail) {
  expect_error(
      "\x80\x02X\xff\x00\x00\x00"s
      "ab",
      "needs 255 bytes but only 2 remain");
  expect_error("\x80\x02X\xff\xff\xff\xff"s, "needs 4294967295 bytes");
  expect_error("\x80\x02}"s, "truncated");  // no STOP
  expect_error(
      "\x80\x02\x8a\x09"s
      "123456789.",
      "exceeds 64 bits");
  expect_error(
      "\x80\x02"s
      "cos\nsys",
      "not terminated by a newline");
}

TEST(RestrictedUnpickler, UnsupportedOpcodeAndProtocol) {
  expect_error("\x80\x02G\x40\x00\x00\x00\x00\x00\x00\x00."s, "unsupported pickle opcode 0x47");
  expect_error("\x80\x09."s, "unsupported pickle protocol 9");
}

TEST(RestrictedUnpickler, ViewsMustStayInsideTheirStorage) {
  TensorSpec spec;
  spec.sizes = {5};
  expect_error(pickle_state_dict({{"w", spec}}),
               "tensor 'w' is a view that reaches element 4 of a storage of 4 elements");
  spec.sizes = {2, 2};
  spec.strides = {2, 1};
  spec.offset = 1;
  expect_error(pickle_state_dict({{"w", spec}}), "reaches element 4");
  spec.offset = 0;
  spec.strides = {int64_t{1} << 62, 1};
  spec.sizes = {3, 1};
  expect_error(pickle_state_dict({{"w", spec}}), "indices overflow 64 bits");
  spec.sizes = {2};
  spec.strides = {1, 1};
  expect_error(pickle_state_dict({{"w", spec}}), "a stride of 2");
  spec = TensorSpec{};
  spec.offset = -1;
  expect_error(pickle_state_dict({{"w", spec}}), "tensor 'w' has a negative storage offset -1");
  spec = TensorSpec{};
  spec.sizes = {-4};
  expect_error(pickle_state_dict({{"w", spec}}), "negative value -4");
  spec = TensorSpec{};
  spec.storage_numel = -1;
  expect_error(pickle_state_dict({{"w", spec}}), "negative size");
  spec = TensorSpec{};
  spec.key = "../etc";
  expect_error(pickle_state_dict({{"w", spec}}), "not a plain name");
  // An empty view reads nothing, wherever it points.
  spec = TensorSpec{};
  spec.sizes = {0, 3};
  spec.strides = {100, 100};
  EXPECT_EQ(unpickle(pickle_state_dict({{"w", spec}})).size(), 1u);
}

TEST(RestrictedUnpickler, SharedStorageMustAgree) {
  TensorSpec a;
  TensorSpec b;
  b.storage_numel = 8;
  expect_error(pickle_state_dict({{"a", a}, {"b", b}}), "declared twice");
  b.storage_numel = 4;
  b.sizes = {2};
  b.offset = 2;
  EXPECT_EQ(unpickle(pickle_state_dict({{"a", a}, {"b", b}})).size(), 2u);
}

TEST(RestrictedUnpickler, OnlyFlatStateDictsOfTensors) {
  expect_error("\x80\x02]q\x00."s, "holds a list");
  expect_error("\x80\x02}"s + pickle_str("w") + "K\x01s.", "entry 'w' is a int, not a tensor");
  expect_error("\x80\x02}K\x01K\x02s."s, "key is a int");
  expect_error(pickle_state_dict({{"w", TensorSpec{}}, {"w", TensorSpec{}}}), "'w' appears twice");
  // A dict holding itself is a valid pickle; it must fail cleanly, not loop or leak.
  expect_error("\x80\x02}q\x00"s + pickle_str("self") + "h\x00s."s, "entry 'self' is a dict");
}

TEST(RestrictedUnpickler, BuildOnlyAnnotatesDicts) {
  const std::string with_metadata =
      "\x80\x02}q\x00"s
      "}" +
      pickle_str("_metadata") + "}sb.";
  EXPECT_TRUE(unpickle(with_metadata).empty());
  expect_error("\x80\x02]}b."s, "the target of BUILD must be a dict");
}

}  // namespace
}  // namespace emoforget::tensor_io
