#include "unlearn/stopping.h"

#include <utility>

#include "common/error.h"
#include "train/inference.h"

namespace emoforget::unlearn {

EarlyStop::EarlyStop(const StopRule& rule, int every, const train::LabeledAudio* held_out,
                     std::string split)
    : rule_(rule), every_(every), held_out_(held_out), split_(std::move(split)) {
  if (every_ < 0)
    throw Error("--until-every must be >= 0 (steps between checks; 0 = after each epoch), got " +
                std::to_string(every_));
  if (rule_.kind == StopRule::Kind::kHeldOut && (held_out_ == nullptr || held_out_->size() == 0))
    throw Error("--until heldout: no held-out split '" + split_ +
                "' to score (name one the model was not trained on with --until-split)");
}

void EarlyStop::begin(model::SequenceClassifier& model, int64_t batch,
                      const train::DeviceConfig& device) {
  switch (rule_.kind) {
    case StopRule::Kind::kZero:
      target_ = 0.0;
      break;
    case StopRule::Kind::kHeldOut:
      target_ = train::evaluate(model, *held_out_, batch, device).uar;
      break;
    case StopRule::Kind::kValue:
      target_ = rule_.value;
      break;
    case StopRule::Kind::kNone:
      break;
  }
}

bool EarlyStop::after_step(model::SequenceClassifier& model, const train::LabeledAudio& forget,
                           int epoch, int64_t step, bool epoch_end, int64_t batch,
                           const train::DeviceConfig& device) {
  if (!active() || stopped_step_ > 0) return stopped_step_ > 0;
  const bool due = every_ == 0 ? epoch_end : step % every_ == 0;
  if (!due) return false;
  if (!target_) throw Error("the stopping rule was checked before its target was set");
  Check check;
  check.epoch = epoch;
  check.step = step;
  check.forget_uar = train::evaluate(model, forget, batch, device).uar;
  checks_.push_back(check);
  if (check.forget_uar <= *target_) {
    stopped_epoch_ = epoch;
    stopped_step_ = step;
  }
  return stopped_step_ > 0;
}

nlohmann::json EarlyStop::to_json() const {
  nlohmann::json checks = nlohmann::json::array();
  for (const Check& c : checks_)
    checks.push_back({{"epoch", c.epoch}, {"step", c.step}, {"forget_uar", c.forget_uar}});
  const auto or_null = [this](auto value) {
    return stopped_step_ > 0 ? nlohmann::json(value) : nlohmann::json(nullptr);
  };
  nlohmann::json j = {{"rule", rule_.text()},
                      {"every_steps", every_},
                      {"target", target_ ? nlohmann::json(*target_) : nlohmann::json(nullptr)},
                      {"checks", checks},
                      {"stopped_at_epoch", or_null(stopped_epoch_)},
                      {"stopped_at_step", or_null(stopped_step_)}};
  if (rule_.kind == StopRule::Kind::kHeldOut) j["split"] = split_;
  return j;
}

}  // namespace emoforget::unlearn
