#include "audit/forget_identity.h"

#include <algorithm>
#include <fstream>
#include <optional>

#include "common/error.h"
#include "data/utterance_list.h"
#include "lineage/request_key.h"
#include "lineage/request_record.h"

namespace emoforget::audit {
namespace fs = std::filesystem;
namespace {

std::optional<lineage::RequestRecord> last_request(const fs::path& model) {
  const fs::path file = model / "report.json";
  if (!fs::exists(file)) return std::nullopt;
  std::ifstream in(file);
  nlohmann::json report;
  try {
    report = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error(file.string() + ": not valid JSON (" + e.what() + ")");
  }
  const auto lineage = lineage::lineage_of(report, file.string());
  if (!lineage) return std::nullopt;
  return lineage->requests.back();
}

std::optional<lineage::RequestKey> available_key(const AuditConfig& config) {
  if (!config.key.empty()) return lineage::load_key(config.key);
  const fs::path path = lineage::default_key_path();
  if (!fs::exists(path)) return std::nullopt;
  return lineage::load_key(path);
}

std::vector<std::string> ids_of(const std::vector<const data::Utterance*>& utts) {
  std::vector<std::string> ids;
  for (const data::Utterance* u : utts)
    ids.push_back(u->utt_id);
  return ids;
}

}  // namespace

ForgetIdentity identify_forget_set(const data::Manifest& manifest, const AuditConfig& config) {
  const std::optional<lineage::RequestRecord> record = last_request(config.unlearned);
  const std::optional<lineage::RequestKey> key = available_key(config);
  const fs::path unlearned_report = config.unlearned / "report.json";
  ForgetIdentity identity;
  nlohmann::json& j = identity.report;
  if (record) j["request_id"] = record->id;

  if (config.forget_file.empty()) {
    if (!record)
      throw Error("--forget-file is required: " + unlearned_report.string() +
                  " records no request to take the forget set from");
    if (!key || key->id != record->key_id)
      throw Error("--forget-file is required, or --key with the key request " + record->id +
                  " was hashed with (key id " + record->key_id + ")");
    for (const data::Utterance& u : manifest.utterances) {
      if (std::find(config.member_splits.begin(), config.member_splits.end(), u.split) ==
          config.member_splits.end())
        continue;
      if (std::binary_search(record->utt_hashes.begin(), record->utt_hashes.end(),
                             key->hash(u.utt_id)))
        identity.utterances.push_back(&u);
    }
    if (identity.utterances.size() != record->utt_hashes.size())
      throw Error(config.manifest.string() + ": its member splits hold " +
                  std::to_string(identity.utterances.size()) + " of the " +
                  std::to_string(record->utt_hashes.size()) + " utterances request " + record->id +
                  " forgot; pass the forget set with --forget-file");
    j["source"] = "the request's hashes, matched in the manifest with the key";
    j["check"] = "matches request " + record->id;
  } else {
    if (!fs::is_regular_file(config.forget_file))
      throw Error("--forget-file: " + config.forget_file.string() + " does not exist");
    identity.utterances = data::read_utterance_list(config.forget_file, manifest);
    j["source"] = "--forget-file";
    if (!record) {
      j["check"] = "not checked: the unlearned model records no request";
    } else if (!key || key->id != record->key_id) {
      j["check"] = "not checked: request " + record->id + " was hashed with key " + record->key_id +
                   ", which this audit was not given";
    } else {
      const std::vector<std::string> hashes =
          lineage::hashed_ids(*key, ids_of(identity.utterances));
      if (hashes != record->utt_hashes) {
        std::vector<std::string> only_file;
        std::set_difference(hashes.begin(), hashes.end(), record->utt_hashes.begin(),
                            record->utt_hashes.end(), std::back_inserter(only_file));
        throw Error("--forget-file " + config.forget_file.string() + " names " +
                    std::to_string(hashes.size()) + " utterances, " +
                    std::to_string(only_file.size()) + " of them not in request " + record->id +
                    " (" + std::to_string(record->utt_hashes.size()) + " utterances) that " +
                    unlearned_report.string() + " records: it is not the set this model forgot");
      }
      j["check"] = "matches request " + record->id;
    }
  }
  j["n"] = identity.utterances.size();
  if (key) {
    j["utt_hashes"] = lineage::hashed_ids(*key, ids_of(identity.utterances));
    j["key_id"] = key->id;
  }
  return identity;
}

}  // namespace emoforget::audit
