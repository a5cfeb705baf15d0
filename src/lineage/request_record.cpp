#include "lineage/request_record.h"

#include <algorithm>

#include "common/error.h"

namespace emoforget::lineage {
namespace {

nlohmann::json optional_number(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

const nlohmann::json& field(const nlohmann::json& j, const char* name, const std::string& where) {
  if (!j.is_object() || !j.contains(name))
    throw Error(where + ": the request record has no \"" + std::string(name) + "\"");
  return j.at(name);
}

std::string text_field(const nlohmann::json& j, const char* name, const std::string& where) {
  const nlohmann::json& v = field(j, name, where);
  if (!v.is_string())
    throw Error(where + ": the request record's \"" + std::string(name) + "\" is not a string");
  return v.get<std::string>();
}

std::optional<double> number_field(const nlohmann::json& j, const char* name,
                                   const std::string& where) {
  if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
  if (!j.at(name).is_number())
    throw Error(where + ": the request record's \"" + std::string(name) + "\" is not a number");
  return j.at(name).get<double>();
}

}  // namespace

nlohmann::json RequestRecord::to_json() const {
  return {{"id", id},
          {"created", created},
          {"method", method},
          {"seed", seed},
          {"n", n},
          {"speakers", speakers},
          {"utt_hashes", utt_hashes},
          {"hash", "HMAC-SHA256(key, utt_id)"},
          {"key_id", key_id},
          {"parent_hash", parent_hash},
          {"model_hash", model_hash},
          {"forget_uar", optional_number(forget_uar)},
          {"held_out_split", held_out_split},
          {"held_out_uar", optional_number(held_out_uar)}};
}

RequestRecord RequestRecord::from_json(const nlohmann::json& j, const std::string& where) {
  RequestRecord r;
  r.id = text_field(j, "id", where);
  r.created = text_field(j, "created", where);
  r.method = text_field(j, "method", where);
  r.key_id = text_field(j, "key_id", where);
  r.parent_hash = text_field(j, "parent_hash", where);
  r.model_hash = text_field(j, "model_hash", where);
  const nlohmann::json& n = field(j, "n", where);
  const nlohmann::json& hashes = field(j, "utt_hashes", where);
  if (!n.is_number_integer() || !hashes.is_array())
    throw Error(where + ": the request record's \"n\" or \"utt_hashes\" is malformed");
  r.n = n.get<int64_t>();
  for (const nlohmann::json& h : hashes) {
    if (!h.is_string()) throw Error(where + ": a request record's utt_hash is not a string");
    r.utt_hashes.push_back(h.get<std::string>());
  }
  if (j.contains("seed") && j.at("seed").is_number_unsigned())
    r.seed = j.at("seed").get<uint64_t>();
  if (j.contains("speakers") && j.at("speakers").is_number_integer())
    r.speakers = j.at("speakers").get<int64_t>();
  r.forget_uar = number_field(j, "forget_uar", where);
  r.held_out_uar = number_field(j, "held_out_uar", where);
  if (j.contains("held_out_split") && j.at("held_out_split").is_string())
    r.held_out_split = j.at("held_out_split").get<std::string>();
  return r;
}

nlohmann::json Lineage::to_json() const {
  nlohmann::json requests_json = nlohmann::json::array();
  for (const RequestRecord& r : requests)
    requests_json.push_back(r.to_json());
  return {{"model_hash", model_hash},
          {"parent", {{"path", parent.string()}, {"hash", parent_hash}}},
          {"requests", requests_json}};
}

std::optional<Lineage> lineage_of(const nlohmann::json& report, const std::string& where) {
  if (!report.is_object() || !report.contains("lineage")) return std::nullopt;
  const nlohmann::json& j = report.at("lineage");
  if (!j.is_object() || !j.contains("requests")) return std::nullopt;  // an original's own hash
  Lineage lineage;
  if (!j.contains("model_hash") || !j.at("model_hash").is_string() || !j.contains("parent") ||
      !j.at("parent").is_object() || !j.at("requests").is_array())
    throw Error(where + ": \"lineage\" is malformed (model_hash, parent, requests)");
  lineage.model_hash = j.at("model_hash").get<std::string>();
  const nlohmann::json& parent = j.at("parent");
  if (!parent.contains("path") || !parent.at("path").is_string() || !parent.contains("hash") ||
      !parent.at("hash").is_string())
    throw Error(where + ": \"lineage.parent\" needs a path and a hash");
  lineage.parent = parent.at("path").get<std::string>();
  lineage.parent_hash = parent.at("hash").get<std::string>();
  for (const nlohmann::json& r : j.at("requests"))
    lineage.requests.push_back(RequestRecord::from_json(r, where));
  if (lineage.requests.empty()) throw Error(where + ": \"lineage.requests\" is empty");
  return lineage;
}

std::vector<std::string> hashed_ids(const RequestKey& key, const std::vector<std::string>& ids) {
  std::vector<std::string> hashes;
  hashes.reserve(ids.size());
  for (const std::string& id : ids)
    hashes.push_back(key.hash(id));
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  return hashes;
}

std::string default_request_id(const RequestKey& key, const std::vector<std::string>& hashes) {
  std::string joined = "request\n";
  for (const std::string& h : hashes)
    joined += h + "\n";
  return "req-" + key.hash(joined).substr(0, 12);
}

const RequestRecord* find_repeat(const std::vector<RequestRecord>& earlier,
                                 const std::string& key_id,
                                 const std::vector<std::string>& hashes) {
  for (const RequestRecord& r : earlier) {
    if (r.key_id == key_id && r.utt_hashes == hashes) return &r;
  }
  return nullptr;
}

}  // namespace emoforget::lineage
