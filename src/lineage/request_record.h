// The record of one deletion request, as a forget output's report.json keeps it
// under "lineage": who can check it (the key's id), what it named (the keyed
// hashes of its utterance ids, and counts), what it ran on and produced (model
// content hashes), how (method, seed) and with what result. Never an id, path,
// speaker name or audio in clear.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lineage/request_key.h"

namespace emoforget::lineage {

struct RequestRecord {
  std::string id;
  std::string created;  // UTC, ISO 8601
  std::string method;
  uint64_t seed = 0;
  int64_t n = 0;                        // utterances forgotten
  int64_t speakers = 0;                 // speakers they belong to
  std::vector<std::string> utt_hashes;  // HMAC-SHA256 of each utt_id, sorted
  std::string key_id;
  std::string parent_hash;             // the model the request ran on
  std::string model_hash;              // the model it produced
  std::optional<double> forget_uar;    // after the request
  std::string held_out_split;          // "" when none was scored
  std::optional<double> held_out_uar;  // after the request

  nlohmann::json to_json() const;
  // Throws naming `where` and the field when a field is missing or mistyped.
  static RequestRecord from_json(const nlohmann::json& j, const std::string& where);
};

// What a model's report records of where it came from.
struct Lineage {
  std::string model_hash;
  std::filesystem::path parent;  // the parent model's folder when it was made
  std::string parent_hash;
  std::vector<RequestRecord> requests;  // every request from the original on, oldest first

  nlohmann::json to_json() const;
};

// The lineage of a report.json (nullopt for a model no request produced, e.g. a
// fine-tuned original). Throws naming `where` when the "lineage" entry is malformed.
std::optional<Lineage> lineage_of(const nlohmann::json& report, const std::string& where);

// HMAC-SHA256 of every id under `key`, sorted and without repeats.
std::vector<std::string> hashed_ids(const RequestKey& key, const std::vector<std::string>& ids);

// "req-" + 12 hex digits derived (under the key) from the hashed set: the same set
// of utterances, in any order, gets the same id.
std::string default_request_id(const RequestKey& key, const std::vector<std::string>& hashes);

// The earlier request, hashed with the same key, that named exactly `hashes`.
const RequestRecord* find_repeat(const std::vector<RequestRecord>& earlier,
                                 const std::string& key_id, const std::vector<std::string>& hashes);

}  // namespace emoforget::lineage
