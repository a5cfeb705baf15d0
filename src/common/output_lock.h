// One writer per output: a run takes an exclusive lock on its --out for as long as it
// runs, so two runs aimed at the same folder or file cannot both write it; the second
// fails at once with a clear error naming the first one's process. The lock is an
// flock(2) on a hidden file beside the output (".NAME.lock"), released by the kernel
// when the process ends however it ends, so a killed run never leaves a stale lock.
// While it holds the lock, a run also removes the temporaries that an earlier, killed
// writer of the same output left behind (atomic_write.h names them after their process).
#pragma once

#include <filesystem>

namespace emoforget {

class OutputLock {
 public:
  // Takes the lock on `output` (a folder or file that may not exist yet; its parent
  // folder is created). Throws Error when another process holds it.
  explicit OutputLock(const std::filesystem::path& output);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

  const std::filesystem::path& lock_file() const { return lock_file_; }

 private:
  std::filesystem::path lock_file_;
  std::filesystem::path created_;  // the first folder the lock had to create ("" = none)
  int fd_ = -1;
};

// The lock file guarding `output`.
std::filesystem::path output_lock_file(const std::filesystem::path& output);

}  // namespace emoforget
