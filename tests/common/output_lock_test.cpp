// One writer per output: the second lock on a path fails naming the holder, the lock
// goes with its holder, and taking it clears a killed writer's temporaries.
#include "common/output_lock.h"

#include <unistd.h>

#include <gtest/gtest.h>

#include "common/atomic_write.h"
#include "common/error.h"
#include "support/test_support.h"

namespace emoforget {
namespace {
namespace fs = std::filesystem;
using testing::TempDir;

// A process id no process has (the largest the kernel hands out is far below).
constexpr long kDeadPid = 999999999;

TEST(OutputLock, ASecondLockOnTheSameOutputFailsNamingTheHolder) {
  TempDir dir;
  const fs::path out = dir / "model";
  OutputLock first(out);
  EXPECT_EQ(first.lock_file(), dir / ".model.lock");
  EXPECT_TRUE(fs::exists(first.lock_file()));
  try {
    OutputLock second(out);
    FAIL() << "the second lock was granted";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(out.string() + " is being written by another emoforget run (process " +
                           std::to_string(getpid()) + ")"),
              std::string::npos)
        << message;
  }
  OutputLock other(dir / "other");  // another output is free
}

TEST(OutputLock, ReleasedWithItsHolderAndItsFileRemoved) {
  TempDir dir;
  const fs::path out = dir / "sub" / "model/";
  {
    OutputLock lock(out);
    EXPECT_TRUE(fs::exists(dir / "sub" / ".model.lock"));
  }
  EXPECT_FALSE(fs::exists(dir / "sub" / ".model.lock"));
  OutputLock again(out);
  EXPECT_TRUE(fs::exists(again.lock_file()));
}

TEST(OutputLock, TakingTheLockRemovesADeadWritersTemporariesOnly) {
  TempDir dir;
  const fs::path out = dir / "model";
  const std::string dead = ".model.tmp-" + std::to_string(kDeadPid) + "-7";
  const std::string alive = ".model.tmp-" + std::to_string(getpid()) + "-8";
  const std::string unrelated = ".other.tmp-" + std::to_string(kDeadPid) + "-9";
  for (const std::string& name : {dead, alive, unrelated})
    testing::write_text(dir / name / "config.json", "{}");
  OutputLock lock(out);
  EXPECT_FALSE(fs::exists(dir / dead));
  EXPECT_TRUE(fs::exists(dir / alive));
  EXPECT_TRUE(fs::exists(dir / unrelated));
}

TEST(StaleTemporaries, APreviousVersionMovedAsideIsPutBack) {
  // Killed between moving the old output aside and moving the new one in: the old one
  // comes back rather than being deleted as a temporary.
  TempDir dir;
  const std::string aside = ".model.old-" + std::to_string(kDeadPid) + "-3";
  testing::write_text(dir / aside / "weights", "previous");
  EXPECT_EQ(remove_stale_temporaries(dir / "model"), 0);
  EXPECT_EQ(testing::read_text(dir / "model" / "weights"), "previous");
  EXPECT_FALSE(fs::exists(dir / aside));
}

TEST(StaleTemporaries, AnAtomicWriteSweepsThemBeforeWriting) {
  TempDir dir;
  const std::string dead = ".a.txt.tmp-" + std::to_string(kDeadPid) + "-1";
  testing::write_text(dir / dead, "half");
  write_file_atomic(dir / "a.txt", "whole");
  EXPECT_EQ(testing::list_files(dir.path()), std::vector<std::string>{"a.txt"});
}

}  // namespace
}  // namespace emoforget
