#include "experiments/reproduce_config.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>
#include <sstream>

#include "common/error.h"
#include "model/config.h"
#include "unlearn/ewc.h"

namespace emoforget::experiments {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items)
    text += (text.empty() ? "" : ", ") + item;
  return text;
}

// Items of a comma-separated list; an empty list or an empty item is an error.
std::vector<std::string> split_items(const std::string& text, const std::string& flag) {
  std::vector<std::string> items;
  std::stringstream stream(text);
  for (std::string item; std::getline(stream, item, ',');) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.empty()) {
      throw Error(flag + ": empty item in '" + text + "' (give a comma-separated list)");
    }
    items.push_back(item);
  }
  if (items.empty()) throw Error(flag + ": the list is empty; give at least one value");
  return items;
}

template <typename T>
void require_unique(const std::vector<T>& items, const std::string& flag) {
  std::set<T> seen;
  for (const T& item : items) {
    if (!seen.insert(item).second) {
      std::ostringstream text;
      text << flag << ": " << item << " is listed twice";
      throw Error(text.str());
    }
  }
}

}  // namespace

const std::vector<Setting>& all_settings() {
  static const std::vector<Setting> settings = {
      {"train-val", {"train"}, "val", "Train"},
      {"trainval-test", {"train", "val"}, "test", "Train+Val"},
  };
  return settings;
}

const Setting& setting_named(const std::string& name) {
  for (const Setting& setting : all_settings()) {
    if (setting.name == name) return setting;
  }
  throw Error("--settings: unknown setting '" + name + "' (known: train-val, trainval-test)");
}

const std::vector<std::string>& reproduce_method_names() {
  static const std::vector<std::string> names = {"remain", "ranlab", "adv", "adv-ewc"};
  return names;
}

bool method_uses_tau(const std::string& method) {
  return method == "adv" || method == "adv-ewc";
}

std::vector<int64_t> parse_int_list(const std::string& text, const std::string& flag) {
  std::vector<int64_t> values;
  for (const std::string& item : split_items(text, flag)) {
    char* end = nullptr;
    errno = 0;
    const long long value = std::strtoll(item.c_str(), &end, 10);
    if (errno != 0 || *end != '\0') throw Error(flag + ": '" + item + "' is not an integer");
    values.push_back(value);
  }
  return values;
}

std::vector<uint64_t> parse_seed_list(const std::string& text, const std::string& flag) {
  std::vector<uint64_t> seeds;
  for (const int64_t value : parse_int_list(text, flag)) {
    if (value < 0) throw Error(flag + ": seeds must be >= 0, got " + std::to_string(value));
    seeds.push_back(static_cast<uint64_t>(value));
  }
  return seeds;
}

std::vector<double> parse_double_list(const std::string& text, const std::string& flag) {
  std::vector<double> values;
  for (const std::string& item : split_items(text, flag)) {
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(item.c_str(), &end);
    if (errno != 0 || *end != '\0') throw Error(flag + ": '" + item + "' is not a number");
    values.push_back(value);
  }
  return values;
}

std::vector<std::string> parse_name_list(const std::string& text, const std::string& flag) {
  return split_items(text, flag);
}

void ReproduceConfig::validate() const {
  if (manifest.empty()) throw Error("--manifest is required");
  if (out.empty()) throw Error("--out is required");
  if (!init.empty() && !preset.empty()) {
    throw Error("--init " + init.string() + " and --preset " + preset +
                " exclude each other: give exactly one");
  }
  if (init.empty() && preset.empty()) {
    throw Error("give exactly one of --init DIR (a Hugging Face checkpoint) or --preset NAME");
  }
  if (!preset.empty()) {
    const auto names = model::ModelConfig::preset_names();
    if (std::find(names.begin(), names.end(), preset) == names.end()) {
      throw Error("--preset: unknown preset '" + preset + "' (known: " + joined(names) + ")");
    }
  }
  if (ns.empty()) throw Error("--n: the list is empty; give at least one forget-set size");
  for (const int64_t n : ns) {
    if (n < 1) throw Error("--n: forget-set sizes must be >= 1, got " + std::to_string(n));
  }
  require_unique(ns, "--n");
  if (taus.empty()) throw Error("--tau: the list is empty; give at least one PGD radius");
  for (const double tau : taus) {
    if (!(tau > 0) || !std::isfinite(tau)) {
      throw Error("--tau: every PGD radius must be > 0, got " + std::to_string(tau));
    }
  }
  require_unique(taus, "--tau");
  if (methods.empty()) throw Error("--methods: the list is empty; give at least one method");
  const auto& known = reproduce_method_names();
  for (const auto& method : methods) {
    if (std::find(known.begin(), known.end(), method) == known.end()) {
      throw Error("--methods: unknown method '" + method + "' (known: " + joined(known) + ")");
    }
  }
  require_unique(methods, "--methods");
  if (settings.empty()) throw Error("--settings: the list is empty; give at least one setting");
  for (const auto& name : settings)
    setting_named(name);
  require_unique(settings, "--settings");
  if (seeds.empty()) throw Error("--seeds: the list is empty; give at least one seed");
  require_unique(seeds, "--seeds");

  const bool has_train_val =
      std::find(settings.begin(), settings.end(), "train-val") != settings.end();
  const bool sweeps_tau = std::any_of(methods.begin(), methods.end(), method_uses_tau);
  if (!has_train_val && sweeps_tau && taus.size() > 1) {
    throw Error(
        "--settings trainval-test alone with several --tau values: tau is chosen on the "
        "train-val setting's validation UAR (the test split is never used for selection); "
        "add train-val to --settings or give a single --tau");
  }
  if (epochs < 1) throw Error("--epochs must be >= 1, got " + std::to_string(epochs));
  if (unlearn_epochs < 1) {
    throw Error("--unlearn-epochs must be >= 1, got " + std::to_string(unlearn_epochs));
  }
  if (m < 1) throw Error("--m must be >= 1, got " + std::to_string(m));
  if (p < 1) throw Error("--p must be >= 1, got " + std::to_string(p));
  if (!(lambda_ewc >= 0)) {
    throw Error("--lambda-ewc must be >= 0, got " + std::to_string(lambda_ewc));
  }
  unlearn::parse_fisher_normalization(fisher_norm);
  if (lr < 0) throw Error("--lr must be > 0 (or 0 for automatic), got " + std::to_string(lr));
  if (!(unlearn_lr > 0)) throw Error("--unlearn-lr must be > 0, got " + std::to_string(unlearn_lr));
  if (batch < 1) throw Error("--batch must be >= 1, got " + std::to_string(batch));
  if (!(max_seconds > 0)) {
    throw Error("--max-seconds must be > 0, got " + std::to_string(max_seconds));
  }
  device.validate();
}

std::vector<Setting> ReproduceConfig::ordered_settings() const {
  std::vector<Setting> ordered;
  for (const Setting& setting : all_settings()) {
    if (std::find(settings.begin(), settings.end(), setting.name) != settings.end()) {
      ordered.push_back(setting);
    }
  }
  return ordered;
}

nlohmann::json ReproduceConfig::to_json() const {
  return {{"manifest", manifest.string()},
          {"init", init.string()},
          {"preset", preset},
          {"out", out.string()},
          {"n", ns},
          {"tau", taus},
          {"methods", methods},
          {"settings", settings},
          {"seeds", seeds},
          {"epochs", epochs},
          {"unlearn_epochs", unlearn_epochs},
          {"m", m},
          {"p", p},
          {"lambda_ewc", lambda_ewc},
          {"fisher_norm", fisher_norm},
          {"lr", lr},
          {"unlearn_lr", unlearn_lr},
          {"batch", batch},
          {"max_seconds", max_seconds},
          {"device", device.device},
          {"bf16", device.bf16},
          {"keep_models", keep_models}};
}

}  // namespace emoforget::experiments
