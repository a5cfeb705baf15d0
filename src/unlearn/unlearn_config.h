// Configuration of `emoforget forget`: the method, the forget request and the
// paper's hyperparameters (Section 3.2) as defaults.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "train/device.h"
#include "unlearn/forget_set.h"
#include "unlearn/pgd.h"

namespace emoforget::unlearn {

constexpr int kDefaultRetrainEpochs = 20;  // the paper's fine-tuning epochs

struct UnlearnConfig {
  std::filesystem::path model_dir;  // the trained model f (theta*); never modified
  std::filesystem::path manifest;
  std::filesystem::path out;
  std::filesystem::path init;  // retrain only: the weights f was fine-tuned from
  std::string method = "adv-ewc";
  ForgetRequest forget;
  std::vector<std::string> train_splits{"train"};       // what f was trained on
  std::vector<std::string> eval_splits{"val", "test"};  // held-out splits scored before/after

  PgdConfig pgd;
  std::filesystem::path pgd_cache;  // "" = off; else reuse adversarial sets stored here
  double lambda_mis = 0.1;
  double lambda_adv = 1.0;
  double lambda_ewc = 1e3;
  std::string fisher_norm = "none";  // none (the paper's) | mean

  int epochs = 15;
  double lr = 3e-5;
  int64_t batch = 16;
  double max_seconds = 3.0;
  uint64_t seed = 0;
  train::DeviceConfig device;
  bool overwrite = false;

  // retrain repeats the original fine-tuning recipe (model_dir/report.json, see
  // retrain_recipe.h); these override it. 0 = the recipe's value, or without a
  // recipe kDefaultRetrainEpochs and fine-tuning's automatic learning rate.
  int retrain_epochs = 0;
  double retrain_lr = 0.0;

  void validate() const;
  nlohmann::json to_json() const;
};

}  // namespace emoforget::unlearn
