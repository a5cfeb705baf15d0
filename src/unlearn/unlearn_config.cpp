#include "unlearn/unlearn_config.h"

#include <algorithm>

#include "common/error.h"
#include "unlearn/ewc.h"
#include "unlearn/method.h"

namespace emoforget::unlearn {

void UnlearnConfig::validate() const {
  if (model_dir.empty()) throw Error("--model is required");
  if (manifest.empty()) throw Error("--manifest is required");
  if (out.empty()) throw Error("--out is required");
  const auto names = method_names();
  if (std::find(names.begin(), names.end(), method) == names.end()) {
    std::string known;
    for (const auto& n : names)
      known += (known.empty() ? "" : ", ") + n;
    throw Error("--method: unknown method '" + method + "' (known: " + known + ")");
  }
  forget.validate();
  if (method == "retrain" && init.empty()) {
    throw Error(
        "--method retrain fine-tunes the initial weights on the remain set: it needs "
        "--init DIR (the checkpoint the model was fine-tuned from)");
  }
  if (train_splits.empty()) throw Error("--train-splits: at least one split is required");
  pgd.validate();
  parse_fisher_normalization(fisher_norm);
  if (lambda_mis < 0 || lambda_adv < 0 || lambda_ewc < 0) {
    throw Error("--lambda-mis, --lambda-adv and --lambda-ewc must be >= 0");
  }
  if (epochs < 1) throw Error("--epochs must be >= 1, got " + std::to_string(epochs));
  if (!(lr > 0)) throw Error("--lr must be > 0, got " + std::to_string(lr));
  if (batch < 1) throw Error("--batch must be >= 1, got " + std::to_string(batch));
  if (!(max_seconds > 0))
    throw Error("--max-seconds must be > 0, got " + std::to_string(max_seconds));
  if (retrain_epochs < 0) throw Error("--retrain-epochs must be >= 0 (0 = the model's recipe)");
  if (retrain_lr < 0) throw Error("--retrain-lr must be >= 0 (0 = the model's recipe)");
  if (model_dir == out)
    throw Error("--out must differ from --model: the input model is never modified");
  device.validate();
}

nlohmann::json UnlearnConfig::to_json() const {
  nlohmann::json j = {{"model", model_dir.string()},
                      {"manifest", manifest.string()},
                      {"out", out.string()},
                      {"method", method},
                      {"forget", forget.to_json()},
                      {"train_splits", train_splits},
                      {"eval_splits", eval_splits},
                      {"epochs", epochs},
                      {"lr", lr},
                      {"batch", batch},
                      {"max_seconds", max_seconds},
                      {"seed", seed},
                      {"device", device.device},
                      {"bf16", device.bf16}};
  if (method == "adv" || method == "adv-ewc") {
    j["pgd"] = pgd.to_json();
    j["lambda_mis"] = lambda_mis;
    j["lambda_adv"] = lambda_adv;
  }
  if (method == "adv-ewc") {
    j["lambda_ewc"] = lambda_ewc;
    j["fisher_norm"] = fisher_norm;
  }
  if (method == "retrain") {
    j["init"] = init.string();
    j["retrain_epochs"] = retrain_epochs;
    j["retrain_lr"] = retrain_lr;
  }
  return j;
}

}  // namespace emoforget::unlearn
