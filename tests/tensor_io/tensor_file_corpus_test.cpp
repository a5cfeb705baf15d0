// Runs every committed tensor file and fuzz seed (tests/fixtures/tensor_files,
// fuzz/corpus) through the same entry points the fuzzers use, plus every truncation
// and a byte flip at every position, so CI exercises the fuzz surface on each build:
// each input must either load or fail with emoforget::Error, never anything else.
#include <gtest/gtest.h>

#include <functional>

#include "common/error.h"
#include "support/test_support.h"
#include "tensor_io/pytorch_bin.h"
#include "tensor_io/restricted_unpickler.h"
#include "tensor_io/safetensors.h"

namespace emoforget::tensor_io {
namespace {
namespace fs = std::filesystem;
using Parser = std::function<void(const uint8_t*, size_t)>;

struct NamedParser {
  std::string extension;  // files with this extension must load
  Parser parse;
};

const std::vector<NamedParser>& parsers() {
  static const std::vector<NamedParser> all = {
      {".safetensors", [](const uint8_t* d, size_t n) { parse_safetensors(d, n, "input"); }},
      {".bin", [](const uint8_t* d, size_t n) { parse_pytorch_bin(d, n, "input"); }},
      {".pkl", [](const uint8_t* d, size_t n) { unpickle_state_dict(d, n, "input"); }},
  };
  return all;
}

// True when `parse` loads `bytes`, false when it throws emoforget::Error; any other
// exception escapes and fails the test.
bool loads(const Parser& parse, const std::string& bytes) {
  try {
    parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    return true;
  } catch (const Error&) {
    return false;
  }
}

std::vector<fs::path> seed_files() {
  const fs::path fixtures = fs::path(EMOFORGET_FIXTURES);
  std::vector<fs::path> files;
  for (const fs::path& dir :
       {fixtures / "tensor_files", fixtures.parent_path().parent_path() / "fuzz" / "corpus"}) {
    for (const auto& name : emoforget::testing::list_files(dir))
      files.push_back(dir / name);
  }
  return files;
}

bool is_malicious(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.rfind("malicious", 0) == 0 || name == "eval.pkl";
}

TEST(TensorFileCorpus, SeedsLoadWithTheirParser) {
  const auto files = seed_files();
  ASSERT_GE(files.size(), 10u);
  for (const auto& path : files) {
    const std::string bytes = emoforget::testing::read_text(path);
    for (const auto& parser : parsers()) {
      SCOPED_TRACE(path.string() + " as " + parser.extension);
      const bool loaded = loads(parser.parse, bytes);
      if (path.extension() == parser.extension) EXPECT_EQ(loaded, !is_malicious(path));
    }
  }
}

TEST(TensorFileCorpus, MutatedSeedsFailCleanly) {
  size_t inputs = 0;
  size_t loaded = 0;
  for (const auto& path : seed_files()) {
    const std::string bytes = emoforget::testing::read_text(path);
    for (const auto& parser : parsers()) {
      if (path.extension() != parser.extension && path.extension() != ".json") continue;
      SCOPED_TRACE(path.string() + " as " + parser.extension);
      for (size_t length = 0; length < bytes.size(); ++length) {
        loaded += loads(parser.parse, bytes.substr(0, length));
        ++inputs;
      }
      std::string flipped = bytes;
      for (size_t i = 0; i < bytes.size(); ++i) {
        flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
        loaded += loads(parser.parse, flipped);
        flipped[i] = bytes[i];
        ++inputs;
      }
    }
  }
  EXPECT_GT(inputs, 10000u);
  EXPECT_LT(loaded, inputs / 2) << "mutated inputs should mostly be rejected";
}

}  // namespace
}  // namespace emoforget::tensor_io
