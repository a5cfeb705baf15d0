// Atomic file and directory output: write beside the target, then rename, so an
// existing output is never half-overwritten and a failed run leaves nothing behind.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace emoforget {

// Writes `bytes` to `path` through a temporary file in the same folder.
void write_file_atomic(const std::filesystem::path& path, const std::string& bytes);

// Calls `fill(tmp)` with a fresh temporary path beside `path`; the callback
// writes the file there. On success it is renamed to `path`; on failure the
// temporary is removed and the exception propagates.
void write_atomic_with(const std::filesystem::path& path,
                       const std::function<void(const std::filesystem::path&)>& fill);

// Same for a directory: `fill(tmp_dir)` populates a fresh temporary directory,
// which then replaces `dir` (an existing `dir` is swapped out only after success).
void write_dir_atomic(const std::filesystem::path& dir,
                      const std::function<void(const std::filesystem::path&)>& fill);

}  // namespace emoforget
