#include "common/atomic_write.h"

#include <gtest/gtest.h>

#include "common/error.h"
#include "support/test_support.h"

namespace emoforget {
namespace {
using testing::TempDir;

TEST(AtomicWrite, WritesAndReplaces) {
  TempDir dir;
  write_file_atomic(dir / "a.txt", "first");
  write_file_atomic(dir / "a.txt", "second");
  EXPECT_EQ(testing::read_text(dir / "a.txt"), "second");
  EXPECT_EQ(testing::list_files(dir.path()), std::vector<std::string>{"a.txt"});
}

TEST(AtomicWrite, FailureKeepsOldFileAndLeavesNoTemporary) {
  TempDir dir;
  write_file_atomic(dir / "a.txt", "old");
  EXPECT_THROW(write_atomic_with(dir / "a.txt",
                                 [](const std::filesystem::path& tmp) {
                                   testing::write_text(tmp, "half");
                                   throw Error("boom");
                                 }),
               Error);
  EXPECT_EQ(testing::read_text(dir / "a.txt"), "old");
  EXPECT_EQ(testing::list_files(dir.path()), std::vector<std::string>{"a.txt"});
}

TEST(AtomicWrite, DirectoryIsSwappedOnlyOnSuccess) {
  TempDir dir;
  const auto out = dir / "model";
  write_dir_atomic(out,
                   [](const std::filesystem::path& tmp) { testing::write_text(tmp / "x", "1"); });
  EXPECT_THROW(write_dir_atomic(out,
                                [](const std::filesystem::path& tmp) {
                                  testing::write_text(tmp / "y", "2");
                                  throw Error("boom");
                                }),
               Error);
  EXPECT_EQ(testing::list_files(dir.path()), std::vector<std::string>{"model/x"});
  write_dir_atomic(out,
                   [](const std::filesystem::path& tmp) { testing::write_text(tmp / "z", "3"); });
  EXPECT_EQ(testing::list_files(dir.path()), std::vector<std::string>{"model/z"});
}

}  // namespace
}  // namespace emoforget

namespace emoforget {
namespace {

TEST(AtomicWrite, AFullDeviceGivesTheSystemsReason) {
  try {
    write_file_checked("/dev/full", std::string(1 << 16, 'x'));
    FAIL() << "writing to /dev/full succeeded";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot write /dev/full: No space left on device");
  }
}

TEST(AtomicWrite, ErrorsNameTheOutputNotItsTemporary) {
  testing::TempDir dir;
  const auto out = dir / "model";
  try {
    write_dir_atomic(out, [](const std::filesystem::path& tmp) {
      throw Error("cannot write " + (tmp / "model.safetensors").string() + ": disk full");
    });
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot write " + (out / "model.safetensors").string() + ": disk full");
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(AtomicWrite, ADirectoryIsReplacedWholeAndTheOldVersionRemoved) {
  testing::TempDir dir;
  const auto out = dir / "model";
  write_dir_atomic(out,
                   [](const std::filesystem::path& tmp) { testing::write_text(tmp / "a", "1"); });
  write_dir_atomic(out,
                   [](const std::filesystem::path& tmp) { testing::write_text(tmp / "b", "2"); });
  EXPECT_EQ(testing::list_files(dir.path()), std::vector<std::string>{"model/b"});
}

}  // namespace
}  // namespace emoforget
