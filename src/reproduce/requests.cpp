#include "reproduce/requests.h"

#include <algorithm>
#include <set>

#include "common/atomic_write.h"
#include "common/error.h"
#include "common/rng.h"
#include "train/model_report.h"
#include "unlearn/forget_set.h"

namespace emoforget::reproduce {
namespace fs = std::filesystem;
namespace {

constexpr uint64_t kSpeakerStream = 0x53504b;  // "SPK": the speakers a seed's requests name

bool in_splits(const data::Utterance& u, const std::vector<std::string>& splits) {
  return std::find(splits.begin(), splits.end(), u.split) != splits.end();
}

}  // namespace

std::vector<std::string> model_train_splits(const fs::path& model_dir) {
  const nlohmann::json report = train::read_model_report(model_dir);
  if (report.is_object() && report.contains("config") &&
      report["config"].contains("train_splits") && report["config"]["train_splits"].is_array()) {
    return report["config"]["train_splits"].get<std::vector<std::string>>();
  }
  return {"train"};
}

std::vector<std::vector<std::string>> draw_requests(const data::Manifest& manifest,
                                                    const std::vector<std::string>& train_splits,
                                                    const std::string& kind, int64_t random_n,
                                                    uint64_t seed, int count) {
  if (kind != "random" && kind != "speaker")
    throw Error("benchmark: unknown request '" + kind + "' (use random, speaker)");
  std::vector<std::string> speakers;
  for (const data::Utterance& u : manifest.utterances) {
    if (in_splits(u, train_splits) &&
        std::find(speakers.begin(), speakers.end(), u.speaker) == speakers.end()) {
      speakers.push_back(u.speaker);
    }
  }
  if (speakers.empty()) throw Error("benchmark: the training splits hold no speaker");
  // The retrained reference needs a speaker that no request names.
  if (kind == "speaker" && static_cast<int>(speakers.size()) <= count) {
    throw Error("benchmark: " + std::to_string(count) + " speaker request" +
                (count == 1 ? "" : "s in a row") + " need more than " + std::to_string(count) +
                " training speakers (one left for the retrained reference); the training splits "
                "hold " +
                std::to_string(speakers.size()));
  }
  Rng rng(seed);
  Rng pick = Rng(seed).fork(kSpeakerStream);
  data::Manifest remaining = manifest;  // without the utterances earlier requests took
  std::vector<std::vector<std::string>> requests;
  for (int r = 0; r < count; ++r) {
    unlearn::ForgetRequest request;
    if (kind == "random") {
      request.random = random_n;
    } else {
      const size_t at = pick.below(speakers.size());
      request.speaker = speakers[at];
      speakers.erase(speakers.begin() + static_cast<std::ptrdiff_t>(at));
    }
    std::vector<std::string> ids;
    for (const data::Utterance* u :
         unlearn::select_forget_set(remaining, request, train_splits, rng))
      ids.push_back(u->utt_id);
    const std::set<std::string> taken(ids.begin(), ids.end());
    auto& pool = remaining.utterances;
    pool.erase(std::remove_if(pool.begin(), pool.end(),
                              [&](const data::Utterance& u) { return taken.count(u.utt_id) > 0; }),
               pool.end());
    requests.push_back(std::move(ids));
  }
  return requests;
}

void write_forget_list(const fs::path& file, const std::vector<std::string>& ids) {
  std::string text = "utt_id\n";
  for (const std::string& id : ids)
    text += id + "\n";
  write_file_atomic(file, text);
}

}  // namespace emoforget::reproduce
