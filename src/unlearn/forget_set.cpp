#include "unlearn/forget_set.h"

#include <algorithm>
#include <set>

#include "common/error.h"
#include "data/attribute.h"
#include "data/utterance_list.h"

namespace emoforget::unlearn {
namespace {

bool in_splits(const data::Utterance& u, const std::vector<std::string>& splits) {
  return std::find(splits.begin(), splits.end(), u.split) != splits.end();
}

std::string join(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items)
    text += (text.empty() ? "" : ",") + item;
  return text;
}

}  // namespace

void ForgetRequest::validate() const {
  const int given =
      !file.empty() + !speaker.empty() + (random != 0) + !label.empty() + !attribute.empty();
  if (given != 1) {
    throw Error(
        "name the forget set with exactly one of --forget-file, --forget-speaker, "
        "--forget-random, --forget-class or --forget-attribute (got " +
        std::to_string(given) + ")");
  }
  if (random < 0) throw Error("--forget-random must be >= 1, got " + std::to_string(random));
}

nlohmann::json ForgetRequest::to_json() const {
  // Never the file's path or the speaker's name: the request's record keeps keyed
  // hashes of what it named (lineage/request_record.h).
  if (!file.empty()) return {{"kind", "file"}};
  if (!speaker.empty()) return {{"kind", "speaker"}};
  if (!label.empty()) return {{"kind", "class"}, {"class", label}};
  if (!attribute.empty()) return {{"kind", "attribute"}, {"attribute", attribute}};
  return {{"kind", "random"}, {"random", random}};
}

std::vector<const data::Utterance*> select_forget_set(const data::Manifest& manifest,
                                                      const ForgetRequest& request,
                                                      const std::vector<std::string>& train_splits,
                                                      Rng& rng) {
  request.validate();
  std::vector<const data::Utterance*> training;
  for (const auto& u : manifest.utterances) {
    if (in_splits(u, train_splits)) training.push_back(&u);
  }
  if (training.empty()) {
    throw Error("the manifest has no training utterances (splits " + join(train_splits) + ")");
  }
  std::vector<const data::Utterance*> chosen;
  if (!request.file.empty()) {
    for (const data::Utterance* u : data::read_utterance_list(request.file, manifest)) {
      if (!in_splits(*u, train_splits)) {
        throw Error(request.file.string() + ": utterance '" + u->utt_id + "' is in split '" +
                    u->split + "', not a training split (" + join(train_splits) +
                    "): the model never learnt it");
      }
      chosen.push_back(u);
    }
  } else if (!request.speaker.empty()) {
    bool known = false;
    for (const data::Utterance* u : training) {
      if (u->speaker == request.speaker) chosen.push_back(u);
    }
    for (const auto& u : manifest.utterances)
      known |= u.speaker == request.speaker;
    if (chosen.empty()) {
      throw Error(
          "--forget-speaker " + request.speaker +
          (known ? ": the speaker has no training utterances (splits " + join(train_splits) + ")"
                 : ": no such speaker in the manifest"));
    }
  } else if (!request.label.empty()) {
    std::set<std::string> labels;
    for (const data::Utterance* u : training) {
      if (u->emotion == request.label) chosen.push_back(u);
      labels.insert(u->emotion);
    }
    if (chosen.empty()) {
      std::vector<std::string> known(labels.begin(), labels.end());
      throw Error("--forget-class " + request.label +
                  ": no training utterance has this emotion (training emotions: " + join(known) +
                  ")");
    }
  } else if (!request.attribute.empty()) {
    for (const data::Utterance* u : training)
      if (!data::attribute_value(manifest, *u, request.attribute).empty()) chosen.push_back(u);
    if (chosen.empty())
      throw Error("--forget-attribute " + request.attribute +
                  ": no training utterance carries a value");
  } else {
    if (request.random > static_cast<int64_t>(training.size())) {
      throw Error("--forget-random " + std::to_string(request.random) + " is larger than the " +
                  std::to_string(training.size()) + " training utterances");
    }
    std::vector<const data::Utterance*> shuffled = training;
    rng.shuffle(shuffled);
    chosen.assign(shuffled.begin(), shuffled.begin() + request.random);
  }
  // Manifest order, whatever order the request named them in.
  std::sort(chosen.begin(), chosen.end());
  return chosen;
}

std::vector<const data::Utterance*> remain_set(const data::Manifest& manifest,
                                               const std::vector<const data::Utterance*>& forget,
                                               const std::vector<std::string>& train_splits) {
  const std::set<const data::Utterance*> excluded(forget.begin(), forget.end());
  std::vector<const data::Utterance*> remain;
  for (const auto& u : manifest.utterances) {
    if (in_splits(u, train_splits) && excluded.count(&u) == 0) remain.push_back(&u);
  }
  return remain;
}

}  // namespace emoforget::unlearn
