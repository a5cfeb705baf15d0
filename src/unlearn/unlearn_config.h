// Configuration of `emoforget forget`: the method, the forget request and the
// paper's hyperparameters (Section 3.2) as defaults.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/model_report.h"
#include "train/run_options.h"
#include "unlearn/forget_set.h"
#include "unlearn/method_info.h"
#include "unlearn/pgd.h"
#include "unlearn/variant.h"

namespace emoforget::unlearn {

constexpr int kDefaultRetrainEpochs = 20;  // the paper's fine-tuning epochs

// The hyperparameters of the unlearning methods (what `reproduce` and `demo` pass
// through to every run unchanged).
struct MethodSettings {
  PgdConfig pgd;
  double lambda_mis = 0.1;
  double lambda_adv = 1.0;
  double lambda_ewc = 1e3;
  std::string fisher_norm = "none";  // none (the paper's) | mean
  int epochs = 15;
  double lr = 0.0;  // 0 = the fine-tuning lr of the model (its report.json), as the paper
                    // does; kPretrainedLearningRate when the model records none
  // retrain repeats the original fine-tuning recipe (model_dir/report.json, see
  // retrain_recipe.h); these override it. 0 = the recipe's value, or without a
  // recipe kDefaultRetrainEpochs and fine-tuning's automatic learning rate.
  int retrain_epochs = 0;
  double retrain_lr = 0.0;
  // Departures from the paper (variant.h); unset fields take the method's defaults.
  VariantChoice variant;

  // The variant a step-wise `method` runs.
  Variant variant_for(const MethodInfo& method) const {
    return resolve_variant(variant, method.variant_defaults);
  }

  // `prefix` names the epoch and lr flags ("unlearn-": --unlearn-epochs, --unlearn-lr).
  void validate(const std::string& prefix = "") const;
  // The settings `method` uses, into a command's JSON config.
  void add_to_json(const MethodInfo& method, nlohmann::json& j) const;
};

struct UnlearnConfig {
  std::filesystem::path model_dir;  // the trained model f (theta*); never modified
  std::filesystem::path manifest;
  std::filesystem::path out;
  std::filesystem::path init;  // retrain only: the weights f was fine-tuned from
  std::string method = default_method_name();
  ForgetRequest forget;
  std::vector<std::string> train_splits{"train"};       // what f was trained on
  std::vector<std::string> eval_splits{"val", "test"};  // held-out splits scored before/after
  std::filesystem::path pgd_cache;  // "" = off; else reuse adversarial sets stored here
  std::string until_split = "val";  // the held-out split --until heldout and --lambda-heldout read
  MethodSettings settings;
  train::RunOptions run = train::model_clip_run_options();  // clip length 0 = the model's
  bool overwrite = false;
  // The request's record (lineage/request_record.h).
  std::filesystem::path key;  // "" = lineage::default_key_path(); created on first use
  std::string request_id;     // "" = derived from the forget set's hashes
  bool again = false;         // run a request the model already went through

  void validate() const;
  nlohmann::json to_json() const;
};

}  // namespace emoforget::unlearn
