// --report FILE: the JSON report written atomically beside stdout's copy.
#include "cli/command.h"
#include "common/atomic_write.h"

namespace emoforget::cli {

void write_report(const std::string& path, const std::string& text) {
  write_file_atomic(path, text);
}

}  // namespace emoforget::cli
