// Helpers the subcommands share: --report output and list flags.
#include <sstream>

#include "cli/command.h"
#include "common/atomic_write.h"

namespace emoforget::cli {

void write_report(const std::string& path, const std::string& text) {
  write_file_atomic(path, text);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

}  // namespace emoforget::cli
