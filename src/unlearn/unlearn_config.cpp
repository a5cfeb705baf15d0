#include "unlearn/unlearn_config.h"

#include "common/error.h"
#include "unlearn/ewc.h"

namespace emoforget::unlearn {

void MethodSettings::validate(const std::string& prefix) const {
  pgd.validate();
  parse_fisher_normalization(fisher_norm);
  if (lambda_mis < 0 || lambda_adv < 0 || lambda_ewc < 0) {
    throw Error("--lambda-mis, --lambda-adv and --lambda-ewc must be >= 0");
  }
  if (epochs < 1) {
    throw Error("--" + prefix + "epochs must be >= 1, got " + std::to_string(epochs));
  }
  if (!(lr >= 0))
    throw Error("--" + prefix + "lr must be > 0 (or 0 = the model's fine-tuning lr), got " +
                std::to_string(lr));
  if (retrain_epochs < 0) throw Error("--retrain-epochs must be >= 0 (0 = the model's recipe)");
  if (retrain_lr < 0) throw Error("--retrain-lr must be >= 0 (0 = the model's recipe)");
  variant.validate();
}

void MethodSettings::add_to_json(const MethodInfo& method, nlohmann::json& j) const {
  j["epochs"] = epochs;
  j["lr"] = lr;
  if (method.runs_pgd) {
    j["pgd"] = pgd.to_json();
    j["lambda_mis"] = lambda_mis;
    j["lambda_adv"] = lambda_adv;
  }
  if (method.needs_fisher) {
    j["lambda_ewc"] = lambda_ewc;
    j["fisher_norm"] = fisher_norm;
  }
  if (!method.needs_init) j["variant"] = variant_for(method).to_json();
  if (method.needs_init) {
    j["retrain_epochs"] = retrain_epochs;
    j["retrain_lr"] = retrain_lr;
  }
}

void UnlearnConfig::validate() const {
  if (model_dir.empty()) throw Error("--model is required");
  if (manifest.empty()) throw Error("--manifest is required");
  if (out.empty()) throw Error("--out is required");
  const MethodInfo& info = method_info(method);
  forget.validate();
  if (!forget.attribute.empty() && !info.forgets_attribute)
    throw Error("--forget-attribute: method " + method +
                " forgets utterances, not an attribute; use --method " + attribute_method().name);
  if (forget.attribute.empty() && info.forgets_attribute)
    throw Error("--method " + method + " forgets an attribute: name it with --forget-attribute");
  if (info.needs_init && init.empty()) {
    throw Error("--method " + method +
                " fine-tunes the initial weights on the remain set: it needs "
                "--init DIR (the checkpoint the model was fine-tuned from)");
  }
  if (train_splits.empty()) throw Error("--train-splits: at least one split is required");
  settings.validate();
  if (!info.needs_init && settings.variant_for(info).reads_held_out()) {
    for (const std::string& split : train_splits)
      if (split == until_split)
        throw Error("--until heldout / --lambda-heldout: --until-split " + until_split +
                    " is a training split of the model; name a split it was not trained on");
  }
  run.validate(train::model_clip_rules());
  if (model_dir == out)
    throw Error("--out must differ from --model: the input model is never modified");
  if (request_id.size() > 64 ||
      request_id.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != std::string::npos)
    throw Error("--request-id '" + request_id +
                "': use at most 64 letters, digits, '.', '_' or '-'");
}

nlohmann::json UnlearnConfig::to_json() const {
  const MethodInfo& info = method_info(method);
  nlohmann::json j = {{"model", model_dir.string()}, {"manifest", manifest.string()},
                      {"out", out.string()},         {"method", method},
                      {"forget", forget.to_json()},  {"train_splits", train_splits},
                      {"eval_splits", eval_splits}};
  run.add_to_json(j);
  settings.add_to_json(info, j);
  if (info.needs_init) j["init"] = init.string();
  if (!info.needs_init && settings.variant_for(info).reads_held_out())
    j["until_split"] = until_split;
  return j;
}

}  // namespace emoforget::unlearn
