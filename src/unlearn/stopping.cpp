#include "unlearn/stopping.h"

#include <utility>

#include "common/error.h"
#include "train/inference.h"

namespace emoforget::unlearn {
namespace {

// The mean probability the model gives each clip's true label.
double mean_true_confidence(model::SequenceClassifier& model, const train::LabeledAudio& set,
                            int64_t batch, const train::DeviceConfig& device) {
  const torch::Tensor probs = torch::softmax(train::predict_logits(model, set, batch, device), 1);
  return probs.gather(1, set.labels.to(torch::kCPU).view({-1, 1})).mean().item<double>();
}

}  // namespace

EarlyStop::EarlyStop(const StopRule& rule, int every, const train::LabeledAudio* held_out,
                     std::string split)
    : rule_(rule), every_(every), held_out_(held_out), split_(std::move(split)) {
  if (every_ < 0)
    throw Error("--until-every must be >= 0 (steps between checks; 0 = after each epoch), got " +
                std::to_string(every_));
  if (rule_.reads_held_out() && (held_out_ == nullptr || held_out_->size() == 0))
    throw Error("--until " + rule_.text() + ": no held-out split '" + split_ +
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
    case StopRule::Kind::kHeldOutConfidence:
      target_ = mean_true_confidence(model, *held_out_, batch, device);
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
  if (rule_.kind == StopRule::Kind::kHeldOutConfidence)
    check.forget_confidence = mean_true_confidence(model, forget, batch, device);
  checks_.push_back(check);
  const double measure = check.forget_confidence ? *check.forget_confidence : check.forget_uar;
  if (measure <= *target_) {
    stopped_epoch_ = epoch;
    stopped_step_ = step;
  }
  return stopped_step_ > 0;
}

nlohmann::json EarlyStop::to_json() const {
  nlohmann::json checks = nlohmann::json::array();
  for (const Check& c : checks_) {
    nlohmann::json check = {{"epoch", c.epoch}, {"step", c.step}, {"forget_uar", c.forget_uar}};
    if (c.forget_confidence) check["forget_confidence"] = *c.forget_confidence;
    checks.push_back(check);
  }
  const auto or_null = [this](auto value) {
    return stopped_step_ > 0 ? nlohmann::json(value) : nlohmann::json(nullptr);
  };
  const bool confidence = rule_.kind == StopRule::Kind::kHeldOutConfidence;
  nlohmann::json j = {{"rule", rule_.text()},
                      {"measure", confidence ? "confidence" : "uar"},
                      {"every_steps", every_},
                      {"target", target_ ? nlohmann::json(*target_) : nlohmann::json(nullptr)},
                      {"checks", checks},
                      {"stopped_at_epoch", or_null(stopped_epoch_)},
                      {"stopped_at_step", or_null(stopped_step_)}};
  if (rule_.reads_held_out()) j["split"] = split_;
  return j;
}

}  // namespace emoforget::unlearn
