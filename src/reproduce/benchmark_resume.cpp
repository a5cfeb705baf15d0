#include "reproduce/benchmark_resume.h"

#include "common/error.h"
#include "lineage/model_hash.h"
#include "lineage/request_record.h"
#include "reproduce/job_commands.h"
#include "reproduce/same_config.h"
#include "train/finetune_config.h"
#include "train/model_report.h"
#include "unlearn/method_info.h"

namespace emoforget::reproduce {
namespace fs = std::filesystem;

nlohmann::json expected_run_config(const unlearn::UnlearnConfig& job) {
  unlearn::UnlearnConfig resolved = job;
  train::resolve_clip_seconds(resolved.run, resolved.model_dir);
  if (resolved.settings.lr == 0) {
    resolved.settings.lr =
        train::model_learning_rate(resolved.model_dir, train::kPretrainedLearningRate).first;
  }
  nlohmann::json j = resolved.to_json();
  if (unlearn::method_info(job.method).needs_init) {
    j.erase("epochs");
    j.erase("lr");
  }
  return j;
}

FinishedRuns::FinishedRuns(const fs::path& model)
    : model_hash_(lineage::model_content_hash(model)) {}

bool FinishedRuns::finished(const unlearn::UnlearnConfig& job, const std::vector<std::string>& ids,
                            const fs::path& out) {
  const fs::path path = out / "report.json";
  if (!fs::exists(path)) {
    fs::remove_all(out);
    return false;
  }
  const nlohmann::json report = read_job_json(path);
  check_same_config(expected_run_config(job), report, path);
  const auto lineage = lineage::lineage_of(report, path.string());
  if (!lineage || lineage->requests.empty())
    throw Error(path.string() + " records no deletion request; delete that run's folder");
  const lineage::RequestRecord& request = lineage->requests.back();
  if (lineage->parent_hash != model_hash_) {
    throw Error(path.string() + " was made from another model than --model " +
                job.model_dir.string() + "; use another --out, or delete that run's folder");
  }
  if (!key_) key_ = lineage::load_key(lineage::default_key_path());
  if (request.key_id != key_->id || request.utt_hashes != lineage::hashed_ids(*key_, ids)) {
    throw Error(path.string() +
                " was made on another forget set (or under another request key) than this "
                "request draws; use another --out, or delete that run's folder");
  }
  return true;
}

}  // namespace emoforget::reproduce
