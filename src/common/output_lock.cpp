#include "common/output_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "common/atomic_write.h"
#include "common/error.h"

namespace emoforget {
namespace fs = std::filesystem;

namespace {

// The process id written into the lock file by its holder ("" when unreadable).
std::string holder_of(int fd) {
  char text[32] = {0};
  const ssize_t n = pread(fd, text, sizeof text - 1, 0);
  if (n <= 0) return "";
  std::string pid(text, static_cast<size_t>(n));
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' '))
    pid.pop_back();
  return pid;
}

bool same_file(int fd, const fs::path& path) {
  struct stat opened, named;
  if (fstat(fd, &opened) != 0 || stat(path.c_str(), &named) != 0) return false;
  return opened.st_dev == named.st_dev && opened.st_ino == named.st_ino;
}

}  // namespace

fs::path output_lock_file(const fs::path& output) {
  fs::path target = output;
  while (!target.empty() && target.filename().empty())
    target = target.parent_path();  // "a/b/"
  const fs::path parent = target.parent_path();
  return parent / ("." + target.filename().string() + ".lock");
}

OutputLock::OutputLock(const fs::path& output) : lock_file_(output_lock_file(output)) {
  if (output.empty()) throw Error("no output path to lock");
  if (!lock_file_.parent_path().empty()) {
    std::error_code ec;
    // A run that fails leaves no folder behind: remember the first one made for the lock.
    for (fs::path p = lock_file_.parent_path(); !p.empty() && !fs::exists(p); p = p.parent_path())
      created_ = p;
    fs::create_directories(lock_file_.parent_path(), ec);
    if (ec)
      throw Error("cannot create folder " + lock_file_.parent_path().string() + ": " +
                  ec.message());
  }
  // The holder removes the file when it is done: a process that opened the old file
  // just before may then hold a lock on a name that no longer exists, so take the lock,
  // then check the name still leads to the locked file, and try again when not.
  for (int attempt = 0; attempt < 100; ++attempt) {
    const int fd = open(lock_file_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      throw Error("cannot create lock file " + lock_file_.string() + ": " + std::strerror(errno));
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      const std::string holder = holder_of(fd);
      close(fd);
      if (error != EWOULDBLOCK) {
        throw Error("cannot lock " + lock_file_.string() + ": " + std::strerror(error));
      }
      throw Error(output.string() + " is being written by another emoforget run" +
                  (holder.empty() ? "" : " (process " + holder + ")") +
                  "; wait for it to finish or choose another output");
    }
    if (!same_file(fd, lock_file_)) {
      close(fd);
      continue;
    }
    const std::string pid = std::to_string(getpid()) + "\n";
    if (ftruncate(fd, 0) != 0 || pwrite(fd, pid.data(), pid.size(), 0) < 0) {
      // The pid is only for the message of a run that finds the lock taken.
    }
    fd_ = fd;
    remove_stale_temporaries(output);
    return;
  }
  throw Error("cannot lock " + lock_file_.string() + ": it keeps being replaced");
}

OutputLock::~OutputLock() {
  if (fd_ < 0) return;
  // Remove the name while still holding the lock: a waiting process re-checks it.
  unlink(lock_file_.c_str());
  close(fd_);
  if (!created_.empty()) {
    std::error_code ignored;  // only folders left empty go
    for (fs::path p = lock_file_.parent_path(); fs::is_empty(p, ignored) && fs::remove(p, ignored);
         p = p.parent_path()) {
      if (p == created_) break;
    }
  }
}

}  // namespace emoforget
