#include "unlearn/request_lineage.h"

#include <set>

#include "common/error.h"
#include "common/utc_time.h"
#include "lineage/model_hash.h"
#include "train/model_report.h"

namespace emoforget::unlearn {
namespace fs = std::filesystem;

PreparedRequest prepare_request(const UnlearnConfig& config,
                                const std::vector<const data::Utterance*>& forget) {
  PreparedRequest request;
  const fs::path key_path = config.key.empty() ? lineage::default_key_path() : config.key;
  lineage::check_key_outside(key_path, {config.model_dir, config.out});
  request.key = lineage::load_or_create_key(key_path);
  std::vector<std::string> ids;
  std::set<std::string> speakers;
  for (const data::Utterance* u : forget) {
    ids.push_back(u->utt_id);
    speakers.insert(u->speaker);
  }
  request.speakers = static_cast<int64_t>(speakers.size());
  request.utt_hashes = lineage::hashed_ids(request.key, ids);
  request.id = config.request_id.empty()
                   ? lineage::default_request_id(request.key, request.utt_hashes)
                   : config.request_id;
  request.parent_hash = lineage::model_content_hash(config.model_dir);
  const nlohmann::json parent_report = train::read_model_report(config.model_dir);
  const auto parent_lineage =
      lineage::lineage_of(parent_report, (config.model_dir / "report.json").string());
  if (parent_lineage) request.earlier = parent_lineage->requests;
  const lineage::RequestRecord* repeat =
      lineage::find_repeat(request.earlier, request.key.id, request.utt_hashes);
  if (repeat && !config.again) {
    throw Error("--model " + config.model_dir.string() +
                " already went through this request: " + repeat->id + " (" + repeat->created +
                ", " + repeat->method + ", " + std::to_string(repeat->n) +
                " utterances) named the same utterances; pass --again to run it anyway");
  }
  return request;
}

lineage::Lineage request_lineage(const PreparedRequest& request, const UnlearnConfig& config,
                                 const fs::path& model_dir, const nlohmann::json& after) {
  lineage::RequestRecord record;
  record.id = request.id;
  record.created = utc_now();
  record.method = config.method;
  record.seed = config.run.seed;
  record.n = static_cast<int64_t>(request.utt_hashes.size());
  record.speakers = request.speakers;
  record.utt_hashes = request.utt_hashes;
  record.key_id = request.key.id;
  record.parent_hash = request.parent_hash;
  record.model_hash = lineage::model_content_hash(model_dir);
  if (after.contains("forget")) record.forget_uar = after["forget"].at("uar").get<double>();
  for (const std::string split : {"test", "val"}) {
    if (after.contains(split)) {
      record.held_out_split = split;
      record.held_out_uar = after[split].at("uar").get<double>();
      break;
    }
  }
  lineage::Lineage lineage;
  lineage.model_hash = record.model_hash;
  lineage.parent = fs::absolute(config.model_dir).lexically_normal();
  lineage.parent_hash = request.parent_hash;
  lineage.requests = request.earlier;
  lineage.requests.push_back(record);
  return lineage;
}

}  // namespace emoforget::unlearn
