#include "common/child_environment.h"

extern char** environ;

namespace emoforget {

std::vector<std::string> child_environment(const std::vector<std::string>& extra) {
  static const char* const kRunVariables[] = {"RANK",
                                              "WORLD_SIZE",
                                              "LOCAL_RANK",
                                              "LOCAL_WORLD_SIZE",
                                              "MASTER_ADDR",
                                              "MASTER_PORT",
                                              "TORCHELASTIC_USE_AGENT_STORE"};
  std::vector<std::string> lines;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string line = *entry;
    const std::string name = line.substr(0, line.find('='));
    bool drop = false;
    for (const char* variable : kRunVariables)
      drop = drop || name == variable;
    if (!drop) lines.push_back(line);
  }
  lines.insert(lines.end(), extra.begin(), extra.end());
  return lines;
}

}  // namespace emoforget
