#include "reproduce/same_config.h"

#include <algorithm>
#include <iterator>
#include <string>

#include "common/error.h"

namespace emoforget::reproduce {
namespace {

bool ignored(const std::string& key) {
  static const char* const kIgnored[] = {"out",  "manifest", "model",     "init",     "device",
                                         "bf16", "resume",   "overwrite", "save_init"};
  return std::find(std::begin(kIgnored), std::end(kIgnored), key) != std::end(kIgnored);
}

}  // namespace

void check_same_config(const nlohmann::json& expected, const nlohmann::json& report,
                       const std::filesystem::path& report_path) {
  if (!report.contains("config") || !report.at("config").is_object()) return;
  const nlohmann::json& stored = report.at("config");
  for (const auto& [key, value] : expected.items()) {
    if (ignored(key)) continue;
    if (stored.contains(key) && stored.at(key) != value) {
      throw Error(report_path.string() + " was made with " + key + " = " + stored.at(key).dump() +
                  ", this command asks for " + value.dump() +
                  "; use another --out, or delete that run's folder to rerun it");
    }
  }
}

}  // namespace emoforget::reproduce
