#include "reproduce/config.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <sstream>

#include "common/error.h"
#include "model/config.h"
#include "unlearn/ewc.h"

namespace emoforget::reproduce {
namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items)
    text += (text.empty() ? "" : ", ") + item;
  return text;
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

std::string tau_method_names(const std::string& conjunction) {
  std::vector<std::string> names;
  for (const std::string& method : unlearn::table1_method_names()) {
    if (method_uses_tau(method)) names.push_back(method);
  }
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    text += (i == 0 ? "" : i + 1 == names.size() ? " " + conjunction + " " : ", ") + names[i];
  }
  return text;
}

bool method_uses_tau(const std::string& method) {
  const unlearn::MethodInfo* info = unlearn::find_method_info(method);
  return info != nullptr && info->runs_pgd;  // not for the fine-tuned model's rows
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
  if (!preset.empty() && !std::filesystem::is_regular_file(preset)) {
    const auto names = model::ModelConfig::preset_names();
    if (std::find(names.begin(), names.end(), preset) == names.end()) {
      throw Error("--preset: unknown preset '" + preset + "' (known: " + joined(names) +
                  ", or a config.json file)");
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
  auto known = unlearn::table1_method_names();
  known.push_back(unlearn::reference_method().name);  // the retrained reference row
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
  if (epochs < 0)
    throw Error("--epochs must be >= 1 (or 0 = the recipe's), got " + std::to_string(epochs));
  unlearn.validate("unlearn-");
  if (lr < 0) throw Error("--lr must be > 0 (or 0 for automatic), got " + std::to_string(lr));
  train::RunOptions::Rules rules;
  rules.auto_batch_allowed = true;
  rules.auto_length_allowed = true;
  run.validate(rules);
}

int ReproduceConfig::finetune_epochs(int64_t train_utterances) const {
  train::FinetuneConfig finetune;
  finetune.init = init;
  finetune.preset = preset;
  finetune.epochs = epochs;
  finetune.run = run;
  return finetune.resolved_epochs(train_utterances);
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

void add_unlearn_settings(const unlearn::MethodSettings& s, nlohmann::json& j) {
  j["unlearn_epochs"] = s.epochs;
  j["unlearn_lr"] = s.lr;
  j["m"] = s.pgd.m;
  j["p"] = s.pgd.p;
  j["sigma"] = s.pgd.sigma;
  j["pgd_batch"] = s.pgd.batch;
  j["lambda_mis"] = s.lambda_mis;
  j["lambda_adv"] = s.lambda_adv;
  j["lambda_ewc"] = s.lambda_ewc;
  j["fisher_norm"] = s.fisher_norm;
}

nlohmann::json ReproduceConfig::to_json() const {
  nlohmann::json j = {{"manifest", manifest.string()},
                      {"init", init.string()},
                      {"preset", preset},
                      {"out", out.string()},
                      {"n", ns},
                      {"tau", taus},
                      {"methods", methods},
                      {"settings", settings},
                      {"seeds", seeds},
                      {"epochs", epochs},
                      {"lr", lr},
                      {"keep_models", keep_models}};
  run.add_to_json(j);
  j.erase("seed");  // the grid's seeds are `seeds`
  add_unlearn_settings(unlearn, j);
  return j;
}

}  // namespace emoforget::reproduce
