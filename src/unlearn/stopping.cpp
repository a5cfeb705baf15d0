#include "unlearn/stopping.h"

#include <utility>

#include "common/error.h"
#include "train/inference.h"

namespace emoforget::unlearn {

EarlyStop::EarlyStop(const StopRule& rule, const train::LabeledAudio* held_out, std::string split)
    : rule_(rule), held_out_(held_out), split_(std::move(split)) {
  if (rule_.kind == StopRule::Kind::kHeldOut && (held_out_ == nullptr || held_out_->size() == 0))
    throw Error("--until heldout: no held-out split '" + split_ +
                "' to score (name one the model was not trained on with --until-split)");
}

bool EarlyStop::after_epoch(model::SequenceClassifier& model, const train::LabeledAudio& forget,
                            int epoch, int64_t batch, const train::DeviceConfig& device) {
  if (!active() || stopped_at_ > 0) return stopped_at_ > 0;
  Check check;
  check.epoch = epoch;
  check.forget_uar = train::evaluate(model, forget, batch, device).uar;
  switch (rule_.kind) {
    case StopRule::Kind::kZero:
      check.target = 0.0;
      break;
    case StopRule::Kind::kHeldOut:
      check.target = train::evaluate(model, *held_out_, batch, device).uar;
      break;
    case StopRule::Kind::kValue:
      check.target = rule_.value;
      break;
    case StopRule::Kind::kNone:
      break;
  }
  checks_.push_back(check);
  if (check.forget_uar <= check.target) stopped_at_ = epoch;
  return stopped_at_ > 0;
}

nlohmann::json EarlyStop::to_json() const {
  nlohmann::json checks = nlohmann::json::array();
  for (const Check& c : checks_)
    checks.push_back({{"epoch", c.epoch}, {"forget_uar", c.forget_uar}, {"target", c.target}});
  nlohmann::json j = {{"rule", rule_.text()},
                      {"checks", checks},
                      {"stopped_at_epoch",
                       stopped_at_ > 0 ? nlohmann::json(stopped_at_) : nlohmann::json(nullptr)}};
  if (rule_.kind == StopRule::Kind::kHeldOut) j["split"] = split_;
  return j;
}

}  // namespace emoforget::unlearn
