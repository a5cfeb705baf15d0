#include "unlearn/variant.h"

#include <cmath>

#include "common/error.h"
#include "common/number_text.h"

namespace emoforget::unlearn {
namespace {

ImportanceMeasure parse_importance(const std::string& text) {
  if (text == "fisher") return ImportanceMeasure::kFisher;
  if (text == "mas") return ImportanceMeasure::kMas;
  throw Error("--importance: unknown measure '" + text + "' (use fisher or mas)");
}

AnchorDirection parse_anchor(const std::string& text) {
  if (text == "important") return AnchorDirection::kImportant;
  if (text == "complement") return AnchorDirection::kComplement;
  throw Error("--anchor: unknown direction '" + text + "' (use important or complement)");
}

OptimizerKind parse_optimizer(const std::string& text) {
  if (text == "adam") return OptimizerKind::kAdam;
  if (text == "sgd") return OptimizerKind::kSgd;
  throw Error("--optimizer: unknown optimiser '" + text + "' (use adam or sgd)");
}

WrongLabels parse_wrong_labels(const std::string& text) {
  if (text == "random") return WrongLabels::kRandom;
  if (text == "nearest") return WrongLabels::kNearest;
  if (text == "soft") return WrongLabels::kSoft;
  if (text == "lower") return WrongLabels::kLower;
  throw Error("--wrong-labels: unknown choice '" + text + "' (use random, nearest, soft or lower)");
}

}  // namespace

StopRule StopRule::parse(const std::string& text) {
  StopRule rule;
  if (text == "none") return rule;
  if (text == "zero") {
    rule.kind = Kind::kZero;
    return rule;
  }
  if (text == "heldout") {
    rule.kind = Kind::kHeldOut;
    return rule;
  }
  if (text == "heldout-confidence") {
    rule.kind = Kind::kHeldOutConfidence;
    return rule;
  }
  std::size_t used = 0;
  double value = -1.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || !(value >= 0.0 && value <= 1.0))
    throw Error("--until: '" + text +
                "' is not none, zero, heldout, heldout-confidence or a UAR between 0 and 1");
  rule.kind = Kind::kValue;
  rule.value = value;
  return rule;
}

std::string StopRule::text() const {
  switch (kind) {
    case Kind::kNone:
      return "none";
    case Kind::kZero:
      return "zero";
    case Kind::kHeldOut:
      return "heldout";
    case Kind::kHeldOutConfidence:
      return "heldout-confidence";
    case Kind::kValue:
      return round_trip_text(value);
  }
  return "none";
}

void VariantChoice::validate() const {
  if (importance) parse_importance(*importance);
  if (anchor) parse_anchor(*anchor);
  if (optimizer) parse_optimizer(*optimizer);
  if (momentum && !(*momentum >= 0.0 && *momentum < 1.0))
    throw Error("--momentum must be in [0, 1), got " + round_trip_text(*momentum));
  if (lambda_kl && !(*lambda_kl >= 0.0 && std::isfinite(*lambda_kl)))
    throw Error("--lambda-kl must be >= 0, got " + round_trip_text(*lambda_kl));
  if (lambda_heldout && !(*lambda_heldout >= 0.0 && std::isfinite(*lambda_heldout)))
    throw Error("--lambda-heldout must be >= 0, got " + round_trip_text(*lambda_heldout));
  if (saliency && !(*saliency > 0.0 && *saliency <= 1.0))
    throw Error("--saliency must be in (0, 1] (the share of weights updated), got " +
                round_trip_text(*saliency));
  if (lr_scale && !(*lr_scale > 0.0 && std::isfinite(*lr_scale)))
    throw Error("--lr-scale must be > 0, got " + round_trip_text(*lr_scale));
  if (wrong_labels) parse_wrong_labels(*wrong_labels);
  if (until) StopRule::parse(*until);
  if (until_every && *until_every < 0)
    throw Error("--until-every must be >= 0 (steps between checks; 0 = after each epoch), got " +
                std::to_string(*until_every));
}

nlohmann::json VariantChoice::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  if (importance) j["importance"] = *importance;
  if (anchor) j["anchor"] = *anchor;
  if (optimizer) j["optimizer"] = *optimizer;
  if (momentum) j["momentum"] = *momentum;
  if (lambda_kl) j["lambda_kl"] = *lambda_kl;
  if (lambda_heldout) j["lambda_heldout"] = *lambda_heldout;
  if (saliency) j["saliency"] = *saliency;
  if (lr_scale) j["lr_scale"] = *lr_scale;
  if (wrong_labels) j["wrong_labels"] = *wrong_labels;
  if (until) j["until"] = *until;
  if (until_every) j["until_every"] = *until_every;
  return j;
}

std::vector<std::string> VariantChoice::to_flags() const {
  std::vector<std::string> flags;
  const auto add = [&](const char* flag, const std::string& value) {
    flags.push_back(flag);
    flags.push_back(value);
  };
  if (importance) add("--importance", *importance);
  if (anchor) add("--anchor", *anchor);
  if (optimizer) add("--optimizer", *optimizer);
  if (momentum) add("--momentum", round_trip_text(*momentum));
  if (lambda_kl) add("--lambda-kl", round_trip_text(*lambda_kl));
  if (lambda_heldout) add("--lambda-heldout", round_trip_text(*lambda_heldout));
  if (saliency) add("--saliency", round_trip_text(*saliency));
  if (lr_scale) add("--lr-scale", round_trip_text(*lr_scale));
  if (wrong_labels) add("--wrong-labels", *wrong_labels);
  if (until) add("--until", *until);
  if (until_every) add("--until-every", std::to_string(*until_every));
  return flags;
}

bool Variant::is_paper() const {
  return importance == ImportanceMeasure::kFisher && anchor == AnchorDirection::kImportant &&
         optimizer == OptimizerKind::kAdam && lambda_kl == 0.0 && lambda_heldout == 0.0 &&
         saliency == 1.0 && lr_scale == 1.0 && wrong_labels == WrongLabels::kRandom &&
         until.kind == StopRule::Kind::kNone;
}

nlohmann::json Variant::to_json() const {
  nlohmann::json j = {{"importance", to_string(importance)},
                      {"anchor", to_string(anchor)},
                      {"optimizer", to_string(optimizer)},
                      {"lambda_kl", lambda_kl},
                      {"lambda_heldout", lambda_heldout},
                      {"saliency", saliency},
                      {"lr_scale", lr_scale},
                      {"wrong_labels", to_string(wrong_labels)},
                      {"until", until.text()}};
  if (optimizer == OptimizerKind::kSgd) j["momentum"] = momentum;
  if (until.kind != StopRule::Kind::kNone) j["until_every"] = until_every;
  return j;
}

Variant resolve_variant(const VariantChoice& given, const VariantChoice& method_defaults) {
  given.validate();
  method_defaults.validate();
  const auto pick = [](const auto& a, const auto& b) { return a ? a : b; };
  Variant v;
  if (const auto text = pick(given.importance, method_defaults.importance))
    v.importance = parse_importance(*text);
  if (const auto text = pick(given.anchor, method_defaults.anchor)) v.anchor = parse_anchor(*text);
  if (const auto text = pick(given.optimizer, method_defaults.optimizer))
    v.optimizer = parse_optimizer(*text);
  if (const auto value = pick(given.momentum, method_defaults.momentum)) v.momentum = *value;
  if (const auto value = pick(given.lambda_kl, method_defaults.lambda_kl)) v.lambda_kl = *value;
  if (const auto value = pick(given.lambda_heldout, method_defaults.lambda_heldout))
    v.lambda_heldout = *value;
  if (const auto value = pick(given.saliency, method_defaults.saliency)) v.saliency = *value;
  if (const auto value = pick(given.lr_scale, method_defaults.lr_scale)) v.lr_scale = *value;
  if (const auto text = pick(given.wrong_labels, method_defaults.wrong_labels))
    v.wrong_labels = parse_wrong_labels(*text);
  if (const auto text = pick(given.until, method_defaults.until)) v.until = StopRule::parse(*text);
  if (const auto value = pick(given.until_every, method_defaults.until_every))
    v.until_every = *value;
  return v;
}

std::string to_string(ImportanceMeasure measure) {
  return measure == ImportanceMeasure::kMas ? "mas" : "fisher";
}

std::string to_string(AnchorDirection direction) {
  return direction == AnchorDirection::kComplement ? "complement" : "important";
}

std::string to_string(OptimizerKind kind) {
  return kind == OptimizerKind::kSgd ? "sgd" : "adam";
}

std::string to_string(WrongLabels labels) {
  switch (labels) {
    case WrongLabels::kNearest:
      return "nearest";
    case WrongLabels::kSoft:
      return "soft";
    case WrongLabels::kLower:
      return "lower";
    case WrongLabels::kRandom:
      break;
  }
  return "random";
}

}  // namespace emoforget::unlearn
