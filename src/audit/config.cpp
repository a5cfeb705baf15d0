// AuditConfig: validation and the printable (JSON) form a report carries.
#include "audit/config.h"

#include <algorithm>

#include "common/error.h"

namespace emoforget::audit {
namespace {

void check_splits(const std::vector<std::string>& splits, const std::string& option) {
  for (size_t i = 0; i < splits.size(); ++i) {
    const std::string& s = splits[i];
    if (s != "train" && s != "val" && s != "test") {
      throw Error(option + ": unknown split '" + s + "' (use train, val or test)");
    }
    if (std::find(splits.begin(), splits.begin() + i, s) != splits.begin() + i) {
      throw Error(option + ": split '" + s + "' is named twice");
    }
  }
}

}  // namespace

void AuditConfig::validate() const {
  if (original.empty()) throw Error("--original is required (the model before unlearning)");
  if (unlearned.empty()) throw Error("--unlearned is required (the model after unlearning)");
  if (manifest.empty()) throw Error("--manifest is required");
  check_splits(held_out, "--held-out");
  if (member_splits.empty()) throw Error("--member-split: at least one split is required");
  check_splits(member_splits, "--member-split");
  for (const std::string& s : held_out) {
    if (std::find(member_splits.begin(), member_splits.end(), s) != member_splits.end()) {
      throw Error("--held-out: split '" + s +
                  "' is also a member split; held-out data must be unseen by the models");
    }
  }
  run.validate(train::model_clip_rules());
  attack.validate();
}

nlohmann::json AuditConfig::to_json() const {
  nlohmann::json j = {{"original", original.string()},
                      {"unlearned", unlearned.string()},
                      {"reference", reference.empty() ? nlohmann::json(nullptr)
                                                      : nlohmann::json(reference.string())},
                      {"manifest", manifest.string()},
                      {"forget_file", forget_file.empty() ? nlohmann::json(nullptr)
                                                          : nlohmann::json(forget_file.string())},
                      {"held_out", held_out},
                      {"member_splits", member_splits},
                      {"relearn", relearn}};
  if (!probe_attribute.empty()) j["probe_attribute"] = probe_attribute;
  run.add_to_json(j);
  return j;
}

}  // namespace emoforget::audit
