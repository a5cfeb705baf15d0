#include "unlearn/method_spec.h"

#include "common/error.h"

namespace emoforget::unlearn {
namespace {

double number(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  double value = 0.0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size()) throw Error(what + ": '" + text + "' is not a number");
  return value;
}

}  // namespace

MethodSettings MethodSpec::settings(const MethodSettings& base) const {
  MethodSettings s = base;
  const auto over = [](auto& target, const auto& value) {
    if (value) target = value;
  };
  over(s.variant.importance, variant.importance);
  over(s.variant.anchor, variant.anchor);
  over(s.variant.optimizer, variant.optimizer);
  over(s.variant.momentum, variant.momentum);
  over(s.variant.lambda_kl, variant.lambda_kl);
  over(s.variant.lambda_heldout, variant.lambda_heldout);
  over(s.variant.saliency, variant.saliency);
  over(s.variant.lr_scale, variant.lr_scale);
  over(s.variant.wrong_labels, variant.wrong_labels);
  over(s.variant.until, variant.until);
  over(s.variant.until_every, variant.until_every);
  return s;
}

MethodSpec parse_method_spec(const std::string& text, const std::string& flag) {
  MethodSpec spec;
  spec.text = text;
  const std::size_t colon = text.find(':');
  spec.name = text.substr(0, colon);
  method_info(spec.name, flag);  // throws naming the known methods
  std::size_t at = colon;
  while (at != std::string::npos) {
    const std::size_t next = text.find(':', at + 1);
    const std::string item =
        text.substr(at + 1, next == std::string::npos ? std::string::npos : next - at - 1);
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
      throw Error(flag + " " + text + ": '" + item + "' is not KEY=VALUE");
    const std::string key = item.substr(0, eq);
    const std::string value = item.substr(eq + 1);
    const std::string what = flag + " " + text + ": " + key;
    if (key == "importance") {
      spec.variant.importance = value;
    } else if (key == "anchor") {
      spec.variant.anchor = value;
    } else if (key == "optimizer") {
      spec.variant.optimizer = value;
    } else if (key == "momentum") {
      spec.variant.momentum = number(value, what);
    } else if (key == "lambda-kl") {
      spec.variant.lambda_kl = number(value, what);
    } else if (key == "lambda-heldout") {
      spec.variant.lambda_heldout = number(value, what);
    } else if (key == "saliency") {
      spec.variant.saliency = number(value, what);
    } else if (key == "lr-scale") {
      spec.variant.lr_scale = number(value, what);
    } else if (key == "wrong-labels") {
      spec.variant.wrong_labels = value;
    } else if (key == "until") {
      spec.variant.until = value;
    } else if (key == "until-every") {
      const double steps = number(value, what);
      if (!(steps >= 0 && steps <= 1e9) || steps != static_cast<double>(static_cast<int>(steps)))
        throw Error(what + ": '" + value + "' is not a whole number of steps >= 0");
      spec.variant.until_every = static_cast<int>(steps);
    } else {
      throw Error(
          flag + " " + text + ": unknown key '" + key +
          "' (importance, anchor, optimizer, momentum, lambda-kl, lambda-heldout, saliency, "
          "lr-scale, wrong-labels, until, until-every)");
    }
    at = next;
  }
  try {
    spec.variant.validate();
  } catch (const Error& e) {
    throw Error(flag + " " + text + ": " + e.what());
  }
  return spec;
}

}  // namespace emoforget::unlearn
