// Atomic file and directory output: write beside the target, then rename, so an
// existing output is never half-overwritten and a failed run leaves nothing behind.
// Temporaries are hidden siblings named after their process (".NAME.tmp-PID-N"), so a
// later run can tell those a killed process left and remove them.
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
// which then replaces `dir` (an existing `dir` is exchanged with it in one step only
// after success).
void write_dir_atomic(const std::filesystem::path& dir,
                      const std::function<void(const std::filesystem::path&)>& fill);

// Writes `bytes` to `path` directly (a file inside a temporary folder that is itself
// renamed into place later); throws Error naming the file and the system's reason
// (e.g. "No space left on device") when it cannot be written in full.
void write_file_checked(const std::filesystem::path& path, const std::string& bytes);

// Removes the temporaries of `output` whose process has ended (a killed run's). When
// `output` itself is missing because a run was killed while exchanging it, the previous
// version is put back first. Returns how many were removed.
int remove_stale_temporaries(const std::filesystem::path& output);

}  // namespace emoforget
