// `emoforget history MODEL`: the chain of models from the original fine-tune to
// MODEL, one generation per deletion request, each checked against the content
// hashes its child recorded (a replaced or altered model shows as such).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lineage/request_record.h"

namespace emoforget::lineage {

struct Generation {
  std::filesystem::path dir;
  bool found = false;                    // the folder still holds a model
  std::string hash;                      // its content hash now ("" when not found)
  std::string recorded_hash;             // what its child (or its own report) recorded
  std::optional<RequestRecord> request;  // the request that produced it (none: the original)
  // The original's figures, from its report.json.
  std::string created;
  std::string held_out_split;
  std::optional<double> held_out_uar;
  std::vector<std::string> problems;  // empty when every hash matches

  bool intact() const { return problems.empty(); }
};

// Oldest first. A parent folder that is gone is listed from the records its
// descendants keep. Throws naming the file when MODEL has no readable report.json.
std::vector<Generation> read_history(const std::filesystem::path& model);

std::string history_text(const std::vector<Generation>& chain);
nlohmann::json history_json(const std::vector<Generation>& chain);

}  // namespace emoforget::lineage
