// The large-block threshold as the CLI takes it (a file of its own: module-only builds leave
// out the tests that run the CLI, and keep the allocator's own tests).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>

#include <nlohmann/json.hpp>

#include "common/large_blocks.h"
#include "support/test_support.h"

namespace emoforget {
namespace {

// The CLI: the threshold a run took is in its reports; a bad value is one error line.
testing::CliResult info_with_threshold(const char* value) {
  setenv("EMOFORGET_LARGE_BLOCK_BYTES", value, 1);
  testing::CliResult result = testing::run_cli({"info"});
  unsetenv("EMOFORGET_LARGE_BLOCK_BYTES");
  return result;
}

TEST(LargeBlocksCli, InfoRecordsTheThresholdInForce) {
  const testing::CliResult set = info_with_threshold("4194304");
  ASSERT_EQ(set.exit_code, 0) << set.err;
  EXPECT_EQ(nlohmann::json::parse(set.out).value("large_block_bytes", -1), 4194304);
  const testing::CliResult plain = testing::run_cli({"info"});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(nlohmann::json::parse(plain.out).value("large_block_bytes", -1),
            static_cast<int64_t>(kDefaultLargeBlockBytes));
}

TEST(LargeBlocksCli, AValueThatIsNotAByteCountIsOneErrorLine) {
  const testing::CliResult bad = info_with_threshold("lots");
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("EMOFORGET_LARGE_BLOCK_BYTES=lots"), std::string::npos) << bad.err;
  EXPECT_EQ(std::count(bad.err.begin(), bad.err.end(), '\n'), 1) << bad.err;
}

}  // namespace
}  // namespace emoforget
