// The memory limit: sizes as users write them, the machine's available memory, and a
// user's --max-memory taking its place.
#include "common/memory_limit.h"

#include <gtest/gtest.h>

#include "common/error.h"

namespace emoforget {
namespace {

TEST(MemoryLimit, SizesInTheUnitsUsersWrite) {
  EXPECT_EQ(parse_memory_size("1000", "--max-memory"), 1000);
  EXPECT_EQ(parse_memory_size("512M", "--max-memory"), 512LL << 20);
  EXPECT_EQ(parse_memory_size("8G", "--max-memory"), 8LL << 30);
  EXPECT_EQ(parse_memory_size("1.5GiB", "--max-memory"), 3LL << 29);
  EXPECT_EQ(parse_memory_size("2t", "--max-memory"), 2LL << 40);
  EXPECT_EQ(parse_memory_size("64kb", "--max-memory"), 64LL << 10);
  for (const char* bad : {"", "G", "-1G", "8X", "1e30T", "nan"}) {
    try {
      parse_memory_size(bad, "--max-memory");
      ADD_FAILURE() << bad << " was accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("--max-memory must be a size"), std::string::npos);
    }
  }
}

TEST(MemoryLimit, AvailableMemoryIsReadAndAUserLimitTakesItsPlace) {
  const int64_t available = available_memory_bytes();
  EXPECT_GT(available, 16LL << 20);
  EXPECT_EQ(memory_limit_source(), "available memory");
  set_memory_limit(123LL << 20);
  EXPECT_EQ(memory_limit_bytes(), 123LL << 20);
  EXPECT_EQ(memory_limit_source(), "--max-memory");
  set_memory_limit(0);
  EXPECT_EQ(memory_limit_source(), "available memory");
  EXPECT_GT(peak_rss_bytes(), 1LL << 20);
}

TEST(MemoryLimit, BytesPrintInBinaryUnits) {
  EXPECT_EQ(format_bytes(17), "17 B");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(300LL << 20), "300 MiB");
  EXPECT_EQ(format_bytes(3LL << 39), "1.5 TiB");
}

}  // namespace
}  // namespace emoforget
